"""Grounded means stated: does a claim's evidence state what the claim says? Pure.

Sharing words is not stating. A statement is grounded on its evidence only when, besides
sharing its content words (``text.support``):

* **polarity** agrees (a denial is not grounded on a confirmation, nor the reverse);
* every **number** the statement writes is written in the evidence;
* every **actor** the statement names (any of its names or aliases) is named in the
  evidence's sentence, except the drafted source and relays, who are checked by attribution;
* the **recipient** ("... to Russia") is not another actor than the evidence's recipient.

And the certainty the model gives needs words: ``denied`` needs a denial in the evidence's
sentence, ``unconfirmed`` a word of non-confirmation; a certainty the model gives to every
claim of an answer says nothing about any one of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..schema import Certainty
from ..text.gazetteer import forms
from ..text.support import Unstated, unstated
from .actors import ActorTable

_RECIPIENT = re.compile(r"\b(to|into|towards?)\s+(the\s+)?$", re.I)
DENIAL = re.compile(r"\b(den(y|ied|ies|ial|ials)|(reject|refut|dismiss)\w*|(false|untrue|baseless|"
                    r"fabricat\w*|lies)\b)", re.I)
NON_CONFIRMATION = re.compile(
    r"\b(unconfirmed|unverified|not (be |been |yet )?(independently )?(confirmed|verified)|"
    r"(did|does|do|has|have|had|would|could|can|cannot|could not)\s*(not|n['\u2019]t)?\s+(yet\s+)?"
    r"(independently\s+)?(confirm|verify)\b|purported(ly)?|alleged(ly)?|declined to (confirm|comment))",
    re.I)
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
_FUNCTION = frozenset(("a", "an", "the", "i", "we", "they", "it", "this", "that", "these", "those",
                       "he", "she", "as", "in", "on", "at", "but", "and"))


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


def why_unstated(statement: str, evidence: str, sentence: str, actors: ActorTable,
                 exempt: set[int]) -> Unstated | None:
    """The first check the evidence fails (polarity, numbers, actors, roles), or None."""
    return unstated(statement, evidence) or unstated_actors(statement, sentence, actors, exempt)


def uniform(values: Sequence[str]) -> bool:
    """A value the model gave to every item of an answer (three or more) carries no information."""
    return len(values) >= UNIFORM_MIN and len(set(values)) == 1


def certainty_needs_cue(certainty: Certainty, words: str) -> Certainty:
    """``denied`` and ``unconfirmed`` only where the words say so; a non-confirmation is not a
    denial."""
    if certainty == "denied" and not DENIAL.search(words):
        return "unconfirmed" if NON_CONFIRMATION.search(words) else "asserted"
    if certainty == "unconfirmed" and not NON_CONFIRMATION.search(words):
        return "asserted"
    return certainty


def paraphrase(statement: str, evidence: str) -> bool:
    """True when the statement is not the evidence's own wording."""
    def squash(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))
    return squash(statement) not in squash(evidence)
