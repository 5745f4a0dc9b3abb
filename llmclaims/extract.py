"""extract() / aextract(): orchestration, budget and provenance.

text -> clean (content regions) -> prompt -> LLM draft -> ground -> targeted repair of the
items without evidence (once, within budget) -> resolve -> Extraction. One sans-I/O driver
(``_Driver``) decides each request from the answer to the last one and keeps the budget;
``extract`` and ``aextract`` only send its requests (sync or async).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, Unpack

from .config import ExtractOptions, Settings
from .errors import BudgetExceeded, InputError, OutputError
from .llm.client import LLM, CallResult
from .llm.prompts import extract_messages, prompt_version, repair_messages
from .resolve.passes import Context, apply_fixes, needs_repair, resolve
from .schema import ArticleMeta, Draft, Extraction, ItemWarning, Provenance, RepairDraft, Usage
from .text.chunks import split_regions
from .text.clean import check_text, clean

log = logging.getLogger(__name__)

# The pipeline yields (messages, response model) and receives the CallResult (``_Driver``).
Request = tuple[list[dict[str, str]], type[Draft] | type[RepairDraft]]
Pipeline = Generator[Request, CallResult, Extraction]


@dataclass
class _Budget:
    settings: Settings
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

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
        """Whether a call may become two requests (a re-ask) and stay within ``max_calls``."""
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


def _pipeline(text: str, settings: Settings, meta: ArticleMeta | dict[str, Any] | None, budget: _Budget,
              started: float) -> Pipeline:
    cleaned = clean(text)
    if not cleaned.regions:
        raise InputError("the text holds only boilerplate (captions, site furniture): no content")
    article_meta = ArticleMeta.model_validate(meta or {}).with_header(cleaned.header)
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
        result = yield messages, Draft
        assert isinstance(result.value, Draft)
        parts.append(result.value)
        truncated += _cut_off(f"chunk {n}", result, settings.max_output_tokens)
    draft = Draft.model_construct(
        actors=[a for p in parts for a in p.actors],
        weapons=[w for p in parts for w in p.weapons],
        claims=[c for p in parts for c in p.claims],
    )
    log.debug("draft: %d actors, %d weapons, %d claims",
              len(draft.actors), len(draft.weapons), len(draft.claims))

    repaired: list[str] = []
    failing, origin = needs_repair(draft, Context.of(cleaned)), _origins(parts)
    for n, chunk in enumerate(chunks):
        content = cleaned.content(chunk)
        items = [{"label": lb, "summary": s, "quote": q} for lb, s, q in failing if origin[lb] == n]
        if not items or not settings.repair or not budget.can_call():
            continue
        log.debug("repair request for %d item(s)", len(items))
        try:
            fix = yield repair_messages(content, items), RepairDraft
        except OutputError as exc:  # a failed repair never costs the result
            log.debug("the repair answer was unusable (%s); the items stay as drafted", exc)
            continue
        assert isinstance(fix.value, RepairDraft)
        repaired += apply_fixes(draft, fix.value, {i["label"] for i in items})
    actors, weapons, claims, warnings = resolve(draft, cleaned, repaired=repaired,
                                                title=article_meta.title, off=settings.passes_off)
    return Extraction(
        actors=actors, weapon_systems=weapons, claims=claims, warnings=truncated + warnings,
        provenance=Provenance.of(model=settings.effective_model, endpoint=settings.endpoint_host,
                                 mode=settings.resolved_mode, prompt_version=prompt_version(),
                                 usage=Usage(calls=budget.calls, **budget.usage()), started=started,
                                 repairs=len(repaired)),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), meta=article_meta)


def _cut_off(item: str, result: CallResult, max_output_tokens: int) -> list[ItemWarning]:
    """The warning of an answer cut off at the token limit or stopped at a repeated item."""
    repeat, dropped = result.repeat, f"{result.dropped} incomplete one(s) dropped"
    if repeat is not None:
        tokens = "; tokens not reported: completion = chunks read, prompt = 0" if result.estimated else ""
        return [ItemWarning(code="truncated", item=item, reason="answer_stopped_at_repeat", message=(
            f"the model's answer was stopped where it began repeating an earlier item ({repeat.list} "
            f"item {repeat.item + 1}); the items before it were kept, {dropped}{tokens}"), fields={
            "list": repeat.list, "index": str(repeat.item), "dropped": str(result.dropped),
            "usage": "estimated" if result.estimated else "reported"})]
    if not result.truncated:
        return []
    return [ItemWarning(
        code="truncated", item=item, reason="answer_cut_off",
        fields={"max_output_tokens": str(max_output_tokens), "dropped": str(result.dropped)},
        message=f"the model's answer was cut off at {max_output_tokens} output tokens; its "
                f"complete items were kept, {dropped} (raise max_output_tokens for more)")]


def _origins(parts: list[Draft]) -> dict[str, int]:
    """The chunk each item of the joined draft (its label: 'claim 7') came from."""
    origin: dict[str, int] = {}
    for kind in ("actor", "weapon", "claim"):
        chunk_of = [n for n, part in enumerate(parts) for _ in getattr(part, f"{kind}s")]
        origin.update({f"{kind} {i}": n for i, n in enumerate(chunk_of, 1)})
    return origin


class Call(NamedTuple):
    """The next request: messages, the response model, the output tokens it may use, and
    whether it may become two requests (a re-ask with the grammar) within ``max_calls``."""

    messages: list[dict[str, str]]
    model: type[Draft] | type[RepairDraft]
    max_tokens: int
    reask: bool


class _Driver:
    """The pipeline as a state machine: ``send`` takes the outcome of the last request (None
    to start) and returns the next request or the finished Extraction. No I/O: the caller
    sends the requests."""

    def __init__(self, text: str, settings: Settings, meta: Any):
        self.budget = _Budget(settings)
        self._pipe = _pipeline(text, settings, meta, self.budget, time.monotonic())

    def send(self, answer: CallResult | OutputError | None) -> Call | Extraction:
        """The next step after a call: its answer, or the OutputError it ended in (it still
        costs its call and tokens, and is thrown into the pipeline, which decides whether it
        ends the extraction: a failed repair keeps the draft)."""
        try:
            if answer is None:
                messages, model = next(self._pipe)
            elif isinstance(answer, OutputError):
                self.budget.add(1, answer.usage.get("prompt_tokens", 0),
                                answer.usage.get("completion_tokens", 0))
                answer.attempts = self.budget.calls
                answer.usage = self.budget.usage()
                messages, model = self._pipe.throw(answer)
            else:
                self.budget.add(answer.calls, answer.prompt_tokens, answer.completion_tokens)
                messages, model = self._pipe.send(answer)
        except StopIteration as stop:
            done: Extraction = stop.value
            return done
        self.budget.check()
        return Call(messages, model, self.budget.left(), self.budget.can_reask())


@contextlib.contextmanager
def _endpoint(settings: Settings | None, client: Any, **given: Any) -> Iterator[Settings]:
    """The settings of the call (``Settings.of_call``: a caller's own client names the
    endpoint); with no endpoint configured (and no client), the embedded local model's,
    started for the call."""
    settings = Settings.of_call(settings, getattr(client, "base_url", None), **given)
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

    ``text`` is the article as you have it; every span in the result indexes into it. The
    endpoint: ``base_url`` / ``api_key`` / ``model``, or ``client`` (an ``openai.OpenAI``, which
    retries as you configured it); with none configured, the embedded local model is started.
    ``meta`` carries url, title and publication date into the result. The keyword arguments
    ``options`` are the :class:`~llmclaims.config.Settings` fields (:class:`ExtractOptions`:
    their types, defaults and environment variables are in the configuration page,
    ``docs/configuration.md``). ``settings``, a resolved Settings, replaces them and the endpoint
    arguments. Giving both, or an unknown or malformed option, raises :class:`~llmclaims.ConfigError`.
    """
    check_text(text)
    meta = ArticleMeta.checked(meta)
    with (_endpoint(settings, client, model=model, base_url=base_url, api_key=api_key,
                    **options) as resolved, contextlib.closing(LLM(resolved, client)) as llm):
        driver = _Driver(text, resolved, meta)
        step = driver.send(None)
        while isinstance(step, Call):
            try:
                answer: CallResult | OutputError = llm.complete(*step)
            except OutputError as exc:
                answer = exc
            step = driver.send(answer)
        return step


async def aextract(
    text: str, *, model: str | None = None, base_url: str | None = None,
    api_key: str | None = None, client: Any = None, meta: ArticleMeta | dict[str, Any] | None = None,
    settings: Settings | None = None, **options: Unpack[ExtractOptions],
) -> Extraction:
    """Asyncio twin of :func:`extract`, with the same keyword arguments (``client`` may be an
    ``openai.AsyncOpenAI``)."""
    check_text(text)
    meta = ArticleMeta.checked(meta)
    with _endpoint(settings, client, model=model, base_url=base_url, api_key=api_key,
                   **options) as resolved:
        async with contextlib.aclosing(LLM(resolved, client, is_async=True)) as llm:
            driver = _Driver(text, resolved, meta)
            step = driver.send(None)
            while isinstance(step, Call):
                try:
                    answer: CallResult | OutputError = await llm.acomplete(*step)
                except OutputError as exc:
                    answer = exc
                step = driver.send(answer)
            return step
