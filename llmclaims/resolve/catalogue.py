"""Weapon mentions linked to catalogue entries, as ranked, *inferred* candidates. Pure.

The catalogue (``data/catalogue.csv``, built by ``scripts/build_catalogue.py`` from the Oryx
lists, MIT) holds designations, origin, category, caliber and designation keys. A mention gets
an entry only where its own words support it:

* a **designation key** written in the mention ("HIMARS", "F-16", "Javelin"; "Mi-17" for
  "Mi-17V5" as a variant) — the strongest support. A key that is a plain word ("Patriot",
  "Caesar") names different things in different kinds of equipment (a SAM system and a jeep, a
  howitzer and a ship's namesake), so it counts only where the categories are compatible; a
  key with digits ("F-16", "M142") is specific enough alone; or
* the **caliber** and the **category** both agreeing (with no key, both are needed);
* the supplier's **country** adds to the score, never alone.

The written name is never replaced; each candidate says ``inferred: true`` and lists its
support. A mention with no supported entry gets none.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from ..schema import CatalogueCandidate
from ..text.gazetteer import country

KEY_SCORE, VARIANT_SCORE, CALIBER_SCORE, CATEGORY_SCORE, ORIGIN_SCORE = 3.0, 2.0, 2.0, 1.0, 1.0
TOP = 3
# the armed forces of the Soviet Union passed to Russia: an origin written "Russia" agrees
_SAME_ORIGIN = {"Soviet Union": "Russia"}


@cache
def entries() -> tuple[dict[str, str], ...]:
    text = resources.files("llmclaims.resolve").joinpath("data/catalogue.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in re.findall(r"[A-Za-z0-9][\w/.-]*\w|[A-Za-z0-9]", text)]


# categories that one system can be written as (an entry of category "other" has none known)
_COMPATIBLE = ({"artillery", "rocket_launcher"}, {"missile", "air_defense", "anti_tank"},
               {"drone", "aircraft"}, {"ammunition", "artillery", "rocket_launcher", "missile"})


def compatible(mention: str, entry: str) -> bool:
    return "other" in (mention, entry) or mention == entry or any(
        {mention, entry} <= group for group in _COMPATIBLE)


def _key_support(key: str, words: list[str]) -> str | None:
    k = key.casefold()
    if k in words:
        return "key"
    # "Mi-17" written for "Mi-17V5": the written token is the key up to a variant suffix
    if any(len(w) >= 3 and any(c.isdigit() for c in w) and k.startswith(w) and k[len(w)].isalpha()
           for w in words if len(w) < len(k)):
        return "variant"
    return None


def candidates(name: str, category: str, caliber_mm: float | None,
               origin: str | None) -> list[CatalogueCandidate]:
    """Ranked catalogue candidates for a weapon mention, each with the words that support it."""
    words = _tokens(name)
    state = country(origin) if origin else None
    origin_name = state[0] if state else origin
    out = []
    for e in entries():
        support, score = [], 0.0
        fits = compatible(category, e["category"])
        for key in filter(None, e["keys"].split("|")):
            how = _key_support(key, words)
            if how is not None and not fits and not any(ch.isdigit() for ch in key):
                continue  # a plain-word key across kinds of equipment: another thing
            if how == "key":
                support.append(f"designation {key!r}")
                score += KEY_SCORE
            elif how == "variant":
                support.append(f"designation {key!r} (variant)")
                score += VARIANT_SCORE
        entry_caliber = float(e["caliber_mm"]) if e["caliber_mm"] else None
        caliber = caliber_mm is not None and entry_caliber == caliber_mm
        same_category = e["category"] == category
        if not support and not (caliber and same_category):
            continue
        if caliber:
            support.append(f"caliber {caliber_mm:g} mm")
            score += CALIBER_SCORE
        if same_category:
            support.append(f"category {category}")
            score += CATEGORY_SCORE
        if origin_name and _SAME_ORIGIN.get(e["origin"], e["origin"]) == origin_name:
            support.append(f"supplier {origin_name}")
            score += ORIGIN_SCORE
        out.append(CatalogueCandidate(
            designation=e["designation"], origin=e["origin"] or None, category=e["category"],
            caliber_mm=entry_caliber, score=score, support=support, source=e["source"]))
    out.sort(key=lambda c: (-c.score, c.designation))
    return out[:TOP]
