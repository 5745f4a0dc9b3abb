from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from llmclaims.text.support import SUPPORT_MIN, best_sentence, sentences, support

TEXT = ("Freedonia said in May that every shipment of rifles would follow the law. "
        "Sylvania's purchase of rifles has led to a change of tone in Freedonia.\n"
        "북한은 러시아에 포병을 보냈다.")


def test_cross_script_is_not_compared() -> None:
    assert support("North Korea sent artillery to Russia", "북한은 러시아에 포병을 보냈다.") is None


def test_below_the_minimum_no_sentence_is_best() -> None:
    assert best_sentence("Ruritania sold tanks to Borduria in winter", TEXT, [(0, len(TEXT))]) is None


_WORDS = ["tanks", "shells", "drones", "Freedonia", "Sylvania", "shipped", "bought", "sold",
          "winter", "spring", "rifles", "army", "navy", "ports"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), min_size=1, max_size=12),
       st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_property_the_index_finds_what_a_full_scan_finds(paragraph: list[list[str]],
                                                         statement: list[str]) -> None:
    """The candidate search (rarest words, ``sentence_index``) returns the sentence and support
    a scan of every sentence returns, whenever that reaches the minimum."""
    text = " ".join(" ".join(words).capitalize() + "." for words in paragraph)
    said = " ".join(statement)
    regions = [(0, len(text))]
    scan = None
    for s, e in sentences(text, regions):
        score = support(said, text[s:e])
        if score is not None and score >= SUPPORT_MIN and (scan is None or score > scan[1]):
            scan = ((s, e), score)
    assert best_sentence(said, text, regions) == scan
