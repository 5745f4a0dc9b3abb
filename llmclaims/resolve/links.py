"""Links from each claim to the actors and weapon systems its evidence names, and their roles. Pure.

``link_claims`` runs once over the finished result, so a claim of every pass (the model's, the
list items merged into it, reported speech added by the library) is linked against the final
actor and weapon lists: an actor or weapon system is *named* by a claim when one of its
mentions lies inside an evidence span, or its name or an alias is written there (whole word,
case-sensitive, as mentions are found: ``text.grounding.find_mentions``). A link already made
is never dropped.

``claim_links`` reads the role of every link of a result (``LinkRole``), for the exports and
the viewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from ..schema import Actor, Claim, Extraction, Span, WeaponSystem, names_of
from ..text.grounding import find_mentions

__all__ = ["ACTOR_ROLES", "WEAPON_ROLES", "Link", "LinkRole", "claim_links", "link_claims", "named_by"]

LinkRole = Literal["claimant", "relay", "subject", "supplier", "recipient", "mentioned",
                   "denied_by", "not_confirmed_by"]
ACTOR_ROLES: tuple[LinkRole, ...] = ("claimant", "relay", "subject", "supplier", "recipient",
                                     "denied_by", "not_confirmed_by", "mentioned")
WEAPON_ROLES: tuple[LinkRole, ...] = ("subject", "mentioned")

Item = Actor | WeaponSystem


class Link(NamedTuple):
    """One link of a claim: ``item_id`` (an actor's or a weapon system's id) in ``role``."""

    claim_id: str
    item_id: str
    role: LinkRole


def _first_in(lo: int, text: str, item: Item) -> int | None:
    """Where ``item`` is first written in ``text``, which starts at offset ``lo`` of the
    article: a mention inside it, or its name or an alias written there."""
    hi = lo + len(text)
    at = [m.start for m in item.mentions if lo <= m.start and m.end <= hi]
    at += [lo + s.start for n in names_of(item) for s in find_mentions(n, text, limit=1)]
    return min(at, default=None)


def named_by(evidence: Sequence[Span], items: Iterable[Item]) -> list[str]:
    """Ids of the items the evidence names, in the order they are first written there."""
    first: dict[str, tuple[int, int]] = {}
    for n, span in enumerate(evidence):
        for item in items:
            at = _first_in(span.start, span.text, item)
            if at is not None and item.id not in first:
                first[item.id] = (n, at)
    return sorted(first, key=lambda i: first[i])


def _kept(named: list[str], before: list[str]) -> list[str]:
    return named + [x for x in before if x not in named]


def link_claims(actors: Sequence[Actor], weapons: Sequence[WeaponSystem],
                claims: Sequence[Claim]) -> list[Claim]:
    """Every claim with ``actors`` and ``weapon_systems`` listing every item its evidence
    names (first written first), then any link it had that the evidence does not write."""
    out = []
    for c in claims:
        update = {"actors": _kept(named_by(c.evidence, actors), c.actors),
                  "weapon_systems": _kept(named_by(c.evidence, weapons), c.weapon_systems)}
        same = update["actors"] == c.actors and update["weapon_systems"] == c.weapon_systems
        out.append(c if same else c.model_copy(update=update))
    return out


def _statement_spans(c: Claim) -> list[Span]:
    """Where the claim's statement is written inside its evidence (none for a model's
    restatement that no evidence writes word for word)."""
    out = []
    for e in c.evidence:
        at = e.text.find(c.statement)
        if at >= 0 and c.statement:
            out.append(Span(start=e.start + at, end=e.start + at + len(c.statement),
                            text=c.statement, match=e.match))
    return out


def _in_statement(c: Claim, spans: list[Span], item: Item) -> bool:
    if any(_first_in(s.start, s.text, item) is not None for s in spans):
        return True
    return not spans and any(find_mentions(n, c.statement, limit=1) for n in names_of(item))


def _actor_roles(c: Claim, a: Actor, spans: list[Span], parties: dict[str, set[str]]) -> list[LinkRole]:
    roles: list[LinkRole] = []
    if c.claimant == a.id:
        roles.append("claimant")
    if a.id in c.via:
        roles.append("relay")
    named = a.id in c.actors
    if named and a.id not in (c.claimant, *c.via) and _in_statement(c, spans, a):
        roles.append("subject")
    party: LinkRole
    for party in ("supplier", "recipient"):
        if named and a.id in parties[party]:
            roles.append(party)
    if a.id in c.denied_by:
        roles.append("denied_by")
    if a.id in c.not_confirmed_by:
        roles.append("not_confirmed_by")
    return roles or (["mentioned"] if named else [])


def claim_links(result: Extraction) -> tuple[list[Link], list[Link]]:
    """``(actor links, weapon links)`` of every claim, one per item and role.

    Actors: ``claimant`` (the original source), ``relay`` (in ``via``), and for an actor the
    evidence names: ``subject`` (named in the statement, not as its source or relay),
    ``supplier`` / ``recipient`` (the origin / recipient of a weapon system the claim names);
    ``denied_by`` / ``not_confirmed_by``; ``mentioned`` (named in the evidence, no other role).
    Weapon systems: ``subject`` (named in the statement), else ``mentioned`` (named only in the
    evidence around it)."""
    weapons = {w.id: w for w in result.weapon_systems}
    actor_links: list[Link] = []
    weapon_links: list[Link] = []
    for c in result.claims:
        spans = _statement_spans(c)
        named = [weapons[w] for w in c.weapon_systems if w in weapons]
        parties = {"supplier": {w.origin for w in named if w.origin},
                   "recipient": {w.recipient for w in named if w.recipient}}
        for a in result.actors:
            actor_links += [Link(c.id, a.id, r) for r in _actor_roles(c, a, spans, parties)]
        weapon_links += [Link(c.id, w.id, "subject" if _in_statement(c, spans, w) else "mentioned")
                         for w in named]
    return actor_links, weapon_links
