"""The report of each group: its reports, independent origins, denials, conflicting figures
and dates."""

from __future__ import annotations

from collections import Counter

from .features import Item
from .model import Conflict, Denial, FigureValue, Group, Report


def origins(reports: list[Item]) -> list[str]:
    """The roots of the reports' attribution chains, each once: the original claimant (one
    entity however many relays reached it, whatever alias it went by), else the outlet. A
    claimant that relays another root in some report is that root's relay, not an origin
    ("the lawmaker said" beside "the NIS told the lawmaker")."""
    roots: dict[object, str] = {}
    for r in reports:
        roots.setdefault(r.origin_entity if r.origin_entity is not None else ("outlet", r.origin), r.origin)
    relays = {e for r in reports for e in r.relays if r.origin_entity != e and r.origin_entity is not None}
    kept = [name for key, name in roots.items() if key not in relays]
    return kept or list(roots.values())


def _report(i: Item) -> Report:
    return Report(article_id=i.article.id, claim_id=i.claim.id, claimant=i.claimant, via=i.via,
                  certainty=i.claim.certainty, evidence=list(i.claim.evidence))


def denials(reports: list[Item], answering: list[Item]) -> list[Denial]:
    out = [Denial(article_id=d.article.id, claim_id=d.claim.id, claimant=d.claimant) for d in answering]
    out += [Denial(article_id=r.article.id, claim_id=r.claim.id, claimant=name)
            for r in reports for name in r.deniers]
    return out


def conflicts(reports: list[Item]) -> list[Conflict]:
    """Figures that differ between reports: one quantity written as different numbers (11,000
    against 12,000 troops; "more than 100" against "more than 150"). The same number with or
    without a qualifier ("1,200", "at least 1,200") is no conflict, nor is a vague one
    ("thousands of")."""
    out = []
    for name in sorted({name for r in reports for name in r.figures}):
        stated = [r for r in reports if name in r.figures]
        if len({r.figures[name] for r in stated}) > 1:
            out.append(Conflict(quantity=name, values=[
                FigureValue(value=r.figures[name], article_id=r.article.id, claim_id=r.claim.id) for r in stated]))
    return out


def group_report(reports: list[Item], answering: list[Item]) -> Group:
    reports = sorted(reports, key=lambda i: (i.article.published or "9999", i.article.id, i.n))
    roots = origins(reports)
    dates = sorted(r.article.published for r in reports if r.article.published)
    kind = Counter(r.claim.type for r in reports).most_common(1)[0][0]
    return Group(id="", statement=reports[0].claim.statement, type=kind,
                 reports=[_report(r) for r in reports], origins=roots, independent_origins=len(roots),
                 denials=denials(reports, answering), conflicts=conflicts(reports),
                 first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None)


def numbered(groups: list[Group]) -> list[Group]:
    """Most independently corroborated first, then the most reported, then the earliest."""
    ordered = sorted(groups, key=lambda g: (-g.independent_origins, -len(g.reports),
                                            g.first_seen or "9999", g.statement))
    return [g.model_copy(update={"id": f"g{n}"}) for n, g in enumerate(ordered, 1)]
