"""Fault classes of settings and of the view/export inputs (issue 21).

Settings are refused at the edge (config.py), the same through the library, the CLI and
environment variables: the error is a ConfigError that names the setting and never shows a
value that looks like a key. ``view`` and ``export`` end every bad input with a clear message
and exit 2 (the input) or 1 (a file that cannot be written), never a traceback. Results are
made by a loopback server playing a model (tests/adversary.py) on invented articles.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from llmclaims import ConfigError, Extraction, OutputError, UsageError, extract
from llmclaims.cli import app
from llmclaims.config import Settings

from .adversary import actor, adversary, claim, completion
from .fakeserver import loopback, send_json

SETTINGS = "settings: invalid values"
VIEW = "view/export: bad inputs"
KEY = "sk-live-4f9Qz7Lm2Xc8Vb1Nd6Ka3Ws5"  # a key pasted where a number belongs
ARTICLE = ("The harbour authority in Valletta said on Tuesday that two patrol boats had been "
           "handed to the coast guard.\n\nA spokesperson added that crews would begin training "
           "next month.\n")
DRAFT = {"actors": [actor("harbour authority", "government_body")], "weapons": [],
         "claims": [claim("two patrol boats had been handed to the coast guard",
                          "two patrol boats had been handed to the coast guard",
                          claimant="harbour authority")]}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLMCLAIMS_BASE_URL", "LLMCLAIMS_API_KEY",
                "LLMCLAIMS_MODEL", "LLMCLAIMS_TIMEOUT", "LLMCLAIMS_MAX_CALLS"):
        monkeypatch.delenv(var, raising=False)
    return CliRunner()


# -- settings ------------------------------------------------------------------------------
BAD = [
    ("timeout", "nan"), ("timeout", "inf"), ("timeout", "-1"), ("timeout", "0"),
    ("timeout", float("nan")), ("temperature", float("inf")), ("temperature", "-0.5"),
    ("max_calls", KEY), ("max_tokens", KEY), ("transport_retries", KEY), ("max_calls", "1.5"),
    ("max_calls", True), ("base_url", "http://127.0.0.1:99999/v1"),
    ("base_url", "http://127.0.0.1:0/v1"), ("base_url", "http://127.0.0.1:port/v1"),
    ("base_url", "127.0.0.1:8080/v1"), ("base_url", "http://127.0.0.1:8080/v1\nX-Evil: 1"),
    ("mode", KEY),
]


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("name", "value"), BAD)
def test_the_library_refuses_a_bad_value_naming_the_setting(name: str, value: object) -> None:
    with pytest.raises(ConfigError) as info:
        extract(ARTICLE, **{"base_url": "http://127.0.0.1:9/v1", "api_key": "sk-fake-test-key",
                            name: value})
    assert f"'{name}'" in str(info.value) and "argument" in str(info.value)
    assert KEY not in str(info.value) and KEY[3:12] not in str(info.value)


ENV = [("LLMCLAIMS_TIMEOUT", "timeout", "nan"), ("LLMCLAIMS_TIMEOUT", "timeout", "0"),
       ("LLMCLAIMS_MAX_CALLS", "max_calls", KEY), ("LLMCLAIMS_RETRIES", "transport_retries", KEY),
       ("LLMCLAIMS_BASE_URL", "base_url", "http://127.0.0.1:99999/v1")]


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("var", "name", "value"), ENV)
def test_an_environment_variable_is_refused_naming_it(var: str, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.resolve(env={var: value})
    assert f"'{name}'" in str(info.value) and var in str(info.value)
    assert KEY not in str(info.value)


@pytest.mark.fault_class(SETTINGS)
def test_white_space_around_a_url_or_key_is_trimmed_and_a_broken_key_not_shown() -> None:
    s = Settings.resolve(env={"LLMCLAIMS_BASE_URL": " http://127.0.0.1:8080/v1/\n",
                              "LLMCLAIMS_API_KEY": f"{KEY}\n"})
    assert (s.base_url, s.api_key, s.endpoint_host) == ("http://127.0.0.1:8080/v1", KEY, "127.0.0.1:8080")
    for broken in (f"{KEY[:10]}\n{KEY[10:]}", f"{KEY} extra", "sk-caf\u00e9-0123456789", "  "):
        with pytest.raises(ConfigError, match="API key from argument") as info:
            Settings.resolve(env={}, base_url="http://127.0.0.1:8080/v1", api_key=broken)
        assert KEY[:10] not in str(info.value) and "caf" not in str(info.value)
    assert Settings.resolve(env={}, temperature="0").temperature == 0.0  # 0 is a temperature


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("option", "value", "name"), [
    ("--timeout", "nan", "timeout"), ("--timeout", "inf", "timeout"), ("--timeout", "0", "timeout"),
    ("--max-calls", KEY, "max_calls"), ("--max-tokens", KEY, "max_tokens"),
    ("--retries", KEY, "transport_retries"), ("--base-url", "http://127.0.0.1:99999/v1", "base_url"),
])
def test_the_cli_refuses_a_bad_value_with_exit_2(runner: CliRunner, tmp_path: Path, option: str,
                                                 value: str, name: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(article), "--base-url", "http://127.0.0.1:9/v1",
                              "--model", "m", option, value])
    assert res.exit_code == 2, res.output
    assert f"'{name}'" in res.stderr and "Traceback" not in res.output
    assert KEY not in res.output


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("var", "value", "name"), [
    ("LLMCLAIMS_BASE_URL", "http://127.0.0.1:99999/v1", "base_url"),
    ("LLMCLAIMS_MAX_CALLS", KEY, "max_calls"), ("LLMCLAIMS_TIMEOUT", "inf", "timeout")])
def test_doctor_reports_a_bad_value_without_traceback(runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                                      var: str, value: str, name: str) -> None:
    monkeypatch.setenv(var, value)
    res = runner.invoke(app, ["doctor"])
    assert res.exit_code == 2 and f"'{name}'" in res.stderr and var in res.stderr
    assert KEY not in res.output and "Traceback" not in res.output


@pytest.mark.fault_class(SETTINGS)
def test_doctor_shows_a_trimmed_url(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLMCLAIMS_BASE_URL", "http://127.0.0.1:11434/v1\n")
    res = runner.invoke(app, ["doctor"])  # nothing listens there: doctor says so, exit 1
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)  # no traceback
    assert "127.0.0.1:11434" in res.stdout and "\\n" not in res.stdout


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("meta", "field"), [
    ({"url": 5}, "url"), ({"title": ["a"]}, "title"), ({"colour": "red"}, "colour"),
    ("Valletta, Tuesday", "meta"), ({"published": {"day": KEY}}, "published")])
def test_bad_meta_is_a_usage_error_before_any_request(meta: Any, field: str) -> None:
    with adversary(lambda req: DRAFT) as server:
        with pytest.raises(UsageError) as info:
            extract(ARTICLE, base_url=server.base_url, api_key="k", model="m", meta=meta)
        assert server.requests == []
    assert field in str(info.value) and KEY not in str(info.value)
    assert "pydantic" not in str(info.value)


# -- max_calls: every request counts ---------------------------------------------------------
UNUSABLE = "I am sorry, I cannot summarise this article."


class Counting:
    """A model that answers free text with nothing usable and, asked again with the schema as
    the grammar, with a draft whose second claim's quote is not in the article (so a repair is
    asked); a repair request gets nothing usable."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def post(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        request = json.loads(body)
        grammar = "response_format" in request
        repair = request["messages"][0]["content"].startswith("You copy exact quotes")
        self.requests.append(("repair " if repair else "") + ("grammar" if grammar else "text"))
        draft = {**DRAFT, "claims": [*DRAFT["claims"], claim(
            "a frigate was sunk by a torpedo", "the frigate Aurora was sunk by a torpedo off Gozo")]}
        envelope = json.loads(completion({"fixes": []} if repair else draft))
        if not grammar:
            envelope["choices"][0]["message"]["content"] = UNUSABLE
        send_json(handler, 200, json.dumps(envelope).encode())


@pytest.fixture
def counting() -> Iterator[tuple[Counting, str]]:
    model = Counting()
    with loopback(model.post) as port:
        yield model, f"http://127.0.0.1:{port}/v1"


@pytest.mark.fault_class(SETTINGS)
@pytest.mark.parametrize(("budget", "asked"), [
    (1, ["text"]), (2, ["text", "grammar"]), (3, ["text", "grammar", "repair text"]),
    (4, ["text", "grammar", "repair text", "repair grammar"])])
def test_max_calls_bounds_every_request_re_asks_and_repairs_included(
        counting: tuple[Counting, str], budget: int, asked: list[str]) -> None:
    model, url = counting
    try:
        result: Extraction | None = extract(ARTICLE, base_url=url, api_key="k", model="m",
                                            max_calls=budget, transport_retries=0)
    except OutputError:
        result = None
    assert model.requests == asked  # never more requests than max_calls
    if budget >= 2:  # the draft was read; a failed repair never costs it
        assert result is not None and result.provenance.usage.calls == budget
        assert "two patrol boats had been handed to the coast guard" in {
            c.statement for c in result.claims if c.grounded}
    else:
        assert result is None


@pytest.mark.fault_class(SETTINGS)
def test_max_calls_bounds_the_async_twin_too(counting: tuple[Counting, str]) -> None:
    import asyncio

    from llmclaims import aextract

    model, url = counting
    result = asyncio.run(aextract(ARTICLE, base_url=url, api_key="k", model="m", max_calls=3,
                                  transport_retries=0))
    assert model.requests == ["text", "grammar", "repair text"]
    assert result.provenance.usage.calls == 3 and result.provenance.repairs == 0


# -- view / export ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def result() -> Extraction:
    with adversary(lambda req: DRAFT) as server:
        return extract(ARTICLE, base_url=server.base_url, api_key="k", model="m", repair=False)


def write_results(path: Path, rows: list[Any], tail: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + tail,
                    encoding="utf-8")
    return path


def row(result: Extraction, ident: str = "a1", source: str = "a.txt") -> dict[str, Any]:
    return {"id": ident, "source": source, "extraction": result.model_dump(mode="json")}


def no_traceback(res: Any, code: int) -> None:
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception


@pytest.mark.fault_class(VIEW)
@pytest.mark.parametrize("command", ["export", "view"])
@pytest.mark.parametrize(("bad", "line", "reason"), [
    ("{not json", 2, "not JSON"), ('["a", "list"]', 2, "not a JSON object"),
    ('{"id": "a2", "extraction": {"actors": 5}}', 2, "actors"),
])
def test_a_bad_row_is_refused_naming_its_line(runner: CliRunner, tmp_path: Path, result: Extraction,
                                              command: str, bad: str, line: int, reason: str) -> None:
    results = write_results(tmp_path / "r.jsonl", [row(result), bad, row(result, "a3")])
    out = tmp_path / ("out.sqlite" if command == "export" else "site")
    res = runner.invoke(app, [command, str(results), "--out", str(out)])
    no_traceback(res, 2)
    assert f"r.jsonl:{line}" in res.stderr and reason in res.stderr
    assert not out.exists()


@pytest.mark.fault_class(VIEW)
def test_a_cut_last_line_is_left_out_and_a_repeated_id_keeps_its_later_result(
        runner: CliRunner, tmp_path: Path, result: Extraction) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    results = write_results(tmp_path / "r.jsonl", [row(result), row(result), '{"id": "a2", "extr'], tail="")
    res = runner.invoke(app, ["export", str(results), "--out", str(tmp_path / "out.sqlite")])
    no_traceback(res, 0)
    assert "r.jsonl:3" in res.stderr and "r.jsonl:2" in res.stderr  # both noted
    ids = sqlite3.connect(tmp_path / "out.sqlite").execute("SELECT article_id FROM articles").fetchall()
    assert ids == [("a1",)]
    res = runner.invoke(app, ["view", str(results), "--out", str(tmp_path / "page.html")])
    no_traceback(res, 0)
    assert "two patrol boats" in (tmp_path / "page.html").read_text("utf-8")


@pytest.mark.fault_class(VIEW)
def test_one_id_for_two_articles_is_refused(runner: CliRunner, tmp_path: Path, result: Extraction) -> None:
    other = result.model_copy(update={"text_sha256": "0" * 64})
    results = write_results(tmp_path / "r.jsonl", [row(result), row(other)])
    res = runner.invoke(app, ["export", str(results), "--out", str(tmp_path / "out.sqlite")])
    no_traceback(res, 2)
    assert "r.jsonl:2" in res.stderr and "'a1'" in res.stderr


@pytest.mark.fault_class(VIEW)
def test_folders_named_like_files_and_files_like_folders(runner: CliRunner, tmp_path: Path,
                                                         result: Extraction) -> None:
    results = write_results(tmp_path / "r.jsonl", [row(result)])
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "db.sqlite").mkdir()
    (tmp_path / "page.html").mkdir()
    (tmp_path / "site").write_text("a file", encoding="utf-8")
    (tmp_path / "dir.jsonl").mkdir()
    cases = [(["export", str(results), "--out", str(tmp_path / "db.sqlite")], "is a folder"),
             (["view", str(results), "--out", str(tmp_path / "page.html")], "is a folder"),
             (["view", str(results), "--out", str(tmp_path / "site")], "is a file"),
             # a folder is read as a folder of results files: this one holds none
             (["export", str(tmp_path / "dir.jsonl"), "--out", str(tmp_path / "x.sqlite")], "no results file in"),
             (["view", str(tmp_path / "dir.jsonl"), "--out", str(tmp_path / "p.html")], "no results file in"),
             (["export", str(results), "--out", str(results)], "results file itself")]
    for args, reason in cases:
        res = runner.invoke(app, args)
        no_traceback(res, 2)
        assert reason in res.stderr, args
    assert json.loads(results.read_text("utf-8"))["id"] == "a1"  # never replaced by a database


@pytest.mark.fault_class(VIEW)
def test_unwritable_outputs_exit_1_with_the_reason(runner: CliRunner, tmp_path: Path,
                                                   result: Extraction) -> None:
    results = write_results(tmp_path / "r.jsonl", [row(result)])
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    # a file where an output folder should be: the caller's mistake (exit 2), said by name
    for args, status in ((["export", str(results), "--out", str(blocker / "db.sqlite")], 2),
                         (["view", str(results), "--out", str(blocker / "page.html")], 2),
                         (["view", str(results), "--out", str(blocker / "site")], 2)):
        res = runner.invoke(app, args)
        no_traceback(res, status)
        assert "plain-file" in res.stderr


@pytest.mark.fault_class(VIEW)
def test_mis_encoded_inputs_are_refused(runner: CliRunner, tmp_path: Path, result: Extraction) -> None:
    latin = tmp_path / "r.jsonl"
    latin.write_bytes(json.dumps(row(result)).encode("utf-8") + b"\n\xe9t\xe9\n")
    res = runner.invoke(app, ["export", str(latin), "--out", str(tmp_path / "x.sqlite")])
    no_traceback(res, 2)
    assert "not UTF-8" in res.stderr
    good = write_results(tmp_path / "run" / "r.jsonl", [row(result, source="elsewhere.txt")])
    article = tmp_path / "latin.txt"
    article.write_bytes(ARTICLE.replace("harbour", "h\u00e2rbour").encode("latin-1"))
    res = runner.invoke(app, ["view", str(good), "--out", str(tmp_path / "p.html"), "--article", str(article)])
    no_traceback(res, 2)
    assert "latin.txt" in res.stderr and "not UTF-8" in res.stderr


@pytest.mark.fault_class(VIEW)
def test_view_reads_sources_only_beside_the_results(runner: CliRunner, tmp_path: Path,
                                                    result: Extraction) -> None:
    """A received results file naming a path outside its folder (absolute, or with ..) is not
    followed, even when that file holds the right text; beside the results, or with --article,
    the page is written."""
    outside = tmp_path / "outside" / "a.txt"
    outside.parent.mkdir()
    outside.write_text(ARTICLE, encoding="utf-8")
    run = tmp_path / "run"
    for source in (str(outside), "../outside/a.txt"):
        results = write_results(run / "r.jsonl", [row(result, source=source)])
        res = runner.invoke(app, ["view", str(results), "--out", str(tmp_path / "p.html")])
        no_traceback(res, 2)
        assert "--article" in res.stderr and not (tmp_path / "p.html").exists()
        res = runner.invoke(app, ["view", str(results), "--out", str(tmp_path / "p.html"),
                                  "--article", str(outside.parent)])
        no_traceback(res, 0)
        (tmp_path / "p.html").unlink()
    (run / "a.txt").symlink_to(outside)  # a link out of the folder is not followed either
    res = runner.invoke(app, ["view", str(write_results(run / "r.jsonl", [row(result)])),
                              "--out", str(tmp_path / "p.html")])
    no_traceback(res, 2)
    (run / "a.txt").unlink()
    (run / "in").mkdir()
    (run / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["view", str(write_results(run / "r.jsonl", [row(result, source="in/a.txt")])),
                              "--out", str(tmp_path / "p.html")])
    no_traceback(res, 0)
    assert "Valletta" in (tmp_path / "p.html").read_text("utf-8")


@pytest.mark.fault_class(VIEW)
def test_view_refuses_a_result_whose_spans_do_not_slice_back(runner: CliRunner, tmp_path: Path,
                                                             result: Extraction) -> None:
    forged = row(result)
    evidence = forged["extraction"]["claims"][0]["evidence"][0]
    evidence["text"] = "two nuclear submarines had been handed to the coast guard"
    results = write_results(tmp_path / "r.jsonl", [forged])
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["view", str(results), "--out", str(tmp_path / "p.html")])
    no_traceback(res, 2)
    assert "slice back" in res.stderr and not (tmp_path / "p.html").exists()


@pytest.mark.fault_class(VIEW)
@pytest.mark.parametrize(("content", "reason"), [
    (b"[thresholds\nclaim = 0.5\n", "not a readable TOML"), (b"\xff\xfe = 1\n", "not a readable TOML"),
    (b"replay = 5\n", "[replay] must be a table")])
def test_eval_config_that_is_not_toml_exits_2(runner: CliRunner, tmp_path: Path, content: bytes,
                                              reason: str) -> None:
    config = tmp_path / "eval.toml"
    config.write_bytes(content)
    res = runner.invoke(app, ["eval", "--config", str(config), "--out", str(tmp_path / "report")])
    no_traceback(res, 2)
    assert reason in res.stderr and str(config) in res.stderr.replace("\n", "")
    assert not (tmp_path / "report").exists()
