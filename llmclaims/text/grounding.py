"""Locate verbatim quotes in a text: pure functions, no LLM, no I/O.

``locate(quote, text)`` tries, in order:

1. **exact** -- the quote occurs as written;
2. **normalized** -- it occurs after normalizing both sides: Unicode whitespace (non-breaking
   spaces included) collapsed, curly quotes and primes made straight, dashes made ``-``,
   zero-width characters dropped, case folded, and the quote's surrounding punctuation ignored;
3. **fuzzy** -- the best partial alignment of the normalized quote in the normalized text scores
   at least :data:`FUZZY_THRESHOLD` (rapidfuzz ``partial_ratio``, 0-100), the quote has at least
   :data:`FUZZY_MIN_CHARS` characters, and the aligned text is of similar length.

Quotes shorter than :data:`MIN_QUOTE_CHARS` (after normalization) never match: a one-letter
quote is "verbatim" in any text. The returned :class:`~llmclaims.schema.Span` always satisfies
``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..schema import Span

MIN_QUOTE_CHARS = 3
FUZZY_MIN_CHARS = 20
FUZZY_THRESHOLD = 90.0
FUZZY_LENGTH_RATIO = (0.8, 1.25)

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    }
)
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_EDGE_PUNCT = " \t\n.,;:!?\"'()[]-"

Region = tuple[int, int]


@dataclass(frozen=True)
class Normalized:
    """A normalized string and, for each of its characters, the source index it came from."""

    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets ``[a, b)`` covering normalized characters ``[start, end)``."""
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for comparison, keeping a map back to source offsets."""
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        if ch.isspace():
            if pending_space < 0 and out:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            origin.append(pending_space)
            pending_space = -1
        for piece in unicodedata.normalize("NFKC", ch.translate(_QUOTES)).casefold():
            out.append(piece)
            origin.append(i)
    return Normalized("".join(out), tuple(origin))


def _strip_edges(norm: Normalized) -> Normalized:
    text = norm.text
    a, b = 0, len(text)
    while a < b and text[a] in _EDGE_PUNCT:
        a += 1
    while b > a and text[b - 1] in _EDGE_PUNCT:
        b -= 1
    return Normalized(text[a:b], norm.origin[a:b])


def _in_regions(start: int, end: int, regions: Sequence[Region] | None) -> bool:
    if not regions:
        return True
    return any(a <= start and end <= b for a, b in regions)


def _finds(haystack: str, needle: str) -> Iterator[int]:
    pos = haystack.find(needle)
    while pos >= 0:
        yield pos
        pos = haystack.find(needle, pos + 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def locate(
    quote: str,
    text: str,
    *,
    regions: Sequence[Region] | None = None,
    normalized_text: Normalized | None = None,
) -> Span | None:
    """Find ``quote`` in ``text``; return its :class:`Span` or ``None``.

    ``regions`` (source offsets) are preferred: a match inside them wins over an earlier
    match outside (e.g. a photo caption repeating a sentence). ``normalized_text`` may be
    passed to avoid normalizing the same text for every quote.
    """
    norm_quote = _strip_edges(normalize(quote))
    if len(norm_quote.text) < MIN_QUOTE_CHARS:
        return None
    stripped = quote.strip()
    if len(stripped) >= MIN_QUOTE_CHARS:
        hits = list(_finds(text, stripped))
        if hits:
            best = next((h for h in hits if _in_regions(h, h + len(stripped), regions)), hits[0])
            return Span(start=best, end=best + len(stripped), text=stripped, match="exact")
    norm_text = normalized_text or normalize(text)
    candidates: list[tuple[int, int]] = [
        norm_text.source_span(p, p + len(norm_quote.text))
        for p in _finds(norm_text.text, norm_quote.text)
    ]
    if candidates:
        best_span = next((c for c in candidates if _in_regions(*c, regions)), candidates[0])
        a, b = _trim(text, *best_span)
        return Span(start=a, end=b, text=text[a:b], match="normalized")
    if len(norm_quote.text) < FUZZY_MIN_CHARS:
        return None
    return _fuzzy(norm_quote.text, norm_text, text)


def _fuzzy(needle: str, norm_text: Normalized, text: str) -> Span | None:
    res = fuzz.partial_ratio_alignment(needle, norm_text.text, score_cutoff=FUZZY_THRESHOLD)
    if res is None or res.dest_end <= res.dest_start:
        return None
    length = res.dest_end - res.dest_start
    lo, hi = FUZZY_LENGTH_RATIO
    if not lo * len(needle) <= length <= hi * len(needle):
        return None
    a, b = norm_text.source_span(res.dest_start, res.dest_end)
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():  # whole words, never "apan"
        a -= 1
    while b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        b += 1
    a, b = _trim(text, a, b)
    if b - a < FUZZY_MIN_CHARS:
        return None
    return Span(start=a, end=b, text=text[a:b], match="fuzzy")


_WORD = re.compile(r"\w", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'\u201d\u2019)]*\s+|\n\s*)[\"'\u201c\u2018(]?$")


def find_mentions(
    term: str, text: str, *, regions: Sequence[Region] | None = None, limit: int = 50
) -> list[Span]:
    """Every whole-word, case-sensitive occurrence of ``term`` inside ``regions``; a term in
    lower case (a description: "relatives of the hostages") also where a sentence starts
    with it ("Relatives of the hostages said ...").

    Used for actor and weapon mentions: a name is grounded wherever it is written.
    """
    term = term.strip()
    if len(term) < 2:
        return []
    forms = [term] + ([term[0].upper() + term[1:]] if term[0].islower() else [])
    spans: list[Span] = []
    for pos, form in sorted((p, f) for f in forms for p in _finds(text, f)):
        end = pos + len(form)
        if form is not term and not _SENTENCE_START.search(text, 0, pos):
            continue
        before = text[pos - 1] if pos > 0 else " "
        after = text[end] if end < len(text) else " "
        if _WORD.match(before) or _WORD.match(after):
            continue
        if not _in_regions(pos, end, regions):
            continue
        spans.append(Span(start=pos, end=end, text=form, match="exact"))
        if len(spans) >= limit:
            break
    return spans
