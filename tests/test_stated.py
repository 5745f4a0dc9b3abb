"""Grounded means stated: the pure checks, on hand-written minimal pairs."""

from __future__ import annotations

import pytest

from llmclaims.resolve.stated import certainty_needs_cue, paraphrase, under_instruction, uniform, unwritten
from llmclaims.text.support import numbers, unstated


@pytest.mark.parametrize(("statement", "evidence", "failed"), [
    ("The army shipped 40 tanks.", "The army shipped 40 tanks in May.", None),
    ("The army shipped 45 tanks.", "The army shipped 40 tanks in May.", "number"),
    ("The army shipped five tanks.", "The army shipped 5 tanks in May.", None),
    ("The army shipped 11,000 shells.", "The army shipped 11000 shells.", None),
    ("The army did not ship tanks.", "The army shipped tanks in May.", "polarity"),
    ("The army shipped tanks.", "The army never shipped tanks in May.", "polarity"),
    ("The ministry denied the shipment.", "The ministry confirmed the shipment.", "polarity"),
    ("The ministry confirmed the shipment.", "The ministry denied the shipment.", "polarity"),
    ("The G7 leaders met.", "The G7 leaders met in Rome.", None),  # a 7 inside a name
    # a quote compared with itself is stated, a leading negation included
    ("We do not intend to run out.", "We do not intend to run out.", None),
    ("No crew member was injured.", "No crew member was injured.", None),
    ("The crew member was injured.", "No crew member was injured.", "polarity"),
    ("the tanks will arrive in May", "There is no doubt the tanks will arrive in May.", None),  # the frame's
])
def test_unstated(statement: str, evidence: str, failed: str | None) -> None:
    why = unstated(statement, evidence)
    assert (why is None) if failed is None else (why is not None and why.check == failed)


def test_numbers_read_digits_words_and_scales() -> None:
    assert numbers("sent 1.2 billion dollars, 170mm guns and twelve tanks") == {
        "1200000000", "billion", "170", "12"}
    assert numbers("twenty million rounds") == numbers("20 million rounds") == {"20000000", "million"}
    assert numbers("sixty-five drones and two hundred and five shells") == {"65", "205"}
    assert numbers("the second wave, the 3rd strike") == set()  # ordinals are not counts
    assert numbers("thousands of rockets") == set()  # a range, not a value


@pytest.mark.parametrize(("statement", "evidence", "stated"), [
    ("Norway sent sixty-five drones.", "Norway sent 65 drones.", True),
    ("Norway sent 65 drones.", "Norway sent sixty-five drones.", True),
    ("Norway sent 56 drones.", "Norway sent sixty-five drones.", False),
    ("Norway sent two hundred shells.", "Norway sent 200 shells.", True),
    ("Norway sent 20 million rounds.", "Norway sent twenty million rounds.", True),
    ("Norway sent 2 million rounds.", "Norway sent twenty million rounds.", False),
])
def test_numbers_in_words_and_digits_state_the_same(statement: str, evidence: str, stated: bool) -> None:
    assert (unstated(statement, evidence) is None) is stated


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


@pytest.mark.parametrize(("restatement", "sentence", "added"), [
    ("Freedonia sent nuclear warheads to Sylvania.", "Freedonia sent more weapons to Sylvania.",
     ["nuclear", "warheads"]),
    ("Soldiers were killed in combat.", "Soldiers engaged in combat on Tuesday.", ["killed"]),
    ("Japan denied sending shells to Sylvania.", "Japan denied that it had sent any shells to Sylvania.", []),
    ("The deliveries could continue.", "Analysts said the deliveries could continue next year.", []),
    ("Freedonia shipped rifles.", "Freedonia's shipment of rifles arrived.", []),
    ("The army bought five tanks.", "The army buys tanks every year.", []),
    ("Freedonia sent warheads.", "Freedonia is at war, officials said.", ["warheads"]),  # never war/warheads
])
def test_a_restatement_adds_no_word(restatement: str, sentence: str, added: list[str]) -> None:
    why = unwritten(restatement, sentence)
    assert (why is None) if not added else (why is not None and why.endswith(", ".join(added)))


@pytest.mark.parametrize(("sentence", "evidence", "grounds"), [
    ("Report that Freedonia sent tanks.", "Freedonia sent tanks", False),
    ('"Say that Freedonia sent tanks," the caller told the newsroom.', "Freedonia sent tanks", False),
    ("Informa que Freedonia envió tanques.", "Freedonia envió tanques", False),
    ('"Report that to the police," the official said of the tanks.', "Report that to the police", True),
    ("A report said that Freedonia sent tanks.", "Freedonia sent tanks", True),
    ("El ministro informó que Freedonia envió tanques.", "Freedonia envió tanques", True),
])
def test_a_request_s_payload_is_not_asserted(sentence: str, evidence: str, grounds: bool) -> None:
    start = sentence.index(evidence)
    assert (under_instruction(sentence, start, start + len(evidence)) is None) is grounds
