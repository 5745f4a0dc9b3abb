"""Draft -> Extraction: ground every item, merge duplicates, resolve names to ids, flag.

Pure (no LLM, no I/O). Nothing the model drafted is dropped silently: an item whose evidence
cannot be located is kept with ``grounded=False`` and named in ``warnings``; a reference to a
name that matches no actor is named in ``warnings`` too. The work is done by ``actors``,
``weapons``, ``claims`` (with ``attribution``, ``lists``, ``claimtype``); this module
declares it: one registry of steps (``step``), each with the fields of ``State`` it reads,
writes and adds to, whether it can be switched off, and what it does. The order is checked
from the declarations when the module is imported (``check_order``), and each step's result
against its declaration when it runs. ``PASSES`` (the switchable steps), ``check_passes``,
``llmclaims eval --ablate`` and ``scripts/pipeline_doc.py`` read the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import ConfigError
from ..schema import (
    Actor,
    Claim,
    Draft,
    DraftActor,
    DraftClaim,
    DraftWeapon,
    ItemWarning,
    RepairDraft,
    WeaponSystem,
)
from ..text.clean import Cleaned
from ..text.sentences import claim_floor
from .actors import (
    ActorTable,
    conjoined,
    function_words,
    headline,
    person_like,
    place_like,
    titled_person,
    unnamed_group,
    weapon_named,
)
from .catalogue import candidates
from .claims import (
    ClaimRec,
    attributed,
    certain,
    certainty_from_cue,
    claim_evidence,
    claim_records,
    drafted_claims,
    reported_claims,
    speaker_from_title,
    stated,
    statement_speaker,
    typed,
)
from .context import Context, key
from .links import link_claims
from .lists import merge_list_items, renumbered
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

__all__ = ["PASSES", "PIPELINE", "Context", "Run", "State", "Step", "certainty_from_cue", "check_order",
           "check_passes", "key", "labels", "needs_repair", "resolve", "step", "titled_person"]


def labels(draft: Draft) -> list[tuple[str, DraftWeapon | DraftClaim]]:
    """Stable labels for the draft items that carry a quote, as used in repair requests:
    'weapon 1', 'claim 3' (an actor has no quote: it is grounded by its mentions)."""
    out: list[tuple[str, DraftWeapon | DraftClaim]] = []
    out += [(f"weapon {i}", w) for i, w in enumerate(draft.weapons, 1)]
    out += [(f"claim {i}", c) for i, c in enumerate(draft.claims, 1)]
    return out


def apply_fixes(draft: Draft, fixes: RepairDraft, asked: set[str]) -> list[str]:
    """Put the repaired quotes (of the items ``asked``) into the draft; returns the labels actually changed."""
    items = dict(labels(draft))
    changed = []
    for fix in fixes.fixes:
        label = " ".join(fix.item.lower().split())
        if label in asked and label in items and fix.quote:
            items[label].quote = fix.quote
            changed.append(label)
    return changed


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


# ---- the registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What resolution has built so far; frozen. A step returns a new state
    (``dataclasses.replace``) holding new values for the fields it declares (``Step.writes``,
    ``Step.adds``) and the same objects for the others; warnings only grow (a step that
    rewrites earlier ones declares ``warnings``). No step changes an object an earlier state
    holds (``trace`` can keep every state)."""

    actors: ActorTable
    pending: tuple[tuple[int, DraftActor], ...]  # draft actors not yet in the table (1-based n)
    as_weapons: tuple[tuple[str, DraftWeapon], ...] = ()  # draft actors that name a weapon
    refused: frozenset[str] = frozenset()  # keys of names written as places
    warnings: tuple[ItemWarning, ...] = ()
    weapons: tuple[WeaponRec, ...] = ()
    voice: int | None = None  # the statement's speaker its title names (``statement_speaker``)
    claim_recs: tuple[ClaimRec, ...] = ()
    claims: tuple[Claim, ...] = ()
    actor_list: tuple[Actor, ...] = ()
    weapon_list: tuple[WeaponSystem, ...] = ()


@dataclass(frozen=True)
class Run:
    """What every step reads and none changes: the article and the draft."""

    ctx: Context
    draft: Draft

    def sparse(self) -> bool:
        """Whether the draft left claims out: fewer than one per two sentences of the content
        (``text.sentences.claim_floor``). ``reported`` fills only such a draft: a draft that
        read the article fully chose its claims. (Measured on dev: gating ``named_states`` the
        same way costs the 1.5B model's drafts 0.038 actor F1, so it stays ungated.)"""
        content = "\n".join(self.ctx.text[a:b] for a, b in self.ctx.regions)
        return len(self.draft.claims) < claim_floor(content)


StepFn = Callable[[State, Run], State]
_FIELDS = frozenset(f.name for f in fields(State))


@dataclass(frozen=True)
class Step:
    """One step of resolution, as declared: the fields of ``State`` it reads, those it
    writes (new values that may change what is there) and those it only adds to (new
    entries, none renumbered: actors a reference finds written in the text)."""

    name: str
    fn: StepFn
    reads: frozenset[str]
    writes: frozenset[str]
    adds: frozenset[str]
    description: str
    default: bool = True  # runs unless switched off
    switchable: bool = True  # may be switched off (``off=``, an ablation); else it always runs


def check_order(steps: Sequence[Step]) -> tuple[Step, ...]:
    """``steps`` when their declarations agree with their order: each names only fields of
    ``State``, and no step reads a field (without writing it itself) that a later step
    writes; else ValueError. Adding to a field after it was read is allowed (new entries
    change none the reader saw)."""
    names = [s.name for s in steps]
    if len(set(names)) != len(names):
        raise ValueError(f"resolution steps registered twice: {names}")
    for i, step in enumerate(steps):
        unknown = (step.reads | step.writes | step.adds) - _FIELDS
        if unknown:
            raise ValueError(f"step {step.name!r} declares {sorted(unknown)}, not fields of State")
        for later in steps[i + 1:]:
            stale = (step.reads - step.writes) & later.writes
            if stale:
                raise ValueError(f"step {step.name!r} reads {sorted(stale)}, which the later step "
                                 f"{later.name!r} writes")
    return tuple(steps)


_REGISTERED: list[Step] = []


def step(name: str, *, reads: str, writes: str, adds: str = "", description: str,
         switchable: bool = True, default: bool = True) -> Callable[[StepFn], StepFn]:
    """Register the decorated function as the next step of resolution (fields as
    space-separated names)."""
    def register(fn: StepFn) -> StepFn:
        _REGISTERED.append(Step(name, fn, frozenset(reads.split()), frozenset(writes.split()),
                                frozenset(adds.split()), description, default, switchable))
        return fn
    return register


def _with(s: State, new: list[ItemWarning], **changes: Any) -> State:
    """``s`` with ``changes`` and the warnings ``new`` after its own."""
    return replace(s, warnings=(*s.warnings, *new), **changes)


def _table(s: State) -> tuple[ActorTable, list[ItemWarning]]:
    """A copy of the state's actor table for a step that changes it, and the list its
    warnings (and the step's) go to."""
    out: list[ItemWarning] = []
    return s.actors.copy(out), out


# ---- the steps, in order --------------------------------------------------------------------


@step("weapon_actors", reads="pending", writes="pending as_weapons",
      description="an 'actor' the model drafted that names a weapon becomes a weapon")
def _weapon_actors(s: State, run: Run) -> State:
    keep, weapons, new = [], [], []
    for n, a in s.pending:
        if not weapon_named(a.name):
            keep.append((n, a))
            continue
        generic = generic_weapon(a.name)
        if not generic:
            weapons.append((f"draft actor {n}", DraftWeapon(
                name=a.name, category=category_of(a.name), caliber_mm=None,
                designation=None, quantity=None, origin=None, recipient=None, quote=a.name)))
        new.append(ItemWarning(
            code="dropped" if generic else "adjusted", item=f"draft actor {n}",
            reason="actor_is_generic_weapon" if generic else "actor_is_weapon", fields={"name": a.name},
            message=f"{a.name!r} names a weapon, not an actor" +
                    ("" if generic else "; taken as a weapon")))
    return _with(s, new, pending=tuple(keep), as_weapons=(*s.as_weapons, *weapons))


@step("place_actors", reads="pending", writes="pending refused",
      description="an actor of kind 'other', or a 'state' no gazetteer knows, written as a place is dropped")
def _place_actors(s: State, run: Run) -> State:
    keep, refused, new = [], set(), []
    for n, a in s.pending:
        if (a.kind == "other" or (a.kind == "state" and not person_like(a.name))) \
                and place_like(a.name, run.ctx):  # a state the gazetteer knows is no place
            refused.add(key(a.name))
            new.append(ItemWarning(code="dropped", item=f"draft actor {n}", reason="actor_is_place",
                                   fields={"name": a.name},
                                   message=f"{a.name!r} is written as a place, not an actor"))
        else:
            keep.append((n, a))
    return _with(s, new, pending=tuple(keep), refused=s.refused | refused)


@step("actors", reads="pending refused", writes="actors", switchable=False,
      description="the drafted actors merged into one record per actor (names, aliases, titles)")
def _add_actors(s: State, run: Run) -> State:
    actors, new = _table(s)
    actors.refused = actors.refused | s.refused
    for n, a in s.pending:
        if not a.name.strip():
            continue
        if function_words(a.name):
            new.append(ItemWarning(code="dropped", item=f"draft actor {n}", reason="actor_is_function_word",
                                   fields={"name": a.name},
                                   message=f"{a.name!r} is a pronoun or determiner, not a name"))
            continue
        if unnamed_group(a.name):
            new.append(ItemWarning(code="dropped", item=f"draft actor {n}", reason="actor_unnamed_group",
                                   fields={"name": a.name},
                                   message=f"{a.name!r} is an unnamed group or a joint subject, not an actor "
                                           "(its claims keep no source, or their first-named participant)"))
            continue
        if headline(a.name, run.ctx):
            new.append(ItemWarning(code="dropped", item=f"draft actor {n}", reason="actor_is_headline",
                                   fields={"name": a.name},
                                   message=f"{a.name!r} is the article's headline, not a name"))
            continue
        parts = conjoined(a.name)
        if parts is None or (parts[0][1] == "person" and a.kind not in ("person", "other")):  # a drafted body stands
            actors.add(a, a.name)
            continue
        new.append(ItemWarning(code="adjusted", item=f"draft actor {n}", reason="actor_conjoined",
                               fields={"name": a.name, "actors": "; ".join(p for p, _ in parts)},
                               message=f"{a.name!r} names two actors: {[p for p, _ in parts]}"))
        for part, kind in parts:
            actors.add(a.model_copy(update={"name": part, "kind": kind, "aliases": []}), part)
    return _with(s, new, actors=actors)


@step("named_states", reads="actors", writes="actors",
      description="states the content names twice or more as actors (not as places or modifiers) added")
def _named_states(s: State, run: Run) -> State:
    actors, new = _table(s)
    actors.add_named_states()
    return _with(s, new, actors=actors)


@step("descriptions", reads="actors", writes="actors",
      description="a description ('a South Korean lawmaker') merged into the named actor")
def _descriptions(s: State, run: Run) -> State:
    actors, new = _table(s)
    actors.merge_descriptions()  # renumbers actors: a step that holds slots comes after it
    return _with(s, new, actors=actors)


@step("weapons", reads="as_weapons actors", writes="weapons", adds="actors", switchable=False,
      description="the drafted weapons checked against the words written, duplicates merged")
def _weapons(s: State, run: Run) -> State:
    actors, new = _table(s)
    weapons = resolve_weapons(run.draft.weapons, run.ctx, actors, new, from_actors=s.as_weapons)
    return _with(s, new, actors=actors, weapons=tuple(weapons))


@step("named_weapons", reads="weapons actors", writes="weapons",
      description="weapons the content names in sentences where the draft found none added")
def _named_weapons(s: State, run: Run) -> State:
    new: list[ItemWarning] = []
    added = named_weapons(run.ctx, list(s.weapons), s.actors, new)
    return _with(s, new, weapons=(*s.weapons, *added))


@step("transfer_parties", reads="weapons actors", writes="weapons", adds="actors",
      description="a weapon's missing supplier or recipient read from a transfer sentence")
def _transfer_parties(s: State, run: Run) -> State:
    actors, new = _table(s)
    weapons = transfer_parties(run.ctx, s.weapons, actors, new,
                               voice=statement_speaker(run.ctx, actors))
    return _with(s, new, actors=actors, weapons=tuple(weapons))


@step("state_parties", reads="weapons actors", writes="weapons", adds="actors",
      description="a supplier or recipient that is a state's organ taken at the level of its state")
def _state_parties(s: State, run: Run) -> State:
    actors, new = _table(s)
    weapons = state_parties(s.weapons, actors, new)
    return _with(s, new, actors=actors, weapons=tuple(weapons))


@step("package_parties", reads="weapons actors", writes="weapons",
      description="a transfer's missing party from the article's one package (all other transfers agree)")
def _package_parties(s: State, run: Run) -> State:
    new: list[ItemWarning] = []
    weapons = package_parties(run.ctx, s.weapons, s.actors, new)
    return _with(s, new, weapons=tuple(weapons))


@step("claims", reads="actors", writes="claim_recs voice", adds="actors", switchable=False,
      description="drafted claims with their evidence and drafted source; non-claims and duplicates out")
def _claims(s: State, run: Run) -> State:
    voice = statement_speaker(run.ctx, s.actors)  # before the claims' sources join the table
    actors, new = _table(s)
    voice = speaker_from_title(run.ctx, actors, new) if voice is None else voice
    recs = drafted_claims(run.draft.claims, run.ctx, actors, new)
    return _with(s, new, actors=actors, voice=voice, claim_recs=tuple(recs))


@step("stated", reads="claim_recs actors voice", writes="claim_recs",
      description="evidence grounds a claim only when it states it")
def _stated(s: State, run: Run) -> State:
    return replace(s, claim_recs=tuple(stated(s.claim_recs, run.ctx, s.actors, s.voice)))


@step("attribution", reads="claim_recs actors voice", writes="claim_recs", adds="actors",
      description="source, relays and cue read from the evidence's sentence")
def _attribution(s: State, run: Run) -> State:
    actors, new = _table(s)
    recs = tuple(attributed(s.claim_recs, run.ctx, actors, s.voice, new))
    return _with(s, new, actors=actors, claim_recs=recs)


@step("certainty", reads="claim_recs", writes="claim_recs",
      description="certainty read from the cue and the statement's words")
def _certainty(s: State, run: Run) -> State:
    new: list[ItemWarning] = []
    return _with(s, new, claim_recs=tuple(certain(s.claim_recs, run.draft.claims, run.ctx, new)))


@step("claim_type", reads="claim_recs", writes="claim_recs",
      description="claim type read from the statement's words")
def _claim_type(s: State, run: Run) -> State:
    return replace(s, claim_recs=tuple(typed(s.claim_recs)))


@step("claim_records", reads="claim_recs actors weapons", writes="claims", adds="actors",
      switchable=False, description="claims with ids, and the actors and weapons their evidence writes")
def _claim_records(s: State, run: Run) -> State:
    actors, new = _table(s)
    claims = claim_records(s.claim_recs, run.ctx, actors, s.weapons, new)
    return _with(s, new, actors=actors, claims=tuple(claims))


@step("list_merge", reads="claims warnings", writes="claims warnings",
      description="claims that list the items of one statement merged")
def _list_merge(s: State, run: Run) -> State:
    new: list[ItemWarning] = []
    claims, new_id = merge_list_items(s.claims, run.ctx.text, new)
    return replace(s, claims=tuple(claims), warnings=renumbered((*s.warnings, *new), new_id))


@step("reported", reads="claims actors", writes="claims", adds="actors",
      description="reported speech the model left out added as claims")
def _reported(s: State, run: Run) -> State:
    if not run.sparse():
        return s  # a draft that read the article fully chose its claims: nothing to fill
    actors, new = _table(s)
    added = reported_claims(run.ctx, actors, list(s.claims), new)
    return _with(s, new, actors=actors, claims=(*s.claims, *added))


@step("build", reads="actors weapons", writes="actor_list weapon_list", switchable=False,
      description="actors and weapons as records with ids and the mentions that ground them")
def _build(s: State, run: Run) -> State:
    actors, new = _table(s)
    weapon_list = tuple(
        WeaponSystem(
            id=f"w{i}", name=w.name, category=w.category, caliber_mm=w.caliber_mm,
            designation=w.designation, quantity=w.quantity,
            origin=None if w.origin is None else f"a{w.origin + 1}",
            recipient=None if w.recipient is None else f"a{w.recipient + 1}",
            mentions=w.mentions, grounded=bool(w.mentions), candidates=[])
        for i, w in enumerate(s.weapons, 1))
    return _with(s, new, actor_list=tuple(actors.build()), weapon_list=weapon_list)


@step("catalogue", reads="actor_list weapon_list", writes="weapon_list",
      description="weapons linked to inferred catalogue candidates")
def _catalogue(s: State, run: Run) -> State:
    names = {a.id: a.name for a in s.actor_list}
    return replace(s, weapon_list=tuple(w.model_copy(update={"candidates": candidates(
        w.name, w.category, w.caliber_mm, None if w.origin is None else names[w.origin])})
        for w in s.weapon_list))


@step("links", reads="actor_list weapon_list claims", writes="claims", switchable=False,
      description="every claim lists the actors and weapon systems its evidence names")
def _links(s: State, run: Run) -> State:
    return replace(s, claims=tuple(link_claims(s.actor_list, s.weapon_list, s.claims)))


# Draft to result, in order, checked from the declarations when this module is imported.
PIPELINE: tuple[Step, ...] = check_order(_REGISTERED)
# the steps that can be switched off (``off=``, ``llmclaims eval --ablate``), with what each does
PASSES: dict[str, str] = {s.name: s.description for s in PIPELINE if s.switchable}


def check_passes(off: Iterable[str]) -> frozenset[str]:
    """``off`` as a set of pass names; an unknown name, or a step that always runs, is a
    caller mistake."""
    names = frozenset(off)
    unknown = sorted(names - PASSES.keys())
    if unknown:
        fixed = sorted(set(unknown) & {s.name for s in PIPELINE})
        why = f"; {fixed} always run" if fixed else ""
        raise ConfigError(f"unknown resolution pass(es) {unknown}{why}; known: {list(PASSES)}")
    return names


def _changed_only_what_it_declares(step_: Step, before: State, after: State) -> None:
    """A step's declaration checked on what it returned: the fields it neither writes nor
    adds to are the objects it was given; warnings only grow unless it writes them."""
    for f in _FIELDS - step_.writes - step_.adds - {"warnings"}:
        if getattr(after, f) is not getattr(before, f):
            raise AssertionError(f"step {step_.name!r} changed {f!r}, which it does not declare")
    if "warnings" not in step_.writes and after.warnings[:len(before.warnings)] != before.warnings:
        raise AssertionError(f"step {step_.name!r} rewrote earlier warnings")


def _start(draft: Draft, cleaned: Cleaned, ctx: Context, repaired: Sequence[str]) -> State:
    drafted = dict(labels(draft))
    warnings: list[ItemWarning] = [
        ItemWarning(code="repaired", item=f"draft {label}", reason="quote_repaired",
                    fields={"quote": drafted[label].quote or ""},
                    message=f"quote replaced by a repair request: {drafted[label].quote!r}")
        for label in repaired if label in drafted
    ]
    warnings += [
        ItemWarning(code="instruction", item=f"text {r.start}-{r.end}", reason="instruction_removed",
                    fields={"kind": r.reason.partition('(')[2].rstrip(')'), "text": cleaned.text[r.start:r.end]},
                    message=f"set aside, text addressing the model ({r.reason.partition('(')[2].rstrip(')')}): "
                            f"{cleaned.text[r.start:r.end][:100]!r}")
        for r in cleaned.removed if r.reason.startswith("instruction")
    ]
    return State(actors=ActorTable(ctx), pending=tuple(enumerate(draft.actors, 1)),
                 warnings=tuple(warnings))


def resolve(draft: Draft, cleaned: Cleaned, *, repaired: Sequence[str] = (),
            reported: bool = True, title: str | None = None, catalogue: bool = True,
            off: Iterable[str] = (), on: Iterable[str] = (),
            trace: Callable[[str, State], None] | None = None
            ) -> tuple[list[Actor], list[WeaponSystem], list[Claim], list[ItemWarning]]:
    """Turn a draft into grounded, cross-referenced records and their warnings, running the
    steps of ``PIPELINE`` in order. ``off`` names passes (``PASSES``) to leave out, ``on``
    passes that are off by default to run; ``reported=False`` and ``catalogue=False`` are
    the same as naming those passes in ``off``. ``trace`` hears each step's name and the
    state it returned."""
    skip = check_passes(off) | {name for name, flag in (("reported", reported),
                                                        ("catalogue", catalogue)) if not flag}
    wanted = check_passes(on)
    ctx = Context.of(cleaned, title)
    run = Run(ctx, draft)
    state = _start(draft, cleaned, ctx, repaired)
    for step_ in PIPELINE:
        if step_.name in skip or not (step_.default or step_.name in wanted):
            continue
        new = step_.fn(state, run)
        _changed_only_what_it_declares(step_, state, new)
        state = new
        if trace is not None:
            trace(step_.name, state)
    return list(state.actor_list), list(state.weapon_list), list(state.claims), list(state.warnings)
