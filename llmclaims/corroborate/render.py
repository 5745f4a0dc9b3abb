"""The corroboration report for reading: Markdown, and a self-contained HTML page in the
viewer's style (Jinja2, autoescaped; no CDN, works from ``file://``) where each report links to
its article's page: the viewer page given in ``links``, else the article's URL."""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import Corroboration, Group, Report


def _href(report: Corroboration, article_id: str, links: Mapping[str, str] | None) -> str | None:
    if links and article_id in links:
        return links[article_id]
    source = report.sources.get(article_id)
    return source.url if source else None


def _chain(r: Report, outlet: str) -> str:
    """claimant -> relays -> outlet; the outlet alone where the article speaks in its own voice."""
    if r.claimant is None:
        return " \u2192 ".join([*r.via, f"{outlet} (own voice)"])
    return " \u2192 ".join([r.claimant, *r.via, outlet])


def _outlet(report: Corroboration, article_id: str) -> str:
    source = report.sources.get(article_id)
    return source.outlet if source else article_id


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _md_group(report: Corroboration, g: Group, links: Mapping[str, str] | None) -> list[str]:
    seen = f"{g.first_seen} to {g.last_seen}" if g.first_seen else "undated"
    lines = [f"## {g.id}: {_md_cell(g.statement)}", "",
             f"{g.type}; **{g.independent_origins} independent origin(s)**: {', '.join(g.origins)}; "
             f"{len(g.reports)} report(s); {seen}", "",
             "| article | claim | chain | certainty | evidence |", "|---|---|---|---|---|"]
    for r in g.reports:
        href = _href(report, r.article_id, links)
        article = f"[{_md_cell(r.article_id)}]({href})" if href else _md_cell(r.article_id)
        quote = _md_cell(" ... ".join(s.text for s in r.evidence))
        lines.append(f"| {article} | {r.claim_id} | {_md_cell(_chain(r, _outlet(report, r.article_id)))} "
                     f"| {r.certainty} | {quote} |")
    lines += [""] + [f"- denied or not confirmed by **{d.claimant or _outlet(report, d.article_id)}** "
                     f"({d.article_id} {d.claim_id})" for d in g.denials]
    for c in g.conflicts:
        values = "; ".join(f"{v.value:g} ({v.article_id} {v.claim_id})" for v in c.values)
        lines.append(f"- conflicting figures, {c.quantity}: {values}")
    return [*lines, ""]


def to_markdown(report: Corroboration, links: Mapping[str, str] | None = None) -> str:
    """The report for reading: one section per group, most independently corroborated first."""
    lines = [f"# Corroboration: {len(report.groups)} group(s) of {report.claims} claim(s) "
             f"in {report.articles} article(s)", ""]
    for g in report.groups:
        lines += _md_group(report, g, links)
    return "\n".join(lines)


def _env() -> Environment:
    return Environment(loader=PackageLoader("llmclaims.corroborate", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def to_html(report: Corroboration, links: Mapping[str, str] | None = None,
            *, title: str = "llmclaims corroboration") -> str:
    """A self-contained page: groups with their reports (each linking to its article's page),
    origins, denials and conflicting figures; a filter on the least independent origins."""
    groups = [{"group": g, "reports": [
        {"report": r, "href": _href(report, r.article_id, links),
         "chain": _chain(r, _outlet(report, r.article_id))} for r in g.reports]} for g in report.groups]
    return _env().get_template("corroboration.html.j2").render(
        title=title, report=report, groups=groups,
        outlet=lambda aid: _outlet(report, aid), most=max((g.independent_origins for g in report.groups), default=1))
