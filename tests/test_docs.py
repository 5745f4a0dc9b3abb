"""The README and the docs run as written: every code block is executed, offline.

* ``python`` blocks run in one namespace per page, in order; ``bash`` blocks run with bash in
  the page's working folder (``evals/`` and ``scripts/`` are linked in, ``examples/`` copied), so
  blocks that write a file and blocks that read it chain as a reader would type them.
* The model is the recorded one: ``LLMCLAIMS_BASE_URL`` points at a loopback server answering
  each request with the response recorded for it (``tests/replay_server.py``, the evaluation's
  cassettes of the real local model), so ``extract(article)`` and ``llmclaims extract ...`` run
  the whole library on recorded answers. A request no recording answers fails the block. It
  lists the recorded model at ``GET /v1/models``, as llama.cpp does, for ``llmclaims doctor``.
* ``sql`` blocks run against the database named by a ``<!-- db: FILE -->`` line before them
  (a file an earlier block of the page wrote) and must return rows.
* A block that needs a model server, a network or a fresh machine is marked
  ``<!-- skip: REASON -->`` on the line before it; each is reported as skipped with its reason.
* A ``text`` block marked ``<!-- output -->`` is what the runnable block before it prints,
  compared exactly (trailing blanks aside).
* ``text`` and ``json`` blocks are outputs, not code; a block in any other language (or in none)
  fails unless it is marked.

The generated regions (``scripts/gen_docs.py``) must be current: an example or a figure that
drifts fails here.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from llmclaims.config import Settings

from .conftest import CASSETTES, LOCAL_MODEL
from .replay_server import Replay, replay_server

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"(?:^<!-- (?P<directive>skip|db|output)(?:: *(?P<arg>[^\n]*?))? -->\n)?"
                   r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```$", re.S | re.M)
RUN = ("python", "bash", "sql")
OUTPUT = ("text", "json")
LINKED = ("evals", "scripts")
COPIED = ("examples",)  # copied, not linked: `view` reads an article only from beside its results


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str
    directive: str | None
    arg: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text("utf-8")
    return [Block(page, text.count("\n", 0, m.start("lang")) + 1, m.group("lang"), m.group("body"),
                  m.group("directive"), m.group("arg") or "") for m in BLOCK.finditer(text)]


ALL = [b for page in PAGES for b in blocks(page)]
SKIPPED = [b for b in ALL if b.directive == "skip"]


@pytest.fixture(scope="module")
def replay() -> Iterator[Replay]:
    models = {"object": "list", "data": [{"id": LOCAL_MODEL, "object": "model"}]}  # as llama.cpp lists it
    with replay_server(sorted((CASSETTES / "eval" / "llmclaims").glob("*.yaml")),
                       routes={"/v1/models": models}) as server:
        yield server


@pytest.fixture
def workdir(tmp_path: Path, replay: Replay, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in LINKED:
        (tmp_path / name).symlink_to(ROOT / name)
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp_path / name)
    for var in [v for v in os.environ if v.startswith(("LLMCLAIMS_", "OPENAI_"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("LLMCLAIMS_BASE_URL", replay.base_url)
    monkeypatch.setenv("LLMCLAIMS_MODEL", LOCAL_MODEL)
    monkeypatch.setenv("LLMCLAIMS_STREAM", "0")  # the recordings were made without streaming
    monkeypatch.setenv("LLMCLAIMS_HOME", str(tmp_path / ".llmclaims"))
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("COLUMNS", "118")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_python(block: Block, namespace: dict[str, Any]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.body, block.where, "exec"), namespace)  # the page's own example code
    return out.getvalue()


def run_bash(block: Block, cwd: Path) -> str:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block.body], cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{block.where}: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def run_sql(block: Block, cwd: Path) -> str:
    assert block.directive == "db", f"{block.where}: an sql block needs <!-- db: FILE --> before it"
    rows = sqlite3.connect(cwd / block.arg).execute(block.body).fetchall()
    assert rows, f"{block.where}: the query returns no rows"
    return "".join(f"{row}\n" for row in rows)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip().splitlines()]


@pytest.mark.parametrize("page", [p for p in PAGES if any(b.lang in RUN and b.directive != "skip"
                                                           for b in blocks(p))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_of_the_page_runs(page: Path, workdir: Path, replay: Replay) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    unknown = replay.unknown
    printed: tuple[Block, str] | None = None
    for block in blocks(page):
        if block.directive == "output":
            assert printed is not None, f"{block.where}: an output block follows no runnable block"
            assert _lines(printed[1]) == _lines(block.body), f"{printed[0].where} printed other output"
        if block.directive == "skip" or block.lang not in RUN:
            continue
        if block.lang == "python":
            printed = block, run_python(block, namespace)
        elif block.lang == "bash":
            printed = block, run_bash(block, workdir)
        else:
            printed = block, run_sql(block, workdir)
    assert replay.unknown == unknown, f"{page.name}: {replay.unknown - unknown} request(s) had no recording"


@pytest.mark.parametrize("block", SKIPPED, ids=lambda b: b.where)
def test_marked_blocks_are_skipped_with_a_reason(block: Block) -> None:
    assert block.arg.strip(), f"{block.where}: a skip needs a reason"
    pytest.skip(f"{block.where}: {block.arg}")


def test_every_block_is_code_that_runs_an_output_or_marked() -> None:
    unknown = [f"{b.where} ({b.lang or 'no language'})" for b in ALL
               if b.lang not in RUN + OUTPUT and b.directive != "skip"]
    assert not unknown, f"blocks that would not run: {unknown}; give a language or mark <!-- skip: why -->"


def test_the_runner_finds_the_blocks_it_must_run() -> None:
    readme = blocks(ROOT / "README.md")
    assert [b.lang for b in readme if b.directive == "skip"][:2] == ["bash", "bash"]  # the two first commands
    assert "pytest -q" in readme[1].body and "extract examples/" in readme[0].body
    assert any(b.lang == "python" and "extract(article)" in b.body and b.directive is None for b in readme)


def test_generated_regions_are_current() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_docs import stale

    out = [str(p.relative_to(ROOT)) for p in stale()]
    assert not out, f"generated regions out of date in {out}: run python scripts/gen_docs.py"


def test_every_setting_and_environment_variable_is_documented() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    source = (ROOT / "llmclaims" / "config.py").read_text("utf-8")
    names = [f.removeprefix("_") for f in Settings.__dataclass_fields__ if f != "sources"]
    env = sorted(set(re.findall(r'"((?:LLMCLAIMS|OPENAI)_[A-Z_]+)"', source)))
    assert env and names
    assert [n for n in names if f"`{n}`" not in page] == []
    assert [e for e in env if f"`{e}`" not in page] == []


def test_the_readme_is_a_front_door() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    assert len(text.splitlines()) <= 200
    assert not re.search(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b", text), "no commit hashes in the README"
    assert not re.search(r"(?i)\bissue #?\d+", text), "no issue numbers in the README"
