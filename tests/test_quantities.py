from __future__ import annotations

import pytest

from llmclaims.text.quantities import parse_caliber, parse_quantity


@pytest.mark.parametrize(
    ("words", "value", "low", "high", "qualifier"),
    [
        ("800", 800, None, None, None),
        ("about 200", 200, None, None, "about"),
        ("Approximately 2,600", 2600, None, None, "approximately"),
        ("more than 1,000", None, 1000, None, "more than"),
        ("Over 20 million rounds", None, 20e6, None, "over"),
        ("up to 50", None, None, 50, "up to"),
        ("10-12", None, 10, 12, None),
        ("thousands of soldiers", None, 2000, 9999, "thousands"),
        ("Five Mi-17 helicopters", 5, None, None, None),
        ("about 200 155mm shells", 200, None, None, "about"),
        # numbers in words, read by text2num (the hand list knew 17 words)
        ("sixty mortars", 60, None, None, None),
        ("twenty-five drones", 25, None, None, None),
        ("about two hundred and forty shells", 240, None, None, "about"),
        ("more than thirteen tanks", None, 13, None, "more than"),
        ("ten to fifteen launchers", None, 10, 15, None),
        ("a dozen boats", 12, None, None, None),
        ("twenty million rounds", 20e6, None, None, None),
    ],
)
def test_parse_quantity(words: str, value: float | None, low: float | None,
                        high: float | None, qualifier: str | None) -> None:
    q = parse_quantity(words)
    assert q is not None and q.text == words
    assert (q.value, q.low, q.high, q.qualifier) == (value, low, high, qualifier)


@pytest.mark.parametrize("words", [None, "", "container loads", "170mm", "240 mm", "the second wave"])
def test_no_quantity(words: str | None) -> None:
    assert parse_quantity(words) is None


def test_parse_caliber() -> None:
    assert parse_caliber("170mm self-propelled artillery") == 170
    assert parse_caliber("155-mm artillery rounds") == 155
    assert parse_caliber("a 5.56 mm rifle") == 5.56
    assert parse_caliber("240 millimeter rockets") == 240
    assert parse_caliber("HIMARS") is None


@pytest.mark.parametrize(
    ("before", "found"),
    [("- 800 ", "800"), ("- Over 600 ", "Over 600"), ("delivered about 200 ", "about 200"),
     ("- 25,000 sets of ", "25,000"), ("Over 20 million rounds of ", "Over 20 million"),
     ("shipped ", None), ("the Mi-17 ", None)],
)
def test_quantity_before_a_name(before: str, found: str | None) -> None:
    from llmclaims.text.quantities import quantity_before

    assert quantity_before(before) == found


def test_quantity_at_start_of_a_name() -> None:
    from llmclaims.text.quantities import quantity_at_start

    assert quantity_at_start("Over 20 million rounds of ammunition") == "Over 20 million"
    assert quantity_at_start("- 800 Stinger systems") == "800"
    assert quantity_at_start("Mi-17 helicopters") is None
    assert quantity_at_start("152 mm rounds") is None  # a caliber written apart, no count
    assert quantity_at_start("152 rounds") == "152"
    assert quantity_at_start("170mm artillery") is None
    assert quantity_at_start("7.62mm ammunition") is None  # a decimal caliber, not a count of 7
    assert quantity_at_start("2.5 million rounds") == "2.5 million"
