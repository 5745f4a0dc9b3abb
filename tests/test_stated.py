"""Grounded means stated: the pure checks, on hand-written minimal pairs."""

from __future__ import annotations

import pytest

from llmclaims.resolve.stated import certainty_needs_cue, paraphrase, uniform
from llmclaims.text.support import numbers, unstated


@pytest.mark.parametrize(("statement", "evidence", "failed"), [
    ("The army shipped 40 tanks.", "The army shipped 40 tanks in May.", None),
    ("The army shipped 45 tanks.", "The army shipped 40 tanks in May.", "numbers"),
    ("The army shipped five tanks.", "The army shipped 5 tanks in May.", None),
    ("The army shipped 11,000 shells.", "The army shipped 11000 shells.", None),
    ("The army did not ship tanks.", "The army shipped tanks in May.", "polarity"),
    ("The army shipped tanks.", "The army never shipped tanks in May.", "polarity"),
    ("The ministry denied the shipment.", "The ministry confirmed the shipment.", "polarity"),
    ("The ministry confirmed the shipment.", "The ministry denied the shipment.", "polarity"),
    ("The G7 leaders met.", "The G7 leaders met in Rome.", None),  # a 7 inside a name
])
def test_unstated(statement: str, evidence: str, failed: str | None) -> None:
    why = unstated(statement, evidence)
    assert (why is None) if failed is None else (why is not None and why.startswith(failed))


def test_numbers_read_digits_words_and_scales() -> None:
    assert numbers("sent 1.2 billion dollars, 170mm guns and twelve tanks") == {
        "1.2", "billion", "170", "12"}


@pytest.mark.parametrize(("told", "words", "expected"), [
    ("denied", "The ministry denied the report.", "denied"),
    ("denied", "Moscow did not confirm the report.", "unconfirmed"),
    ("denied", "Moscow said the report was accurate.", "asserted"),
    ("unconfirmed", "The claim could not be independently verified.", "unconfirmed"),
    ("unconfirmed", "The ministry said the claim was accurate.", "asserted"),
    ("probable", "Officials believe it happened.", "probable"),
])
def test_denied_and_unconfirmed_need_a_cue(told: str, words: str, expected: str) -> None:
    assert certainty_needs_cue(told, words) == expected  # type: ignore[arg-type]


def test_uniform_values_carry_no_information() -> None:
    assert uniform(["denied", "denied", "denied"])
    assert not uniform(["denied", "denied"])  # two items are too few to tell
    assert not uniform(["denied", "asserted", "denied"])


def test_paraphrase() -> None:
    assert not paraphrase("the army shipped tanks", "Officials said the army shipped tanks.")
    assert paraphrase("tanks were shipped by the army", "Officials said the army shipped tanks.")
