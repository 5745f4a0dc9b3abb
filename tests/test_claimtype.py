"""A claim's type checked against its words (llmclaims.resolve.claimtype)."""

from __future__ import annotations

import pytest

from llmclaims.resolve.claimtype import checked_type


@pytest.mark.parametrize(("statement", "expected"), [
    # a refusal ("will not") is a stance: the claim is policy, whatever event type was drafted
    ("Freedonia will not recognize the annexation of the islands.", "policy"),
    # the minimal pair: the same event without the refusal keeps the drafted type
    ("Freedonia recognized the annexation of the islands.", "attack"),
])
def test_a_refusal_makes_a_claim_a_policy(statement: str, expected: str) -> None:
    assert checked_type("attack", statement, "asserted") == expected
