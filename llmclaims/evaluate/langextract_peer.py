"""Peer: google/langextract through its OpenAI-compatible provider, with a few-shot example
of the same kind as ours (the project's own drone-transfer example), scored by our scorer.

Needs ``pip install '.[peers]'`` (in the checkout). langextract's extractions (class, verbatim text,
character interval, attributes) are mapped onto our result types. langextract returns one
extraction per mention, so actors and weapons of the same name (case and spacing aside) are
grouped into one item with all their mentions (what any user would do); nothing else is
merged or re-grounded, so the comparison shows what langextract itself delivers.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..config import Settings
from ..errors import ConfigError, install_hint
from ..llm.prompts import load_example
from ..schema import (
    Actor,
    Claim,
    Extraction,
    Provenance,
    Span,
    Usage,
    WeaponSystem,
)

PROMPT = (
    "Extract, in order of appearance: actors (states, agencies, armed groups, organizations, "
    "people), weapons (weapon systems and munitions) and claims (statements of fact with who "
    "made them). Use exact text from the article. Attributes: actor kind and country; weapon "
    "category, caliber_mm, origin and recipient; claim type, claimant and certainty "
    "(asserted, probable, possible, denied, unconfirmed)."
)
_KINDS = {"state", "government_body", "military", "intelligence_agency", "armed_group",
          "international_org", "organization", "person", "other"}
_CATEGORIES = {"missile", "artillery", "rocket_launcher", "ammunition", "drone", "aircraft",
               "air_defense", "armored_vehicle", "anti_tank", "small_arms", "naval", "mine",
               "other"}
_TYPES = {"transfer", "deployment", "attack", "casualty", "capability", "production",
          "agreement", "denial", "policy", "assessment", "other"}
_CERTAINTY = {"asserted", "probable", "possible", "denied", "unconfirmed"}


def _mention(text: str, names: list[str], fallback: str) -> str:
    """The actor's earliest name or alias written in ``text`` (langextract's convention:
    the shortest verbatim mention), else the example's quote."""
    found = [(text.find(n), n) for n in names if n and n in text]
    return min(found)[1] if found else fallback


def _examples(lx: Any) -> list[Any]:
    """Our few-shot example in langextract's own convention: verbatim mentions, in order of
    appearance (its aligner matches them in sequence; out of order, they only match fuzzily)."""
    ex = load_example()
    text = ex["text"]
    out = []
    for a in ex["answer"]["actors"]:
        mention = _mention(text, [a["name"], *a["aliases"]], a["quote"])
        out.append(lx.data.Extraction(extraction_class="actor", extraction_text=mention,
                                      attributes={"name": a["name"], "kind": a["kind"],
                                                  "country": a["country"] or ""}))
    for w in ex["answer"]["weapons"]:
        out.append(lx.data.Extraction(extraction_class="weapon", extraction_text=w["name"],
                                      attributes={"category": w["category"],
                                                  "origin": w["origin"] or "",
                                                  "recipient": w["recipient"] or ""}))
    for c in ex["answer"]["claims"]:
        out.append(lx.data.Extraction(extraction_class="claim", extraction_text=c["quote"],
                                      attributes={"type": c["type"],
                                                  "claimant": c["claimant"] or "",
                                                  "certainty": c["certainty"]}))
    out.sort(key=lambda e: text.find(e.extraction_text))
    return [lx.data.ExampleData(text=text, extractions=out)]


def _same_name(name: str, items: Sequence[Actor | WeaponSystem]) -> int | None:
    """The item already extracted under the same name (case and spacing aside):
    langextract returns one extraction per mention."""
    k = " ".join(name.casefold().split())
    return next((i for i, it in enumerate(items) if " ".join(it.name.casefold().split()) == k),
                None)


def _span(e: Any, text: str) -> list[Span]:
    """langextract's own alignment: its interval, exact or (any other status) fuzzy."""
    ci = e.char_interval
    if ci is None or ci.start_pos is None or ci.end_pos is None:
        return []
    status = getattr(e.alignment_status, "value", None)
    return [Span(start=ci.start_pos, end=ci.end_pos, text=text[ci.start_pos:ci.end_pos],
                 match="exact" if status == "match_exact" else "fuzzy")]


def langextract_extract(text: str, settings: Settings, client: Any = None) -> Extraction:
    try:
        import langextract as lx
        from langextract.providers.openai import OpenAILanguageModel
    except ImportError:
        raise ConfigError("the langextract peer needs: " + install_hint("peers")) from None
    started = time.monotonic()
    model = OpenAILanguageModel(model_id=settings.effective_model,
                                api_key=settings.effective_api_key, base_url=settings.base_url,
                                temperature=0.0, max_workers=1,
                                # the same output limit per call as ours: without it the
                                # small model can loop until its context is full
                                max_output_tokens=settings.max_output_tokens)
    doc = lx.extract(text_or_documents=text, prompt_description=PROMPT, examples=_examples(lx),
                     model=model, fence_output=False, use_schema_constraints=False,
                     max_workers=1, batch_length=1, show_progress=False,
                     # the example's claims contain the actors they name: overlapping by
                     # design, which langextract's sequential aligner reports as fuzzy
                     prompt_validation_level=lx.prompt_validation.PromptValidationLevel.OFF)
    actors: list[Actor] = []
    weapons: list[WeaponSystem] = []
    claims: list[Claim] = []
    ids: dict[str, str] = {}
    for e in doc.extractions or []:
        attrs = {k: str(v) for k, v in (e.attributes or {}).items()}
        span = _span(e, text)
        if e.extraction_class == "actor":
            name = attrs.get("name") or e.extraction_text
            same = _same_name(name, actors)
            if same is not None:  # another mention of an actor already extracted
                merged = [*actors[same].mentions, *span]
                actors[same] = actors[same].model_copy(
                    update={"mentions": merged, "grounded": bool(merged)})
                ids.setdefault(name, actors[same].id)
                continue
            ids.setdefault(name, f"a{len(actors) + 1}")
            actors.append(Actor(id=f"a{len(actors) + 1}", name=name,
                                kind=attrs.get("kind") if attrs.get("kind") in _KINDS else "other",
                                mentions=span, grounded=bool(span)))
    for e in doc.extractions or []:
        attrs = {k: str(v) for k, v in (e.attributes or {}).items()}
        span = _span(e, text)
        if e.extraction_class == "weapon":
            same = _same_name(e.extraction_text, weapons)
            if same is not None:
                merged = [*weapons[same].mentions, *span]
                weapons[same] = weapons[same].model_copy(
                    update={"mentions": merged, "grounded": bool(merged)})
                continue
            cal = attrs.get("caliber_mm")
            weapons.append(WeaponSystem(
                id=f"w{len(weapons) + 1}", name=e.extraction_text,
                category=attrs.get("category") if attrs.get("category") in _CATEGORIES else "other",
                caliber_mm=float(cal) if cal and cal.replace(".", "", 1).isdigit() else None,
                origin=ids.get(attrs.get("origin", "")), recipient=ids.get(attrs.get("recipient", "")),
                mentions=span, grounded=bool(span)))
        elif e.extraction_class == "claim":
            claims.append(Claim(
                id=f"c{len(claims) + 1}", statement=e.extraction_text,
                type=attrs.get("type") if attrs.get("type") in _TYPES else "other",
                claimant=ids.get(attrs.get("claimant", "")),
                certainty=attrs.get("certainty") if attrs.get("certainty") in _CERTAINTY else "asserted",
                evidence=span, grounded=bool(span)))
    return Extraction(
        actors=actors, weapon_systems=weapons, claims=claims, warnings=[],
        provenance=Provenance(
            llmclaims_version=__version__, model=settings.effective_model,
            endpoint=settings.endpoint_host, mode="langextract", prompt_version="langextract",
            usage=Usage(), seconds=round(time.monotonic() - started, 3)),
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
