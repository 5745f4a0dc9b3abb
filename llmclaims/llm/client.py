"""The only module that imports ``openai`` and ``instructor``.

One structured call = one instructor request without instructor's own re-ask (the small
local models drift when their previous answer is echoed back; see the project notes), wrapped
in tenacity retries for transport failures only. Transport errors are never written into a
prompt. The structured-output mode comes from ``Settings.resolved_mode``.
"""

from __future__ import annotations

import logging
import random
import re
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
)

from ..config import Settings
from ..errors import ConfigError, ExtractionError, OutputError, ResponseTooLarge, TransportError, scrub
from .salvage import lenient as read_leniently
from .salvage import raw_output, salvage

log = logging.getLogger(__name__)
# instructor logs each failed call at ERROR with its own attempt count; with no handler
# configured, Python's last-resort handler would print that to stderr. A NullHandler (the
# library practice) keeps it off stderr; an application's own logging still receives it.
logging.getLogger("instructor").addHandler(logging.NullHandler())
T = TypeVar("T", bound=BaseModel)
RETRY_AFTER_CAP = 60.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
_sleep = time.sleep  # tests swap this to observe waits without waiting

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "text": instructor.Mode.MD_JSON,  # not used for requests: see LLM._direct
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
    calls: int = 1


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


class _CappedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body read up to ``limit`` bytes; past that, ResponseTooLarge (the rest is
    never read, so memory stays bounded)."""

    def __init__(self, stream: Any, limit: int):
        self._stream = stream
        self._limit = limit
        self._seen = 0

    def _count(self, chunk: bytes) -> bytes:
        self._seen += len(chunk)
        if self._seen > self._limit:
            raise ResponseTooLarge(
                f"the endpoint's response passed {self._limit:,} bytes and was cut off there "
                "(max_response_bytes, LLMCLAIMS_MAX_RESPONSE_BYTES)")
        return chunk

    def __iter__(self) -> Any:
        for chunk in self._stream:
            yield self._count(chunk)

    async def __aiter__(self) -> Any:
        async for chunk in self._stream:
            yield self._count(chunk)

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


def _capped(response: httpx2.Response, limit: int) -> httpx2.Response:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        response.close()
        raise ResponseTooLarge(f"the endpoint announced a {int(length):,}-byte response, more than "
                               f"max_response_bytes ({limit:,}); not read")
    return httpx2.Response(response.status_code, headers=response.headers,
                           stream=_CappedStream(response.stream, limit),
                           extensions=response.extensions)


class CappedTransport(httpx2.HTTPTransport):
    """An HTTP transport that reads at most ``limit`` bytes of any response."""

    def __init__(self, limit: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.limit = limit

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return _capped(super().handle_request(request), self.limit)


class AsyncCappedTransport(httpx2.AsyncHTTPTransport):
    def __init__(self, limit: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.limit = limit

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return _capped(await super().handle_async_request(request), self.limit)


def _too_large(exc: BaseException) -> ResponseTooLarge | None:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ResponseTooLarge):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def _usage(raw: Any) -> tuple[int, int]:
    usage = getattr(raw, "usage", None)
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(
        getattr(usage, "completion_tokens", 0) or 0
    )


class LLM:
    """A structured-output client for one endpoint (sync and async)."""

    def __init__(self, settings: Settings, client: Any = None, *, is_async: bool = False,
                 schema_text: bool = False):
        self.settings = settings
        self.mode = settings.resolved_mode
        # In JSON mode the server's grammar enforces the schema. instructor's JSON mode also
        # writes the whole schema into the system message (8,710 characters for the draft,
        # about 55% of a request's prompt tokens): llmclaims sends it only as the grammar and
        # says in its prompt what the fields mean. ``schema_text`` keeps instructor's way
        # (the naive peer: what a user gets from instructor alone).
        self.schema_text = schema_text
        self._owned = client is None  # a client llmclaims made is closed by ``close``
        if client is None:
            limit = settings.max_response_bytes
            if is_async:
                client = openai.AsyncOpenAI(
                    base_url=settings.base_url, api_key=settings.effective_api_key, max_retries=0,
                    timeout=settings.timeout, http_client=openai.DefaultAsyncHttpxClient(
                        transport=AsyncCappedTransport(limit), timeout=settings.timeout))
            else:
                client = openai.OpenAI(
                    base_url=settings.base_url, api_key=settings.effective_api_key, max_retries=0,
                    timeout=settings.timeout, http_client=openai.DefaultHttpxClient(
                        transport=CappedTransport(limit), timeout=settings.timeout))
        self.is_async = isinstance(client, openai.AsyncOpenAI)
        self._raw = client
        self._client = instructor.from_openai(client, mode=_MODES[self.mode])

    def close(self) -> None:
        """Release the connections of a client this object made (a caller's client is the
        caller's to close)."""
        if self._owned and not self.is_async:
            self._raw.close()

    async def aclose(self) -> None:
        if self._owned and self.is_async:
            await self._raw.close()

    @property
    def _direct(self) -> bool:
        """Requests llmclaims makes and parses itself: JSON mode with the schema as the grammar
        only, and ``text`` mode (no grammar: the answer is read leniently, ``salvage.lenient``)."""
        return self.mode == "text" or (self.mode == "json" and not self.schema_text)

    def _kwargs(self, messages: list[dict[str, str]], model: type[BaseModel],
                max_tokens: int | None = None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.settings.effective_model,
            "messages": messages,
            "response_model": model,
            "max_retries": 0,
            "temperature": self.settings.temperature,
            "max_tokens": min(self.settings.max_output_tokens, max_tokens or self.settings.max_output_tokens),
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
            "retry": retry_if_exception(self._retryable),
            "reraise": True,
            "before_sleep": lambda state: log.debug(
                "transport failure (attempt %d), retrying", state.attempt_number),
        }

    def _retryable(self, exc: BaseException) -> bool:
        """Transient failures are retried, except a response too large and a timed-out request
        to a loopback server: a local server keeps computing a request that timed out, so a retry
        would only queue behind it."""
        if _too_large(exc) is not None:
            return False
        if self.settings.is_loopback and isinstance(transport_cause(exc), openai.APITimeoutError):
            return False
        return is_transient(exc)

    def complete(self, messages: list[dict[str, str]], model: type[T],
                 max_tokens: int | None = None, *, reask: bool = True) -> CallResult:
        """One answer; in ``text`` mode an answer that holds nothing usable is asked again with
        the schema as the grammar (a second request, made only when ``reask``)."""
        kwargs = self._kwargs(messages, model, max_tokens)
        try:
            return self._once(kwargs, model)
        except OutputError as exc:
            if self.mode != "text" or not isinstance(exc.__cause__, _Unparsed) or not reask:
                raise  # only an answer that ended but held nothing usable is asked again
            log.debug("the free-text answer held nothing usable; asking again with the grammar")
            return _plus(self._once(_with_grammar(kwargs, model), model), exc)

    def _once(self, kwargs: dict[str, Any], model: type[T]) -> CallResult:
        try:
            for attempt in Retrying(sleep=lambda s: _sleep(s), **self._retrying_kwargs()):
                with attempt:
                    if self._direct:
                        raw = self._raw.chat.completions.create(**_plain(kwargs))
                        value, dropped = _parsed(raw, model, lenient=self.mode == "text")
                    else:
                        value, raw = self._client.chat.completions.create_with_completion(**kwargs)
                        dropped = 0
        except Exception as exc:  # translated below, never swallowed
            rescued = _rescue(exc, model)
            if rescued is not None:
                return rescued
            raise self._translate(exc, attempt.retry_state.attempt_number) from exc
        return CallResult(value, *_usage(raw), raw, dropped=dropped)

    async def acomplete(self, messages: list[dict[str, str]], model: type[T],
                        max_tokens: int | None = None, *, reask: bool = True) -> CallResult:
        """One answer; in ``text`` mode an answer that holds nothing usable is asked again with
        the schema as the grammar (a second request, made only when ``reask``)."""
        kwargs = self._kwargs(messages, model, max_tokens)
        try:
            return await self._aonce(kwargs, model)
        except OutputError as exc:
            if self.mode != "text" or not isinstance(exc.__cause__, _Unparsed) or not reask:
                raise  # only an answer that ended but held nothing usable is asked again
            log.debug("the free-text answer held nothing usable; asking again with the grammar")
            return _plus(await self._aonce(_with_grammar(kwargs, model), model), exc)

    async def _aonce(self, kwargs: dict[str, Any], model: type[T]) -> CallResult:
        try:
            async for attempt in AsyncRetrying(**self._retrying_kwargs()):
                with attempt:
                    if self._direct:
                        raw = await self._raw.chat.completions.create(**_plain(kwargs))
                        value, dropped = _parsed(raw, model, lenient=self.mode == "text")
                    else:
                        create = self._client.chat.completions.create_with_completion
                        value, raw = await create(**kwargs)
                        dropped = 0
        except Exception as exc:
            rescued = _rescue(exc, model)
            if rescued is not None:
                return rescued
            raise self._translate(exc, attempt.retry_state.attempt_number) from exc
        return CallResult(value, *_usage(raw), raw, dropped=dropped)

    def _scrub(self, text: str) -> str:
        return scrub(text, self.settings.api_key)

    def _translate(self, exc: Exception, attempts: int) -> Exception:
        host = self.settings.endpoint_host
        too_large = _too_large(exc)
        if too_large is not None:
            return ResponseTooLarge(f"{too_large.args[0]} ({host})", attempts=attempts)
        err = transport_cause(exc)
        if isinstance(err, openai.APITimeoutError):
            again = ("not retried: a local server keeps computing a request that timed out"
                     if self.settings.is_loopback else f"after {attempts} attempt(s)")
            return TransportError(
                f"the endpoint {host} did not answer within {self.settings.timeout:g} s ({again}); "
                "raise the timeout (--timeout, LLMCLAIMS_TIMEOUT) for a slow model", attempts=attempts)
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
                f"{self._scrub(err.message)}",
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
            f"the model's answer could not be parsed into the schema: {self._scrub(_reason(exc))}",
            attempts=attempts,
            usage=tokens,
            last_completion=last,
        )


def _with_grammar(kwargs: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The same request with the schema as the server's grammar (JSON mode)."""
    return {**kwargs, "extra_body": {
        "response_format": {"type": "json_object", "schema": model.model_json_schema()}}}


def _plus(result: CallResult, failed: OutputError) -> CallResult:
    """``result`` with the tokens of the unusable answer before it added."""
    result.prompt_tokens += int(failed.usage.get("prompt_tokens", 0))
    result.completion_tokens += int(failed.usage.get("completion_tokens", 0))
    result.calls += 1
    return result


def _plain(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request without instructor's arguments: the schema travels in ``extra_body``."""
    return {k: v for k, v in kwargs.items() if k not in ("response_model", "max_retries")}


class _Unparsed(Exception):
    """A grammar-constrained answer that does not validate; carries the completion."""

    def __init__(self, cause: ValidationError, completion: Any):
        super().__init__(str(cause))
        self.last_completion = completion


def _parsed(raw: Any, model: type[T], *, lenient: bool = False) -> tuple[T, int]:
    """``(answer, items dropped)``: the answer validated against ``model`` (``lenient``: read
    as free text, ``salvage.lenient``); a cut-off answer raises instructor's
    IncompleteOutputException (so ``_rescue`` keeps its complete items, as in other modes)."""
    choice = raw.choices[0] if getattr(raw, "choices", None) else None
    if choice is not None and choice.finish_reason == "length":
        raise IncompleteOutputException(last_completion=raw)
    text = raw_output(raw) or ""
    if lenient:
        found = read_leniently(model, text)
        if found is not None:
            return found
    try:
        return model.model_validate_json(text), 0
    except ValidationError as exc:
        raise _Unparsed(exc, raw) from exc


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


def _reason(exc: BaseException) -> str:
    """What was wrong with the answer, in the validator's words (not instructor's retry summary,
    whose attempt count is not llmclaims')."""
    cur: BaseException | None = exc
    seen: set[int] = set()
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if type(cur).__name__ == "ValidationError":
            return str(cur)
        cur = cur.__cause__ or cur.__context__
    text = str(exc)
    return re.sub(r"(?i)\s*(total attempts|attempts?)\s*:\s*\d+\.?", "", text)
