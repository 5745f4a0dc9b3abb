"""Cassette discipline (after pydantic-ai's tests).

* Record mode ``none`` by default and in CI; ``LLMCLAIMS_RECORD=1`` (used by
  ``python tests/record.py``) records against the local server on :data:`LOCAL_URL`.
* Requests match on method, scheme, host, port, path, query and the JSON body, so a prompt
  or schema change makes replay fail until the cassette is re-recorded.
* Authorization, cookies, organization/project and ``x-stainless-*`` headers are scrubbed.
* A test fails when its cassette was not fully played.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import vcr

from llmclaims.evaluate.cassettes import make_vcr as _make_vcr

TESTS = Path(__file__).parent
CASSETTES = TESTS / "cassettes"
ARTICLES = TESTS / "data" / "articles"
LOCAL_URL = "http://127.0.0.1:8092/v1"
LOCAL_MODEL = "qwen2.5-coder-1.5b"
FAKE_KEY = "sk-fake-test-key"
RECORDING = os.environ.get("LLMCLAIMS_RECORD") == "1"



@pytest.fixture(autouse=True, scope="session")
def _not_streamed() -> Iterator[None]:
    """The cassettes were recorded without streaming and requests match on the body: settings
    read from the environment do not stream (a test that streams says ``stream=True``).
    Session-wide, so that fixtures of every scope see it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLMCLAIMS_STREAM", "0")
        yield


def make_vcr(record: bool = RECORDING) -> vcr.VCR:
    return _make_vcr(record)


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


# ---- break check: a resolution step switched off for a whole run (scripts/break_check.py) ----
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--break-step", action="append", default=[], metavar="NAME",
                     help="run with this switchable resolution step (llmclaims.resolve.passes.PASSES) "
                          "doing nothing, to see which tests fail without it (scripts/break_check.py)")


def pytest_configure(config: pytest.Config) -> None:
    from llmclaims.resolve import passes

    unknown = sorted(set(config.getoption("--break-step")) - passes.PASSES.keys())
    if unknown:
        raise pytest.UsageError(f"--break-step: not a switchable step: {unknown}; known: {list(passes.PASSES)}")


@pytest.fixture(autouse=True)
def _broken_steps(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``--break-step NAME``, the step NAME of the declared pipeline returns the state it
    was given (the library itself has no such switch: ``off=`` is the caller's)."""
    names = set(request.config.getoption("--break-step"))
    if not names:
        return
    from dataclasses import replace

    from llmclaims.resolve import passes

    def unchanged(state: passes.State, run: passes.Run) -> passes.State:
        return state

    monkeypatch.setattr(passes, "PIPELINE", tuple(
        replace(s, fn=unchanged) if s.name in names else s for s in passes.PIPELINE))
