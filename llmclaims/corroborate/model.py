"""The corroboration report's JSON contract (pydantic): groups of reports of one claim, their
independent origins, the denials that answer them and the figures they disagree on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, PrivateAttr

from ..schema import Certainty, ClaimType, Span


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Report(_Frozen):
    """One claim of one article that states the group's claim."""

    article_id: str
    claim_id: str
    claimant: str | None  # the original source's name; None: the article in its own voice
    via: list[str]  # relays, nearest the source first
    certainty: Certainty
    evidence: list[Span]


class Denial(_Frozen):
    """A claim (anywhere in the corpus) that denies or does not confirm the group's claim;
    or a denier written in a report's own claim (``claim_id`` is then that report's)."""

    article_id: str
    claim_id: str
    claimant: str | None


class FigureValue(_Frozen):
    value: float
    article_id: str
    claim_id: str


class Conflict(_Frozen):
    """A figure the reports disagree on: ``quantity`` names it ("troops", "caliber (mm)")."""

    quantity: str
    values: list[FigureValue]


class Group(_Frozen):
    id: str
    statement: str
    type: ClaimType
    reports: list[Report]
    origins: list[str]  # actor names, or outlets where an article speaks in its own voice
    independent_origins: int
    denials: list[Denial]
    conflicts: list[Conflict]
    first_seen: str | None  # ISO dates of the earliest and latest dated report
    last_seen: str | None


class ArticleInfo(_Frozen):
    """What a report's article is: its id, URL, outlet (URL host, else the id) and date."""

    id: str
    url: str | None = None
    outlet: str
    published: str | None = None
    title: str | None = None


class Corroboration(_Frozen):
    """``{"groups": [...], "articles": N, "claims": N}``; the articles' URLs, outlets and dates
    ride along (not serialized) for the Markdown and HTML renderings: :attr:`sources`."""

    groups: list[Group]
    articles: int
    claims: int
    _sources: dict[str, ArticleInfo] = PrivateAttr(default_factory=dict)

    @property
    def sources(self) -> dict[str, ArticleInfo]:
        return self._sources
