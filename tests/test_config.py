from __future__ import annotations

import pytest

from llmclaims import ConfigError, ExtractionError, LLMClaimsError, UsageError
from llmclaims.config import PLACEHOLDER_KEY, Settings
from llmclaims.errors import BudgetExceeded, InputError, OutputError, TransportError


def test_defaults_select_embedded_model() -> None:
    s = Settings.resolve(env={})
    assert s.uses_local_model and s.endpoint_host == "embedded"
    assert s.effective_model == "qwen2.5-coder-1.5b" and s.resolved_mode == "text"


def test_argument_beats_environment_beats_default() -> None:
    env = {"LLMCLAIMS_MODEL": "env-model", "LLMCLAIMS_BASE_URL": "http://10.0.0.1:9/v1",
           "LLMCLAIMS_MAX_CALLS": "7"}
    s = Settings.resolve(env=env, model="arg-model")
    assert s.model == "arg-model" and s.sources["model"] == "argument"
    assert s.base_url == "http://10.0.0.1:9/v1" and s.sources["base_url"] == "LLMCLAIMS_BASE_URL"
    assert s.max_calls == 7
    assert Settings.resolve(env={}).max_calls == 16


def test_llmclaims_variables_beat_openai_sdk_variables() -> None:
    env = {"LLMCLAIMS_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_BASE_URL": "http://x:2/v1",
           "LLMCLAIMS_API_KEY": "k1", "OPENAI_API_KEY": "k2"}
    s = Settings.resolve(env=env)
    assert s.base_url == "http://127.0.0.1:1/v1" and s.api_key == "k1"


def test_openai_key_alone_means_openai_with_tools_mode() -> None:
    s = Settings.resolve(env={"OPENAI_API_KEY": "sk-real"})
    assert not s.uses_local_model
    assert s.endpoint_host == "api.openai.com" and s.resolved_mode == "tools"
    assert s.effective_model == "gpt-4o-mini"


def test_custom_base_url_never_receives_the_openai_key() -> None:
    env = {"OPENAI_API_KEY": "sk-real-secret"}
    s = Settings.resolve(env=env, base_url="http://127.0.0.1:8080/v1")
    assert s.api_key is None and s.effective_api_key == PLACEHOLDER_KEY
    assert s.resolved_mode == "text"  # loopback: free text read leniently, grammar as fallback
    # the SDK's own pair is honoured together
    s2 = Settings.resolve(env={**env, "OPENAI_BASE_URL": "https://proxy.example/v1"})
    assert s2.api_key == "sk-real-secret" and s2.resolved_mode == "tools"


def test_streaming_is_on_unless_turned_off() -> None:
    assert Settings.resolve(env={}).stream
    for off in ("0", "false", "No", " off "):
        s = Settings.resolve(env={"LLMCLAIMS_STREAM": off})
        assert not s.stream and s.sources["stream"] == "LLMCLAIMS_STREAM"
    assert Settings.resolve(env={"LLMCLAIMS_STREAM": "0"}, stream=True).stream  # argument first


def test_key_is_not_in_repr() -> None:
    s = Settings.resolve(env={}, api_key="sk-supersecret-123")
    assert "supersecret" not in repr(s) and "supersecret" not in str(s)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"max_calls": "many"}, "must be a whole number"),
        ({"max_calls": 0}, "from 1 to"),
        ({"mode": "xml"}, "is not one of"),
        ({"base_url": "localhost:8080"}, "scheme and host"),
        ({"base_url": "http://user:pw@host/v1"}, "must not carry credentials"),
        ({"local_model": "gpt-9"}, "is not one of"),
        ({"stream": "sometimes"}, "must be one of 1/0"),
        ({"colour": "red"}, "unknown setting"),
    ],
)
def test_bad_configuration_is_a_usage_error_that_says_how_to_fix(
    kwargs: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ConfigError, match=fragment) as info:
        Settings.resolve(env={}, **kwargs)
    assert isinstance(info.value, UsageError) and isinstance(info.value, LLMClaimsError)
    assert "pw" not in str(info.value)


def test_error_families() -> None:
    for usage in (ConfigError, InputError):
        assert issubclass(usage, UsageError) and not issubclass(usage, ExtractionError)
    for runtime in (TransportError, OutputError, BudgetExceeded):
        assert issubclass(runtime, ExtractionError) and not issubclass(runtime, UsageError)
    err = OutputError("bad", attempts=2, usage={"prompt_tokens": 10, "completion_tokens": 5},
                      last_completion={"raw": 1})
    assert err.attempts == 2 and err.last_completion == {"raw": 1}
    assert "attempts=2" in str(err) and "tokens=15" in str(err)
