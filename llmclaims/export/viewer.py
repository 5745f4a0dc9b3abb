"""A self-contained HTML page per result: the article with every evidence span in place.

Rendered with Jinja2 (autoescaping on: article text and model output are data, never markup);
no CDN, no network, works from ``file://``. Selecting a claim highlights its evidence and shows
claimant -> via -> the article, cue, certainty, who has not confirmed or denies it; selecting
an actor shows its mentions and the claims it makes or relays, a weapon its mentions and the
claims that name it (a listed claim selects on click); filters by actor, weapon, certainty and claim type;
a panel lists ungrounded items and warnings; provenance in the footer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..errors import InputError
from ..io import ensure_folder, write_atomic
from ..schema import Claim, Extraction
from ..text.clean import clean


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    items: tuple[str, ...]
    aside: str | None = None  # why cleaning set this text aside (never sent to the model)
    aside_starts: bool = False  # the first piece of a set-aside region


def segments(text: str, result: Extraction) -> list[Segment]:
    """The text cut at every span boundary and at the edges of what cleaning set aside
    (``text.clean``: headers, boilerplate, captions, instructions); each piece lists the items
    whose spans cover it and the reason it was set aside, if it was."""
    spans: list[tuple[int, int, str]] = []
    for c in result.claims:
        spans += [(s.start, s.end, c.id) for s in c.evidence]
    for a in result.actors:
        spans += [(s.start, s.end, a.id) for s in a.mentions]
    for w in result.weapon_systems:
        spans += [(s.start, s.end, w.id) for s in w.mentions]
    removed = _set_aside(text)
    cuts = sorted({0, len(text), *(p for a, b, _ in spans + removed for p in (a, b))})
    out = []
    for lo, hi in itertools.pairwise(cuts):
        items = tuple(sorted({i for s, e, i in spans if s <= lo and hi <= e}))
        aside = next(((s, why) for s, e, why in removed if s <= lo and hi <= e), None)
        out.append(Segment(lo, hi, text[lo:hi], items, aside and aside[1], aside is not None and aside[0] == lo))
    return out


def _set_aside(text: str) -> list[tuple[int, int, str]]:
    """What cleaning set aside, as the extraction did (the same ``clean`` of the same text)."""
    return [(r.start, r.end, r.reason) for r in clean(text).removed if r.end > r.start]


def _env() -> Environment:
    return Environment(loader=PackageLoader("llmclaims.export", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def _chain(c: Claim, names: dict[str, str]) -> list[str]:
    source = names.get(c.claimant or "", "the article") if c.claimant else "the article (no source written)"
    return [source, *(names.get(v, v) for v in c.via), "the article"] if c.claimant else [source]


def page(text: str, result: Extraction, *, title: str | None = None, index: str | None = None) -> str:
    """The HTML page for one article and its result."""
    problem = result.mismatch(text)
    if problem == "stale":
        raise InputError("the text is not the one this result was extracted from (sha256 differs)")
    if problem is not None:
        raise InputError("a span of the result does not slice back into its text: the result was "
                         "changed after it was extracted")
    names = {a.id: a.name for a in result.actors} | {w.id: w.name for w in result.weapon_systems}
    claims = [{"claim": c, "chain": _chain(c, names),
               "actor_ids": sorted({x for x in (c.claimant, *c.via, *c.actors) if x}),
               "not_confirmed": [names.get(x, x) for x in c.not_confirmed_by],
               "denied": [names.get(x, x) for x in c.denied_by],
               "weapons": [names.get(x, x) for x in c.weapon_systems]} for c in result.claims]
    ungrounded = ([("claim", c.id, c.statement) for c in result.claims if not c.grounded]
                  + [("weapon", w.id, w.name) for w in result.weapon_systems if not w.grounded]
                  + [("actor", a.id, a.name) for a in result.actors if not a.mentions])
    data = {"text": text, "claims": {c.id: {"evidence": [[s.start, s.end] for s in c.evidence]}
                                     for c in result.claims}}
    said = {a.id: [(c, "source" if c.claimant == a.id else "relay") for c in result.claims_by(a)]
            for a in result.actors}
    about = {w.id: result.claims_about(w) for w in result.weapon_systems}
    return _env().get_template("viewer.html.j2").render(
        title=title or result.meta.title or "llmclaims result", result=result, names=names,
        said=said, about=about,
        segments=segments(text, result), claims=claims, ungrounded=ungrounded, data=data,
        certainties=sorted({c.certainty for c in result.claims}),
        types=sorted({c.type for c in result.claims}), index=index)


def index_page(entries: Iterable[tuple[str, str, Extraction]]) -> str:
    """An index of per-article pages: ``(page file name, article id, result)``."""
    return _env().get_template("index.html.j2").render(entries=list(entries))


def page_name(n: int, article_id: str) -> str:
    """The file name :func:`write_pages` gives the ``n``-th article (from 1) of a results file."""
    return f"{n:04d}-{_slug(article_id)}.html"


def write_pages(items: Iterable[tuple[str, str, Extraction]], out: Path) -> list[Path]:
    """One page per ``(article id, text, result)`` into the folder ``out``, plus index.html
    (written last); each file is written whole or not at all."""
    ensure_folder(out)
    written, entries = [], []
    for n, (aid, text, result) in enumerate(items, 1):
        name = page_name(n, aid)
        written.append(write_atomic(out / name, page(text, result, title=aid, index="index.html")))
        entries.append((name, aid, result))
    return [*written, write_atomic(out / "index.html", index_page(entries))]


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in Path(text).stem.lower())
    return "-".join(filter(None, keep.split("-")))[:60] or "article"

