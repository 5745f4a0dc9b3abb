"""Public result types, and the draft types the LLM fills.

The draft carries names and verbatim quotes only: no ids, no offsets. The library turns a
draft into an :class:`Extraction` whose every id resolves and whose every span slices back
into the caller's text (see ``resolve.py``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class ItemWarning(_Frozen):
    """Something the caller should know about one item (ungrounded, unresolved, repaired)."""

    code: Literal[
        "ungrounded", "repaired", "unresolved_reference", "merged", "dropped", "adjusted",
        "truncated", "added", "instruction", "alternative",
    ]
    item: str
    message: str


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
    via: list[str] = Field(
        default_factory=list,
        description="Optional: who relayed the claim, nearest the article first (a capable model "
                    "may fill it; the rules read it from the text where it is left out).")
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

    No list has a floor or a cap: every answer a capable model may give (17 actors, one claim)
    is valid in every structured-output mode. A degenerate repetition loop is bounded by the
    output token limit and its repeats collapse here (``unique``); a cut-off answer keeps its
    complete items (``llm.salvage``)."""

    actors: list[DraftActor] = Field(default_factory=list)
    weapons: list[DraftWeapon] = Field(default_factory=list)
    claims: list[DraftClaim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> Draft:
        self.actors, self.weapons, self.claims = (
            unique(self.actors), unique(self.weapons), unique(self.claims))
        return self


def draft_model(min_claims: int) -> type[Draft]:
    """The draft type for a chunk. It used to carry a claim floor (``min_claims``) that made a
    short valid answer invalid in json/tools mode; the floor is gone, the prompt asks for every
    claim (``llm.prompts.min_claims`` is still hashed into the prompt version)."""
    del min_claims
    return Draft


class QuoteFix(BaseModel):
    item: str = Field(description="The item label given in the request, e.g. 'claim 2'.")
    quote: str | None = Field(description="Exact words copied from the article, or null.")


class RepairDraft(BaseModel):
    """Answer to a targeted repair request: new verbatim quotes for the failing items."""

    fixes: list[QuoteFix]
