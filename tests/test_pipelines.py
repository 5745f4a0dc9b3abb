"""The documented pipelines of commands, run end to end as written (extract -> view, extract ->
export -> an SQL query), against a loopback server that answers with the responses the real
model gave (``tests/replay_server.py``): what one command writes, the next one reads.

The commands here are the ones the README and the docs show; keep them in step."""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from llmclaims.cli import app

from .conftest import FAKE_KEY, LOCAL_MODEL
from .replay_server import Replay, replay_server

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/nk-artillery-rocket-launchers-russia.txt"
CORPUS = {"nk-artillery.txt": ROOT / EXAMPLE,
          "himars.txt": ROOT / "evals" / "articles" / "020_wh_biden-himars-package.txt"}
CASSETTES = [ROOT / "tests" / "cassettes" / "eval" / "llmclaims" / f"{n}.yaml" for n in ("seed", "020")]

# claims of the reference article relayed by an actor, as the docs query them
RELAYED = """
SELECT c.article_id, src.name AS source, relay.name AS relayed_by, c.cue, c.certainty
FROM claims c
JOIN actors src ON src.article_id = c.article_id AND src.id = c.claimant
JOIN claim_via v ON v.article_id = c.article_id AND v.claim_id = c.id
JOIN actors relay ON relay.article_id = v.article_id AND relay.id = v.actor_id
WHERE c.grounded
ORDER BY c.article_id, c.id, v.position;
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Replay]:
    with replay_server(CASSETTES) as replay:
        yield replay


@pytest.fixture
def shell(server: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working directory with examples/ and corpus/ (two articles), the endpoint set in the
    environment as a user would set it once."""
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / EXAMPLE, tmp_path / EXAMPLE)
    (tmp_path / "corpus").mkdir()
    for name, src in CORPUS.items():
        shutil.copy(src, tmp_path / "corpus" / name)
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    env = {"LLMCLAIMS_BASE_URL": server.base_url, "LLMCLAIMS_MODEL": LOCAL_MODEL,
           "LLMCLAIMS_API_KEY": FAKE_KEY, "LLMCLAIMS_HOME": str(tmp_path / "home")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def run(*commands: str) -> list[Result]:
    """Each command as typed (``llmclaims ...``); stops at the first that fails."""
    results = []
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "llmclaims"
        res = CliRunner().invoke(app, argv[1:])
        assert res.exit_code == 0, f"{command}\n{res.output}"
        results.append(res)
    return results


def relayed(db: Path) -> set[tuple[str, str, str]]:
    return {(r[0], r[1], r[2]) for r in sqlite3.connect(db).execute(RELAYED)}


def nis_relayed_by_lee(db: Path) -> bool:
    """The reference article's NIS finding, relayed by the lawmaker Lee."""
    return any(a == "corpus/nk-artillery.txt" and src.endswith("National Intelligence Service")
               and via == "Lee Seong-kweun" for a, src, via in relayed(db))


def test_extract_to_a_json_file_then_view_it(shell: Path) -> None:
    run(f"llmclaims extract {EXAMPLE} --format json --out results.json",
        "llmclaims view results.json --out page.html")
    assert (shell / "results.json").is_file()  # a file, not a directory
    page = (shell / "page.html").read_text("utf-8")
    assert f"<strong>{EXAMPLE}</strong>" in page
    assert "Lee Seong-kweun" in page and "National Intelligence Service" in page
    assert 'data-items="' in page  # the evidence is marked in place


def test_corpus_run_then_export_then_query(shell: Path) -> None:
    run("llmclaims extract corpus/ --out results.jsonl --concurrency 8",
        "llmclaims export results.jsonl --out run.sqlite")
    assert nis_relayed_by_lee(shell / "run.sqlite")
    ids = [r[0] for r in sqlite3.connect(shell / "run.sqlite").execute(
        "SELECT article_id FROM articles ORDER BY article_id")]
    assert ids == ["corpus/himars.txt", "corpus/nk-artillery.txt"]


def test_extract_to_sqlite_then_query(shell: Path) -> None:
    run("llmclaims extract corpus/ --format sqlite --out out/")
    assert nis_relayed_by_lee(shell / "out" / "extractions.sqlite")
    run("llmclaims extract corpus/ --format sqlite --out run.sqlite")  # a file named *.sqlite
    assert relayed(shell / "run.sqlite") == relayed(shell / "out" / "extractions.sqlite")


def test_corpus_results_then_a_site(shell: Path) -> None:
    run("llmclaims extract corpus/ --out results.jsonl",
        "llmclaims view results.jsonl --out site/")
    index = (shell / "site" / "index.html").read_text("utf-8")
    assert ">corpus/himars.txt</a>" in index and ">corpus/nk-artillery.txt</a>" in index
    assert "HIMARS" in (shell / "site" / "0001-himars.html").read_text("utf-8")


def test_a_folder_of_json_results_is_viewed_whole(shell: Path) -> None:
    run("llmclaims extract corpus/ --format json --out out/",
        "llmclaims view out/ --out site/")
    pages = sorted(p.name for p in (shell / "site").iterdir())
    assert pages == ["0001-himars.html", "0002-nk-artillery.html", "index.html"]


def test_extract_html_pages_directly(shell: Path) -> None:
    run("llmclaims extract corpus/ --format html --out site/")
    page = (shell / "site" / "0002-nk-artillery.html").read_text("utf-8")
    assert "<strong>corpus/nk-artillery.txt</strong>" in page and "Lee Seong-kweun" in page


def test_view_reads_a_bare_extraction_given_its_article(shell: Path) -> None:
    run(f"llmclaims extract {EXAMPLE} --format json --out results.json")
    doc = json.loads((shell / "results.json").read_text("utf-8"))
    (row,) = doc["articles"]
    assert (row["id"], row["source"], doc["failures"]) == (EXAMPLE, EXAMPLE, [])
    (shell / "one.json").write_text(json.dumps(row["extraction"]), encoding="utf-8")  # as model_dump_json()
    res = CliRunner().invoke(app, ["view", "one.json", "--out", "page.html"])
    assert res.exit_code == 2 and "--article" in res.stderr  # no source recorded: say how
    run(f"llmclaims view one.json --out page.html --article {EXAMPLE}")
    assert "<title>one</title>" in (shell / "page.html").read_text("utf-8")
    lines = [json.dumps(row["extraction"]), json.dumps({"id": "x", "source": "x", "error": "failed"})]
    (shell / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("llmclaims export lines.jsonl --out lines.sqlite")
    ids = [r[0] for r in sqlite3.connect(shell / "lines.sqlite").execute("SELECT article_id FROM articles")]
    assert ids == ["lines:1"]  # the failed article's row is left out


def test_out_naming_a_file_of_another_format_is_a_usage_error(shell: Path) -> None:
    res = CliRunner().invoke(app, ["extract", EXAMPLE, "--format", "table", "--out", "results.json"])
    assert res.exit_code == 2 and "--format json" in res.stderr
    assert not (shell / "results.json").exists()


def test_one_article_to_one_page(shell: Path) -> None:
    run(f"llmclaims extract {EXAMPLE} --format html --out page.html")
    assert f"<strong>{EXAMPLE}</strong>" in (shell / "page.html").read_text("utf-8")
    res = CliRunner().invoke(app, ["extract", "corpus/", "--format", "html", "--out", "all.html"])
    assert res.exit_code == 2 and "2 articles need a directory" in res.stderr
    assert not (shell / "all.html").exists()
