"""The corroboration report's JSON contract (pydantic): groups of reports of one claim, their
independent origins, the denials that answer them and the figures they disagree on."""

from __future__ import annotations

from pydantic import Field, PrivateAttr

from ..schema import Certainty, ClaimType, Span
from ..schema import _Frozen as _Frozen  # help() lists every field with its description


class Report(_Frozen):
    """One claim of one article that states the group's claim."""

    article_id: str = Field(description="The article the report is in.")
    claim_id: str = Field(description="The claim's id in that article's result ('c3').")
    claimant: str | None = Field(description="The original source's name; null: the article "
                                             "states it in its own voice.")
    via: list[str] = Field(description="The relays, nearest the source first.")
    certainty: Certainty = Field(description="How sure this report is (the claim's certainty).")
    evidence: list[Span] = Field(description="The article's words that state it, with offsets.")


class Denial(_Frozen):
    """A claim (anywhere in the corpus) that denies or does not confirm the group's claim;
    or a denier written in a report's own claim (``claim_id`` is then that report's)."""

    article_id: str = Field(description="The article the denial is in.")
    claim_id: str = Field(description="The denying claim's id in that article's result.")
    claimant: str | None = Field(description="Who denies it (null: the article itself).")


class FigureValue(_Frozen):
    """One report's value of a figure the reports disagree on."""

    value: float = Field(description="The figure as a number (11,000 troops: 11000).")
    article_id: str = Field(description="The article that gives it.")
    claim_id: str = Field(description="The claim that gives it.")


class Conflict(_Frozen):
    """A figure the reports disagree on: ``quantity`` names it ("troops", "caliber (mm)")."""

    quantity: str = Field(description="What is counted ('troops', 'caliber (mm)').")
    values: list[FigureValue] = Field(description="Each report's differing value, with its source.")


class Group(_Frozen):
    """The reports, across articles, of one claim: who it comes from and what answers it."""

    id: str = Field(description="The group's id ('g1').")
    statement: str = Field(description="The claim, in the words of its first report.")
    type: ClaimType = Field(description="The claim type the reports share.")
    reports: list[Report] = Field(description="Every report of the claim, in article order.")
    origins: list[str] = Field(description="The roots of the reports' attribution chains: actor "
                                           "names, or outlets where an article speaks in its own voice.")
    independent_origins: int = Field(description="How many different origins (one origin reached "
                                                 "through several relays counts once).")
    denials: list[Denial] = Field(description="Denials and non-confirmations found in the corpus.")
    conflicts: list[Conflict] = Field(description="Figures the reports disagree on.")
    first_seen: str | None = Field(description="ISO date of the earliest dated report.")
    last_seen: str | None = Field(description="ISO date of the latest dated report.")


class ArticleInfo(_Frozen):
    """What a report's article is: its id, URL, outlet (URL host, else the id) and date."""

    id: str = Field(description="The article's id in the results.")
    url: str | None = Field(default=None, description="Where it was published.")
    outlet: str = Field(description="The outlet: the URL's host, else the id.")
    published: str | None = Field(default=None, description="ISO date of publication.")
    title: str | None = Field(default=None, description="Its title.")


class Corroboration(_Frozen):
    """``{"groups": [...], "articles": N, "claims": N}``; the articles' URLs, outlets and dates
    ride along (not serialized) for the Markdown and HTML renderings: :attr:`sources`."""

    groups: list[Group] = Field(description="The groups, most independent origins first.")
    articles: int = Field(description="How many articles were read.")
    claims: int = Field(description="How many claims they hold.")
    _sources: dict[str, ArticleInfo] = PrivateAttr(default_factory=dict)

    @property
    def sources(self) -> dict[str, ArticleInfo]:
        return self._sources
