"""Public result types, and the draft types the LLM fills.

The draft carries names and verbatim quotes only: no ids, no offsets. The library turns a
draft into an :class:`Extraction` whose every id resolves and whose every span slices back
into the caller's text (see ``resolve.py``).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model

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


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------------------------------
# Result types (public)
# ---------------------------------------------------------------------------------------
class Span(_Frozen):
    """A stretch of the caller's text: ``text[start:end] == self.text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    match: MatchKind


class Quantity(_Frozen):
    """How many, as the text says it: an exact value, or a low/high range, and a qualifier."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    text: str


class Actor(_Frozen):
    id: str
    name: str
    kind: ActorKind
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    grounded: bool = True


class CatalogueCandidate(_Frozen):
    """A catalogue entry the mention may be: inferred, never written by the text. ``support``
    lists the mention's own words that back it (a designation key, the caliber, the category,
    the supplier's country); an entry without support is never proposed."""

    designation: str
    origin: str | None = None
    category: str
    caliber_mm: float | None = None
    score: float
    support: list[str]
    inferred: Literal[True] = True
    source: str


class WeaponSystem(_Frozen):
    id: str
    name: str
    category: WeaponCategory
    caliber_mm: float | None = None
    designation: str | None = None
    quantity: Quantity | None = None
    origin: str | None = None
    recipient: str | None = None
    user: str | None = None
    mentions: list[Span] = Field(default_factory=list)
    grounded: bool = True
    candidates: list[CatalogueCandidate] = Field(
        default_factory=list, description="Catalogue entries it may be, ranked; inferred, not stated")


class Claim(_Frozen):
    id: str
    statement: str
    type: ClaimType
    claimant: str | None = Field(
        default=None, description="actor id of the original source; None = the article itself"
    )
    via: list[str] = Field(default_factory=list)
    cue: str | None = None
    certainty: Certainty
    not_confirmed_by: list[str] = Field(default_factory=list)
    denied_by: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    weapon_systems: list[str] = Field(default_factory=list)
    place: str | None = None
    time: str | None = None
    evidence: list[Span] = Field(default_factory=list)
    grounded: bool
    paraphrase: bool = Field(
        default=False,
        description="True when the statement is the model's wording, not a span of the evidence")


# Why a warning was given: stable, machine-readable (``ItemWarning.reason``). A reason with a
# colon names a family and its member ("not_stated:number"). "unspecified": a result written
# before reasons existed.
Reason = Literal[
    # actors
    "actor_is_weapon", "actor_is_generic_weapon", "actor_is_place", "actor_is_function_word",
    "actor_conjoined", "actor_merged", "state_named_in_content", "description_merged",
    "reference_unresolved", "actor_not_mentioned",
    # weapons
    "weapon_unnamed", "weapon_is_category", "category_echo", "weapon_generic", "weapon_is_actor",
    "weapon_not_named_as_weapon", "caliber_not_written", "weapon_duplicate", "weapon_not_found",
    "weapon_list_split", "weapon_named_in_content", "supplier_from_sentence",
    "recipient_from_sentence", "party_from_package", "party_at_state_level",
    # claims: evidence
    "evidence_outside_content", "evidence_from_sentence", "quote_not_stating", "quote_not_found",
    "not_stated:polarity", "not_stated:number", "not_stated:actor", "not_stated:name",
    "not_stated:role", "not_a_claim:credit_line", "not_a_claim:heading", "claim_duplicate",
    "list_item_merged",
    # claims: source, certainty, reported speech
    "source_from_text", "source_from_transcript", "source_is_speaker", "source_not_an_actor",
    "source_unwritten", "certainty_from_cue", "uniform_certainty", "turn_added",
    "first_person_added", "reported_speech_added",
    # the model's answer and the article
    "quote_repaired", "instruction_removed", "answer_cut_off",
    "unspecified",
]
REASONS: tuple[Reason, ...] = get_args(Reason)  # every reason, for docs and filters


class ItemWarning(_Frozen):
    """Something the caller should know about one item (ungrounded, unresolved, repaired):
    ``code`` says what happened to it, ``reason`` why (``REASONS``), ``fields`` the words
    that decided it (names, cues, numbers as written), ``message`` the same for a reader."""

    code: Literal[
        "ungrounded", "repaired", "unresolved_reference", "merged", "dropped", "adjusted",
        "truncated", "added", "instruction",
    ]
    item: str
    message: str
    reason: Reason = "unspecified"
    fields: dict[str, str] = Field(default_factory=dict)


class Usage(_Frozen):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0


class ArticleMeta(_Frozen):
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="ISO date, anchors relative times")


class Provenance(_Frozen):
    llmclaims_version: str
    model: str
    endpoint: str
    mode: str
    prompt_version: str
    usage: Usage
    seconds: float
    repairs: int = 0


class Extraction(_Frozen):
    actors: list[Actor]
    weapon_systems: list[WeaponSystem]
    claims: list[Claim]
    warnings: list[ItemWarning]
    provenance: Provenance
    text_sha256: str
    meta: ArticleMeta = Field(default_factory=ArticleMeta)

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
    weapons (those written in its evidence), its type, relays and reporting cue (the rules
    derive them from the evidence's sentence: ``resolve.attribution``, ``resolve.claimtype``;
    measured on the dev set the rules replaced the model's value for 59% (type), 54% (via) and
    74% (cue) of the claims they kept, ``scripts/draft_survival.py``). Optional fields may be
    left out (their default): answers are shorter by what they need not repeat."""

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

    @property
    def said(self) -> str:
        """What the draft says the claim is: its restatement if it wrote one, else its quote."""
        return self.statement or self.quote


NOT_ASKED = frozenset({"statement"})  # draft fields the prompt's example answer leaves out


MAX_ITEMS = 15  # per list and chunk: bounds a degenerate repetition loop (see draft_model)


class Draft(BaseModel):
    """What the model returns for one article (chunk).

    The caps are enforced by the grammar on llama.cpp servers: measured on a 720-word article,
    the 1.5B model otherwise repeated the same weapon 34 times until the token limit and never
    reached the claims."""

    actors: list[DraftActor] = Field(min_length=1, max_length=MAX_ITEMS)
    weapons: list[DraftWeapon] = Field(max_length=MAX_ITEMS)
    claims: list[DraftClaim] = Field(min_length=1, max_length=MAX_ITEMS)


def draft_model(min_claims: int) -> type[Draft]:
    """The draft type asking for at least ``min_claims`` claims.

    Small models stop at the minimum a schema allows (measured: with ``min_length=1`` the
    1.5B model returns 1-3 claims for a 15-sentence article), so the floor scales with the
    article's length (see ``extract.min_claims``)."""
    return _DRAFTS.setdefault(min_claims, create_model(
        "Draft", __base__=Draft, __doc__=Draft.__doc__,
        claims=(list[DraftClaim], Field(min_length=min_claims, max_length=MAX_ITEMS)),
    ))


_DRAFTS: dict[int, type[Draft]] = {}


class QuoteFix(BaseModel):
    item: str = Field(description="The item label given in the request, e.g. 'claim 2'.")
    quote: str | None = Field(description="Exact words copied from the article, or null.")


class RepairDraft(BaseModel):
    """Answer to a targeted repair request: new verbatim quotes for the failing items."""

    fixes: list[QuoteFix]
