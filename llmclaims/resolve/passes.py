"""Draft -> Extraction: ground every item, merge duplicates, resolve names to ids, flag.

Pure (no LLM, no I/O). Nothing the model drafted is dropped silently: an item whose evidence
cannot be located is kept with ``grounded=False`` and named in ``warnings``; a reference to a
name that matches no actor is named in ``warnings`` too. The work is done by ``actors``,
``weapons``, ``claims`` (with ``attribution``, ``lists``, ``claimtype``); this module
orders it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

from ..errors import ConfigError
from ..schema import (
    Actor,
    Claim,
    Draft,
    DraftActor,
    DraftClaim,
    DraftWeapon,
    ItemWarning,
    WeaponSystem,
)
from ..text.clean import Cleaned
from ..text.sentences import claim_floor
from .actors import ActorTable, conjoined, function_words, place_like, titled_person, weapon_named
from .catalogue import candidates
from .claims import certainty_from_cue, claim_evidence, reported_claims, resolve_claims, statement_speaker
from .context import Context, key
from .links import link_claims
from .lists import merge_list_items
from .weapons import (
    WeaponRec,
    category_of,
    generic_weapon,
    named_weapons,
    package_parties,
    resolve_weapons,
    state_parties,
    transfer_parties,
)

__all__ = ["PASSES", "PIPELINE", "Context", "Run", "State", "certainty_from_cue", "check_passes",
           "key", "labels", "needs_repair", "resolve", "titled_person"]


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
            summary = item.said
        else:
            span = ctx.locate(item.quote)
            if span is not None and ctx.in_content(span):
                continue
            name = item.name
            if ctx.mentions(name) or not item.quote:
                continue  # grounded by mentions, or no quote to repair (ungrounded if unnamed)
            summary = name
        out.append((label, summary, item.quote or ""))
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
    "state_parties": "a supplier or recipient that is a state's organ taken at the level of its state",
    "package_parties": "a transfer's missing party from the article's one package (all other transfers agree)",
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


@dataclass
class State:
    """What resolution has built so far. Every step gets a copy of the state the step before
    it returned (``resolve`` copies) and returns it: no step sees or changes another step's
    objects, and the state each step returns stays as it was (``trace``)."""

    pending: list[tuple[int, DraftActor]]  # draft actors not yet in the table (1-based n)
    as_weapons: list[tuple[str, DraftWeapon]]  # draft actors that name a weapon
    refused: set[str]  # keys of names written as places
    actors: ActorTable
    warnings: list[ItemWarning]
    weapons: list[WeaponRec] = dc_field(default_factory=list)
    claims: list[Claim] = dc_field(default_factory=list)
    actor_list: list[Actor] = dc_field(default_factory=list)
    weapon_list: list[WeaponSystem] = dc_field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """What every step reads and none changes: the article, the draft, the passes left out."""

    ctx: Context
    draft: Draft
    skip: frozenset[str]


def _weapon_actors(s: State, run: Run) -> State:
    keep = []
    for n, a in s.pending:
        if not weapon_named(a.name):
            keep.append((n, a))
            continue
        generic = generic_weapon(a.name)
        if not generic:
            s.as_weapons.append((f"draft actor {n}", DraftWeapon(
                name=a.name, category=category_of(a.name), caliber_mm=None,
                designation=None, quantity=None, origin=None, recipient=None, quote=a.name)))
        s.warnings.append(ItemWarning(
            code="dropped" if generic else "adjusted", item=f"draft actor {n}",
            message=f"{a.name!r} names a weapon, not an actor" +
                    ("" if generic else "; taken as a weapon")))
    s.pending = keep
    return s


def _place_actors(s: State, run: Run) -> State:
    keep = []
    for n, a in s.pending:
        if a.kind == "other" and place_like(a.name, run.ctx):
            s.refused.add(key(a.name))
            s.warnings.append(ItemWarning(code="dropped", item=f"draft actor {n}",
                                          message=f"{a.name!r} is written as a place, not an actor"))
        else:
            keep.append((n, a))
    s.pending = keep
    return s


def _add_actors(s: State, run: Run) -> State:
    s.actors.refused |= s.refused
    for n, a in s.pending:
        if not a.name.strip():
            continue
        if function_words(a.name):
            s.warnings.append(ItemWarning(code="dropped", item=f"draft actor {n}",
                                          message=f"{a.name!r} is a pronoun or determiner, not a name"))
            continue
        parts = conjoined(a.name)
        if parts is None:
            s.actors.add(a, a.name)
            continue
        s.warnings.append(ItemWarning(code="adjusted", item=f"draft actor {n}",
                                      message=f"{a.name!r} names two actors: {[p for p, _ in parts]}"))
        for part, kind in parts:
            s.actors.add(a.model_copy(update={"name": part, "kind": kind, "aliases": []}), part)
    s.pending = []
    return s


def _named_states(s: State, run: Run) -> State:
    s.actors.add_named_states()  # before claims: their sources may be these states
    return s


def _descriptions(s: State, run: Run) -> State:
    s.actors.merge_descriptions()  # before weapons and claims refer to actors by slot
    return s


def _weapons(s: State, run: Run) -> State:
    s.weapons = resolve_weapons(run.draft.weapons, run.ctx, s.actors, s.warnings,
                                from_actors=s.as_weapons)
    return s


def _named_weapons(s: State, run: Run) -> State:
    s.weapons += named_weapons(run.ctx, s.weapons, s.actors, s.warnings)
    return s


def _transfer_parties(s: State, run: Run) -> State:
    transfer_parties(run.ctx, s.weapons, s.actors, s.warnings,
                     voice=statement_speaker(run.ctx, s.actors))
    return s


def _state_parties(s: State, run: Run) -> State:
    state_parties(s.weapons, s.actors, s.warnings)
    return s


def _package_parties(s: State, run: Run) -> State:
    package_parties(run.ctx, s.weapons, s.actors, s.warnings)  # after parties are states
    return s


def _claims(s: State, run: Run) -> State:
    s.claims = resolve_claims(run.draft.claims, run.ctx, s.actors, s.weapons, s.warnings,
                              run.skip)
    return s


def _list_merge(s: State, run: Run) -> State:
    s.claims = merge_list_items(s.claims, run.ctx.text, s.warnings)
    return s


def _reported(s: State, run: Run) -> State:
    content = "\n".join(run.ctx.text[a:b] for a, b in run.ctx.regions)
    if len(run.draft.claims) >= claim_floor(content):
        return s  # a draft that read the article fully chose its claims: nothing to fill
    s.claims += reported_claims(run.ctx, s.actors, s.claims, s.warnings)
    return s


def _build(s: State, run: Run) -> State:
    s.actor_list = s.actors.build()
    s.weapon_list = [
        WeaponSystem(
            id=f"w{i}", name=w.name, category=w.category, caliber_mm=w.caliber_mm,
            designation=w.designation, quantity=w.quantity,
            origin=None if w.origin is None else f"a{w.origin + 1}",
            recipient=None if w.recipient is None else f"a{w.recipient + 1}",
            mentions=w.mentions, grounded=bool(w.mentions), candidates=[])
        for i, w in enumerate(s.weapons, 1)
    ]
    s.claims = link_claims(s.actor_list, s.weapon_list, s.claims)  # every claim of every pass
    return s


def _catalogue(s: State, run: Run) -> State:
    names = {a.id: a.name for a in s.actor_list}
    s.weapon_list = [w.model_copy(update={"candidates": candidates(
        w.name, w.category, w.caliber_mm, None if w.origin is None else names[w.origin])})
        for w in s.weapon_list]
    return s


Step = Callable[[State, Run], State]

# Draft to result, in order. A named pass (``PASSES``) can be left out; the other steps
# (``actors``, ``weapons``, ``claims``, ``build``) ground what the model drafted and always run.
# ``stated``, ``attribution``, ``certainty`` and ``claim_type`` are read per claim inside the
# ``claims`` step (they need the claim's draft) and are switched there.
PIPELINE: tuple[tuple[str, Step], ...] = (
    ("weapon_actors", _weapon_actors),
    ("place_actors", _place_actors),
    ("actors", _add_actors),
    ("named_states", _named_states),
    ("descriptions", _descriptions),
    ("weapons", _weapons),
    ("named_weapons", _named_weapons),
    ("transfer_parties", _transfer_parties),
    ("state_parties", _state_parties),
    ("package_parties", _package_parties),
    ("claims", _claims),
    ("list_merge", _list_merge),
    ("reported", _reported),
    ("build", _build),
    ("catalogue", _catalogue),
)


def _start(draft: Draft, cleaned: Cleaned, ctx: Context, repaired: Sequence[str]) -> State:
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
    return State(pending=list(enumerate(draft.actors, 1)), as_weapons=[], refused=set(),
                 actors=ActorTable(ctx, warnings), warnings=warnings)


def resolve(draft: Draft, cleaned: Cleaned, *, repaired: Sequence[str] = (),
            reported: bool = True, title: str | None = None, catalogue: bool = True,
            off: Iterable[str] = (), trace: Callable[[str, State], None] | None = None
            ) -> tuple[list[Actor], list[WeaponSystem], list[Claim], list[ItemWarning]]:
    """Turn a draft into grounded, cross-referenced records and their warnings. ``off`` names
    passes (``PASSES``) to leave out; ``reported=False`` and ``catalogue=False`` are the same
    as naming those passes. ``trace`` hears each step's name and the state it returned."""
    skip = check_passes(off) | {name for name, on in (("reported", reported),
                                                      ("catalogue", catalogue)) if not on}
    ctx = Context.of(cleaned, title)
    run = Run(ctx, draft, skip)
    state = _start(draft, cleaned, ctx, repaired)
    for name, step in PIPELINE:
        if name in skip:
            continue
        # the step works on its own copy; the article (ctx) is shared and never changed
        state = step(copy.deepcopy(state, {id(ctx): ctx}), run)
        if trace is not None:
            trace(name, state)
    return state.actor_list, state.weapon_list, state.claims, state.warnings
