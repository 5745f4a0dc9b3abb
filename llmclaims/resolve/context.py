"""The article as the resolver sees it: its text, content regions and name keys. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..schema import Span
from ..text.clean import Cleaned
from ..text.gazetteer import tidy
from ..text.grounding import Normalized, Region, find_mentions, locate, normalize

_INITIALS = re.compile(r"\b(\w)\.\s+(?=\w\.)")  # "u. s." -> "u.s."


def key(name: str) -> str:
    """Comparison key of a name: case-folded, spaces collapsed ("U. S." as "U.S."), leading
    'the' dropped."""
    k = " ".join(tidy(name).replace("\u2019", "'").split()).casefold()
    k = _INITIALS.sub(r"\1.", k).strip(" .,;:'\"")
    return k[4:] if k.startswith("the ") else k


@dataclass
class Context:
    """The text, its content regions and a cache of its normalization."""

    text: str
    regions: tuple[Region, ...]
    title: str = ""  # the article's title (not content): names a statement's speaker
    norm: Normalized = field(init=False)

    def __post_init__(self) -> None:
        self.norm = normalize(self.text)

    @classmethod
    def of(cls, cleaned: Cleaned, title: str | None = None) -> Context:
        return cls(cleaned.text, cleaned.regions, title or cleaned.header.get("title", ""))

    def locate(self, quote: str | None) -> Span | None:
        return locate(quote or "", self.text, regions=self.regions, normalized_text=self.norm)

    def in_content(self, span: Span) -> bool:
        return any(a <= span.start and span.end <= b for a, b in self.regions)

    def mentions(self, term: str) -> list[Span]:
        return find_mentions(term, self.text, regions=self.regions)

    def title_mentions(self, term: str) -> list[Span]:
        """Where the article's title, written in its header ("Title: Statement by President
        Joe Biden on ..."), writes ``term``: not content, but the article's own words."""
        if not self.title:
            return []
        head = self.text[:self.regions[0][0]] if self.regions else self.text
        at = head.find(self.title)
        return [] if at < 0 else find_mentions(term, self.text, regions=[(at, at + len(self.title))])
