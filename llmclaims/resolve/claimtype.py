"""A claim's type from its words, when the model's type is not supported by them. Pure.

The small model types most claims "transfer" (measured: 8 of 35 matched claims had the gold
type). The type a sentence states is usually plain from its verbs: "killed" is a casualty,
"fired" an attack, "believes" an assessment. :func:`checked_type` keeps the model's type when
the statement has a word of that type, else takes the first type whose words it has (in the
order below: the more specific first), else keeps the model's type. An event the speaker
vows, orders or wants is a policy (the stance), not the event; a hedged claim (probable,
possible) is an assessment.
"""

from __future__ import annotations

import re

from ..schema import Certainty, ClaimType

_PATTERNS: tuple[tuple[ClaimType, str], ...] = (
    ("denial", r"den(y|ied|ies|ial)|reject|refut"),
    ("casualty", r"kill|wound|injur|dead\b|death|casualt|hurt\b|lives\b"),
    ("attack", r"fir(ed|ing)\b|launch(ed|es)?\b|test-fir|struck|strikes?\b|attack|shell(ed|ing)|"
               r"bomb|shot down|destroy|invad|invasion|offensive"),
    ("deployment", r"deploy|troops|stationed|dispatch|soldiers"),
    ("production", r"produc|manufactur"),
    ("agreement", r"agreement|treaty|accord\b|sign(ed|s)?\b|alliance"),
    ("transfer", r"deliver|provid|send|sent\b|ship|suppl|transfer|package|assistance|"
                 r"\baid\b|drawdown|arms sales?|export"),
    ("capability", r"capabilit|develop|miniaturi|test(ed|s)?\b"),
    ("policy", r"sanction|authori[sz]|direct(ed|s)?\b|order(ed|s)?\b|call(ed|s)? on|urge|vow|"
               r"pledge|commit|demand|will not|never recogni|decid|announc|condemn|reaffirm"),
    ("assessment", r"believ|assess|likely|could|may\b|might|concern|warn|think|expect|"
                   r"skeptic|goal|risk|danger|disaster|catastroph|tragedy"),
)
_WORDS = tuple((kind, re.compile(rf"\b({pattern})", re.I)) for kind, pattern in _PATTERNS)


def types_in(text: str) -> list[ClaimType]:
    return [kind for kind, pattern in _WORDS if pattern.search(text)]


# a commitment or directive that governs the event ("vowed to attack", "ordered his military
# to prepare", "directed the Department of Defense to allocate"): the claim is the stance, not
# an event that happened
_INTENT = re.compile(r"\b(vow|pledg|promis|threaten|order(s|ed)?\b|direct(s|ed|ing)?\b|"
                     r"instruct|want(s|ed)?\b)\w*(\s+[\w'’-]+){0,6}?\s+to\s+[a-z]+", re.I)
_EVENTS = frozenset({"transfer", "attack", "deployment", "production", "casualty"})


def checked_type(stated: ClaimType, statement: str, certainty: Certainty) -> ClaimType:
    if certainty == "denied" and stated != "denial":
        return "denial"
    if certainty in ("probable", "possible"):  # a hedged claim is a judgment
        return "assessment"
    if stated in _EVENTS and certainty == "asserted" and _INTENT.search(statement):
        return "policy"
    found = types_in(statement)
    if not found or stated in found:
        return stated
    return found[0]
