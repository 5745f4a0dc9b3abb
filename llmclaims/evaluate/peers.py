"""Peer baseline: a naive single-call instructor extraction, scored by the same scorer.

One request with the raw article (no cleaning), the draft schema llmclaims used when the peer
was recorded (``peer_schema``) written into the prompt as instructor's JSON mode does, no grounding beyond an
exact ``str.find`` of each quote, no merging of aliases, no repair: what a user gets from
instructor alone. It goes through ``client.LLM`` (the one module that imports instructor).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from typing import Any

from ..config import Settings
from ..llm.client import LLM
from ..schema import Actor, Claim, Extraction, Provenance, Span, Usage, WeaponSystem
from .peer_schema import Draft

PROMPT = "Extract the actors, weapon systems and claims from this news article.\n\n{article}"


def _find(quote: str, text: str) -> list[Span]:
    at = text.find(quote) if quote else -1
    return [Span(start=at, end=at + len(quote), text=quote, match="exact")] if at >= 0 else []


def naive_extract(text: str, settings: Settings, client: Any = None) -> Extraction:
    started = time.monotonic()
    if settings.resolved_mode == "text":  # instructor alone has no lenient text mode: its JSON mode
        settings = replace(settings, mode="json")
    llm = LLM(settings, client, schema_text=True)
    result = llm.complete([{"role": "user", "content": PROMPT.format(article=text)}], Draft)
    assert isinstance(result.value, Draft)
    draft: Any = result.value  # a model built with create_model: fields typed at runtime
    ids = {a.name: f"a{i}" for i, a in enumerate(draft.actors, 1)}
    actors = [Actor(id=f"a{i}", name=a.name, kind=a.kind, country=a.country, role=a.role,
                    aliases=a.aliases, mentions=_find(a.quote, text),
                    grounded=bool(_find(a.quote, text)))
              for i, a in enumerate(draft.actors, 1)]
    weapons = [WeaponSystem(id=f"w{i}", name=w.name, category=w.category,
                            caliber_mm=w.caliber_mm, origin=ids.get(w.origin or ""),
                            recipient=ids.get(w.recipient or ""), mentions=_find(w.quote, text),
                            grounded=bool(_find(w.quote, text)))
               for i, w in enumerate(draft.weapons, 1)]
    claims = [Claim(id=f"c{i}", statement=c.statement, type=c.type,
                    claimant=ids.get(c.claimant or ""),
                    via=[ids[v] for v in c.via if v in ids], cue=c.cue, certainty=c.certainty,
                    evidence=_find(c.quote, text), grounded=bool(_find(c.quote, text)))
              for i, c in enumerate(draft.claims, 1)]
    return Extraction(
        actors=actors, weapon_systems=weapons, claims=claims, warnings=[],
        provenance=Provenance.of(model=settings.effective_model, endpoint=settings.endpoint_host,
                                 mode=llm.mode, prompt_version="naive", started=started,
                                 usage=Usage(prompt_tokens=result.prompt_tokens,
                                             completion_tokens=result.completion_tokens, calls=1)),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
