"""extract() / aextract(): orchestration, budget and provenance.

text -> clean (content regions) -> prompt -> LLM draft -> ground -> targeted repair of the
items without evidence (once, within budget) -> resolve -> Extraction.

One sans-I/O driver (``_Driver``) decides each request from the answer to the last one and
keeps the budget; ``extract`` and ``aextract`` only send its requests (sync or async) and
hand back the answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, TypedDict, Unpack

from pydantic import ValidationError

from ._version import __version__
from .config import Mode, Settings
from .errors import BudgetExceeded, ConfigError, InputError, OutputError, UsageError, scrub
from .llm.client import LLM, CallResult
from .llm.prompts import extract_messages, min_claims, prompt_version, repair_messages
from .resolve.passes import Context, labels, needs_repair, resolve
from .schema import (
    ArticleMeta,
    Draft,
    Extraction,
    ItemWarning,
    Provenance,
    RepairDraft,
    Usage,
    draft_model,
)
from .text.chunks import split_regions
from .text.clean import Cleaned, check_text, clean

log = logging.getLogger(__name__)

# The pipeline yields (messages, response model) and receives the CallResult (``_Driver``).
Request = tuple[list[dict[str, str]], type[Draft] | type[RepairDraft]]
Pipeline = Generator[Request, CallResult, Extraction]


class _Budget:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}

    def left(self) -> int:
        """Tokens left of the article's budget: no call may ask for more output than this."""
        return max(0, self.settings.max_tokens - self.tokens)

    def can_call(self) -> bool:
        return self.calls < self.settings.max_calls and self.tokens < self.settings.max_tokens

    def can_reask(self) -> bool:
        """Whether a call may become two requests (``LLM.complete``'s re-ask with the grammar)
        and stay within ``max_calls``: every request counts, repairs and re-asks included."""
        return self.calls + 2 <= self.settings.max_calls

    def check(self) -> None:
        if not self.can_call():
            raise BudgetExceeded(
                f"per-article budget spent: {self.calls} call(s) of {self.settings.max_calls}, "
                f"{self.tokens} token(s) of {self.settings.max_tokens}; raise max_calls / "
                "max_tokens (LLMCLAIMS_MAX_CALLS, LLMCLAIMS_MAX_TOKENS) to allow more",
                attempts=self.calls, usage=self.usage())

    def add(self, calls: int, prompt_tokens: int, completion_tokens: int) -> None:
        self.calls += calls
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens


def checked_meta(meta: ArticleMeta | dict[str, Any] | None) -> ArticleMeta | None:
    """``meta`` validated before anything starts: a wrong field is the caller's mistake
    (UsageError naming the field; the value is not shown)."""
    if meta is None or isinstance(meta, ArticleMeta):
        return meta
    try:
        return ArticleMeta.model_validate(meta)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'meta'}: {e['msg']}"
                             for e in exc.errors())
        raise UsageError(scrub(f"meta= must be a mapping of url, title and published (strings or "
                               f"None): {problems}")) from None


def _meta(cleaned: Cleaned, meta: ArticleMeta | dict[str, Any] | None) -> ArticleMeta:
    given = ArticleMeta.model_validate(meta or {})
    header = cleaned.header
    return ArticleMeta(
        url=given.url or header.get("url"),
        title=given.title or header.get("title"),
        published=given.published or (header.get("date") or "")[:10] or None,
    )


def _pipeline(
    text: str, settings: Settings, meta: ArticleMeta | dict[str, Any] | None,
    budget: _Budget, started: float,
) -> Pipeline:
    cleaned = clean(text)
    if not cleaned.regions:
        raise InputError("the text holds only boilerplate (captions, site furniture): no content")
    article_meta = _meta(cleaned, meta)
    chunks = split_regions(cleaned.regions, settings.chunk_chars, text)
    if len(chunks) > settings.max_calls:
        raise BudgetExceeded(
            f"the article needs {len(chunks)} calls ({len(text):,} characters in chunks of "
            f"{settings.chunk_chars:,}) but max_calls is {settings.max_calls}; raise max_calls",
            attempts=0, usage=budget.usage())
    parts: list[Draft] = []
    truncated: list[ItemWarning] = []
    for n, chunk in enumerate(chunks, 1):
        if len(chunks) > 1:
            log.debug("article chunk %d/%d", n, len(chunks))
        messages = extract_messages(cleaned.content(chunk), title=article_meta.title,
                                    published=article_meta.published)
        result = yield messages, draft_model(min_claims(cleaned.content(chunk)))
        assert isinstance(result.value, Draft)
        parts.append(result.value)
        if result.truncated:
            truncated.append(ItemWarning(
                code="truncated", item=f"chunk {n}", reason="answer_cut_off",
                fields={"max_output_tokens": str(settings.max_output_tokens),
                        "dropped": str(result.dropped)},
                message=f"the model's answer was cut off at {settings.max_output_tokens} "
                        f"output tokens; its complete items were kept, {result.dropped} "
                        "incomplete one(s) dropped (raise max_output_tokens for more)"))
    draft = Draft.model_construct(
        actors=[a for p in parts for a in p.actors],
        weapons=[w for p in parts for w in p.weapons],
        claims=[c for p in parts for c in p.claims],
    )
    log.debug("draft: %d actors, %d weapons, %d claims",
              len(draft.actors), len(draft.weapons), len(draft.claims))

    repaired: list[str] = []
    failing = needs_repair(draft, Context.of(cleaned))
    for chunk in chunks:
        content = cleaned.content(chunk)
        items = [{"label": lb, "summary": s, "quote": q} for lb, s, q in failing
                 if _belongs(lb, draft, parts, chunks.index(chunk))]
        if not items or not settings.repair or not budget.can_call():
            continue
        log.debug("repair request for %d item(s)", len(items))
        try:
            fix = yield repair_messages(content, items), RepairDraft
        except OutputError as exc:  # a failed repair never costs the result
            log.debug("the repair answer was unusable (%s); the items stay as drafted", exc)
            continue
        assert isinstance(fix.value, RepairDraft)
        repaired += _apply_fixes(draft, fix.value, {i["label"] for i in items})
    actors, weapons, claims, warnings = resolve(draft, cleaned, repaired=repaired,
                                                title=article_meta.title, off=settings.passes_off)
    warnings = truncated + warnings
    return Extraction(
        actors=actors, weapon_systems=weapons, claims=claims, warnings=warnings,
        provenance=Provenance(
            llmclaims_version=__version__, model=settings.effective_model,
            endpoint=settings.endpoint_host, mode=settings.resolved_mode,
            prompt_version=prompt_version(),
            usage=Usage(calls=budget.calls, **budget.usage()),
            seconds=round(time.monotonic() - started, 3), repairs=len(repaired),
        ),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meta=article_meta,
    )


def _belongs(label: str, draft: Draft, parts: list[Draft], chunk: int) -> bool:
    """Whether draft item ``label`` ('claim 7') came from chunk number ``chunk``."""
    kind, _, num = label.partition(" ")
    field = {"actor": "actors", "weapon": "weapons", "claim": "claims"}[kind]
    index = int(num) - 1
    for n, part in enumerate(parts):
        size = len(getattr(part, field))
        if index < size:
            return n == chunk
        index -= size
    return False


def _apply_fixes(draft: Draft, fixes: RepairDraft, asked: set[str]) -> list[str]:
    """Put the repaired quotes into the draft; returns the labels actually changed."""
    items = dict(labels(draft))
    changed = []
    for fix in fixes.fixes:
        label = " ".join(fix.item.lower().split())
        if label in asked and label in items and fix.quote:
            items[label].quote = fix.quote
            changed.append(label)
    return changed


class Call(NamedTuple):
    """The next request: messages, the response model, the output tokens it may use, and
    whether it may become two requests (a re-ask with the grammar) within ``max_calls``."""

    messages: list[dict[str, str]]
    model: type[Draft] | type[RepairDraft]
    max_tokens: int
    reask: bool


class _Driver:
    """The pipeline as a state machine: ``send`` takes the answer to the last request (None
    to start) and returns the next request or the finished Extraction; ``failed`` takes an
    answer that could not be read (the pipeline decides whether it ends the extraction: a
    failed repair keeps the draft). No I/O: the caller sends the requests."""

    def __init__(self, text: str, settings: Settings, meta: Any):
        self.budget = _Budget(settings)
        self._pipe = _pipeline(text, settings, meta, self.budget, time.monotonic())

    def send(self, answer: CallResult | None) -> Call | Extraction:
        try:
            if answer is None:
                messages, model = next(self._pipe)
            else:
                self.budget.add(answer.calls, answer.prompt_tokens, answer.completion_tokens)
                messages, model = self._pipe.send(answer)
        except StopIteration as stop:
            done: Extraction = stop.value
            return done
        return self._next(messages, model)

    def failed(self, exc: OutputError) -> Call | Extraction:
        """An unusable answer (charged by ``after``), thrown into the pipeline."""
        try:
            messages, model = self._pipe.throw(exc)
        except StopIteration as stop:
            done: Extraction = stop.value
            return done
        return self._next(messages, model)

    def _next(self, messages: list[dict[str, str]], model: type[Draft] | type[RepairDraft]) -> Call:
        self.budget.check()
        return Call(messages, model, self.budget.left(), self.budget.can_reask())

    def after(self, answer: CallResult | OutputError) -> Call | Extraction:
        """The next step after a call: its answer, or the OutputError it ended in. An answer
        that could not be read still costs its call and tokens (its error then says what the
        whole article used) and is thrown into the pipeline, which decides whether it ends the
        extraction."""
        if not isinstance(answer, OutputError):
            return self.send(answer)
        self.budget.add(1, answer.usage.get("prompt_tokens", 0), answer.usage.get("completion_tokens", 0))
        answer.attempts = self.budget.calls
        answer.usage = self.budget.usage()
        return self.failed(answer)


def _settings(settings: Settings | None, client: Any, **given: Any) -> Settings:
    """Resolved settings; a caller's own client names the endpoint (for mode and provenance).
    ``settings`` together with other endpoint arguments or options is a caller mistake: one
    of them would be dropped."""
    if settings is None:
        settings = Settings.resolve(**given)
    else:
        extra = sorted(k for k, v in given.items() if v is not None)
        if extra:
            raise ConfigError(f"pass either settings= or {extra}, not both (resolve them into one "
                              "Settings with Settings.resolve(...))")
    client_url = getattr(client, "base_url", None)
    if client_url is not None and settings.base_url is None:
        settings = replace(settings, base_url=str(client_url).rstrip("/"))
    return settings


class ExtractOptions(TypedDict, total=False):
    """The further keyword arguments of :func:`extract` and :func:`aextract` (each one a
    :class:`~llmclaims.config.Settings` field; left out: its environment variable, else its
    default)."""

    mode: Mode
    timeout: float
    max_calls: int
    max_tokens: int
    chunk_chars: int
    max_output_tokens: int
    temperature: float
    transport_retries: int
    max_response_bytes: int
    repair: bool
    passes_off: Sequence[str] | str
    local_model: str
    model_path: str | Path
    home: str | Path


@contextlib.contextmanager
def _endpoint(settings: Settings, client: Any) -> Iterator[Settings]:
    """The settings of the endpoint to call: with none configured (and no client), the
    embedded local model's, started for the call."""
    if client is not None or not settings.uses_local_model:
        yield settings
        return
    from .local.server import managed_server

    with managed_server(settings) as local_settings:
        yield local_settings


def extract(
    text: str, *, model: str | None = None, base_url: str | None = None,
    api_key: str | None = None, client: Any = None, meta: ArticleMeta | dict[str, Any] | None = None,
    settings: Settings | None = None, **options: Unpack[ExtractOptions],
) -> Extraction:
    """Extract grounded actors, weapon systems and claims from one article.

    ``text`` is the article as you have it; every span in the result indexes into it.
    Endpoint: ``base_url`` / ``api_key`` / ``model`` (or ``LLMCLAIMS_*`` / ``OPENAI_*``
    environment variables); with none configured, the embedded local model is started
    (``pip install '.[local]'`` in the checkout). ``client`` may be an ``openai.OpenAI``
    instance (it retries as you configured it). ``meta`` carries url, title and publication
    date into the result. ``settings``, a resolved :class:`~llmclaims.config.Settings`,
    replaces the endpoint arguments and the keyword arguments below: giving both raises
    :class:`~llmclaims.ConfigError`.

    Keyword arguments (type, default, environment variable):

    * ``mode`` (``"auto" | "tools" | "json" | "json_schema" | "text"``, ``"auto"``,
      ``LLMCLAIMS_MODE``): structured-output mode; ``auto`` picks ``tools`` for hosted
      endpoints, ``text`` for loopback servers.
    * ``timeout`` (float, ``600.0``, ``LLMCLAIMS_TIMEOUT``): seconds per request.
    * ``max_calls`` (int, ``16``, ``LLMCLAIMS_MAX_CALLS``): model calls allowed per article.
    * ``max_tokens`` (int, ``150000``, ``LLMCLAIMS_MAX_TOKENS``): tokens (in + out) allowed
      per article; :class:`~llmclaims.BudgetExceeded` past either limit.
    * ``chunk_chars`` (int, ``7000``, ``LLMCLAIMS_CHUNK_CHARS``): a longer article is sent in
      chunks of at most this many characters.
    * ``max_output_tokens`` (int, ``3000``): output tokens one call may write.
    * ``temperature`` (float, ``0.0``): sampling temperature.
    * ``transport_retries`` (int, ``3``, ``LLMCLAIMS_RETRIES``): retries of a failed request
      (connection, timeout, 429, 5xx).
    * ``max_response_bytes`` (int, ``8000000``, ``LLMCLAIMS_MAX_RESPONSE_BYTES``): largest
      response body read.
    * ``repair`` (bool, ``True``): ask once again for the quotes of items without evidence.
    * ``passes_off`` (sequence of names or comma-separated str, ``()``,
      ``LLMCLAIMS_PASSES_OFF``): resolution passes to leave out (an ablation; ``resolve.PASSES``).
    * ``local_model`` (str, ``"qwen2.5-coder-1.5b"``, ``LLMCLAIMS_LOCAL_MODEL``): the embedded
      model (``"qwen2.5-coder-0.5b"`` is the other).
    * ``model_path`` (str or Path, ``None``, ``LLMCLAIMS_MODEL_PATH``): a GGUF file to serve
      instead of the packaged model.
    * ``home`` (str or Path, ``None``: ``$XDG_CACHE_HOME/llmclaims``, ``LLMCLAIMS_HOME``):
      the cache folder.

    An unknown or malformed option raises :class:`~llmclaims.ConfigError`.
    """
    check_text(text)
    meta = checked_meta(meta)
    with _endpoint(_settings(settings, client, model=model, base_url=base_url, api_key=api_key,
                             **options), client) as resolved:
        return _extract_sync(text, resolved, meta, client)


def _extract_sync(text: str, settings: Settings, meta: Any, client: Any) -> Extraction:
    driver, llm = _Driver(text, settings, meta), LLM(settings, client)
    try:
        step = driver.send(None)
        while isinstance(step, Call):
            step = driver.after(_called(llm, step))
        return step
    finally:
        llm.close()


def _called(llm: LLM, step: Call) -> CallResult | OutputError:
    try:
        return llm.complete(step.messages, step.model, step.max_tokens, reask=step.reask)
    except OutputError as exc:
        return exc


async def aextract(
    text: str, *, model: str | None = None, base_url: str | None = None,
    api_key: str | None = None, client: Any = None, meta: ArticleMeta | dict[str, Any] | None = None,
    settings: Settings | None = None, **options: Unpack[ExtractOptions],
) -> Extraction:
    """Asyncio twin of :func:`extract`, with the same keyword arguments (``client`` may be an
    ``openai.AsyncOpenAI``)."""
    check_text(text)
    meta = checked_meta(meta)
    with _endpoint(_settings(settings, client, model=model, base_url=base_url, api_key=api_key,
                             **options), client) as resolved:
        return await _extract_async(text, resolved, meta, client)


async def _acalled(llm: LLM, step: Call) -> CallResult | OutputError:
    try:
        return await llm.acomplete(step.messages, step.model, step.max_tokens, reask=step.reask)
    except OutputError as exc:
        return exc


async def _extract_async(text: str, settings: Settings, meta: Any, client: Any) -> Extraction:
    driver, llm = _Driver(text, settings, meta), LLM(settings, client, is_async=True)
    try:
        step = driver.send(None)
        while isinstance(step, Call):
            step = driver.after(await _acalled(llm, step))
        return step
    finally:
        await llm.aclose()
