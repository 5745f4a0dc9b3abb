"""One sentence segmenter for every module: pysbd (rule-based, maintained), line by line.

A line break always ends a sentence (headlines, captions, bullets and transcript turns are
lines). Inside a line pysbd decides: abbreviations ("U.S.", "Lt. Gen.", "p.m."), numbers
("1,000", "2.5"), a quotation closed by its attribution ('"... it." he said.'). One rule is
added on top: a sentence that starts inside a quotation opened earlier in its line belongs to
the sentence the quotation opened ('"We will not stop. We will win," he said.' is one
statement with its speaker). Pure; results are cached per text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pysbd

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]+")


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _open_quote(line: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened earlier in ``line``?"""
    before = line[:pos]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _line_spans(line: str) -> list[Span]:
    out: list[Span] = []
    cursor = 0
    for piece in _segmenter().segment(line):
        # char_span offsets can drift when a sentence repeats: find the text from the cursor
        start = line.find(piece.sent, cursor) if line[piece.start:piece.end] != piece.sent \
            else piece.start
        if start < 0:
            continue
        end = start + len(piece.sent)
        cursor = end
        lo, hi = start, end
        while lo < hi and line[lo].isspace():
            lo += 1
        while hi > lo and line[hi - 1].isspace():
            hi -= 1
        if hi <= lo:
            continue
        if out and _open_quote(line, lo):
            out[-1] = (out[-1][0], hi)  # still inside the quotation: the same statement
        else:
            out.append((lo, hi))
    return out


PIECE = 5_000  # a longer line is segmented in pieces cut at a space (bounded work)


def _pieces(line: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    while len(line) - pos > PIECE:
        cut = line.rfind(" ", pos + PIECE // 2, pos + PIECE)
        cut = cut + 1 if cut > 0 else pos + PIECE
        out.append((pos, line[pos:cut]))
        pos = cut
    out.append((pos, line[pos:]))
    return out


@lru_cache(maxsize=256)
def spans(text: str) -> tuple[Span, ...]:
    """Every sentence of ``text`` as (start, end) offsets, whitespace trimmed, in order. A line
    of more than ``PIECE`` characters is segmented piece by piece (a sentence across a cut is
    cut there): segmenting a 2-million-character line in one go takes minutes."""
    out: list[Span] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        for offset, piece in _pieces(line.group()):
            base = line.start() + offset
            out += [(base + a, base + b) for a, b in _line_spans(piece)]
    return tuple(out)


def within(text: str, a: int, b: int) -> list[Span]:
    """The sentences of ``text[a:b]`` (source offsets)."""
    return [(a + s, a + e) for s, e in spans(text[a:b])]


def bounds(text: str, start: int, end: int) -> Span:
    """The sentence(s) the span ``start:end`` lies in; a span between sentences takes the
    next one. The result always contains the span."""
    hits = [(s, e) for s, e in spans(text) if s < max(end, start + 1) and start < e]
    if not hits:
        nxt = next(((s, e) for s, e in spans(text) if s >= start), None)
        return (min(start, nxt[0]), max(end, nxt[1])) if nxt else (start, end)
    return min(hits[0][0], start), max(hits[-1][1], end)


def count(text: str) -> int:
    return len(spans(text))


CLAIM_FLOOR = (2, 8)


def claim_floor(content: str) -> int:
    """How many claims a complete reading of ``content`` has at the least: one per two
    sentences, within ``CLAIM_FLOOR``. A draft with fewer left claims out."""
    low, high = CLAIM_FLOOR
    return max(low, min(high, (count(content) or 1) // 2))
