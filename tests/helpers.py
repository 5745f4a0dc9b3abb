"""Invariants every replayed result must satisfy."""

from __future__ import annotations

from typing import Any

from llmclaims import Extraction
from llmclaims.text.grounding import locate


def assert_invariants(result: Extraction, text: str) -> None:
    """Every span slices back; every id resolves; grounded items have evidence."""
    for span in result.spans():
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start:span.end] == span.text, (span, text[span.start:span.end])
        if span.match == "exact":
            assert span.text.strip() == span.text
    actor_ids = {a.id for a in result.actors}
    weapon_ids = {w.id for w in result.weapon_systems}
    assert len(actor_ids) == len(result.actors)
    for w in result.weapon_systems:
        for ref in (w.origin, w.recipient, w.user):
            assert ref is None or ref in actor_ids, (w.id, ref)
        assert w.grounded == bool(w.mentions)
    for c in result.claims:
        refs = [c.claimant, *c.via, *c.not_confirmed_by, *c.denied_by, *c.actors]
        assert all(r is None or r in actor_ids for r in refs), (c.id, refs)
        assert all(r in weapon_ids for r in c.weapon_systems), c.id
        if c.grounded:
            assert c.evidence, c.id
            assert locate(c.evidence[0].text, text) is not None
        else:
            assert any(w.item == c.id and w.code == "ungrounded" for w in result.warnings), c.id
    for a in result.actors:
        assert a.grounded == bool(a.mentions)
    assert len(result.text_sha256) == 64
    assert result.provenance.usage.calls >= 1
    assert result.provenance.usage.prompt_tokens > 0


def actor_named(result: Extraction, *names: str) -> str | None:
    """Id of the actor whose name or alias matches one of ``names`` (case-insensitive)."""
    wanted = {n.casefold() for n in names}
    for a in result.actors:
        if {a.name.casefold(), *(x.casefold() for x in a.aliases)} & wanted:
            return a.id
    return None


def draft_actor(name: str, kind: str = "state", aliases: list[str] | None = None,
                quote: str | None = None, country: str | None = None,
                role: str | None = None) -> dict[str, Any]:
    """A drafted actor as the model's JSON holds it (quote defaults to the name)."""
    return {"name": name, "kind": kind, "country": country, "role": role,
            "aliases": aliases or [], "quote": name if quote is None else quote}


def draft_claim(statement: str, quote: str, **kw: Any) -> dict[str, Any]:
    """A drafted claim as the model's JSON holds it; ``kw`` overrides any field."""
    base: dict[str, Any] = {
        "statement": statement, "claimant": None, "certainty": "asserted",
        "not_confirmed_by": [], "denied_by": [], "actors": [], "weapons": [], "place": None,
        "time": None, "quote": quote}
    base.update(kw)
    return base
