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
from ..text.support import unstated
from .actors import ActorTable

_RECIPIENT = re.compile(r"\b(to|into|towards?)\s+(the\s+)?$", re.I)
DENIAL = re.compile(r"\b(den(y|ied|ies|ial|ials)|(reject|refut|dismiss)\w*|(false|untrue|baseless|"
                    r"fabricat\w*|lies)\b)", re.I)
NON_CONFIRMATION = re.compile(
    r"\b(unconfirmed|unverified|not (been |yet )?(independently )?(confirmed|verified)|"
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


def _recipients(text: str, named: dict[int, list[int]]) -> set[int]:
    return {i for i, starts in named.items() if any(_RECIPIENT.search(text[max(0, s - 12):s])
                                                    for s in starts)}


def unstated_actors(statement: str, sentence: str, actors: ActorTable,
                    exempt: set[int]) -> str | None:
    """Why the evidence's ``sentence`` does not state the statement's actors, or None."""
    said = _actors_in(statement, actors)
    written = _actors_in(sentence, actors, parts=True)
    missing = [actors.records[i].name for i in said if i not in written and i not in exempt]
    if missing:
        return f"actors the evidence does not name: {', '.join(missing)}"
    to_said, to_written = _recipients(statement, said), _recipients(sentence, written)
    if to_said and to_written and not to_said & to_written and to_said <= set(written):
        return (f"roles: the statement's recipient is {actors.records[min(to_said)].name!r}, the "
                f"evidence's is {actors.records[min(to_written)].name!r}")
    return None


def why_unstated(statement: str, evidence: str, sentence: str, actors: ActorTable,
                 exempt: set[int]) -> str | None:
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
