"""The resolution passes' word lists, read from ``data/lexicon.toml`` (general entries only).

Pure: the file is read once. A list becomes one alternation: ``pattern("certainty",
"probable")`` is ``\\b(believ\\w*|assess\\w*|...)\\b``, case-insensitive unless asked.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def lexicon() -> dict[str, Any]:
    text = resources.files("llmclaims.resolve").joinpath("data/lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


def entries(section: str, name: str) -> list[str]:
    value = lexicon()[section][name]
    return value.split() if isinstance(value, str) else list(value)


def alternation(items: list[str]) -> str:
    return "|".join(items)


def pattern(section: str, name: str, *, flags: int = re.I, end: bool = True) -> re.Pattern[str]:
    """``\\b(entry|entry|...)\\b`` (``end=False``: no word boundary after it)."""
    tail = r"\b" if end else ""
    return re.compile(rf"\b({alternation(entries(section, name))}){tail}", flags)


def words(section: str, name: str) -> frozenset[str]:
    return frozenset(entries(section, name))


def sources() -> dict[tuple[str, str], str]:
    """Where each list's entries come from (``[sources]``: a published list, a grammar
    class, or "unrecorded"), by (section, list)."""
    out = {}
    for k, v in lexicon()["sources"].items():
        section, _, name = k.partition(".")
        out[section, name] = str(v)
    return out


def lists() -> list[tuple[str, str]]:
    """Every (section, list) of the lexicon, in file order."""
    return [(section, name) for section, table in lexicon().items() if section != "sources"
            for name in table]


def ordered(section: str) -> list[tuple[str, list[str]]]:
    """A section's lists in file order (``claim_types``: the more specific first)."""
    return [(k, v.split() if isinstance(v, str) else list(v)) for k, v in lexicon()[section].items()]
