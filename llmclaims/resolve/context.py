"""The article as the resolver sees it: its text, content regions and name keys. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..schema import Span
from ..text.clean import Cleaned
from ..text.gazetteer import tidy
from ..text.grounding import Normalized, Region, find_mentions, locate, normalize
from . import lexicon

_INITIALS = re.compile(r"\b(\w)\.\s+(?=\w\.)")  # "u. s." -> "u.s."


def key(name: str) -> str:
    """Comparison key of a name: case-folded, spaces collapsed ("U. S." as "U.S."), leading
    'the' dropped."""
    k = " ".join(tidy(name).replace("\u2019", "'").split()).casefold()
    k = _INITIALS.sub(r"\1.", k).strip(" .,;:'\"")
    return k[4:] if k.startswith("the ") else k


# a name defined with its abbreviation: "National Intelligence Service (NIS)"
_WORD = r"(?:[A-Z][\w'\u2019.-]*|of|for|and|on|the)"
_DEFINED = re.compile(rf"({_WORD}(?:\s+{_WORD}){{0,7}})\s+\(([A-Z][A-Za-z]{{1,9}})\)")


def _defined(text: str, regions: tuple[Region, ...]) -> tuple[tuple[str, str], ...]:
    """The abbreviations the content defines: "the South's National Intelligence Service
    (NIS)" -> ("National Intelligence Service", "NIS"); the full name is the shortest run of
    words before the brackets whose capitals spell it, without a possessive ending ("the
    Democratic People's Republic of Korea's (DPRK) launch")."""
    found: list[tuple[str, str]] = []
    for a, b in regions:
        for m in _DEFINED.finditer(text, a, b):
            words, abbr = m.group(1).split(), m.group(2)
            if words:  # "the Democratic People's Republic of Korea's (DPRK) launch": the owner
                words[-1] = re.sub(r"['\u2019]s?$", "", words[-1]) or words[-1]
            spelled = abbr[:-1] if abbr.endswith("s") else abbr  # "UAVs"
            for n in range(1, len(words) + 1):
                run = words[-n:]
                if "".join(w[0] for w in run if w[:1].isupper()) == spelled:
                    if (" ".join(run), abbr) not in found:
                        found.append((" ".join(run), abbr))
                    break
    return tuple(found)


# a statement's own title line: "Remarks by President Ana Ruiz Before a Meeting with ..."
_TITLE_LINE = re.compile(rf"(?:{lexicon.alt('claims', 'statement_genres')})\s+(?:by|of|from)\s+[A-Z]")


def heading_title(text: str, lines: int = 8) -> str:
    """The title a statement writes as a line of its head, for a text given with none: the
    first of its first ``lines`` lines that names the genre and its author and ends in no
    sentence's full stop; "" when there is none."""
    for line in text.splitlines()[:lines]:
        line = line.strip()
        if _TITLE_LINE.match(line) and not line.endswith("."):
            return line
    return ""


@dataclass(frozen=True)
class Context:
    """The text, its content regions, its normalization and the abbreviations its content
    defines (both read once, at construction). Frozen: every step of resolution shares it."""

    text: str
    regions: tuple[Region, ...]
    title: str = ""  # the article's title (not content): names a statement's speaker
    norm: Normalized = field(init=False)
    defined: tuple[tuple[str, str], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "norm", normalize(self.text))  # frozen: set once, here
        object.__setattr__(self, "defined", _defined(self.text, self.regions))

    @classmethod
    def of(cls, cleaned: Cleaned, title: str | None = None) -> Context:
        return cls(cleaned.text, cleaned.regions, title or cleaned.header.get("title", ""))

    def locate(self, quote: str | None) -> Span | None:
        return locate(quote or "", self.text, regions=self.regions, normalized_text=self.norm)

    def in_content(self, span: Span) -> bool:
        return any(a <= span.start and span.end <= b for a, b in self.regions)

    def mentions(self, term: str) -> list[Span]:
        return find_mentions(term, self.text, regions=self.regions)

    def abbreviations(self) -> list[tuple[str, str]]:
        """``(full name, abbreviation)`` pairs the content defines (``_defined``)."""
        return list(self.defined)

    def title_mentions(self, term: str) -> list[Span]:
        """Where the article's title, written in its header ("Title: Statement by President
        Joe Biden on ..."), writes ``term``: not content, but the article's own words."""
        if not self.title:
            return []
        head = self.text[:self.regions[0][0]] if self.regions else self.text
        at = head.find(self.title)
        return [] if at < 0 else find_mentions(term, self.text, regions=[(at, at + len(self.title))])
