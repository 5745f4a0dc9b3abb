"""Public result types, and the draft types the LLM fills.

The draft carries names and verbatim quotes only: no ids, no offsets. The library turns a
draft into an :class:`Extraction` whose every id resolves and whose every span slices back
into the caller's text (see ``resolve.py``).
"""

from __future__ import annotations

import hashlib
import inspect
import re
import textwrap
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from ._version import __version__
from .errors import UnknownItem, UsageError, scrub

MatchKind = Literal["exact", "normalized", "fuzzy"]
ActorKind = Literal[
    "state", "government_body", "military", "intelligence_agency", "armed_group",
    "international_org", "organization", "person", "other",
]
WeaponCategory = Literal[
    "missile", "artillery", "rocket_launcher", "ammunition", "drone", "aircraft",
    "air_defense", "armored_vehicle", "anti_tank", "small_arms", "naval", "mine", "other",
]
ClaimType = Literal[
    "transfer", "deployment", "attack", "casualty", "capability", "production", "agreement",
    "denial", "policy", "assessment", "other",
]
Certainty = Literal["asserted", "probable", "possible", "denied", "unconfirmed"]


_FIELDS = "\n\nFields:\n"


def _summary(schema: dict[str, Any], cls: type) -> None:
    """The JSON Schema's description of a result type: its docstring without the field list
    (each property carries its own description)."""
    schema["description"] = (cls.__doc__ or "").partition(_FIELDS)[0]


def _type_name(annotation: Any) -> str:
    name = annotation.__name__ if isinstance(annotation, type) else repr(annotation)
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(?=\w)", "", name)


class _Frozen(BaseModel):
    """A result type: immutable, unknown fields refused. Its docstring gains a list of its
    fields with their descriptions, so ``help()`` explains every field."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_summary)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        listed = "\n".join(f"    {name}: {_type_name(f.annotation)}\n"
                           + textwrap.fill(f.description or "", 92, initial_indent=" " * 8,
                                           subsequent_indent=" " * 8)
                           for name, f in cls.model_fields.items())
        cls.__doc__ = inspect.cleandoc(cls.__doc__ or "") + _FIELDS + listed


# ---------------------------------------------------------------------------------------
# Result types (public)
# ---------------------------------------------------------------------------------------
class Span(_Frozen):
    """A stretch of the caller's text, located verbatim: ``text[span.start:span.end] == span.text``
    always holds for the text passed to :func:`~llmclaims.extract`."""

    start: int = Field(ge=0, description="Offset of the first character in the caller's text (0-based).")
    end: int = Field(ge=0, description="Offset just after the last character (``text[start:end]``).")
    text: str = Field(description="The characters at ``[start:end]`` of the caller's text, as written there.")
    match: MatchKind = Field(description=(
        "How the model's quote was found: 'exact' (as written), 'normalized' (after folding "
        "case, white space, quote marks and dashes) or 'fuzzy' (a close alignment, at least 90 "
        "of 100). The span's text is always the article's own characters, never the quote's."))


class Quantity(_Frozen):
    """How many, as the text says it: an exact value, or a low/high bound, with a qualifier."""

    value: float | None = Field(default=None, description="The number when the text writes one exact count.")
    low: float | None = Field(default=None, description="Lower bound ('more than 100', '100 to 200').")
    high: float | None = Field(default=None, description="Upper bound ('up to 50', '100 to 200').")
    qualifier: str | None = Field(
        default=None, description="The hedge written before the number ('about', 'more than', 'up to').")
    text: str = Field(description="The quantity's words as written in the article.")


class Actor(_Frozen):
    """Someone who acts or speaks in the article: a state, body, armed force, group or person.

    Every actor is grounded by its mentions (its name or an alias written in the content);
    ids (``a1``, ``a2`` ...) are what claims and weapon systems refer to
    (:meth:`Extraction.actor` looks one up)."""

    id: str = Field(description="Id within this result ('a1', 'a2' ...), referred to by claims and weapons.")
    name: str = Field(description="Canonical full name ('North Korea', 'Lee Seong-kweun').")
    kind: ActorKind = Field(description="What sort of actor it is: state, government_body, military, ...")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the actor's country.")
    role: str | None = Field(default=None, description="A person's title as written ('lawmaker'); else None.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article writes for the same actor ('Pyongyang', 'NIS').")
    mentions: list[Span] = Field(
        default_factory=list, description="Every place the content writes the name or an alias.")
    grounded: bool = Field(default=True, description="False when no mention was found in the article's content.")


class CatalogueCandidate(_Frozen):
    """A catalogue entry the mention may be: inferred, never written by the text. ``support``
    lists the mention's own words that back it (a designation key, the caliber, the category,
    the supplier's country); an entry without support is never proposed."""

    designation: str = Field(description="The catalogue entry's designation ('M142 HIMARS').")
    origin: str | None = Field(default=None, description="Country that makes it, per the catalogue.")
    category: str = Field(description="The catalogue's category of the entry.")
    caliber_mm: float | None = Field(default=None, description="The entry's caliber in millimetres, if any.")
    score: float = Field(description="Ranking score: higher is better supported (not a probability).")
    support: list[str] = Field(
        description="The mention's own words backing the entry ('caliber 240 mm', \"designation 'HIMARS'\").")
    inferred: Literal[True] = Field(default=True, description="Always true: the article does not state it.")
    source: str = Field(description="Which catalogue the entry comes from.")


class WeaponSystem(_Frozen):
    """A weapon system the article names, with what the text says about its numbers and parties."""

    id: str = Field(description="Id within this result ('w1', 'w2' ...), listed by claims' ``weapon_systems``.")
    name: str = Field(description="The system as the article writes it ('240mm rocket launchers').")
    category: WeaponCategory = Field(description="Kind of system: missile, artillery, drone, air_defense, ...")
    caliber_mm: float | None = Field(default=None, description="Caliber in millimetres, only where written.")
    designation: str | None = Field(
        default=None, description="Model designation, only where the article writes it ('HIMARS').")
    quantity: Quantity | None = Field(default=None, description="How many, as written; None if no count is given.")
    origin: str | None = Field(default=None, description="Actor id of the supplier, where the text says.")
    recipient: str | None = Field(default=None, description="Actor id of the recipient, where the text says.")
    user: str | None = Field(default=None, description="Actor id of who operates it (reserved: not filled yet).")
    mentions: list[Span] = Field(default_factory=list, description="Every place the content writes it.")
    grounded: bool = Field(default=True, description="False when no mention was found in the article's content.")
    candidates: list[CatalogueCandidate] = Field(
        default_factory=list, description="Catalogue entries it may be, ranked; inferred, not stated")


class _Owner:
    """A claim's way back to the result that holds it. Not data: never dumped, equal to any
    other and to none (a claim's equality is its fields'), shared (not copied) by copies of
    the claim."""

    __slots__ = ("result",)

    def __init__(self, result: Extraction) -> None:
        self.result = result

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, _Owner)

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> _Owner:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Owner:
        return self


class Claim(_Frozen):
    """Something the article reports as said or done, who says so, and the words that state it.

    ``claimant`` is the original source and ``via`` the actors it was relayed through: "Lee said
    the NIS has confirmed that the North shipped artillery" is the NIS's claim (claimant), via
    Lee, with the cue "confirmed". A claim taken from a result (``result.claims``) can name its
    items: :attr:`claimant_actor`, :attr:`via_actors`, :attr:`named_actors`, :attr:`weapons`."""

    id: str = Field(description="Id within this result ('c1', 'c2' ...).")
    statement: str = Field(description=(
        "What the claim asserts: the evidence's own words with the reporting frame left out "
        "('the North has shipped 170mm artillery'), or the model's restatement when "
        "``paraphrase`` is true."))
    type: ClaimType = Field(description="What kind of event or stance: transfer, attack, denial, assessment, ...")
    claimant: str | None = Field(default=None, description=(
        "Actor id of the original source of the claim; None when the article states it itself "
        "(no source is written)."))
    via: list[str] = Field(default_factory=list, description=(
        "Actor ids the claim was relayed through on its way to the article, in order, the one "
        "nearest the source first ('Lee said the NIS confirmed ...': claimant NIS, via [Lee])."))
    cue: str | None = Field(default=None, description=(
        "The reporting words the evidence writes for the source ('said', 'has confirmed', "
        "'believes'); None when none is written."))
    certainty: Certainty = Field(description=(
        "How sure the text says the source is: 'asserted' (stated as fact), 'probable' "
        "('believes', 'assessed', 'likely'), 'possible' ('may', 'could', 'possibly'), 'denied' "
        "('denied the report'), 'unconfirmed' ('has not been independently verified', "
        "'allegedly'). Read from the cue and the evidence's words, not only the model's answer."))
    not_confirmed_by: list[str] = Field(
        default_factory=list, description="Actor ids the text says have not confirmed it.")
    denied_by: list[str] = Field(default_factory=list, description="Actor ids the text says deny it.")
    actors: list[str] = Field(default_factory=list, description=(
        "Actor ids of every actor the evidence names (a mention, the name or an alias written "
        "inside it), first written first; the source and relays too when the evidence names them."))
    weapon_systems: list[str] = Field(default_factory=list, description=(
        "Weapon system ids of every system the evidence names (a mention or its name written "
        "inside it), first written first."))
    place: str | None = Field(default=None, description="Where, as written in the article; None if not written.")
    time: str | None = Field(default=None, description="When, as written in the article; None if not written.")
    evidence: list[Span] = Field(default_factory=list, description=(
        "The article's words that state the claim (located verbatim in the caller's text); "
        "empty when the claim is ungrounded."))
    grounded: bool = Field(description=(
        "True when the evidence is in the article's content and states the claim (same "
        "polarity, numbers, names and recipient). An ungrounded claim is kept, with a warning, "
        "never presented as grounded."))
    paraphrase: bool = Field(
        default=False,
        description="True when the model wrote its own restatement of the claim (kept, unverified, "
                    "in drafted_statement); a grounded statement is always the article's words")
    drafted_statement: str | None = Field(
        default=None,
        description="UNVERIFIED: the model's restatement, when it wrote one other than the "
                    "evidence's words. Never the grounded statement; a claim is grounded only "
                    "when its evidence states this restatement too (resolve.stated)")

    _owner: _Owner | None = PrivateAttr(default=None)

    def _result(self) -> Extraction:
        if self._owner is None:
            raise UsageError(f"claim {self.id} belongs to no Extraction: take it from result.claims")
        return self._owner.result

    @property
    def claimant_actor(self) -> Actor | None:
        """The original source as an :class:`Actor`; None when the article states it itself."""
        return None if self.claimant is None else self._result().actor(self.claimant)

    @property
    def via_actors(self) -> list[Actor]:
        """The relays (``via``) as :class:`Actor` objects, the one nearest the source first."""
        return [self._result().actor(a) for a in self.via]

    @property
    def named_actors(self) -> list[Actor]:
        """Every actor the evidence names (``actors``) as :class:`Actor` objects."""
        return [self._result().actor(a) for a in self.actors]

    @property
    def weapons(self) -> list[WeaponSystem]:
        """The weapon systems the evidence names (``weapon_systems``) as :class:`WeaponSystem` objects."""
        return [self._result().weapon(w) for w in self.weapon_systems]


# Why a warning was given: stable, machine-readable (``ItemWarning.reason``). A reason with a
# colon names a family and its member ("not_stated:number"). "unspecified": a result written
# before reasons existed.
Reason = Literal[
    # actors
    "actor_is_weapon", "actor_is_generic_weapon", "actor_is_place", "actor_is_function_word", "actor_is_headline",
    "actor_unnamed_group",
    "actor_conjoined", "actor_merged", "state_alias_apart", "state_named_in_content", "speaker_from_title",
    "description_merged",
    "reference_unresolved", "actor_not_mentioned",
    # weapons
    "weapon_unnamed", "weapon_is_category", "category_echo", "weapon_generic", "weapon_is_actor",
    "weapon_not_named_as_weapon", "caliber_not_written", "weapon_duplicate", "weapon_not_found",
    "weapon_list_split", "weapon_named_in_content", "supplier_from_sentence",
    "recipient_from_sentence", "party_from_package", "party_at_state_level",
    # claims: evidence
    "evidence_outside_content", "evidence_from_sentence", "quote_not_stating", "quote_not_found",
    "not_stated:polarity", "not_stated:number", "not_stated:actor", "not_stated:name",
    "not_stated:role", "not_a_claim:credit_line", "not_a_claim:heading", "not_a_claim:greeting",
    "not_a_claim:stamp", "claim_duplicate",
    "list_item_merged",
    # claims: source, certainty, reported speech
    "source_from_text", "source_from_transcript", "source_is_speaker", "source_not_an_actor",
    "source_unwritten", "certainty_from_cue", "uniform_certainty", "turn_added",
    "first_person_added", "reported_speech_added", "source_drafted_stands", "certainty_drafted_stands",
    "not_stated:words", "under_instruction",
    # the model's answer and the article
    "quote_repaired", "instruction_removed", "answer_cut_off", "answer_stopped_at_repeat",
    "unspecified",
]
REASONS: tuple[Reason, ...] = get_args(Reason)  # every reason, for docs and filters


class ItemWarning(_Frozen):
    """Something the caller should know about one item: what the library could not ground or
    resolve, or changed: ``code`` says what happened to it, ``reason`` why (``REASONS``),
    ``fields`` the words that decided it (names, cues, numbers as written), ``message`` the
    same for a reader."""

    code: Literal[
        "ungrounded", "repaired", "unresolved_reference", "merged", "dropped", "adjusted",
        "truncated", "added", "instruction", "alternative",
    ] = Field(description=(
        "What happened: 'ungrounded' (no evidence in the content: kept, flagged), 'repaired' "
        "(a quote replaced by a repair request), 'unresolved_reference' (a name that matches no "
        "actor: reference left out), 'merged' (a duplicate folded into another item), 'dropped' "
        "(a drafted item that is not one: a pronoun, a place, a credit line), 'adjusted' (a value "
        "the text contradicts, corrected: source, certainty, evidence), 'truncated' (the model's "
        "answer was cut off: at the output-token limit, or where an item repeats into a loop), 'added' "
        "(an item the model left out, added from the text), "
        "'instruction' (text addressing the model set aside, never read as content), 'alternative' "
        "(the drafted value stands, consistent with the text; the rules' own reading is given "
        "beside it)."))
    item: str = Field(description="The item concerned: a result id ('c3', 'a2') or a draft label ('draft claim 4').")
    message: str = Field(description="The reason, in words (for people; match on ``code`` and ``reason``).")
    reason: Reason = Field(default="unspecified", description=(
        "Why, as a stable code a program can filter on (``llmclaims.REASONS`` lists them all): "
        "e.g. 'source_from_text', 'reported_speech_added', 'certainty_from_cue', "
        "'not_stated:number'; 'unspecified' only in results saved before reasons existed."))
    fields: dict[str, str] = Field(default_factory=dict, description=(
        "The words that decided it (names, cues, numbers as written), by role."))


class Usage(_Frozen):
    """Tokens and calls spent on one article."""

    prompt_tokens: int = Field(default=0, description="Tokens sent to the model, all calls together.")
    completion_tokens: int = Field(default=0, description="Tokens the model wrote, all calls together.")
    calls: int = Field(default=0, description="Model calls made (the extraction, a repair request, retries).")


class ArticleMeta(_Frozen):
    """What is known about the article besides its text: given by the caller or read from its header."""

    url: str | None = Field(default=None, description="Where the article was published.")
    title: str | None = Field(default=None, description="The article's title.")
    published: str | None = Field(default=None, description="ISO date, anchors relative times")

    @classmethod
    def checked(cls, meta: ArticleMeta | Mapping[str, Any] | None) -> ArticleMeta | None:
        """``meta`` validated before anything starts: a wrong field is the caller's mistake
        (UsageError naming the field; the value is not shown)."""
        if meta is None or isinstance(meta, ArticleMeta):
            return meta
        try:
            return cls.model_validate(meta)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'meta'}: {e['msg']}"
                                 for e in exc.errors())
            raise UsageError(scrub(f"meta= must be a mapping of url, title and published (strings "
                                   f"or None): {problems}")) from None

    def with_header(self, header: Mapping[str, str]) -> ArticleMeta:
        """These values, each one missing read from the article's header block."""
        return ArticleMeta(url=self.url or header.get("url"), title=self.title or header.get("title"),
                           published=self.published or (header.get("date") or "")[:10] or None)


class Provenance(_Frozen):
    """How the result was made: library and prompt versions, model, endpoint, cost."""

    llmclaims_version: str = Field(description="Version of llmclaims that made the result.")
    model: str = Field(description="The model's name as sent to the endpoint.")
    endpoint: str = Field(
        description="Host (and port) of the endpoint, no credentials; 'embedded' for the local model.")
    mode: str = Field(description="Structured-output mode used: 'tools', 'json', 'json_schema' or 'text'.")
    prompt_version: str = Field(
        description="sha256 (12 hex) of the prompt templates, examples and draft schemas: changes with them.")
    usage: Usage = Field(description="Tokens and calls spent.")
    seconds: float = Field(description="Wall-clock seconds the extraction took.")
    repairs: int = Field(default=0, description="Draft items whose quote a repair request replaced.")

    @classmethod
    def of(cls, *, model: str, endpoint: str, mode: str, prompt_version: str, usage: Usage,
           started: float, repairs: int = 0) -> Provenance:
        """How a result was made by this version, since ``started`` (``time.monotonic``)."""
        return cls(llmclaims_version=__version__, model=model, endpoint=endpoint, mode=mode,
                   prompt_version=prompt_version, usage=usage,
                   seconds=round(time.monotonic() - started, 3), repairs=repairs)


Ref = TypeVar("Ref", Actor, WeaponSystem)


class Extraction(_Frozen):
    """The result for one article: actors, weapon systems and claims, every id resolving and
    every span slicing back into the caller's text, plus warnings and provenance.

    Look items up with :meth:`actor`, :meth:`weapon`, :meth:`claim`; :meth:`claims_by` and
    :meth:`claims_about` select claims. ``model_dump_json()`` / ``model_validate_json()`` round
    trip it unchanged."""

    actors: list[Actor] = Field(description="Every actor, ids 'a1', 'a2' ...")
    weapon_systems: list[WeaponSystem] = Field(description="Every weapon system, ids 'w1', 'w2' ...")
    claims: list[Claim] = Field(description="Every claim, grounded or not, ids 'c1', 'c2' ...")
    warnings: list[ItemWarning] = Field(description=(
        "What the caller should know: items left ungrounded, references left out, values "
        "adjusted, items added or dropped (see ``ItemWarning.code``)."))
    provenance: Provenance = Field(description="How the result was made.")
    text_sha256: str = Field(description="SHA-256 of the text extracted from (UTF-8): which text the spans index.")
    meta: ArticleMeta = Field(default_factory=ArticleMeta, description="URL, title and publication date.")

    @model_validator(mode="after")
    def _own_claims(self) -> Self:
        return self._bind()

    def _bind(self) -> Self:
        """Each claim holds a way back to this result (``Claim.claimant_actor`` ...); a claim
        another result holds is copied, never taken from it."""
        claims = [c if c._owner is None or c._owner.result is self else c.model_copy()
                  for c in self.claims]
        for c in claims:
            c._owner = _Owner(self)
        self.__dict__["claims"] = claims
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (see pydantic); its claims belong to the copy."""
        return super().model_copy(update=update, deep=deep)._bind()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return super().__deepcopy__(memo)._bind()

    def spans(self) -> list[Span]:
        """Every span in the result (actor and weapon mentions, claim evidence)."""
        out: list[Span] = []
        for a in self.actors:
            out.extend(a.mentions)
        for w in self.weapon_systems:
            out.extend(w.mentions)
        for c in self.claims:
            out.extend(c.evidence)
        return out

    def mismatch(self, text: str) -> str | None:
        """Why this result cannot be ``text``'s (None: it can): ``stale`` when it was extracted
        from another text (``text_sha256``), ``forged`` when one of its spans does not slice back
        into ``text`` (``text[start:end] == span.text``). A result read from a file or a cache
        is checked with this before it is trusted."""
        if self.text_sha256 != hashlib.sha256(text.encode("utf-8")).hexdigest():
            return "stale"
        for span in self.spans():
            if not (span.start <= span.end <= len(text) and text[span.start:span.end] == span.text):
                return "forged"
        return None

    def actor(self, ref: Actor | str) -> Actor:
        """The actor with this id ('a2'), else this name or alias (exact, then ignoring case);
        an :class:`Actor` of this result is returned as is. Raises :class:`~llmclaims.UnknownItem`."""
        return _find(self.actors, ref, "actor")

    def weapon(self, ref: WeaponSystem | str) -> WeaponSystem:
        """The weapon system with this id ('w1'), else this name (exact, then ignoring case);
        a :class:`WeaponSystem` of this result is returned as is. Raises :class:`~llmclaims.UnknownItem`."""
        return _find(self.weapon_systems, ref, "weapon system")

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id ('c3'). Raises :class:`~llmclaims.UnknownItem`."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise UnknownItem(f"no claim {claim_id!r} in this result; ids: {[c.id for c in self.claims]}")

    def claims_by(self, actor: Actor | str) -> list[Claim]:
        """The claims the actor makes (its ``claimant``) or relays (in its ``via``), in order."""
        a = self.actor(actor).id
        return [c for c in self.claims if c.claimant == a or a in c.via]

    def claims_about(self, weapon: WeaponSystem | str) -> list[Claim]:
        """The claims whose evidence names the weapon system (in their ``weapon_systems``)."""
        w = self.weapon(weapon).id
        return [c for c in self.claims if w in c.weapon_systems]


def _find(items: Sequence[Ref], ref: Ref | str, what: str) -> Ref:
    """An item by identity, id, name or alias, then name or alias ignoring case."""
    if not isinstance(ref, str):
        if any(x is ref or x == ref for x in items):
            return ref
        raise UnknownItem(f"{what} {ref.id} ({ref.name!r}) is not one of this result's")
    for match in (lambda x: x.id == ref, lambda x: ref in names_of(x),
                  lambda x: ref.casefold() in (n.casefold() for n in names_of(x))):
        found = next((x for x in items if match(x)), None)
        if found is not None:
            return found
    raise UnknownItem(f"no {what} {ref!r} in this result; known: {[f'{x.id} {x.name}' for x in items]}")


def names_of(item: Actor | WeaponSystem) -> tuple[str, ...]:
    """The names an item is written by: an actor's name and aliases, a weapon system's name."""
    return (item.name, *item.aliases) if isinstance(item, Actor) else (item.name,)


# ---------------------------------------------------------------------------------------
# Draft types (what the LLM fills): names and verbatim quotes only
# ---------------------------------------------------------------------------------------
class DraftActor(BaseModel):
    """A drafted actor. No quote is asked for: an actor is grounded by its mentions (its name
    or an alias written in the article); the model's actor quotes were mostly whole sentences,
    about a quarter of an answer's tokens. Optional fields may be left out (their default)."""

    name: str = Field(description="Canonical full name, e.g. 'North Korea', 'Lee Seong-kweun'.")
    kind: ActorKind
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the actor's country.")
    role: str | None = Field(default=None, description="Title as written, for persons; else null.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article uses for the same actor, e.g. 'Pyongyang'.",
    )


class DraftWeapon(BaseModel):
    name: str = Field(description="The weapon system as written in the article.")
    category: WeaponCategory
    caliber_mm: float | None = Field(default=None, description="Caliber in millimetres if written.")
    designation: str | None = Field(default=None, description="Model designation if the text names one.")
    quantity: str | None = Field(default=None, description="How many, words as written.")
    origin: str | None = Field(default=None, description="Name of the actor that supplies it.")
    recipient: str | None = Field(default=None, description="Name of the actor that receives it.")
    # optional: a weapon whose quote is left out is grounded by its name's mentions, as an
    # actor is (measured: the free-text answer of one dev article left every weapon's quote out)
    quote: str | None = Field(default=None,
                              description="Exact sentence copied from the article naming it.")


class DraftClaim(BaseModel):
    """A drafted claim: the article's words that state it, who said it and how sure.

    Not asked for: a restatement (the evidence is the claim's statement, so no model-written
    sentence can reverse or invent what the article says; a ``statement`` a model writes anyway
    is kept only where the evidence states it, ``resolve.stated``), the claim's actors and
    weapons (those written in its evidence), its reporting cue, and, optionally, its type and
    relays (where left out, the rules derive them from the evidence's sentence:
    ``resolve.attribution``, ``resolve.claimtype``; measured on the dev set the rules replaced
    the model's value for 59% (type), 54% (via) and 74% (cue) of the claims they kept,
    ``scripts/draft_survival.py``). Optional fields may be left out (their default): answers are
    shorter by what they need not repeat."""

    quote: str = Field(description="Exact words copied from the article that state the claim.")
    claimant: str | None = Field(
        default=None,
        description="Name of the ORIGINAL source of the claim; null if the article itself.",
    )
    certainty: Certainty
    not_confirmed_by: list[str] = Field(
        default_factory=list, description="Names of actors who have not confirmed it.")
    denied_by: list[str] = Field(default_factory=list, description="Names of actors who deny it.")
    place: str | None = Field(default=None, description="Place as written.")
    time: str | None = Field(default=None, description="Time as written.")
    statement: str | None = Field(
        default=None, description="Not asked for: the claim restated, if a model writes one.")
    via: list[str] | None = Field(
        default=None,
        description="Optional: who relayed the claim, nearest the article first; [] when nobody "
                    "relays it (a capable model may fill it; the rules read it from the text "
                    "where it is left out).")
    type: ClaimType | None = Field(
        default=None, description="Optional: the claim's type (read from its words if left out).")

    @property
    def said(self) -> str:
        """What the draft says the claim is: its restatement if it wrote one, else its quote."""
        return self.statement or self.quote


NOT_ASKED = frozenset({"statement", "via", "type"})  # draft fields the prompt's example answer leaves out


MAX_ITEMS = 15  # the naive peer's caps (evaluate.peer_schema); the library's draft has none


def unique(items: list[Any]) -> list[Any]:
    """``items`` without exact repeats, in order: a model caught in a loop writes the same item
    again and again until its token limit; the repeats say nothing new."""
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


class Draft(BaseModel):
    """What the model returns for one article (chunk).

    Each list is required (it may be empty) and none has a floor or a cap: every answer a
    capable model may give (17 actors, one claim) is valid in every structured-output mode.
    A degenerate repetition loop is bounded by the output token limit and its repeats
    collapse here (``unique``); a cut-off answer keeps its complete items (``llm.salvage``)."""

    actors: list[DraftActor]
    weapons: list[DraftWeapon]
    claims: list[DraftClaim]

    @model_validator(mode="after")
    def _unique(self) -> Draft:
        self.actors, self.weapons, self.claims = (
            unique(self.actors), unique(self.weapons), unique(self.claims))
        return self


class QuoteFix(BaseModel):
    item: str = Field(description="The item label given in the request, e.g. 'claim 2'.")
    quote: str | None = Field(description="Exact words copied from the article, or null.")


class RepairDraft(BaseModel):
    """Answer to a targeted repair request: new verbatim quotes for the failing items."""

    fixes: list[QuoteFix]
