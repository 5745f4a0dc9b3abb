"""What :func:`corroborate` accepts, as ``(ArticleInfo, Extraction)`` pairs: a corpus run's
results rows (``{"id", "source", "extraction"}``; failed rows skipped), ``(article_id,
Extraction)`` pairs, Extractions alone (their meta's URL or their position is the id), or the
path of a results file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from ..errors import InputError, UsageError
from ..schema import Extraction
from .model import ArticleInfo

Results = str | Path | Iterable[Mapping[str, Any] | tuple[str, Extraction] | Extraction]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def outlet_of(url: str | None) -> str | None:
    """The outlet a URL names: its host without ``www.`` ("voanews.com")."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def info(article_id: str, result: Extraction) -> ArticleInfo:
    meta = result.meta
    published = meta.published if meta.published and _DATE.match(meta.published) else None
    return ArticleInfo(id=article_id, url=meta.url, outlet=outlet_of(meta.url) or article_id,
                       published=published[:10] if published else None, title=meta.title)


def _row(n: int, row: Mapping[str, Any]) -> tuple[str, Extraction] | None:
    if "extraction" not in row:
        if "error" in row:
            return None  # a failed article of a corpus run
        raise InputError(f"results row {n}: neither 'extraction' nor 'error' in it")
    try:
        result = row["extraction"] if isinstance(row["extraction"], Extraction) else \
            Extraction.model_validate(row["extraction"])
    except ValidationError as exc:
        raise InputError(f"results row {n}: not an extraction of llmclaims: {exc}") from None
    return str(row.get("id", row.get("source", n))), result


def articles(results: Results) -> list[tuple[ArticleInfo, Extraction]]:
    """Every finished article once, in the order given; a repeated id is an error."""
    if isinstance(results, str | Path):
        from ..export.tables import load

        items: Iterable[Any] = [(aid, r) for aid, _source, r in load(Path(results))]
    else:
        items = results
    out: list[tuple[ArticleInfo, Extraction]] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if isinstance(item, Extraction):
            pair: tuple[str, Extraction] | None = (item.meta.url or f"article-{n}", item)
        elif isinstance(item, Mapping):
            pair = _row(n, item)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Extraction):
            pair = (str(item[0]), item[1])
        else:
            raise UsageError(f"item {n}: corroborate() takes results rows, (article_id, Extraction) "
                             f"pairs or Extractions, not {type(item).__name__}")
        if pair is None:
            continue
        if pair[0] in seen:
            raise InputError(f"article id {pair[0]!r} appears twice")
        seen.add(pair[0])
        out.append((info(*pair), pair[1]))
    return out
