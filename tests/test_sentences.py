"""The one sentence segmenter (``text.sentences``), on hand-written minimal pairs."""

from __future__ import annotations

from llmclaims.text.sentences import bounds, count, spans, within


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in spans(text)]


def test_abbreviations_and_numbers_do_not_end_a_sentence() -> None:
    assert split("The U.S. Senate met Lt. Gen. Ruiz at 2 p.m. on Friday. It voted.") == [
        "The U.S. Senate met Lt. Gen. Ruiz at 2 p.m. on Friday.", "It voted."]
    assert split("Prices rose 2.5 percent. Exports fell.") == ["Prices rose 2.5 percent.",
                                                               "Exports fell."]


def test_a_line_break_always_ends_a_sentence() -> None:
    assert split("Troops Move North\nThe army moved north on Monday.") == [
        "Troops Move North", "The army moved north on Monday."]
    assert split("Troops Move North The army moved north on Monday.") == [
        "Troops Move North The army moved north on Monday."]


def test_a_quotation_and_its_attribution_are_one_statement() -> None:
    one = '"We will not retreat. We will hold the line," the colonel said.'
    assert split(one) == [one]
    two = 'The colonel spoke. "We will hold," he said.'
    assert split(two) == ["The colonel spoke.", '"We will hold," he said.']


def test_offsets_slice_back_even_when_a_sentence_repeats() -> None:
    text = "It rained. It rained. It rained."
    assert [(s, e) for s, e in spans(text)] == [(0, 10), (11, 21), (22, 32)]
    assert all(text[s:e] == "It rained." for s, e in spans(text))


def test_bounds_within_and_count() -> None:
    text = "Ships sailed east. Planes flew west. Tanks stayed."
    i = text.index("flew")
    assert text[slice(*bounds(text, i, i + 4))] == "Planes flew west."
    gap = text.index(" Planes")  # the space between two sentences takes the next one
    assert text[slice(*bounds(text, gap, gap + 1))].strip() == "Planes flew west."
    a = text.index("Planes")
    assert [text[s:e] for s, e in within(text, a, len(text))] == ["Planes flew west.", "Tanks stayed."]
    assert count(text) == 3 and count("") == 0
