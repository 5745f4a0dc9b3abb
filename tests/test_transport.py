"""Transport failures against a real HTTP server on 127.0.0.1 (not a mock of the SDK)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from types import SimpleNamespace

import openai
import pytest
from openai import _base_client

from llmclaims import BudgetExceeded, ConfigError, OutputError, TransportError, extract
from llmclaims.llm.client import CappedTransport

from .conftest import article, cassette_for
from .fakeserver import Reply, recorded_body, serve, truncated_completion

TEXT = article("seed.txt")


@pytest.fixture
def ok_body() -> str:
    return recorded_body(cassette_for("eval/llmclaims", "seed"))


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The SDK's waits between retries (it retries transport failures), seen without waiting."""
    waited: list[float] = []
    monkeypatch.setattr(_base_client, "time", SimpleNamespace(sleep=waited.append, time=time.time))
    yield waited


def run(url: str, **kw: object) -> object:
    options: dict[str, object] = {"repair": False, "transport_retries": 3, "timeout": 5.0}
    options.update(kw)
    return extract(TEXT, base_url=url, api_key="sk-fake-test-key", model="m", **options)


def test_429_honours_retry_after_and_never_feeds_the_error_to_the_prompt(
    ok_body: str, sleeps: list[float]
) -> None:
    replies = [Reply(429, '{"error": {"message": "slow down"}}', {"retry-after": "7"}),
               Reply(200, ok_body)]
    with serve(replies) as server:
        result = run(server.base_url)
    assert len(server.requests) == 2
    assert sleeps == [7.0]
    first, second = (json.loads(r) for r in server.requests)
    assert first == second  # the retry is the same request: no error text in the prompt
    assert "slow down" not in server.requests[1].decode()
    assert result.provenance.usage.calls == 1  # type: ignore[attr-defined]


def test_5xx_retried_with_exponential_backoff(ok_body: str, sleeps: list[float]) -> None:
    replies = [Reply(500, '{"error": {"message": "boom"}}'),
               Reply(503, '{"error": {"message": "boom"}}'), Reply(200, ok_body)]
    with serve(replies) as server:
        result = run(server.base_url)
    assert len(server.requests) == 3
    # the SDK's policy: 0.5 s doubling per retry, less up to a quarter of jitter
    assert len(sleeps) == 2 and 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0
    assert result.actors  # type: ignore[attr-defined]


def test_persistent_5xx_raises_transport_error_with_attempts(sleeps: list[float]) -> None:
    with serve([Reply(502, '{"error": {"message": "bad gateway"}}')]) as server, pytest.raises(TransportError) as info:
        run(server.base_url, transport_retries=2)
    assert len(server.requests) == 3 and info.value.attempts == 3
    assert "HTTP 502" in str(info.value) and "sk-fake" not in str(info.value)


def test_a_timed_out_request_to_a_local_server_is_not_queued_behind_itself(sleeps: list[float]) -> None:
    """A local server keeps computing a request that timed out: a retry would wait behind it."""
    with serve([Reply(200, "{}", delay=2.5)]) as server, \
            pytest.raises(TransportError, match=r"did not answer within 1 s \(not retried.*--timeout"):
        run(server.base_url, transport_retries=3, timeout=1.0)
    assert len(server.requests) == 1


def test_a_remote_timeout_is_retried_and_a_loopback_one_is_not(ok_body: str, sleeps: list[float]) -> None:
    """The rule lives in the transport: the same server, taken as remote and as loopback."""
    for loopback, sent in ((False, 2), (True, 1)):
        with serve([Reply(200, "{}", delay=1.5), Reply(200, ok_body)]) as server:
            client = openai.OpenAI(
                base_url=server.base_url, api_key="k", max_retries=1, timeout=0.5,
                http_client=openai.DefaultHttpxClient(transport=CappedTransport(10**7, loopback)))
            with contextlib.suppress(openai.APITimeoutError):
                client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
            client.close()
        assert len(server.requests) == sent, loopback


def test_truncated_body_is_a_transport_failure_that_is_retried(
    ok_body: str, sleeps: list[float]
) -> None:
    with serve([Reply(200, ok_body, truncate=True), Reply(200, ok_body)]) as server:
        result = run(server.base_url)
    assert len(server.requests) == 2 and result.claims  # type: ignore[attr-defined]


def test_401_is_a_configuration_error_without_retry(sleeps: list[float]) -> None:
    reply = Reply(401, '{"error": {"message": "bad key"}}')
    with serve([reply]) as server, pytest.raises(ConfigError, match="refused the API key"):
        run(server.base_url)
    assert len(server.requests) == 1 and sleeps == []


def test_cut_off_answer_keeps_its_complete_items_and_says_so(
    ok_body: str, sleeps: list[float]
) -> None:
    with serve([Reply(200, truncated_completion(ok_body, 0.6))]) as server:
        result = run(server.base_url)
    assert len(server.requests) == 1
    assert result.actors  # type: ignore[attr-defined]
    warnings = [w for w in result.warnings if w.code == "truncated"]  # type: ignore[attr-defined]
    assert [w.reason for w in warnings] == ["answer_cut_off"]
    assert warnings[0].fields["dropped"] == "0" and int(warnings[0].fields["max_output_tokens"]) > 0


def test_cut_off_before_any_complete_item_is_an_output_error_with_the_raw_completion(
    ok_body: str, sleeps: list[float]
) -> None:
    with serve([Reply(200, truncated_completion(ok_body, 0.01))]) as server, \
            pytest.raises(OutputError) as info:
        run(server.base_url)  # text mode: a cut-off answer is not asked again
    err = info.value
    assert len(server.requests) == 1  # not a transport error: no transport retry
    assert err.attempts == 1 and err.last_completion is not None
    assert err.usage["prompt_tokens"] > 0


def test_budget_stops_before_any_call_when_the_article_needs_too_many() -> None:
    with serve([Reply(500, "{}")]) as server, pytest.raises(BudgetExceeded, match="raise max_calls"):
        run(server.base_url, chunk_chars=500, max_calls=2)
    assert server.requests == []


def test_a_caller_supplied_openai_client_is_used(ok_body: str) -> None:
    import openai

    with serve([Reply(200, ok_body)]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="sk-fake-test-key",
                               max_retries=0)
        result = extract(TEXT, client=client, model="m", repair=False)
        client.close()
    assert len(server.requests) == 1 and result.actors
    assert result.provenance.model == "m" and result.provenance.usage.calls == 1
    assert result.provenance.endpoint == f"127.0.0.1:{server.port}"  # not "embedded"


def test_json_mode_sends_the_schema_as_the_grammar_not_as_prompt_text(ok_body: str) -> None:
    """The grammar enforces the schema; writing it into the system message too (instructor's
    JSON mode) cost about half of a request's prompt tokens."""
    with serve([Reply(200, ok_body)]) as server, contextlib.suppress(OutputError):
        run(server.base_url, mode="json")  # the request is the point (the recorded answer is
        # a free-text one: JSON mode's strict reading may refuse its "170mm")
    body = json.loads(server.requests[0])
    system = body["messages"][0]["content"]
    assert "$defs" not in system and "json_schema" not in system
    schema = body["response_format"]["schema"]
    claim = schema["$defs"]["DraftClaim"]["properties"]
    assert {"statement", "claimant", "certainty", "quote"} <= set(claim)
    assert "cue" not in claim  # the rules read it from the text
    required = set(schema["$defs"]["DraftClaim"].get("required", []))
    assert not {"type", "via"} & required  # a capable model may fill them; a small one need not
    assert "genius expert" not in system  # instructor's JSON-mode preamble


def test_an_answer_that_does_not_fit_the_schema_is_an_output_error_with_the_completion(
        ok_body: str, sleeps: list[float]) -> None:
    data = json.loads(ok_body)
    answer = json.loads(data["choices"][0]["message"]["content"])
    del answer["claims"]  # a recorded answer with one required list removed
    answer["weapons"] = []  # (and no weapons, whose free-text calibers would be errors too)
    data["choices"][0]["message"]["content"] = json.dumps(answer)
    with serve([Reply(200, json.dumps(data))]) as server, pytest.raises(OutputError) as info:
        run(server.base_url, mode="json")
    assert len(server.requests) == 1 and sleeps == []
    assert "claims" in str(info.value) and "Field required" in str(info.value)
    assert info.value.last_completion is not None and info.value.usage["prompt_tokens"] > 0


def test_text_mode_sends_no_grammar_and_reads_the_answer_leniently(ok_body: str) -> None:
    data = json.loads(ok_body)
    content = data["choices"][0]["message"]["content"]
    data["choices"][0]["message"]["content"] = f"```json\n{content}\n```"  # as free text comes
    with serve([Reply(200, json.dumps(data))]) as server:
        result = run(server.base_url, mode="text")
    body = json.loads(server.requests[0])
    assert "response_format" not in body and "$defs" not in json.dumps(body)
    assert result.actors and result.claims  # type: ignore[attr-defined]
    assert result.provenance.mode == "text"  # type: ignore[attr-defined]


def test_text_mode_asks_again_with_the_grammar_when_the_answer_holds_nothing_usable(
        ok_body: str, sleeps: list[float]) -> None:
    data = json.loads(ok_body)
    content = data["choices"][0]["message"]["content"]
    data["choices"][0]["message"]["content"] = content[:40]  # an answer that ended too early
    with serve([Reply(200, json.dumps(data)), Reply(200, ok_body)]) as server:
        result = run(server.base_url, mode="text")
    first, second = (json.loads(r) for r in server.requests)
    assert "response_format" not in first
    assert second["response_format"]["schema"]["$defs"]["DraftClaim"]
    assert result.claims and result.provenance.usage.calls == 2  # type: ignore[attr-defined]
    recorded = json.loads(ok_body)["usage"]
    assert result.provenance.usage.prompt_tokens == 2 * recorded["prompt_tokens"]  # type: ignore[attr-defined]
