"""Word lists with provenance, read from TOML data files. Pure: a file is read once.

A list is an array of groups, each with the ``source`` of its entries (a published list, a
grammar class, or "dev article NNN") and one kind of entry::

    [[reporting.cues]]
    source = "textacy 0.13.0, constants.REPORTING_VERBS['en']"
    verbs = ["say", "call on"]       # lemmas: their past and third-person forms, by lemminflect
    [[reporting.cues]]
    source = "grammar class: ..."
    entries = ['[Aa]ccording to']    # regular-expression fragments, as written
    words = "not never"              # plain words (whitespace-separated), as written

A verb of several words inflects its first ("call on" -> "called on", "calls on"); ``tags``
chooses other Penn tags than the default past (VBD) and third person singular (VBZ).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lemminflect import getInflection

DEFAULT_TAGS = ("VBD", "VBZ")


@dataclass(frozen=True)
class Entry:
    text: str  # the entry as matched (a regular-expression fragment, a word or a verb form)
    source: str
    lemma: str = ""  # the verb it was inflected from, for a generated form
    pattern: bool = False  # a regular-expression fragment (``entries``), not a plain word


@cache
def load(package: str, path: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(package).joinpath(path).read_text("utf-8"))


def inflections(verb: str, tags: tuple[str, ...] = DEFAULT_TAGS) -> list[str]:
    """The forms of a verb (its first word inflected) for the Penn tags, each once, in order."""
    head, _, rest = verb.partition(" ")
    out: list[str] = []
    for tag in tags:
        for form in getInflection(head, tag=tag) or ():
            word = f"{form} {rest}".strip()
            if word not in out:
                out.append(word)
    return out


def group_entries(group: dict[str, Any]) -> list[Entry]:
    source = str(group["source"])
    words = group.get("words", "")
    out = [Entry(e, source, pattern=True) for e in group.get("entries", [])]
    out += [Entry(w, source) for w in (words.split() if isinstance(words, str) else words)]
    tags = tuple(group.get("tags", DEFAULT_TAGS))
    out += [Entry(form, source, verb) for verb in group.get("verbs", []) for form in inflections(verb, tags)]
    return out


def list_entries(groups: list[dict[str, Any]]) -> list[Entry]:
    """Every entry of a list, group by group, each once (its first group's source)."""
    seen: dict[str, Entry] = {}
    for group in groups:
        for entry in group_entries(group):
            seen.setdefault(entry.text, entry)
    return list(seen.values())
