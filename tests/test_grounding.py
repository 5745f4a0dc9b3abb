from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmclaims.text.grounding import (
    FUZZY_MIN_CHARS,
    find_mentions,
    locate,
    normalize,
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


def test_regions_prefer_content_over_caption() -> None:
    text = "Caption: Kim speaks.\nBody text. Kim speaks.\n"
    body = (21, len(text) - 1)
    span = locate("Kim speaks.", text, regions=[body])
    assert span is not None and span.start > 21
    assert locate("Kim speaks.", text).start == 9  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("국가정보원은 북한이 러시아에 170mm 자주포를 보낸 것을 확인했다.", "북한이 러시아에 170mm 자주포를"),
        ("Минобороны России заявило, что ракеты «Искандер» были перехвачены.",
         "ракеты \"Искандер\" были перехвачены"),
        ("ВСУ сообщили о 40 дронах.", "ВСУ СООБЩИЛИ о 40 дронах"),
    ],
)
def test_unicode_korean_and_cyrillic(text: str, quote: str) -> None:
    span = locate(quote, text)
    assert span is not None
    assert text[span.start:span.end] == span.text


def test_normalize_maps_every_character_back() -> None:
    text = "A\u00a0\u00a0b\u2019s \u201cX\u201d\u200b—ß"
    norm = normalize(text)
    assert norm.text == "a b's \"x\"-ss"
    assert len(norm.origin) == len(norm.text)
    assert all(0 <= i < len(text) for i in norm.origin)


def test_find_mentions_whole_words_only() -> None:
    text = "Russia and Russian forces; Russia's army. Belarussia"
    spans = find_mentions("Russia", text)
    assert [s.start for s in spans] == [0, 27]
    assert all(text[s.start:s.end] == "Russia" for s in spans)


_alphabet = st.sampled_from(list("abcdefghij KLMNO.,'\"-\u00e9\uac00\u0416"))
_text = st.text(alphabet=_alphabet, min_size=30, max_size=200)


def _perturb(quote: str, how: int) -> str:
    if how == 0:
        return quote.upper()
    if how == 1:
        return quote.replace(" ", "\u00a0")
    if how == 2:
        return quote.replace("'", "\u2019").replace('"', "\u201c").replace("-", "\u2014")
    if how == 3:
        return quote.replace(" ", "  ") + "."
    return quote


@settings(max_examples=300, deadline=None)
@given(_text, st.data(), st.integers(min_value=0, max_value=4))
def test_property_any_substring_perturbed_is_located(text: str, data: st.DataObject,
                                                      how: int) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 12))
    end = data.draw(st.integers(min_value=start + 12, max_value=len(text)))
    quote = text[start:end]
    if len(normalize(quote).text.strip(" .,;:!?\"'()[]-")) < 3:
        return
    span = locate(_perturb(quote, how), text)
    assert span is not None, (quote, how)
    assert text[span.start:span.end] == span.text
    # the located text is the quote up to the normalizations
    core = normalize(span.text).text.strip(" .,;:!?\"'()[]-")
    want = normalize(quote).text.strip(" .,;:!?\"'()[]-")
    assert core == want
    assert span.match in ("exact", "normalized")
