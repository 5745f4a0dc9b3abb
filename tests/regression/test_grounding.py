"""Regression tests moved from tests/test_grounding.py: their sentences are copied from corpus
articles (evals/articles, tests/data/articles), so they pin behaviour on real text rather
than specify it with invented minimal pairs (those stay in tests/test_grounding.py)."""

from __future__ import annotations

from llmclaims.text.grounding import (
    FUZZY_MIN_CHARS,
    locate,
)

TEXT = ('The South\'s National Intelligence Service (NIS) "has confirmed that the North has '
        'shipped 170mm self-propelled artillery and long-range 240mm rocket launchers", '
        "Lee Seong-kweun said.")




def test_exact() -> None:
    span = locate("shipped 170mm self-propelled artillery", TEXT)
    assert span is not None and span.match == "exact"
    assert TEXT[span.start:span.end] == span.text == "shipped 170mm self-propelled artillery"


def test_normalized_curly_quotes_nbsp_case_and_trailing_punctuation() -> None:
    quote = "\u201cHAS CONFIRMED that the\u00a0North  has shipped 170mm self\u2013propelled artillery.\u201d"
    span = locate(quote, TEXT)
    assert span is not None and span.match == "normalized"
    assert TEXT[span.start:span.end] == span.text
    assert span.text.startswith("has confirmed") and span.text.endswith("artillery")


def test_fuzzy_small_slip_is_found_and_flagged() -> None:
    quote = "the North has shiped 170mm self-propelled artilery and long-range 240mm rocket"
    span = locate(quote, TEXT)
    assert span is not None and span.match == "fuzzy"
    assert TEXT[span.start:span.end] == span.text
    assert "240mm" in span.text


def test_invented_quote_is_not_found() -> None:
    assert locate("Canada has secretly shipped nuclear warheads to Yemen", TEXT) is None


def test_short_quotes_never_match() -> None:
    assert locate("a", TEXT) is None
    assert locate(" .", TEXT) is None
    assert locate("NIS", TEXT) is not None  # three characters: an abbreviation is fine


def test_fuzzy_needs_minimum_length() -> None:
    # one wrong letter in a short quote: no fuzzy match below FUZZY_MIN_CHARS
    short = "Lee Seong-kweun sad"
    assert len(short) < FUZZY_MIN_CHARS
    assert locate(short, TEXT) is None
