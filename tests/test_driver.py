"""The LLM driver without I/O (``extract._Driver``), and how ``extract`` takes its settings.
The article is written for these tests."""

from __future__ import annotations

import pytest

from llmclaims import ConfigError, Extraction, extract
from llmclaims.config import Settings
from llmclaims.extract import Call, _Driver
from llmclaims.llm.client import CallResult
from llmclaims.schema import Draft, DraftActor, DraftClaim

TEXT = ("Chile sent twelve radars to Peru in May, the ministry said. Officials in Lima confirmed "
        "the delivery on Tuesday.\n")


def _settings(**kw: object) -> Settings:
    return Settings.resolve(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", env={}, **kw)


def test_the_driver_decides_each_request_from_the_last_answer_without_io() -> None:
    driver = _Driver(TEXT, _settings(repair=False, max_tokens=5_000), None)
    first = driver.send(None)
    assert isinstance(first, Call) and "Chile sent twelve radars" in first.messages[-1]["content"]
    assert first.max_tokens == 5_000  # nothing spent yet: the whole budget is left
    draft = Draft.model_construct(
        actors=[DraftActor(name="Chile", kind="state"), DraftActor(name="Peru", kind="state")],
        weapons=[], claims=[DraftClaim(statement="Chile sent twelve radars to Peru.", claimant="Chile",
                                       certainty="asserted", quote="Chile sent twelve radars to Peru")])
    done = driver.send(CallResult(draft, prompt_tokens=700, completion_tokens=80, raw=None))
    assert isinstance(done, Extraction)
    assert (done.provenance.usage.calls, done.provenance.usage.prompt_tokens,
            done.provenance.usage.completion_tokens) == (1, 700, 80)
    assert [a.name for a in done.actors] == ["Chile", "Peru"] and done.claims[0].grounded


def test_settings_and_endpoint_arguments_together_are_a_caller_mistake() -> None:
    with pytest.raises(ConfigError, match=r"either settings= or \['model'\]"):
        extract(TEXT, settings=_settings(), model="other")
    with pytest.raises(ConfigError, match=r"\['max_calls'\]"):
        extract(TEXT, settings=_settings(), max_calls=3)
