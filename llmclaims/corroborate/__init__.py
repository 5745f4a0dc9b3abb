"""Corroboration across articles: the same claim reported by many outlets, counted by its
independent origins, with denials and conflicting figures beside it.

Pure: reads results only (a corpus run's rows, ``(article_id, Extraction)`` pairs, Extractions
with their meta, or a results file); no model call. See :func:`corroborate`.
"""

from __future__ import annotations

from .build import group_report, numbered
from .entities import resolve_actors
from .features import items
from .group import Vocabulary, answers, group
from .inputs import Results, articles
from .model import ArticleInfo, Conflict, Corroboration, Denial, FigureValue, Group, Report
from .render import to_html, to_markdown

__all__ = ["ArticleInfo", "Conflict", "Corroboration", "Denial", "FigureValue", "Group", "Report",
           "Results", "corroborate", "to_html", "to_markdown"]


def corroborate(results: Results) -> Corroboration:
    """Group the claims of many articles that state the same thing; per group its reports,
    independent origins, the denials that answer it and the figures its reports disagree on.

    ``results``: a corpus run's results rows (``{"id", "source", "extraction"}``, as
    ``llmclaims extract DIR --out results.jsonl`` writes them; failed rows are skipped),
    ``(article_id, Extraction)`` pairs, Extractions (their ``meta.url`` is the id), or the
    path of a results file."""
    pairs = articles(results)
    entities = resolve_actors((info.id, result.actors) for info, result in pairs)
    claims = items(pairs, entities)
    vocabulary = Vocabulary(claims)
    groups = group([i for i in claims if not i.denial], vocabulary)
    attached, alone = answers([i for i in claims if i.denial], groups, vocabulary)
    built = [group_report(members, attached.get(g, [])) for g, members in enumerate(groups)]
    built += [group_report(members, []) for members in group(alone, vocabulary)]  # denials of nothing reported
    report = Corroboration(groups=numbered(built), articles=len(pairs), claims=len(claims))
    report.sources.update({info.id: info for info, _r in pairs})
    return report
