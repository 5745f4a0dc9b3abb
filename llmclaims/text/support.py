"""Does a quoted sentence state the claim? Pure lexical checks, no LLM.

A small model often quotes a verbatim but unrelated sentence (measured on the reference
article: three claims about different events cited the same sentence). ``support()`` is the
share of the statement's content words that the evidence contains (compared by their first
five letters, so "shipped"/"shipment" agree); below :data:`SUPPORT_MIN` the quote does not
support the claim. Only applied when statement and evidence are written in Latin script (a
statement in English about a Korean sentence cannot be compared word for word).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import wordlists
from .quantities import spelled_out
from .sentences import within

SUPPORT_MIN = 0.5
_WORD = re.compile(r"[^\W_]+(?:[.,'\u2019-][^\W_]+)*", re.UNICODE)
_LEXICON = wordlists.load("llmclaims.text", "data/lexicon.toml")["support"]
_STOP = frozenset(e.text for e in wordlists.list_entries(_LEXICON["stop_words"]))
STOP_WORDS = _STOP

Region = tuple[int, int]


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(text)
            if (len(w) >= 3 or w.isdigit()) and w.lower() not in _STOP}


def latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.5 * len(letters)


def support(statement: str, evidence: str) -> float | None:
    """Share of the statement's content words found in the evidence; None if not comparable."""
    if not (latin(statement) and latin(evidence)):
        return None
    words = _stems(statement)
    if not words:
        return None
    return len(words & _stems(evidence)) / len(words)


def sentences(text: str, regions: Sequence[Region]) -> list[Region]:
    """Sentence spans (source offsets) inside the content regions (``text.sentences``)."""
    return [(s, e) for a, b in regions for s, e in within(text, a, b) if e - s >= 3]


@dataclass(frozen=True)
class SentenceIndex:
    """The content sentences of one text, each with its content words (None where not Latin
    script), and for each word the sentences that write it: built once per text, so a search
    reads only the sentences that share the statement's rarest words."""

    spans: tuple[Region, ...]
    stems: tuple[frozenset[str] | None, ...]
    postings: Mapping[str, tuple[int, ...]]


@lru_cache(maxsize=8)
def sentence_index(text: str, regions: tuple[Region, ...]) -> SentenceIndex:
    spans = tuple(sentences(text, regions))
    stems = tuple(frozenset(_stems(text[s:e])) if latin(text[s:e]) else None for s, e in spans)
    postings: dict[str, list[int]] = defaultdict(list)
    for n, words in enumerate(stems):
        for w in words or ():
            postings[w].append(n)
    return SentenceIndex(spans, stems, {w: tuple(ns) for w, ns in postings.items()})


def best_sentence(statement: str, text: str, regions: Sequence[Region],
                  minimum: float = SUPPORT_MIN) -> tuple[Region, float] | None:
    """The first content sentence that best states ``statement`` with a support of at least
    ``minimum``, and its support; None if no sentence reaches it.

    Only candidates are scored: a sentence holding a share ``minimum`` of the statement's
    words holds one of its ``len - ceil(minimum * len) + 1`` rarest words, so the sentences
    that write none of those (read from the index) cannot reach it. Near-linear in the text."""
    words = _stems(statement) if latin(statement) else set()
    if not words:
        return None
    index = sentence_index(text, tuple(regions))
    need = math.ceil(minimum * len(words) - 1e-9)
    rare = sorted(words, key=lambda w: (len(index.postings.get(w, ())), w))
    candidates = sorted({n for w in rare[:len(words) - need + 1] for n in index.postings.get(w, ())})
    best: tuple[Region, float] | None = None
    for n in candidates:
        score = len(words & (index.stems[n] or frozenset())) / len(words)
        if score >= minimum and (best is None or score > best[1]):
            best = (index.spans[n], score)
    return best


# -- does the evidence *state* the claim? (polarity, numbers) -----------------------------
_NEGATION = re.compile(
    rf"\b({'|'.join(e.text for e in wordlists.list_entries(_LEXICON['negation']))})\b|n[’']t\b", re.I)
_NUMBER = re.compile(r"(?<![^\W\d_])\d+(?:[.,]\d+)*(?!st\b|nd\b|rd\b|th\b)")  # not ordinals
_SCALES = tuple(wordlists.entries("llmclaims.text", "data/lexicon.toml", "quantities", "scales"))


def numbers(text: str) -> set[str]:
    """The numbers a text writes, as digit strings ("11,000" -> "11000", "five" -> "5",
    "twenty million" and "20 million" -> "20000000"; ``spelled_out``), and the scale words
    (million, billion) it uses."""
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(spelled_out(text))}
    words = {w.lower() for w in _WORD.findall(text)}
    found |= {w for w in words if w in _SCALES}
    return found


def negated(text: str) -> bool:
    return _NEGATION.search(text) is not None


def _window(statement: str, evidence: str) -> str:
    """The part of the evidence that the statement's content words cover (first to last)."""
    words = _stems(statement)
    hits = [m for m in _WORD.finditer(evidence) if m.group().lower()[:5] in words]
    if len(hits) < 2:
        return evidence
    start = hits[0].start()
    lead = _LEADING_NEGATION.search(evidence, 0, start)  # "No crew member ...", "do not intend ..."
    return evidence[lead.start() if lead else start:hits[-1].end()]


_LEADING_NEGATION = re.compile(rf"(?:{_NEGATION.pattern})\s+$", re.I)  # right before: "No crew", "not intend"


class Unstated(NamedTuple):
    """Why evidence does not state a statement: the ``check`` it fails ("number",
    "polarity", "actor", "name", "role"), the words that decided it, and a sentence for a
    reader."""

    check: str
    words: str
    message: str


def unstated(statement: str, evidence: str) -> Unstated | None:
    """Why ``evidence`` does not state ``statement`` (polarity reversed, a number the evidence
    does not write), or None. Only for comparable (Latin-script) texts."""
    if not (latin(statement) and latin(evidence)):
        return None
    missing = numbers(statement) - numbers(evidence)
    if missing:
        words = ", ".join(sorted(missing))
        return Unstated("number", words, f"numbers the evidence does not write: {words}")
    same = _WORD.findall(statement.casefold()) == _WORD.findall(evidence.casefold())  # its own words
    said, written = negated(statement), negated(evidence if same else _window(statement, evidence))
    if said != written:
        return Unstated("polarity", "statement" if said else "evidence",
                        "polarity: the statement is negated, the evidence is not" if said else
                        "polarity: the evidence is negated, the statement is not")
    return None
