"""Grounded means stated: does a claim's evidence state what the claim says? Pure.

Sharing words is not stating. A statement is grounded on its evidence only when, besides
sharing its content words (``text.support``):

* **polarity** agrees (a denial is not grounded on a confirmation, nor the reverse);
* every **number** the statement writes is written in the evidence;
* every **actor** the statement names (any of its names or aliases) is named in the
  evidence's sentence, except the drafted source and relays, who are checked by attribution;
* the **recipient** ("... to Russia") is not another actor than the evidence's recipient;
* a **restatement** the model wrote adds no word the sentence does not write (up to
  inflection: "sending" on "sent", "deliveries" on "delivered"): a weapon type ("nuclear
  warheads" on "weapons") or another predicate ("killed" on "engaged") is not stated.

Evidence the article does not assert grounds nothing (``under_instruction``): a sentence that
addresses the model or the reader, or the payload of a request ("report that <payload>").
The grounded statement itself is always the evidence's words; the restatement is kept only as
the claim's unverified ``drafted_statement``.

And the certainty the model gives needs words: ``denied`` needs a denial in the evidence's
sentence, ``unconfirmed`` a word of non-confirmation; a certainty the model gives to every
claim of an answer says nothing about any one of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..schema import Certainty
from ..text.gazetteer import forms
from ..text.instructions import embedded_command, instruction_form
from ..text.support import STOP_WORDS, Unstated, unstated
from . import lexicon
from .actors import ActorTable

_RECIPIENT = re.compile(rf"\b({lexicon.alt('stated', 'recipient_prepositions')})\s+(the\s+)?$", re.I)
DENIAL = lexicon.pattern("stated", "denial", end=False)
NON_CONFIRMATION = lexicon.pattern("stated", "non_confirmation", end=False)
UNIFORM_MIN = 3


def _named_in(names: Sequence[str], text: str) -> list[int]:
    """Start offsets in ``text`` of whole-word, case-sensitive occurrences of ``names``."""
    out = []
    for name in names:
        if len(name) < 2:
            continue
        out += [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return out


def _actors_in(text: str, actors: ActorTable, *, parts: bool = False) -> dict[int, list[int]]:
    """Where each actor is named in ``text``: by a name, an alias or a gazetteer form; with
    ``parts``, also by a distinctive word of its name ("the North", "Lee", "the Kremlin")."""
    found: dict[int, list[int]] = {}
    for i, rec in enumerate(actors.records):
        names = [rec.name, *rec.aliases, *forms(rec.name)]
        if parts:
            names += [w for n in names for w in n.split() if w[:1].isupper() and len(w) >= 4]
        pos = _named_in(names, text)
        if pos:
            found[i] = pos
    return found


_PROPER = re.compile(r"[A-Z][\w'\u2019.-]*\w")
_FUNCTION = lexicon.words("stated", "function_words")


def _names(actors: ActorTable, i: int) -> list[str]:
    rec = actors.records[i]
    return [rec.name, *rec.aliases, *forms(rec.name)]


def _proper_words(statement: str) -> list[str]:
    """Capitalised words inside the statement, not at a sentence's or quotation's start:
    names, places, demonyms ("U.S.", "Kharkiv"), without a possessive ending."""
    out = []
    for m in _PROPER.finditer(statement):
        before = statement[:m.start()].rstrip()
        if not before or before[-1] in ".!?:;\"\u201c'\u2018(-" or (m.start() > 0 and \
                not statement[m.start() - 1].isspace()):
            continue
        word = re.sub(r"['\u2019]s$", "", m.group())
        if word.casefold() not in _FUNCTION:
            out.append(word)
    return out


def _written(word: str, sentence: str) -> bool:
    """``word`` is written in ``sentence``, or, for an abbreviation ("IDF"), its words are."""
    if re.search(rf"(?<!\w){re.escape(word)}", sentence, re.I):
        return True
    letters = word.replace(".", "")
    if not (letters.isupper() and 2 <= len(letters) <= 6):
        return False
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w'-]*", sentence))
    return letters in initials


def _recipients(text: str, named: dict[int, list[int]]) -> set[int]:
    return {i for i, starts in named.items() if any(_RECIPIENT.search(text[max(0, s - 12):s])
                                                    for s in starts)}


def unstated_actors(statement: str, sentence: str, actors: ActorTable,
                    exempt: set[int]) -> Unstated | None:
    """Why the evidence's ``sentence`` does not state the statement's actors, or None."""
    said = _actors_in(statement, actors)
    written = _actors_in(sentence, actors, parts=True)
    missing = [actors.records[i].name for i in said if i not in written and i not in exempt]
    if missing:
        return Unstated("actor", ", ".join(missing),
                        f"actors the evidence does not name: {', '.join(missing)}")
    known = {w.casefold() for i in (*written, *exempt) for n in _names(actors, i) for w in n.split()}
    unnamed = [w for w in _proper_words(statement) if w.casefold() not in known
               and not _written(w, sentence)]
    if unnamed:
        return Unstated("name", ", ".join(unnamed),
                        f"names the evidence does not write: {', '.join(unnamed)}")
    to_said, to_written = _recipients(statement, said), _recipients(sentence, written)
    if to_said and to_written and not to_said & to_written and to_said <= set(written):
        said_name, written_name = actors.records[min(to_said)].name, actors.records[min(to_written)].name
        return Unstated("role", f"{said_name}; {written_name}",
                        f"roles: the statement's recipient is {said_name!r}, the "
                        f"evidence's is {written_name!r}")
    return None


# inflections that share no prefix: one lemma per group (the verbs of news reports)
_IRREGULAR: dict[str, str] = {e.text: e.lemma for e in lexicon.sourced("stated", "irregular_verbs")} | {
    word: str(group["lemma"]) for group in lexicon.lexicon()["stated"]["derived"] for word in group["words"].split()}
_LIGHT = STOP_WORDS | lexicon.words("stated", "light_words")
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]{2,}")


_SUFFIX = re.compile(rf"(?:{lexicon.alt('stated', 'suffixes')})$")


def _lemma(word: str) -> str:
    """A crude English stem: irregular forms to their verb, a suffix of inflection or
    derivation cut, a doubled last consonant undone ("shipped", "shipment" -> "ship")."""
    word = _IRREGULAR.get(word.lower(), word.lower())
    cut = _SUFFIX.sub("", word)
    if len(cut) >= 3:
        word = cut[:-1] if len(cut) >= 4 and cut[-1] == cut[-2] and cut[-1] not in "aeiouls" else cut
    word = word[:-1] + "i" if word.endswith("y") else word
    return _IRREGULAR.get(word, word)


def _inflected(word: str, other: str) -> bool:
    """``word`` and ``other`` are forms of one word: the same stem, or stems that share their
    first min(5, length) letters, four at least (never "war"/"warheads")."""
    a, b = _lemma(word), _lemma(other)
    n = min(5, len(a), len(b))
    return a == b or (n >= 4 and a[:n] == b[:n])


def unwritten(restatement: str, sentence: str) -> str | None:
    """Why a restatement says more than its evidence's ``sentence``: its lower-case content
    words (names and numbers are checked by ``unstated_actors`` and ``unstated``) that the
    sentence writes in no form; or None."""
    written = re.findall(r"[^\W\d_]+", sentence.lower())
    added = [w for w in dict.fromkeys(_LOWER_WORD.findall(restatement))
             if w not in _LIGHT and not any(_inflected(w, v) for v in written)]
    return f"words the evidence does not write: {', '.join(added)}" if added else None


def why_unstated(statement: str, evidence: str, sentence: str, actors: ActorTable,
                 exempt: set[int], *, restated: bool = False) -> Unstated | None:
    """The first check the evidence fails (polarity, numbers, actors, roles, and for a
    restatement the model wrote, its words), or None."""
    found = unstated(statement, evidence) or unstated_actors(statement, sentence, actors, exempt)
    if found is None and restated:
        added = unwritten(statement, sentence)
        return None if added is None else Unstated("words", added.partition(": ")[2], added)
    return found


def under_instruction(sentence: str, start: int, end: int) -> str | None:
    """Why evidence at ``start:end`` of its ``sentence`` is not the article's assertion: the
    sentence addresses the model or the reader (``instructions.instruction_form``), or the
    evidence lies in what a request asks to be reported (``instructions.embedded_command``)."""
    why = instruction_form(sentence)
    if why is not None:
        return f"the evidence's sentence addresses the model or the reader ({why})"
    at = embedded_command(sentence)
    if at is not None and end > at:
        return "the evidence is what a request asks to be reported, not what the article asserts"
    return None


def uniform(values: Sequence[str]) -> bool:
    """A value the model gave to every item of an answer (three or more) carries no information."""
    return len(values) >= UNIFORM_MIN and len(set(values)) == 1


# a negation of any kind: a denial needs one ("I don't see ...", "has no intention of ...")
NEGATION = re.compile(rf"\b({lexicon.alt('stated', 'negation')})\b|n['\u2019]t\b", re.I)
# a report told as unverified: "reportedly", "claimed", "according to unconfirmed reports"
REPORTED = lexicon.pattern("stated", "reported")


def certainty_needs_cue(certainty: Certainty, words: str) -> Certainty:
    """``denied`` and ``unconfirmed`` only where the words allow it: a denial needs a denial
    word or a negation; a non-confirmation needs words that leave it unverified or a negation
    ("would not comment"). A non-confirmation is not a denial."""
    if certainty == "denied" and not DENIAL.search(words):
        if NON_CONFIRMATION.search(words):
            return "unconfirmed"
        return "denied" if NEGATION.search(words) else "asserted"
    if certainty == "unconfirmed" and not (NON_CONFIRMATION.search(words) or REPORTED.search(words)
                                           or NEGATION.search(words)):  # "would not comment"
        return "asserted"
    return certainty


def paraphrase(statement: str, evidence: str) -> bool:
    """True when the statement is not the evidence's own wording."""
    def squash(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))
    return squash(statement) not in squash(evidence)
