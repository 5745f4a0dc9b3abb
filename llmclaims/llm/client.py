"""The only module that imports ``openai`` and ``instructor``.

One structured call = one request without instructor's own re-ask (the small local models
drift when their previous answer is echoed back). The SDK retries transport failures
(``transport_retries``: see the configuration page); the transport caps the response size and
never lets the SDK retry a timed-out request to a loopback server (which keeps computing it).
A caller's own client retries as the caller configured it. Transport errors never reach a prompt.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException
from instructor.processing import handle_response_model
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from ..config import Settings
from ..errors import ConfigError, ExtractionError, OutputError, ResponseTooLarge, TransportError, scrub
from .salvage import lenient as read_leniently
from .salvage import raw_output, salvage
from .stream import Repeat, RepeatWatch

log = logging.getLogger(__name__)
# instructor logs each failed call at ERROR with its own attempt count; with no handler
# configured, Python's last-resort handler would print that to stderr. A NullHandler (the
# library practice) keeps it off stderr; an application's own logging still receives it.
logging.getLogger("instructor").addHandler(logging.NullHandler())
T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

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
    repeat: Repeat | None = None  # a streamed answer stopped where an item repeats into a loop
    estimated: bool = False  # tokens not reported (a stopped stream): chunks read, request bytes / 4


def in_chain(exc: BaseException, test: Callable[[BaseException], bool]) -> BaseException | None:
    """The first exception in ``exc``'s cause chain (``__cause__``, else ``__context__``)
    that passes ``test``, or None: instructor and the SDK wrap the errors that matter."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if test(cur):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def find(exc: BaseException, kind: type[E]) -> E | None:
    """The first exception of ``kind`` in ``exc``'s cause chain (``in_chain``)."""
    found = in_chain(exc, lambda e: isinstance(e, kind))
    return found if isinstance(found, kind) else None


def attempts(exc: BaseException) -> int:
    """Requests the SDK sent for the call that failed with ``exc`` (it numbers its retries
    in the ``x-stainless-retry-count`` header of each request)."""
    err = find(exc, openai.APIError)
    request = getattr(err, "request", None)
    count = request.headers.get("x-stainless-retry-count", "0") if request is not None else "0"
    return int(count) + 1 if count.isdigit() else 1


class _NotRetried(openai.APIConnectionError):
    """A transport failure the SDK must not retry (it retries no ``OpenAIError`` raised by
    the transport): a response too large, a timed-out request to a loopback server."""


class _LoopbackTimeout(_NotRetried, openai.APITimeoutError):
    pass


def _too_large(request: httpx2.Request, message: str) -> _NotRetried:
    err = _NotRetried(message=message, request=request)
    err.__cause__ = ResponseTooLarge(message)
    return err


class _CappedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body read up to ``limit`` bytes; past that, a response too large (the
    rest is never read, so memory stays bounded)."""

    def __init__(self, stream: Any, limit: int, request: httpx2.Request, loopback: bool):
        self._stream = stream
        self._limit = limit
        self._request = request
        self._loopback = loopback
        self._seen = 0

    def _count(self, chunk: bytes) -> bytes:
        self._seen += len(chunk)
        if self._seen > self._limit:
            raise _too_large(self._request, (
                f"the endpoint's response passed {self._limit:,} bytes and was cut off there "
                "(max_response_bytes, LLMCLAIMS_MAX_RESPONSE_BYTES)"))
        return chunk

    def __iter__(self) -> Any:
        with _no_loopback_retry(self._request, self._loopback):
            for chunk in self._stream:
                yield self._count(chunk)

    async def __aiter__(self) -> Any:
        with _no_loopback_retry(self._request, self._loopback):
            async for chunk in self._stream:
                yield self._count(chunk)

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


@contextlib.contextmanager
def _no_loopback_retry(request: httpx2.Request, loopback: bool) -> Iterator[None]:
    """A timeout as one the SDK does not retry, for a loopback server."""
    try:
        yield
    except httpx2.TimeoutException as exc:
        if loopback:
            raise _LoopbackTimeout(request=request) from exc
        raise


def _capped(response: httpx2.Response, request: httpx2.Request, limit: int, loopback: bool
            ) -> httpx2.Response:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        response.close()
        raise _too_large(request, f"the endpoint announced a {int(length):,}-byte response, more "
                                  f"than max_response_bytes ({limit:,}); not read")
    return httpx2.Response(response.status_code, headers=response.headers,
                           stream=_CappedStream(response.stream, limit, request, loopback),
                           extensions=response.extensions)


class _Limits:
    def __init__(self, limit: int, loopback: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.limit, self.loopback = limit, loopback


class CappedTransport(_Limits, httpx2.HTTPTransport):
    """An HTTP transport that reads at most ``limit`` bytes of any response and, for a
    ``loopback`` server, makes a timeout one the SDK does not retry."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        with _no_loopback_retry(request, self.loopback):
            response = super().handle_request(request)
        return _capped(response, request, self.limit, self.loopback)


class AsyncCappedTransport(_Limits, httpx2.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        with _no_loopback_retry(request, self.loopback):
            response = await super().handle_async_request(request)
        return _capped(response, request, self.limit, self.loopback)


def _usage(raw: Any, usage: Any = None) -> tuple[int, int]:
    """(prompt, completion) tokens of ``usage``, else of the completion ``raw``."""
    usage = usage if usage is not None else getattr(raw, "usage", None)
    return (int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0))


class LLM:
    """A structured-output client for one endpoint (sync and async)."""

    def __init__(self, settings: Settings, client: Any = None, *, is_async: bool = False,
                 schema_text: bool = False):
        self.settings = settings
        self.mode = settings.resolved_mode
        # instructor's JSON mode writes the whole schema into the system message (about 55% of
        # a request's prompt tokens): llmclaims sends it only as the grammar. ``schema_text``
        # keeps instructor's way (the naive peer: what a user gets from instructor alone).
        self.schema_text = schema_text
        self.streamed = settings.stream and not schema_text  # instructor alone does not stream
        self._owned = client is None  # a client llmclaims made is closed by ``close``
        if client is None:
            client = _client(settings, is_async)
        self.is_async = isinstance(client, openai.AsyncOpenAI)
        self._raw = client
        self._client = instructor.from_openai(client, mode=_MODES[self.mode])

    def close(self) -> None:
        """Release the connections of a client this object made (not a caller's client)."""
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
        return _with_grammar(kwargs, model) if self.mode == "json" else kwargs

    def complete(self, messages: list[dict[str, str]], model: type[T],
                 max_tokens: int | None = None, reask: bool = True) -> CallResult:
        """One answer; in ``text`` mode an answer that holds nothing usable is asked again with
        the schema as the grammar (a second request, made only when ``reask``)."""
        kwargs = self._kwargs(messages, model, max_tokens)
        try:
            return self._once(kwargs, model)
        except OutputError as exc:
            return _plus(self._once(self._again(exc, kwargs, model, reask), model), exc)

    async def acomplete(self, messages: list[dict[str, str]], model: type[T],
                        max_tokens: int | None = None, reask: bool = True) -> CallResult:
        """:meth:`complete`, each request awaited."""
        kwargs = self._kwargs(messages, model, max_tokens)
        try:
            return await self._aonce(kwargs, model)
        except OutputError as exc:
            return _plus(await self._aonce(self._again(exc, kwargs, model, reask), model), exc)

    def _again(self, exc: OutputError, kwargs: dict[str, Any], model: type[BaseModel],
               reask: bool) -> dict[str, Any]:
        """The request again with the grammar, when ``reask``: only for a free-text answer
        that ended but held nothing usable; any other failure is raised."""
        if not reask or self.mode != "text" or not isinstance(exc.__cause__, _Unparsed):
            raise exc
        log.debug("the free-text answer held nothing usable; asking again with the grammar")
        return _with_grammar(kwargs, model)

    def _request(self, kwargs: dict[str, Any]) -> Callable[[], Any]:
        """The request, to send (and await, for an async client): streamed (read as ``_Answer``),
        direct (``_direct``), else instructor's, which answers (value, completion)."""
        create = self._raw.chat.completions.create
        if self.streamed:
            wire = _plain(kwargs) if self._direct else handle_response_model(
                kwargs["response_model"], mode=_MODES[self.mode], **_plain(kwargs))[1]
            return functools.partial(create, **wire, stream=True, stream_options={"include_usage": True})
        if self._direct:
            return functools.partial(create, **_plain(kwargs))
        return functools.partial(self._client.chat.completions.create_with_completion, **kwargs)

    def _read(self, reply: Any, model: type[T]) -> CallResult:
        if isinstance(reply, tuple):  # instructor's (value, completion)
            value, raw = reply
            return CallResult(value, *_usage(raw), raw)
        streamed = isinstance(reply, _Answer)
        raw = reply.completion() if streamed else reply
        repeat = reply.watch.found if streamed else None
        # an answer stopped at a repeat is cut where the repeat begins: a cut-off answer
        found = _parsed(raw, model, lenient=self.mode == "text") if repeat is None else salvage(
            model, raw_output(raw) or "")
        if found is None:
            raise IncompleteOutputException(last_completion=raw)
        return CallResult(found[0], *_usage(raw), raw, dropped=found[1], repeat=repeat,
                          estimated=streamed and reply.usage is None)

    def _once(self, kwargs: dict[str, Any], model: type[T]) -> CallResult:
        try:
            reply = self._request(kwargs)()
            return self._read(_drain(reply) if self.streamed else reply, model)
        except Exception as exc:  # translated, never swallowed
            return self._failed(exc, model)

    async def _aonce(self, kwargs: dict[str, Any], model: type[T]) -> CallResult:
        try:
            reply = await self._request(kwargs)()
            return self._read(await _adrain(reply) if self.streamed else reply, model)
        except Exception as exc:  # translated, never swallowed
            return self._failed(exc, model)

    def _failed(self, exc: Exception, model: type[BaseModel]) -> CallResult:
        """A cut-off answer (finish_reason "length"): its complete items, if any; else the
        failure, translated."""
        last = getattr(find(exc, IncompleteOutputException), "last_completion", None)
        text = raw_output(last)
        found = salvage(model, text) if text else None
        if found is None:
            raise self._translate(exc) from exc
        log.debug("answer cut off at the token limit; kept its complete items, %d dropped", found[1])
        return CallResult(found[0], *_usage(last), last, truncated=True, dropped=found[1])

    def _translate(self, exc: Exception) -> Exception:
        tried = attempts(exc)
        host = self.settings.endpoint_host
        too_large = find(exc, ResponseTooLarge)
        if too_large is not None:
            return ResponseTooLarge(f"{too_large.args[0]} ({host})", attempts=tried)
        err = find(exc, openai.APIError)
        if isinstance(err, openai.APITimeoutError):
            again = ("not retried: a local server keeps computing a request that timed out"
                     if self.settings.is_loopback else f"after {tried} attempt(s)")
            return TransportError(
                f"the endpoint {host} did not answer within {self.settings.timeout:g} s ({again}); "
                "raise the timeout (--timeout, LLMCLAIMS_TIMEOUT) for a slow model", attempts=tried)
        if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
            return ConfigError(
                f"the endpoint {host} refused the API key (HTTP {err.status_code}); "
                "set LLMCLAIMS_API_KEY or pass api_key=")
        if isinstance(err, openai.NotFoundError):
            return ConfigError(
                f"the endpoint {host} does not know model {self.settings.effective_model!r} "
                "or this path (HTTP 404); check --model and --base-url")
        status = getattr(err, "status_code", None)
        if isinstance(err, openai.APIConnectionError) or status in (408, 409, 429) or (status or 0) >= 500:
            what = f"HTTP {status}" if status else type(err).__name__
            return TransportError(
                f"the endpoint {host} kept failing ({what}) after {tried} attempt(s)", attempts=tried)
        if isinstance(err, openai.APIStatusError):
            return ExtractionError(
                f"the endpoint {host} rejected the request (HTTP {err.status_code}): "
                f"{scrub(err.message, self.settings.api_key)}", attempts=tried)
        failed = getattr(exc, "failed_attempts", None) or []
        last = getattr(exc, "last_completion", None)
        if last is None and failed:
            last = getattr(failed[-1], "completion", None)
        keys = ("prompt_tokens", "completion_tokens")
        tokens = dict(zip(keys, _usage(last, getattr(exc, "total_usage", None)), strict=True))
        reason = scrub(_reason(exc), self.settings.api_key)
        return OutputError(f"the model's answer could not be parsed into the schema: {reason}",
                           attempts=tried, usage=tokens, last_completion=last)


class _Answer:
    """A streamed answer read chunk by chunk: ``add`` says when it repeats an item (the rest
    is then not read); ``completion`` is what was read, cut where the repeat begins."""

    def __init__(self, prompt_estimate: int = 0) -> None:
        self.prompt_estimate = prompt_estimate  # the request's bytes / 4, for a stopped stream
        self.watch = RepeatWatch()
        self.chunks = 0
        self.tool: Any = None  # the tool call (tools mode): its id and function name
        self.finish: str | None = None
        self.usage: Any = None  # sent last (``include_usage``): none when the stream is stopped

    def add(self, chunk: Any) -> bool:
        self.usage = chunk.usage or self.usage
        for choice in chunk.choices[:1]:
            calls = [c for c in choice.delta.tool_calls or [] if c.function is not None]
            self.tool = self.tool or next(iter(calls), None)
            piece = (choice.delta.content or "") + "".join(c.function.arguments or "" for c in calls)
            self.chunks += bool(piece)
            self.finish = choice.finish_reason or self.finish
            self.watch.feed(piece)
        return self.watch.found is not None

    def completion(self) -> ChatCompletion:
        found = self.watch.found
        text = self.watch.text[:found.offset] if found else self.watch.text
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if self.tool is not None:
            message = {"role": "assistant", "tool_calls": [{"id": self.tool.id or "", "type": "function",
                       "function": {"name": self.tool.function.name or "", "arguments": text}}]}
        usage = self.usage or {"prompt_tokens": self.prompt_estimate, "completion_tokens": self.chunks,
                               "total_tokens": self.prompt_estimate + self.chunks}
        return ChatCompletion.model_validate({
            "id": "", "object": "chat.completion", "created": 0, "model": "", "usage": usage,
            "choices": [{"index": 0, "message": message, "finish_reason": self.finish or "stop"}]})


def _is_sse(stream: Any) -> bool:
    """Whether the server streams; one that ignores ``stream`` answers with one completion."""
    return str(stream.response.headers.get("content-type", "")).startswith("text/event-stream")


def _prompt_estimate(stream: Any) -> int:
    """The prompt's tokens as estimated from the request's size (about four bytes a token),
    for a stream stopped before the server reports its usage."""
    try:
        return len(stream.response.request.content) // 4
    except (AttributeError, RuntimeError):  # a request without a readable body
        return 0


def _drain(stream: Any) -> _Answer | ChatCompletion:
    """A streamed answer, read until it ends or repeats an item (closing the response then
    tells the server to stop)."""
    with stream:
        if not _is_sse(stream):
            return ChatCompletion.model_validate_json(stream.response.read())
        answer = _Answer(_prompt_estimate(stream))
        for chunk in stream:
            if answer.add(chunk):
                break
    return answer


async def _adrain(stream: Any) -> _Answer | ChatCompletion:
    async with stream:
        if not _is_sse(stream):
            return ChatCompletion.model_validate_json(await stream.response.aread())
        answer = _Answer(_prompt_estimate(stream))
        async for chunk in stream:
            if answer.add(chunk):
                break
    return answer


def _client(settings: Settings, is_async: bool) -> openai.OpenAI | openai.AsyncOpenAI:
    """An SDK client for the settings' endpoint: the SDK retries transport failures
    ``transport_retries`` times through the size-capped transport (``CappedTransport``)."""
    options: dict[str, Any] = {
        "base_url": settings.base_url, "api_key": settings.effective_api_key,
        "max_retries": settings.transport_retries, "timeout": settings.timeout}
    limit, loopback = settings.max_response_bytes, settings.is_loopback
    if is_async:
        return openai.AsyncOpenAI(**options, http_client=openai.DefaultAsyncHttpxClient(
            transport=AsyncCappedTransport(limit, loopback), timeout=settings.timeout))
    return openai.OpenAI(**options, http_client=openai.DefaultHttpxClient(
        transport=CappedTransport(limit, loopback), timeout=settings.timeout))


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
    IncompleteOutputException (so ``_failed`` keeps its complete items, as in other modes)."""
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


def _reason(exc: BaseException) -> str:
    """What was wrong with the answer, in the validator's words (not instructor's retry summary,
    whose attempt count is not llmclaims')."""
    invalid = in_chain(exc, lambda e: type(e).__name__ == "ValidationError")
    if invalid is not None:
        return str(invalid)
    text = str(exc)
    return re.sub(r"(?i)\s*(total attempts|attempts?)\s*:\s*\d+\.?", "", text)
