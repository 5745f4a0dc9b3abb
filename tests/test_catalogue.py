"""Weapon mentions linked to catalogue entries: inferred candidates, only with support."""

from __future__ import annotations

import pytest

from llmclaims.resolve.catalogue import candidates, entries


def top(name: str, category: str, caliber: float | None = None, origin: str | None = None) -> str | None:
    found = candidates(name, category, caliber, origin)
    return found[0].designation if found else None


@pytest.mark.parametrize(("mention", "category", "caliber", "expected"), [
    ("two HIMARS launchers", "rocket_launcher", None, "M142 HIMARS"),
    ("Javelin missiles", "anti_tank", None, "FGM-148 Javelin"),
    ("Mi-17 helicopters", "aircraft", None, "Mi-17V5"),  # a variant of the written designation
    ("Leopard 2A6 tanks", "armored_vehicle", None, "Leopard 2A6"),
    ("240mm 2S4 mortars", "artillery", 240, "2S4 Tyulpan"),
])
def test_a_written_designation_links(mention: str, category: str, caliber: float | None, expected: str) -> None:
    assert top(mention, category, caliber) == expected


@pytest.mark.parametrize(("mention", "category", "caliber"), [
    ("tanks", "armored_vehicle", None),  # no designation, no caliber: nothing supports an entry
    ("long-range 240mm rocket launchers", "rocket_launcher", 240),  # caliber alone, other category
    ("170mm self-propelled artillery", "artillery", 170),  # no 170 mm entry in the catalogue
    ("artillery systems", "artillery", None),  # a category word is not a designation
])
def test_no_support_no_candidate(mention: str, category: str, caliber: float | None) -> None:
    assert candidates(mention, category, caliber, None) == []


def test_every_candidate_is_inferred_and_says_why() -> None:
    for c in candidates("Patriot air defense battery", "air_defense", None, "United States"):
        assert c.inferred is True and c.support and c.score > 0
    found = candidates("Patriot air defense battery", "air_defense", None, "United States")
    assert "UAZ Patriot" not in [c.designation for c in found]  # the jeep shares a word only
    assert found[0].support[:2] == ["designation 'Patriot'", "category air_defense"]


def test_the_supplier_adds_but_never_decides() -> None:
    alone = candidates("howitzers", "artillery", None, "France")
    assert alone == []  # a country and a category are not a designation
    with_key = candidates("Caesar howitzers", "artillery", 155, "France")
    assert with_key[0].designation.startswith("Caesar") and "supplier France" in with_key[0].support


def test_the_catalogue_is_the_projects_own_file() -> None:
    rows = entries()
    assert len(rows) > 1000
    assert all(r["source"].startswith("Oryx") for r in rows)
    assert set(rows[0]) == {"designation", "origin", "category", "caliber_mm", "keys", "source"}


def test_a_plain_word_key_needs_a_compatible_kind() -> None:
    # a ship named after someone is not the howitzer of the same name; a digit key stays specific
    assert [c.designation for c in candidates("the landing ship Caesar", "naval", None, None)
            if c.designation.startswith("Caesar")] == []
    assert (top("Caesar howitzers", "artillery") or "").startswith("Caesar")
    assert top("F-16 jets", "other") == "F-16 fighter aircraft"
