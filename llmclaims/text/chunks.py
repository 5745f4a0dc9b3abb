"""Chunks of an article's content for the model: consecutive content regions grouped up to a
size, a region longer than that cut at sentence ends (``text.sentences``). Pure."""

from __future__ import annotations

from .sentences import within


def split_regions(
    regions: tuple[tuple[int, int], ...], max_chars: int, text: str = ""
) -> list[tuple[tuple[int, int], ...]]:
    """Group consecutive content regions into chunks of at most ``max_chars`` characters.
    A region longer than that (a text with no line breaks) is cut first at sentence ends,
    then, for a sentence longer than a chunk, at the last space before the limit."""
    pieces = [p for a, b in regions for p in _cut(text, a, b, max_chars)] if text else list(regions)
    chunks: list[list[tuple[int, int]]] = [[]]
    size = 0
    for a, b in pieces:
        if chunks[-1] and size + (b - a) > max_chars:
            chunks.append([])
            size = 0
        chunks[-1].append((a, b))
        size += b - a + 2
    return [tuple(c) for c in chunks if c]


def _cut(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """``text[a:b]`` in pieces of at most ``max_chars``, cut after a sentence
    (``text.sentences``) where one ends in the last three quarters of a piece, else at a space."""
    out = []
    while b - a > max_chars:
        limit = a + max_chars
        ends = [e for _s, e in within(text, a, limit) if a + max_chars // 4 <= e < limit]
        cut = ends[-1] if ends else text.rfind(" ", a + 1, limit) + 1 or limit
        while cut < b and text[cut].isspace():
            cut += 1
        out.append((a, _rstrip(text, a, cut)))
        a = cut
    out.append((a, b))
    return out


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b
