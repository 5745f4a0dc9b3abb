"""Parse quantities and calibers as written ("about 200", "more than 1,000", "thousands of",
"170mm") into numbers. Pure functions."""

from __future__ import annotations

import re

from text_to_num import alpha2digit

from ..schema import Quantity

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_VAGUE = {  # plural scale words: a range, not a value
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
    "thousands": (2_000, 9_999), "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999), "millions": (2e6, 9.99e6),
    "several": (3, 9), "a few": (2, 5), "few": (2, 5),
}
_QUALIFIERS = (
    "more than", "over", "at least", "up to", "nearly", "almost", "about", "around",
    "approximately", "roughly", "some", "less than", "fewer than", "as many as", "an estimated",
)
_N = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_NUM = r"(?<![\w.-])" + _N + r"(?![\w-])"  # "Mi-17", "AT-4": designations, not counts
_RANGE = re.compile(r"(?<![\w.-])" + _N + r"\s*(?:-|\u2013|to)\s*" + _N + r"(?![\w-])")
_SINGLE = re.compile(_NUM + r"(?:\s*(thousand|million|billion))?", re.IGNORECASE)
_CALIBER = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s?-?(mm|millimet(?:er|re))\b", re.IGNORECASE)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


_DIGIT_SCALE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s+(thousand|million|billion|trillion)\b",
                          re.IGNORECASE)
_PLURAL_SCALE = re.compile(r"(\b(?:hundreds|thousands|millions|billions|dozens)\b)", re.IGNORECASE)
_DOZEN = re.compile(r"\b(?:a|one)\s+dozen\b|\bdozen\b", re.IGNORECASE)  # text2num does not read it


def _digits(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def spelled_out(text: str) -> str:
    """``text`` with every cardinal number as digits: numbers in words by text2num ("sixty" ->
    "60", "two hundred and five" -> "205", "ten to fifteen" -> "10 to 15"), a digit with a scale
    word as one value ("1.5 million" -> "1500000"). Plural scale words ("thousands of") stay
    words: a range, not a value. Ordinals come out as "2nd": not a count."""
    text = _DIGIT_SCALE.sub(lambda m: _digits(_num(m[1]) * _SCALES[m[2].lower()]), text)
    text = _DOZEN.sub("12", text)
    parts = _PLURAL_SCALE.split(text)  # odd items: the plural scale words, kept as written
    return "".join(p if i % 2 else alpha2digit(p, "en", threshold=0) for i, p in enumerate(parts))


def parse_quantity(words: str | None) -> Quantity | None:
    """A :class:`Quantity` from the words as written; None when there is no number in them."""
    if not words or not words.strip():
        return None
    text = " ".join(words.split())
    if not _CALIBER.sub("", text).strip(" -"):
        return None  # only a caliber ("170mm"): not a count
    low_text = _CALIBER.sub("", text).lower()
    qualifier = next((q for q in _QUALIFIERS if re.search(rf"\b{q}\b", low_text)), None)
    bare = spelled_out(_CALIBER.sub("", text))
    m = _RANGE.search(bare)
    if m:
        return Quantity(low=_num(m.group(1)), high=_num(m.group(2)), qualifier=qualifier, text=text)
    m = _SINGLE.search(bare)
    if m:
        value = _num(m.group(1)) * _SCALES.get((m.group(2) or "").lower(), 1)
        if qualifier in ("more than", "over", "at least"):
            return Quantity(low=value, qualifier=qualifier, text=text)
        if qualifier in ("up to", "less than", "fewer than", "as many as"):
            return Quantity(high=value, qualifier=qualifier, text=text)
        return Quantity(value=value, qualifier=qualifier, text=text)
    for phrase in sorted(_VAGUE, key=len, reverse=True):
        if re.search(rf"\b{phrase}\b", low_text):
            lo, hi = _VAGUE[phrase]
            return Quantity(low=lo, high=hi, qualifier=phrase, text=text)
    return None


def parse_caliber(text: str | None) -> float | None:
    """Caliber in mm written in ``text`` ("170mm", "155-mm", "240 millimeter"), else None."""
    if not text:
        return None
    m = _CALIBER.search(text)
    return float(m.group(1)) if m else None


_LEADING = re.compile(
    r"((?:(?:" + "|".join(_QUALIFIERS) + r")\s+)?"
    r"(?<![\w.,-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:thousand|million|billion))?)"
    r"(?:\s+(?:sets|rounds|units|pieces)\s+of)?\s*$",
    re.IGNORECASE,
)


def quantity_before(text: str) -> str | None:
    """The count written right before a name: 'delivered about 200 ' -> 'about 200'."""
    m = _LEADING.search(text)
    return m.group(1) if m else None


_AT_START = re.compile(
    r"^\W*((?:(?:" + "|".join(_QUALIFIERS) + r")\s+)?"
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:thousand|million|billion))?)(?![\w-])",
    re.IGNORECASE,
)


def quantity_at_start(text: str) -> str | None:
    """The count a name starts with: 'Over 20 million rounds of ...' -> 'Over 20 million'."""
    m = _AT_START.match(text)
    return m.group(1) if m else None
