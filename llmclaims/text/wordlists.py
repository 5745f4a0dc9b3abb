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
chooses other Penn tags than the default past (VBD) and third person singular (VBZ). Number
words are generated from numbers by num2words (``numbers = [1, 13, 20]``: "one", "thirteen",
"twenty"; ``scales = [100, 1000]``: the scale word alone, "hundred", "thousand").

A module reads a list with ``entries(package, path, section, name)`` (its entries' texts) or
``alt(...)`` (one alternation ``a|b|c``, to write into a larger pattern); ``sourced(...)``
gives the entries with their sources.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lemminflect import getAllLemmas, getInflection
from num2words import num2words

DEFAULT_TAGS = ("VBD", "VBZ")


@dataclass(frozen=True)
class Entry:
    text: str  # the entry as matched (a regular-expression fragment, a word or a verb form)
    source: str
    lemma: str = ""  # what it was generated from (a verb, a number), for a generated entry
    pattern: bool = False  # a regular-expression fragment (``entries``), not a plain word
    by: str = ""  # the library that generated it (lemminflect, inflect)


@cache
def finite_verb(word: str) -> bool:
    """Whether ``word`` is a verb in the past or a participle ("underscored", "demanding"), or
    a verb and never a noun in the third person ("reiterates"; not "forces"), by lemminflect's
    lemmas."""
    lemmas = getAllLemmas(word.lower())
    if "VERB" not in lemmas:
        return False
    return word.endswith(("ed", "ing")) or (word.endswith("s") and "NOUN" not in lemmas)


@cache
def superlative(word: str) -> bool:
    """Whether ``word`` is an adjective's superlative ("largest", "deadliest"; not "west",
    "interest"): an "-est" form whose adjective lemma is another word, by lemminflect."""
    w = word.lower()
    return w.endswith("est") and any(lemma != w for lemma in getAllLemmas(w).get("ADJ", ()))


@cache
def adjective(word: str) -> bool:
    """Whether ``word`` is an adjective and no noun ("recent", "new"; not "ministry"), by
    lemminflect's lemmas."""
    lemmas = getAllLemmas(word.lower())
    return "ADJ" in lemmas and "NOUN" not in lemmas


@cache
def noun_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas of ``word`` as a noun ("drone" for "drones"); () when it is no noun."""
    return tuple(getAllLemmas(word.lower()).get("NOUN", ()))


def noun(word: str) -> bool:
    return bool(noun_lemmas(word))


@cache
def known(word: str) -> bool:
    """Whether lemminflect knows ``word`` in lower case as any part of speech ("diplomats",
    "however", "reacting"; not "hamas")."""
    return bool(getAllLemmas(word.lower()))


@cache
def singular_noun(word: str) -> bool:
    """Whether lemminflect reads ``word`` as a noun in the singular ("shell", "congress")."""
    return word.lower() in getAllLemmas(word.lower()).get("NOUN", ())


@cache
def verb(word: str) -> bool:
    return "VERB" in getAllLemmas(word.lower())


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


def number_word(number: int, *, scale: bool = False) -> str:
    """``number`` in words, by num2words ("thirteen"); ``scale``: its last word ("hundred").
    (inflect wrote the same words for every number the lexicons list, but its import took
    3 s of every process's start.)"""
    words = str(num2words(number))
    return words.split()[-1] if scale else words


def group_entries(group: dict[str, Any]) -> list[Entry]:
    source = str(group["source"])
    words = group.get("words", "")
    out = [Entry(e, source, pattern=True) for e in group.get("entries", [])]
    out += [Entry(w, source) for w in (words.split() if isinstance(words, str) else words)]
    tags = tuple(group.get("tags", DEFAULT_TAGS))
    out += [Entry(form, source, verb, by="lemminflect") for verb in group.get("verbs", [])
            for form in inflections(verb, tags)]
    out += [Entry(number_word(n), source, str(n), by="num2words") for n in group.get("numbers", [])]
    out += [Entry(number_word(n, scale=True), source, str(n), by="num2words") for n in group.get("scales", [])]
    return out


def list_entries(groups: list[dict[str, Any]]) -> list[Entry]:
    """Every entry of a list, group by group, each once (its first group's source)."""
    seen: dict[str, Entry] = {}
    for group in groups:
        for entry in group_entries(group):
            seen.setdefault(entry.text, entry)
    return list(seen.values())


@cache
def sourced(package: str, path: str, section: str, name: str) -> tuple[Entry, ...]:
    """The entries of list ``section.name`` of a data file, with their sources, in file order."""
    return tuple(list_entries(load(package, path)[section][name]))


def entries(package: str, path: str, section: str, name: str) -> list[str]:
    return [e.text for e in sourced(package, path, section, name)]


def alt(package: str, path: str, section: str, name: str) -> str:
    """A list as one alternation, to write into a larger pattern: ``a|b|c``."""
    return "|".join(entries(package, path, section, name))
