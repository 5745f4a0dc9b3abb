"""Regression tests moved from tests/test_claimtype.py: their sentences are copied from corpus
articles (evals/articles, tests/data/articles), so they pin behaviour on real text rather
than specify it with invented minimal pairs (those stay in tests/test_claimtype.py)."""

from __future__ import annotations

import pytest

from llmclaims.resolve.claimtype import checked_type


@pytest.mark.parametrize(("stated", "statement", "certainty", "expected"), [
    # the model's type stays when the statement has a word of it
    ("transfer", "The U.S. will deliver 800 Stinger systems to Ukraine.", "asserted", "transfer"),
    # "transfer" for everything: the words say otherwise
    ("transfer", "A Ukrainian attack killed at least five people.", "asserted", "casualty"),
    ("transfer", "North Korea fired cruise missiles off its west coast.", "asserted", "attack"),
    ("transfer", "Analysts believe Kim wants to intimidate Seoul.", "probable", "assessment"),
    ("deployment", "The G7 will never recognise the annexation and condemn it.", "asserted", "policy"),
    # an event governed by a vow, an order or a want is the stance, not the event
    ("attack", "Netanyahu vowed again Wednesday to attack Hamas militants in Rafah.", "asserted",
     "policy"),
    ("transfer", "I have directed the Department of Defense to allocate its funding.", "asserted",
     "policy"),
    ("attack", "The military says it wants to attack four battalions.", "asserted", "policy"),
    ("transfer", "The army ordered 300 howitzers delivered.", "asserted", "transfer"),
    ("assessment", "Analysts say Kim wants to intimidate Seoul.", "probable", "assessment"),
    # a hedged claim is a judgment, whatever event it names
    ("transfer", "North Korea could be preparing further shipments to Russia.", "possible",
     "assessment"),
    # a denial is a denial whatever the model typed
    ("transfer", "Iran sent no drones.", "denied", "denial"),
    # no telling words: the model's type stays
    ("other", "The monument was demolished.", "asserted", "other"),
])
def test_checked_type(stated: str, statement: str, certainty: str, expected: str) -> None:
    assert checked_type(stated, statement, certainty) == expected  # type: ignore[arg-type]
