"""Bounded work and error hygiene, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import llmclaims
from llmclaims import BudgetExceeded, ExtractionError, InputError, extract, read_article
from llmclaims.cli import app
from llmclaims.errors import ResponseTooLarge, scrub
from llmclaims.text.chunks import split_regions

from .adversary import adversary, claim
from .fakeserver import loopback
from .trust_cases import ACTORS

KEY = "sk-live-0123456789abcdefghijKLMN"


@contextmanager
def echo_server(status: int) -> Iterator[str]:
    """Answers every request with its own headers and body (a misconfigured proxy)."""

    def post(handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        echo = {"headers": dict(handler.headers), "body": raw.decode()[:500]}
        if status == 200:
            data: dict[str, Any] = {
                "id": "x", "object": "chat.completion", "created": 0, "model": "m",
                "choices": [{"index": 0, "finish_reason": "stop", "message": {
                    "role": "assistant", "content": json.dumps(echo)}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        else:
            data = {"error": {"message": json.dumps(echo)}}
        out = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("Authorization", handler.headers.get("Authorization", ""))
        handler.send_header("content-length", str(len(out)))
        handler.end_headers()
        handler.wfile.write(out)

    with loopback(post) as port:
        yield f"http://127.0.0.1:{port}/v1"


TEXT = "Sweden delivered 10 Archer howitzers to Ukraine in May, the ministry said.\n"


@pytest.mark.parametrize("status", [200, 400, 500])
def test_an_echoed_key_never_reaches_an_error_or_a_log(status: int, caplog: pytest.LogCaptureFixture
                                                       ) -> None:
    """The library's errors and its own log lines (the SDKs' DEBUG lines are theirs: the CLI
    redacts those, see the next test)."""
    caplog.set_level(logging.DEBUG, logger="llmclaims")
    with echo_server(status) as url, pytest.raises(ExtractionError) as info:
        extract(TEXT, base_url=url, api_key=KEY, model="m", transport_retries=1, repair=False)
    assert KEY[8:] not in str(info.value)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("llmclaims")]
    assert not any(KEY[8:] in line for line in ours)  # llmclaims logs the retries of a 500
    assert "Total attempts" not in str(info.value)


def test_an_echoed_key_never_reaches_the_cli_output(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    with echo_server(400) as url:
        result = CliRunner().invoke(app, ["extract", str(article), "--base-url", url, "-v",
                                          "--retries", "0"], env={"LLMCLAIMS_API_KEY": KEY})
    assert result.exit_code == 1
    assert KEY not in result.output and "[redacted]" in result.output


def test_scrub_redacts_credentials_and_truncates() -> None:
    text = 'Authorization: Bearer abc.def-123 and {"api_key": "hunter2hunter2"} sk-abcdefghijklmnop'
    out = scrub(text + " x" * 500)
    assert "abc.def-123" not in out and "hunter2" not in out and "sk-abcdefghij" not in out
    assert len(out) <= 300


@contextmanager
def huge_server(total: int, *, announce: bool) -> Iterator[tuple[str, list[int]]]:
    """Streams ``total`` bytes of a JSON-looking body in 1 MB pieces, never holding it whole."""
    sent: list[int] = [0]

    def post(handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "application/json")
        if announce:
            handler.send_header("content-length", str(total))
        handler.end_headers()
        piece = b" " * 1_000_000
        try:
            while sent[0] < total:
                handler.wfile.write(piece)
                sent[0] += len(piece)
        except OSError:
            pass

    with loopback(post) as port:
        yield f"http://127.0.0.1:{port}/v1", sent


@pytest.mark.parametrize("announce", [True, False])
def test_a_200_mb_response_is_cut_off(announce: bool) -> None:
    with huge_server(200_000_000, announce=announce) as (url, sent), \
            pytest.raises(ResponseTooLarge, match="max_response_bytes"):
        extract(TEXT, base_url=url, api_key="k", model="m", transport_retries=2, repair=False,
                max_response_bytes=2_000_000)
    assert sent[0] < 200_000_000  # the rest was never read


def test_a_long_single_line_is_chunked_by_sentences() -> None:
    sentence = "Officials in Kyiv said the convoy with 12 trucks reached the front on Tuesday. "
    text = sentence * 800  # about 63,000 characters, no line break
    chunk = 7_000
    with adversary(lambda req: {"actors": ACTORS[:3], "weapons": [], "claims": [
            claim(sentence.strip(), sentence.strip())] * max(1, _floor(req))}) as server:
        result = extract(text, base_url=server.base_url, api_key="k", model="m", repair=False,
                         chunk_chars=chunk)
    users = [m["content"] for r in server.requests for m in r["messages"] if m["role"] == "user"]
    assert len(users) == len(split_regions(((0, len(text.rstrip())),), chunk, text)) >= 9
    articles = [u.count(sentence.strip()) for u in users]
    assert all(0 < n * len(sentence) <= chunk + len(sentence) for n in articles)
    assert result.provenance.usage.calls == len(users)


def _floor(request: dict[str, Any]) -> int:
    from .adversary import floor

    return floor(request)


def test_a_2m_character_line_is_refused_before_any_request() -> None:
    text = ("North Korea shipped shells to Russia, officials said. " * 40_000)[:1_950_000]
    with adversary(lambda req: {}) as server, pytest.raises(BudgetExceeded, match=r"needs 2\d\d calls"):
        extract(text, base_url=server.base_url, api_key="k", model="m")
    assert server.requests == []


def test_max_tokens_never_exceeds_what_is_left_of_the_budget() -> None:
    with adversary(lambda req: {"actors": ACTORS[:3], "weapons": [], "claims": [
            claim(TEXT.strip(), TEXT.strip())] * _floor(req)}) as server:
        extract(TEXT, base_url=server.base_url, api_key="k", model="m", max_tokens=1_200,
                repair=False)
    assert server.requests[0]["max_tokens"] == 1_200


def test_split_regions_keeps_short_regions_whole() -> None:
    text = "a" * 100 + "\n" + "b" * 100
    assert split_regions(((0, 100), (101, 201)), 7_000, text) == [((0, 100), (101, 201))]


# -- input --------------------------------------------------------------------------------
def test_utf16_with_a_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    assert read_article(path).text == TEXT == path.read_text(encoding="utf-16")


def test_a_utf8_bom_keeps_offsets_as_python_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    text = read_article(path).text
    assert text == path.read_text(encoding="utf-8") and text[0] == "\ufeff"
    from llmclaims.text.clean import clean

    (a, b), = clean(text).regions
    assert text[a:b] == TEXT.strip() and a == 1


def test_errors_name_functions_that_exist() -> None:
    for bad, name in ((b"x", "read_article"), ("<html><body><p>x</p></body></html>", "html_to_text")):
        with pytest.raises(InputError) as info:
            extract(bad)  # type: ignore[arg-type]
        assert f"llmclaims.{name}(" in str(info.value)
        assert callable(getattr(llmclaims, name)) and name in llmclaims.__all__


def test_cli_version_and_missing_path() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output.strip() == f"llmclaims {llmclaims.__version__}"
    missing = runner.invoke(app, ["extract", "/no/such/article.txt", "--base-url", "http://127.0.0.1:9/v1"])
    assert missing.exit_code == 2 and "no such file or directory" in missing.output


def test_cli_timeout_and_retries_reach_the_request(tmp_path: Path) -> None:
    from .fakeserver import Reply, serve

    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    with serve([Reply(200, "{}", delay=2.5)]) as server:
        result = CliRunner().invoke(app, ["extract", str(article), "--base-url", server.base_url,
                                          "--timeout", "1", "--retries", "2"])
    assert result.exit_code == 1
    assert "did not answer within 1 s" in result.output
    assert len(server.requests) == 1  # a local server's timed-out request is not retried
