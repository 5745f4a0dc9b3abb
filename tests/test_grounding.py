from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmclaims.text.grounding import (
    find_mentions,
    locate,
    normalize,
)


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


def test_a_description_in_lower_case_is_found_where_a_sentence_starts_with_it() -> None:
    text = "Relatives of the crew said the ship sank. Officials met relatives of the crew."
    spans = find_mentions("relatives of the crew", text)
    assert [(s.start, s.text) for s in spans] == [(0, "Relatives of the crew"), (56, "relatives of the crew")]
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert find_mentions("Officials", "officials met") == []  # a capitalized name stays case-sensitive
    assert find_mentions("kestrel drones", "It sent Kestrel drones.") == []  # not a sentence start
    assert [s.start for s in find_mentions("kestrel drones", 'It ended. "Kestrel drones" flew.')] == [11]


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
