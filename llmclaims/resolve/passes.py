"""Draft -> Extraction: ground every item, merge duplicates, resolve names to ids, flag.

Pure (no LLM, no I/O). Nothing the model drafted is dropped silently: an item whose evidence
cannot be located is kept with ``grounded=False`` and named in ``warnings``; a reference to a
name that matches no actor is named in ``warnings`` too. The work is done by ``actors``,
``weapons``, ``claims`` (with ``attribution``, ``lists``, ``claimtype``); this module
orders it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import ConfigError
from ..schema import (
    Actor,
    Claim,
    Draft,
    DraftClaim,
    DraftWeapon,
    ItemWarning,
    WeaponSystem,
)
from ..text.clean import Cleaned
from .actors import ActorTable, place_like, titled_person, weapon_named
from .catalogue import candidates
from .claims import certainty_from_cue, claim_evidence, reported_claims, resolve_claims
from .context import Context, key
from .lists import merge_list_items
from .weapons import (
    category_of,
    generic_weapon,
    named_weapons,
    resolve_weapons,
    transfer_parties,
)

__all__ = ["PASSES", "Context", "certainty_from_cue", "check_passes", "key", "labels",
           "needs_repair", "resolve", "titled_person"]


def labels(draft: Draft) -> list[tuple[str, DraftWeapon | DraftClaim]]:
    """Stable labels for the draft items that carry a quote, as used in repair requests:
    'weapon 1', 'claim 3' (an actor has no quote: it is grounded by its mentions)."""
    out: list[tuple[str, DraftWeapon | DraftClaim]] = []
    out += [(f"weapon {i}", w) for i, w in enumerate(draft.weapons, 1)]
    out += [(f"claim {i}", c) for i, c in enumerate(draft.claims, 1)]
    return out


def needs_repair(draft: Draft, ctx: Context) -> list[tuple[str, str, str]]:
    """(label, summary, quote) of items with no evidence inside the article's content."""
    out = []
    for label, item in labels(draft):
        if isinstance(item, DraftClaim):
            if claim_evidence(item, ctx)[0] is not None:
                continue
            summary = item.statement
        else:
            span = ctx.locate(item.quote)
            if span is not None and ctx.in_content(span):
                continue
            name = item.name
            if ctx.mentions(name):
                continue  # the name itself is written in the article: grounded by mentions
            summary = name
        out.append((label, summary, item.quote))
    return out


# The named passes of resolution, in order, each one switchable (``off``) for an ablation
# (``llmclaims eval --ablate``). Grounding itself (locating quotes, mentions) is not a pass:
# without it there is no result.
PASSES: dict[str, str] = {
    "weapon_actors": "an 'actor' the model drafted that names a weapon becomes a weapon",
    "place_actors": "an actor of kind 'other' written as a place is dropped",
    "named_states": "states the content names twice or more become actors",
    "descriptions": "a description ('a South Korean lawmaker') merged into the named actor",
    "named_weapons": "weapons the content names that the draft left out added",
    "transfer_parties": "a weapon's missing supplier or recipient read from a transfer sentence",
    "stated": "evidence grounds a claim only when it states it",
    "attribution": "source, relays and cue read from the evidence's sentence",
    "certainty": "certainty read from the cue and the statement's words",
    "claim_type": "claim type read from the statement's words",
    "list_merge": "claims that list the items of one statement merged",
    "reported": "reported speech the model left out added as claims",
    "catalogue": "weapons linked to inferred catalogue candidates",
}


def check_passes(off: Iterable[str]) -> frozenset[str]:
    """``off`` as a set of pass names; an unknown name is a caller mistake."""
    names = frozenset(off)
    unknown = sorted(names - PASSES.keys())
    if unknown:
        raise ConfigError(f"unknown resolution pass(es) {unknown}; known: {list(PASSES)}")
    return names


def resolve(draft: Draft, cleaned: Cleaned, *, repaired: Sequence[str] = (),
            reported: bool = True, title: str | None = None, catalogue: bool = True,
            off: Iterable[str] = ()) -> tuple[
    list[Actor], list[WeaponSystem], list[Claim], list[ItemWarning]
]:
    """Turn a draft into grounded, cross-referenced records and their warnings. ``off`` names
    passes (``PASSES``) to leave out; ``reported=False`` and ``catalogue=False`` are the same
    as naming those passes."""
    skip = check_passes(off) | {name for name, on in (("reported", reported),
                                                      ("catalogue", catalogue)) if not on}
    ctx = Context.of(cleaned, title)
    drafted = dict(labels(draft))
    warnings: list[ItemWarning] = [
        ItemWarning(code="repaired", item=f"draft {label}",
                    message=f"quote replaced by a repair request: {drafted[label].quote!r}")
        for label in repaired if label in drafted
    ]
    warnings += [
        ItemWarning(code="instruction", item=f"text {r.start}-{r.end}",
                    message=f"set aside, text addressing the model ({r.reason.partition('(')[2].rstrip(')')}): "
                            f"{cleaned.text[r.start:r.end][:100]!r}")
        for r in cleaned.removed if r.reason.startswith("instruction")
    ]
    actors = ActorTable(ctx, warnings)
    as_weapons: list[tuple[str, DraftWeapon]] = []
    for n, a in enumerate(draft.actors, 1):
        if "weapon_actors" not in skip and weapon_named(a.name):
            generic = generic_weapon(a.name)
            if not generic:
                as_weapons.append((f"draft actor {n}", DraftWeapon(
                    name=a.name, category=category_of(a.name), caliber_mm=None,
                    designation=None, quantity=None, origin=None, recipient=None,
                    quote=a.name)))
            warnings.append(ItemWarning(
                code="dropped" if generic else "adjusted", item=f"draft actor {n}",
                message=f"{a.name!r} names a weapon, not an actor" +
                        ("" if generic else "; taken as a weapon")))
        elif "place_actors" not in skip and a.kind == "other" and place_like(a.name, ctx):
            actors.refused.add(key(a.name))
            warnings.append(ItemWarning(code="dropped", item=f"draft actor {n}",
                                        message=f"{a.name!r} is written as a place, not an actor"))
        elif a.name.strip():
            actors.add(a, a.name)

    if "named_states" not in skip:
        actors.add_named_states()  # before claims: their sources may be these states
    if "descriptions" not in skip:
        actors.merge_descriptions()  # before weapons and claims refer to actors by slot
    weapons = resolve_weapons(draft.weapons, ctx, actors, warnings, from_actors=as_weapons)
    if "named_weapons" not in skip:
        weapons += named_weapons(ctx, weapons, actors, warnings)
    if "transfer_parties" not in skip:
        transfer_parties(ctx, weapons, actors, warnings)
    claims = resolve_claims(draft.claims, ctx, actors, weapons, warnings, skip)
    if "list_merge" not in skip:
        claims = merge_list_items(claims, ctx.text, warnings)
    if "reported" not in skip:
        claims += reported_claims(ctx, actors, claims, warnings)
    actor_list = actors.build()
    weapon_list = [
        WeaponSystem(
            id=f"w{i}", name=w.name, category=w.category, caliber_mm=w.caliber_mm,
            designation=w.designation, quantity=w.quantity,
            origin=None if w.origin is None else f"a{w.origin + 1}",
            recipient=None if w.recipient is None else f"a{w.recipient + 1}",
            mentions=w.mentions, grounded=bool(w.mentions),
            candidates=candidates(w.name, w.category, w.caliber_mm,
                                  None if w.origin is None else actor_list[w.origin].name)
            if "catalogue" not in skip else [])
        for i, w in enumerate(weapons, 1)
    ]
    return actor_list, weapon_list, claims, warnings
