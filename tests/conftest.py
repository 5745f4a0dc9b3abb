"""Cassette discipline (after pydantic-ai's tests).

* Record mode ``none`` by default and in CI; ``LLMCLAIMS_RECORD=1`` (used by
  ``python tests/record.py``) records against the local server on :data:`LOCAL_URL`.
* Requests match on method, scheme, host, port, path, query and the JSON body, so a prompt
  or schema change makes replay fail until the cassette is re-recorded.
* Authorization, cookies, organization/project and ``x-stainless-*`` headers are scrubbed.
* A test fails when its cassette was not fully played.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import vcr

TESTS = Path(__file__).parent
CASSETTES = TESTS / "cassettes"
ARTICLES = TESTS / "data" / "articles"
LOCAL_URL = "http://127.0.0.1:8092/v1"
LOCAL_MODEL = "qwen2.5-coder-1.5b"
FAKE_KEY = "sk-fake-test-key"
RECORDING = os.environ.get("LLMCLAIMS_RECORD") == "1"

SCRUB_REQUEST = ("authorization", "cookie", "openai-organization", "openai-project",
                 "api-key", "x-api-key")
SCRUB_RESPONSE = ("set-cookie", "openai-organization", "openai-project", "x-request-id")


def _json_body(r1: Any, r2: Any) -> None:
    def load(body: Any) -> Any:
        if not body:
            return None
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body)
        except ValueError:
            return body

    assert load(r1.body) == load(r2.body), "request JSON bodies differ"


def _scrub_request(request: Any) -> Any:
    for name in list(request.headers):
        low = name.lower()
        if low in SCRUB_REQUEST or low.startswith("x-stainless"):
            del request.headers[name]
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SCRUB_RESPONSE or name.lower().startswith("x-stainless"):
            del headers[name]
    return response


def make_vcr(record: bool = RECORDING) -> vcr.VCR:
    v = vcr.VCR(
        record_mode="once" if record else "none",
        match_on=["method", "scheme", "host", "port", "path", "query", "json_body"],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    v.register_matcher("json_body", _json_body)
    return v


@contextmanager
def replay(path: Path) -> Iterator[Any]:
    """Use one cassette; outside recording, fail unless every recorded request was played."""
    if not RECORDING and not path.exists():
        pytest.fail(f"cassette {path} is missing: record it with `python tests/record.py`")
    with make_vcr().use_cassette(str(path)) as cass:
        yield cass
    if not RECORDING:
        assert cass.all_played, f"cassette {path.name} not fully played: {cass.play_counts}"


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Replays ``tests/cassettes/<module>/<test>.yaml``."""
    module = Path(request.node.fspath).stem
    name = request.node.name.replace("[", "-").replace("]", "")
    with replay(CASSETTES / module / f"{name}.yaml") as cass:
        yield cass


def cassette_for(module: str, name: str) -> Path:
    return CASSETTES / module / f"{name}.yaml"


def article(name: str) -> str:
    return (ARTICLES / name).read_text("utf-8")
