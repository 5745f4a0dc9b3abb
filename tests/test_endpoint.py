"""No silent surprises at the endpoint: ``--concurrency`` on a loopback server runs in parallel
only where the server says it can (llama.cpp's ``/props``) or the user says so, and says why
otherwise; ``doctor`` contacts the endpoint. Real HTTP to loopback servers that answer with the
recorded model responses."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from llmclaims.cli import app
from llmclaims.config import Settings
from llmclaims.endpoint import list_models, parallel_slots, plan_concurrency, probe

from .conftest import FAKE_KEY, LOCAL_MODEL, cassette_for
from .fakeserver import Reply, recorded_body, serve
from .replay_server import Replay, replay_server

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = [cassette_for("eval/llmclaims", n) for n in ("020", "029")]
ARTICLES = {"020": "020_wh_biden-himars-package.txt", "029": "029_wh_sullivan-725m-package-landmines.txt"}
MODELS = {"/v1/models": {"object": "list", "data": [{"id": LOCAL_MODEL, "object": "model"}]}}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, file in ARTICLES.items():
        shutil.copy(ROOT / "evals" / "articles" / file, folder / f"{name}.txt")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLMCLAIMS_BASE_URL", "LLMCLAIMS_MODEL",
                "LLMCLAIMS_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LLMCLAIMS_HOME", str(tmp_path / "home"))  # an empty cache
    return folder


def corpus_run(server: Replay, corpus: Path, *options: str) -> Result:
    res = CliRunner().invoke(app, ["extract", str(corpus), "--out", str(corpus.parent / "r.jsonl"),
                                   "--base-url", server.base_url, "--model", LOCAL_MODEL, *options])
    assert res.exit_code == 0, res.output
    ids = [json.loads(line)["id"] for line in (corpus.parent / "r.jsonl").read_text("utf-8").splitlines()]
    assert sorted(ids) == [str(corpus / "020.txt"), str(corpus / "029.txt")]
    return res


def test_parallel_slots_the_server_reports_are_used(corpus: Path) -> None:
    with replay_server(CASSETTES, routes={"/props": {"total_slots": 4}}, hold=2) as server:
        res = corpus_run(server, corpus, "--concurrency", "8")
    assert server.most_in_flight == 2 and server.unknown == 0  # both articles at once
    (note,) = [line for line in res.stderr.splitlines() if line.startswith("note:")]
    assert "4 parallel slots; 4 articles at a time" in note  # fewer than asked: said once


def test_a_server_that_reports_no_slots_runs_one_at_a_time_and_says_why(corpus: Path) -> None:
    with replay_server(CASSETTES) as server:  # no /props, no /slots: 404
        res = corpus_run(server, corpus, "--concurrency", "8")
    assert server.most_in_flight == 1
    (note,) = [line for line in res.stderr.splitlines() if line.startswith("note:")]
    assert "--concurrency 8" in note and "--parallel-local" in note


def test_the_user_can_say_the_server_runs_requests_in_parallel(corpus: Path) -> None:
    with replay_server(CASSETTES, hold=2) as server:
        res = corpus_run(server, corpus, "--concurrency", "8", "--parallel-local")
    assert server.most_in_flight == 2 and "note:" not in res.stderr


def test_one_slot_or_llama_cpp_slots_list() -> None:
    with replay_server([], routes={"/props": {"total_slots": 1}}) as one, \
            replay_server([], routes={"/slots": [{"id": 0}, {"id": 1}, {"id": 2}]}) as three:
        s_one = Settings.resolve(base_url=one.base_url, env={})
        s_three = Settings.resolve(base_url=three.base_url, env={})
        assert (parallel_slots(s_one), parallel_slots(s_three)) == (1, 3)
        assert plan_concurrency(s_one, 4).workers == 1
        plan = plan_concurrency(s_three, 8)
    assert plan.workers == 3 and plan.note is not None and "3 parallel slots" in plan.note


def test_remote_endpoints_and_the_embedded_model_are_planned_without_asking() -> None:
    remote = Settings.resolve(base_url="https://llm.example.invalid/v1", env={})
    assert plan_concurrency(remote, 8).workers == 8  # nothing contacted: the host does not exist
    embedded = Settings.resolve(env={})
    plan = plan_concurrency(embedded, 8, parallel=True, embedded=True)
    assert plan.workers == 1 and plan.note is not None and "embedded" in plan.note


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLMCLAIMS_BASE_URL", "LLMCLAIMS_MODEL",
                "LLMCLAIMS_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    yield CliRunner()


def lines(res: Result) -> dict[str, str]:
    out = {}
    for line in res.stdout.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep:
            out[key] = value.strip()
    return out


def test_doctor_finds_the_model_listed_and_the_slots(runner: CliRunner) -> None:
    with replay_server([], routes={**MODELS, "/props": {"total_slots": 2}}) as server:
        res = runner.invoke(app, ["doctor", "--base-url", server.base_url, "--model", LOCAL_MODEL])
    assert res.exit_code == 0, res.output
    got = lines(res)
    assert got["model"] == f"{LOCAL_MODEL} (from argument)"
    assert got["reachable"].startswith("yes") and got["reachable"].endswith(f"models: {LOCAL_MODEL}")
    assert got["model listed"] == "yes"
    assert got["parallel slots"].startswith("2 ")
    assert got["probe"].startswith("not sent")


def test_doctor_fails_when_the_model_is_not_listed(runner: CliRunner) -> None:
    with replay_server([], routes=MODELS) as server:
        res = runner.invoke(app, ["doctor", "--base-url", server.base_url, "--model", "qwen2.5:7b"])
        unset = runner.invoke(app, ["doctor", "--base-url", server.base_url])
    assert res.exit_code == 1 and lines(res)["model listed"] == "NO: the server does not list qwen2.5:7b"
    assert unset.exit_code == 0
    assert lines(unset)["model"].startswith('not set: requests name "default"')  # not "default (from default)"
    assert lines(unset)["model listed"].endswith(f"(--model {LOCAL_MODEL})")


def test_doctor_fails_when_the_endpoint_does_not_answer(runner: CliRunner) -> None:
    with replay_server([]) as server:
        url = server.base_url
    res = runner.invoke(app, ["doctor", "--base-url", url])  # the server is stopped
    assert res.exit_code == 1
    assert lines(res)["reachable"].startswith(f"NO: GET {url}/models: not reachable")


def test_doctor_probe_sends_one_tiny_request(runner: CliRunner) -> None:
    with replay_server([], routes=MODELS) as server:  # it has no answer for the probe: 404
        res = runner.invoke(app, ["doctor", "--base-url", server.base_url, "--model", LOCAL_MODEL,
                                  "--probe"])
    assert res.exit_code == 1 and lines(res)["probe"] == "FAILED: HTTP 404 Not Found"
    (asked,) = server.asked
    body = json.loads(asked)
    assert (body["model"], body["max_tokens"]) == (LOCAL_MODEL, 4)


def test_probe_reads_the_reply() -> None:
    recorded = recorded_body(cassette_for("eval/llmclaims", "seed"))
    content = json.loads(recorded)["choices"][0]["message"]["content"]
    with serve([Reply(200, recorded)]) as fake:
        settings = Settings.resolve(base_url=fake.base_url, api_key=FAKE_KEY, model=LOCAL_MODEL, env={})
        answer = probe(settings)
        listing = list_models(settings)  # the fake serves no GET
    assert answer.error is None and answer.reply == content.strip()
    assert listing.models == () and listing.error == "HTTP 404 Not Found"
    assert json.loads(fake.requests[0])["messages"][0]["content"] == "Reply with the word OK."
