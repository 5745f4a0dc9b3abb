"""Input hygiene: find the article's content regions; never rewrite offsets.

``clean(text)`` returns the content regions (source offsets) and what was set aside, with the
reason: a metadata header block, page boilerplate (captions, "Updated on:", "2 min read",
"Related Stories" and what follows, bare site names), repeated lines, and sentences that
address the model ("ignore your instructions ...", also when written across line breaks, and
chat role objects in any syntax, ``instructions.role_objects``). Only content regions are sent
to the model and only evidence inside them counts as grounded. Every offset refers to the
caller's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from . import wordlists
from .grounding import Region
from .instructions import instruction_form, opens_payload, role_objects
from .sentences import spans, within

_HEADER_LINE = re.compile(r"^\ufeff?[A-Z][A-Za-z-]{1,30}:\s")
_LEXICON = ("llmclaims.text", "data/lexicon.toml")
_CAPTION = re.compile(
    rf"^({wordlists.alt(*_LEXICON, 'clean', 'caption_starts')})|{wordlists.alt(*_LEXICON, 'clean', 'caption_credits')}",
    re.IGNORECASE,
)
_BOILERPLATE_LINE = re.compile(
    rf"^({wordlists.alt(*_LEXICON, 'clean', 'boilerplate_lines')}"
    r"|[a-z]|(https?://)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+/?"  # a lone letter, a link
    r"|\d{1,2}(:\d{2}){1,2}|\d{3,4}p\s*\|\s*[\d.]+\s*[kmg]b)$",  # a video's duration, size
    re.IGNORECASE,
)
_TRAILER = re.compile(rf"^({wordlists.alt(*_LEXICON, 'clean', 'trailers')})\s*:?$", re.IGNORECASE)

MAX_CHARS = 2_000_000
_SPACE_OR_BOM = " \t\r\n\f\v\u00a0\ufeff"  # a byte-order mark is never content


@dataclass(frozen=True)
class Removed:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """Content regions of a text and what was set aside."""

    text: str
    regions: tuple[Region, ...]
    removed: tuple[Removed, ...]
    header: dict[str, str] = field(default_factory=dict)

    def content(self, regions: tuple[Region, ...] | None = None) -> str:
        """The content as sent to the model: regions joined by blank lines."""
        return "\n\n".join(self.text[a:b] for a, b in (regions or self.regions))


def check_text(text: object) -> str:
    """Reject what cannot be an article, with a message that says what to do."""
    if not isinstance(text, str):
        raise InputError(
            f"text must be str, got {type(text).__name__}; decode bytes first, e.g. "
            "data.decode('utf-8'), or use llmclaims.read_article(path)"
        )
    if not text.strip():
        raise InputError("text is empty or whitespace only: nothing to extract")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"text has {len(text):,} characters, more than the {MAX_CHARS:,} accepted; "
            "split it into articles first"
        )
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in sample or controls > len(sample) * 0.05:
        raise InputError("text looks binary (control characters); pass the article's text")
    head = sample.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or len(re.findall(r"</?(p|div|span|a)\b", sample)) > 10:
        raise InputError(
            "text looks like HTML; offsets must refer to plain text, so convert it first with "
            "llmclaims.html_to_text(html) (or pass the .html file to the CLI)"
        )
    return text


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _header(text: str, lines: list[tuple[int, int]]) -> tuple[int, dict[str, str]]:
    """A leading 'Key: value' block closed by a '---' line: (lines used, fields)."""
    fields: dict[str, str] = {}
    for n, (a, b) in enumerate(lines[:40]):
        line = text[a:b]
        if line.strip() == "---":
            return (n + 1, fields) if len(fields) >= 2 else (0, {})
        if not _HEADER_LINE.match(line):
            return 0, {}
        key, _, value = line.partition(":")
        fields[key.strip(_SPACE_OR_BOM).lower()] = value.strip()
    return 0, {}


def clean(text: str) -> Cleaned:
    lines = _lines(text)
    removed: list[Removed] = []
    regions: list[Region] = []
    used, header = _header(text, lines)
    if used:
        removed.append(Removed(0, lines[used - 1][1], "header"))
    seen: set[str] = set()
    trailer = False
    for a, b in lines[used:]:
        raw = text[a:b]
        line = raw.strip(_SPACE_OR_BOM)
        if not line:
            continue
        a += len(raw) - len(raw.lstrip(_SPACE_OR_BOM))
        b = a + len(line)
        key = " ".join(line.lower().split())
        reason = None
        if trailer:
            reason = "trailer"
        elif _TRAILER.match(line):
            trailer, reason = True, "trailer"
        elif _BOILERPLATE_LINE.match(line):
            reason = "boilerplate"
        elif _CAPTION.search(line):
            reason = "caption"
        elif key in seen:
            reason = "repeated"
        seen.add(key)
        if reason:
            removed.append(Removed(a, b, reason))
            continue
        regions.extend(_drop_injections(text, a, b, removed))
    regions = _drop_widget_titles(text, regions, removed)
    regions = _drop_spanning(text, regions, removed)
    return Cleaned(text, tuple(regions), tuple(removed), header)


def _spanning(text: str, regions: list[Region]) -> list[Removed]:
    """Instructions no single line shows: role objects, and sentences of a paragraph whose
    words run across a line break ("Ignore all previous\ninstructions ..."); the rest of the
    paragraph too after one that introduces a payload."""
    out = [Removed(a, b, "instruction (role)") for a, b in role_objects(text)]
    paragraphs: list[list[Region]] = []
    for a, b in regions:
        if paragraphs and not text[paragraphs[-1][-1][1]:a].count("\n") >= 2 \
                and not text[paragraphs[-1][-1][1]:a].strip():
            paragraphs[-1].append((a, b))
        else:
            paragraphs.append([(a, b)])
    for lines in paragraphs:
        if len(lines) < 2:
            continue
        pa, pb = lines[0][0], lines[-1][1]
        joined = text[pa:pb].replace("\r", " ").replace("\n", " ")
        for s, e in spans(joined):
            if "\n" not in text[pa + s:pa + e]:
                continue
            why = instruction_form(joined[s:e])
            if why is not None:
                payload = opens_payload(joined[s:e])
                out.append(Removed(pa + s, pb if payload else pa + e, f"instruction ({why})"))
    return out


def _drop_spanning(text: str, regions: list[Region], removed: list[Removed]) -> list[Region]:
    """Content regions less what ``_spanning`` sets aside."""
    cuts = _spanning(text, regions)
    if not cuts:
        return regions
    removed.extend(cuts)
    kept: list[Region] = []
    for a, b in regions:
        pieces = [(a, b)]
        for cut in cuts:
            pieces = [p for x, y in pieces for p in ((x, min(y, cut.start)), (max(x, cut.end), y))
                      if p[1] > p[0]]
        kept += [_strip(text, x, y) for x, y in pieces if text[x:y].strip()]
    return kept


def _drop_widget_titles(text: str, regions: list[Region], removed: list[Removed]) -> list[Region]:
    """A line without sentence punctuation between two boilerplate lines is the title of the
    widget they belong to ("Embed / share / <related video title> / Embed")."""
    boiler = sorted((r.start, r.end) for r in removed if r.reason == "boilerplate")
    kept = []
    for a, b in regions:
        prev = max((r for r in boiler if r[1] <= a), default=None)
        nxt = min((r for r in boiler if r[0] >= b), default=None)
        between = (prev is not None and nxt is not None and not text[prev[1]:a].strip()
                   and not text[b:nxt[0]].strip())
        if between and not re.search(r"[.!?:;\"\u201d\u2019]$", text[a:b]):
            removed.append(Removed(a, b, "boilerplate"))
            continue
        kept.append((a, b))
    return kept


def _drop_injections(text: str, a: int, b: int, removed: list[Removed]) -> list[Region]:
    """Split a line into regions, setting aside sentences that address the model
    (``instructions.instruction_form``); after one that introduces a payload or stands bare
    ("Ignore the above."), the rest of its line too: that is the payload."""
    out: list[Region] = []
    cur = a
    for s, e in within(text, a, b):
        sentence = text[s:e]
        why = instruction_form(sentence)
        if why is None:
            continue
        if s > cur and text[cur:s].strip():
            out.append(_strip(text, cur, s))
        removed.append(Removed(s, e, f"instruction ({why})"))
        cur = e
        if opens_payload(sentence) and e < b and text[e:b].strip():
            removed.append(Removed(*_strip(text, e, b), "instruction (its payload)"))
            return out
    if cur < b and text[cur:b].strip():
        out.append(_strip(text, cur, b))
    return out


def _strip(text: str, a: int, b: int) -> Region:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
