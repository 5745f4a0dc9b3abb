"""The only module that imports ``openai`` and ``instructor``.

One structured call = one instructor request without instructor's own re-ask (the small
local models drift when their previous answer is echoed back; see the project notes), wrapped
in tenacity retries for transport failures only. Transport errors are never written into a
prompt. The structured-output mode comes from ``Settings.resolved_mode``.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from pydantic import BaseModel
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
)

from ..config import Settings
from ..errors import ConfigError, ExtractionError, OutputError, TransportError
from .salvage import raw_output, salvage

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
RETRY_AFTER_CAP = 60.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
_sleep = time.sleep  # tests swap this to observe waits without waiting

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}


@dataclass
class CallResult:
    """A validated response and what it cost; ``dropped`` > 0 or ``truncated`` when the
    answer was cut off at the token limit and only its complete items were kept."""

    value: BaseModel
    prompt_tokens: int
    completion_tokens: int
    raw: Any
    truncated: bool = False
    dropped: int = 0


def transport_cause(exc: BaseException) -> openai.APIError | None:
    """The openai transport/status error behind ``exc`` (instructor wraps them), if any."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, openai.APIError):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def is_transient(exc: BaseException) -> bool:
    err = transport_cause(exc)
    if isinstance(err, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(err, openai.APIStatusError):
        return err.status_code in (408, 409, 429) or err.status_code >= 500
    return False


def retry_wait(state: RetryCallState) -> float:
    """Retry-After when the server sends one (capped), else exponential backoff with jitter."""
    exc = state.outcome.exception() if state.outcome else None
    err = transport_cause(exc) if exc else None
    if isinstance(err, openai.APIStatusError):
        header = err.response.headers.get("retry-after")
        if header:
            try:
                return min(max(float(header), 0.0), RETRY_AFTER_CAP)
            except ValueError:
                pass
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (state.attempt_number - 1))
    return random.uniform(ceiling / 2, ceiling)


def _usage(raw: Any) -> tuple[int, int]:
    usage = getattr(raw, "usage", None)
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(
        getattr(usage, "completion_tokens", 0) or 0
    )


class LLM:
    """A structured-output client for one endpoint (sync and async)."""

    def __init__(self, settings: Settings, client: Any = None, *, is_async: bool = False):
        self.settings = settings
        self.mode = settings.resolved_mode
        if client is None:
            cls = openai.AsyncOpenAI if is_async else openai.OpenAI
            client = cls(
                base_url=settings.base_url,
                api_key=settings.effective_api_key,
                max_retries=0,
                timeout=settings.timeout,
            )
        self.is_async = isinstance(client, openai.AsyncOpenAI)
        self._client = instructor.from_openai(client, mode=_MODES[self.mode])

    def _kwargs(self, messages: list[dict[str, str]], model: type[BaseModel]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.settings.effective_model,
            "messages": messages,
            "response_model": model,
            "max_retries": 0,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_output_tokens,
        }
        if self.mode == "json":
            kwargs["extra_body"] = {
                "response_format": {"type": "json_object", "schema": model.model_json_schema()}
            }
        return kwargs

    def _retrying_kwargs(self) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(self.settings.transport_retries + 1),
            "wait": retry_wait,
            "retry": retry_if_exception(is_transient),
            "reraise": True,
            "before_sleep": lambda state: log.debug(
                "transport failure (attempt %d), retrying", state.attempt_number),
        }

    def complete(self, messages: list[dict[str, str]], model: type[T]) -> CallResult:
        kwargs = self._kwargs(messages, model)
        try:
            for attempt in Retrying(sleep=lambda s: _sleep(s), **self._retrying_kwargs()):
                with attempt:
                    value, raw = self._client.chat.completions.create_with_completion(**kwargs)
        except Exception as exc:  # translated below, never swallowed
            rescued = _rescue(exc, model)
            if rescued is not None:
                return rescued
            raise self._translate(exc, attempt.retry_state.attempt_number) from exc
        return CallResult(value, *_usage(raw), raw)

    async def acomplete(self, messages: list[dict[str, str]], model: type[T]) -> CallResult:
        kwargs = self._kwargs(messages, model)
        try:
            async for attempt in AsyncRetrying(**self._retrying_kwargs()):
                with attempt:
                    create = self._client.chat.completions.create_with_completion
                    value, raw = await create(**kwargs)
        except Exception as exc:
            rescued = _rescue(exc, model)
            if rescued is not None:
                return rescued
            raise self._translate(exc, attempt.retry_state.attempt_number) from exc
        return CallResult(value, *_usage(raw), raw)

    def _translate(self, exc: Exception, attempts: int) -> Exception:
        host = self.settings.endpoint_host
        err = transport_cause(exc)
        if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
            return ConfigError(
                f"the endpoint {host} refused the API key (HTTP {err.status_code}); "
                "set LLMCLAIMS_API_KEY or pass api_key="
            )
        if isinstance(err, openai.NotFoundError):
            return ConfigError(
                f"the endpoint {host} does not know model {self.settings.effective_model!r} "
                "or this path (HTTP 404); check --model and --base-url"
            )
        if err is not None and is_transient(exc):
            status = getattr(err, "status_code", None)
            what = f"HTTP {status}" if status else type(err).__name__
            return TransportError(
                f"the endpoint {host} kept failing ({what}) after {attempts} attempt(s)",
                attempts=attempts,
            )
        if isinstance(err, openai.APIStatusError):
            return ExtractionError(
                f"the endpoint {host} rejected the request (HTTP {err.status_code}): "
                f"{_short(err.message)}",
                attempts=attempts,
            )
        failed = getattr(exc, "failed_attempts", None) or []
        last = getattr(exc, "last_completion", None)
        if last is None and failed:
            last = getattr(failed[-1], "completion", None)
        usage = getattr(exc, "total_usage", None)
        tokens = {"prompt_tokens": 0, "completion_tokens": 0}
        if usage is not None:
            tokens = {
                "prompt_tokens": int(getattr(usage, "prompt_tokens", 0) or 0),
                "completion_tokens": int(getattr(usage, "completion_tokens", 0) or 0),
            }
        elif last is not None:
            tokens = dict(zip(("prompt_tokens", "completion_tokens"), _usage(last), strict=True))
        return OutputError(
            f"the model's answer could not be parsed into the schema: {_short(str(exc))}",
            attempts=attempts,
            usage=tokens,
            last_completion=last,
        )


def _rescue(exc: Exception, model: type[BaseModel]) -> CallResult | None:
    """A cut-off answer (finish_reason "length"): keep its complete items, if any."""
    cut = exc if isinstance(exc, IncompleteOutputException) else None
    cur: BaseException | None = exc
    while cut is None and cur is not None:
        cur = cur.__cause__ or cur.__context__
        if isinstance(cur, IncompleteOutputException):
            cut = cur
    if cut is None:
        return None
    last = getattr(cut, "last_completion", None)
    text = raw_output(last)
    found = salvage(model, text) if text else None
    if found is None:
        return None
    value, dropped = found
    log.debug("answer cut off at the token limit; kept its complete items, %d dropped", dropped)
    return CallResult(value, *_usage(last), last, truncated=True, dropped=dropped)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
