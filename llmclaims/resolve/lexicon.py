"""The resolution passes' word lists, read from ``data/lexicon.toml`` (general entries only).

Pure: the file is read once. Every entry carries its source (``text.wordlists``: a published
list, a grammar class, or "dev article NNN"). A list becomes one alternation: ``pattern(
"certainty", "probable")`` is ``\\b(believ\\w*|assess\\w*|...)\\b``, case-insensitive unless
asked.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..text import wordlists
from ..text.wordlists import Entry


def lexicon() -> dict[str, Any]:
    return wordlists.load("llmclaims.resolve", "data/lexicon.toml")


@cache
def sourced(section: str, name: str) -> tuple[Entry, ...]:
    """A list's entries with their sources, in file order."""
    return tuple(wordlists.list_entries(lexicon()[section][name]))


def entries(section: str, name: str) -> list[str]:
    return [e.text for e in sourced(section, name)]


def alternation(items: list[str]) -> str:
    return "|".join(items)


def alt(section: str, name: str) -> str:
    """A list as one alternation, to write into a larger pattern: ``a|b|c``."""
    return alternation(entries(section, name))


def pattern(section: str, name: str, *, flags: int = re.I, end: bool = True) -> re.Pattern[str]:
    """``\\b(entry|entry|...)\\b`` (``end=False``: no word boundary after it)."""
    tail = r"\b" if end else ""
    return re.compile(rf"\b({alternation(entries(section, name))}){tail}", flags)


def words(section: str, name: str) -> frozenset[str]:
    return frozenset(entries(section, name))


def lists() -> list[tuple[str, str]]:
    """Every (section, list) of the lexicon, in file order."""
    return [(section, name) for section, table in lexicon().items() for name in table]


def ordered(section: str) -> list[tuple[str, list[str]]]:
    """A section's lists in file order (``claim_types``: the more specific first)."""
    return [(name, entries(section, name)) for name in lexicon()[section]]
