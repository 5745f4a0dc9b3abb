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
from typing import cast

from ..schema import Certainty, ClaimType
from . import lexicon

# the type words, in order (the more specific first): resolve/data/lexicon.toml [claim_types]
_PATTERNS: tuple[tuple[ClaimType, str], ...] = tuple(
    (cast(ClaimType, kind), "|".join(items)) for kind, items in lexicon.ordered("claim_types"))
_WORDS = tuple((kind, re.compile(rf"\b({pattern})", re.I)) for kind, pattern in _PATTERNS)


def types_in(text: str) -> list[ClaimType]:
    return [kind for kind, pattern in _WORDS if pattern.search(text)]


# a commitment or directive that governs the event ("vowed to attack", "ordered his military
# to prepare", "directed the Department of Defense to allocate"): the claim is the stance, not
# an event that happened
_INTENT = re.compile(rf"\b({lexicon.alt('claims', 'intent_verbs')})\w*(\s+[\w'’-]+){{0,6}}?\s+to\s+[a-z]+", re.I)
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
