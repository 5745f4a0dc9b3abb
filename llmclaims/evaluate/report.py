"""Evaluation reports: JSON for machines, Markdown for a pull request, HTML with a chart."""

from __future__ import annotations

import html
from typing import Any

from .score import ArticleScore, Scores

QUALITY = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1",
           "relay_accuracy", "certainty_accuracy", "grounding_rate", "ungrounded_rate",
           "speech_coverage")
COST = ("tokens_per_article", "calls_per_article", "seconds_per_article")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def fmt(value: float | None, metric: str) -> str:
    """A metric for people: quality to 3 places, cost with thousands separators; None: n/a."""
    if value is None:
        return "n/a"
    return f"{value:.3f}" if metric in QUALITY else f"{value:,.1f}"


def _article(a: ArticleScore) -> dict[str, Any]:
    return {
        "article": a.name, "actors": a.actors.as_dict(), "weapons": a.weapons.as_dict(),
        "claims": a.claims.as_dict(), "attributed_claims": a.attributed_claims.as_dict(),
        "transfers": a.transfers.as_dict(), "relay_accuracy": _round(a.relay.value),
        "certainty_accuracy": _round(a.certainty.value),
        "grounding_rate": _round(a.grounding.value),
        "ungrounded_rate": _round(a.ungrounded.value),
        "tokens": a.prompt_tokens + a.completion_tokens, "calls": a.calls,
        "seconds": round(a.seconds, 2),
    }


def build(systems: dict[str, Scores], *, source: str, gold_articles: int) -> dict[str, Any]:
    """``gold_articles``: the size of the gold set; a system scored on fewer (a peer whose
    cassettes cover part of the set) says so in its ``coverage``."""
    return {
        "source": source,
        "gold_articles": gold_articles,
        "systems": {
            name: {"metrics": {k: _round(v) for k, v in s.metrics().items()},
                   "coverage": f"{len(s.articles)}/{gold_articles}",
                   "errors": dict(sorted(s.total.errors.items(), key=lambda kv: (-kv[1], kv[0]))),
                   "articles": [_article(a) for a in s.articles]}
            for name, s in systems.items()
        },
    }


def deltas(report: dict[str, Any], baseline: dict[str, Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, system in report["systems"].items():
        base = baseline.get("systems", {}).get(name)
        if base:
            out[name] = {k: round(v - base["metrics"][k], 4)
                         for k, v in system["metrics"].items()
                         if v is not None and base["metrics"].get(k) is not None}
    return out


def gate(report: dict[str, Any], system: str, thresholds: dict[str, float]) -> list[str]:
    """Failures: quality metrics below their minimum (``*_rate`` of ungrounded: above max)."""
    metrics = report["systems"][system]["metrics"]
    failures = []
    for name, limit in thresholds.items():
        value = metrics[name]
        if value is None:
            failures.append(f"{name} n/a (nothing to measure)")
        elif name == "ungrounded_rate" and value > limit:
            failures.append(f"{name} {value:.3f} > max {limit:.3f}")
        elif name != "ungrounded_rate" and value < limit:
            failures.append(f"{name} {value:.3f} < min {limit:.3f}")
    return failures


def markdown(report: dict[str, Any], delta: dict[str, dict[str, float]] | None = None) -> str:
    systems = list(report["systems"])
    heads = [f"{n} ({report['systems'][n]['coverage']})" for n in systems]
    lines = [f"## Evaluation ({report['source']})", "",
             "| metric | " + " | ".join(heads) + " |",
             "|---|" + "---|" * len(systems)]
    for metric in QUALITY + COST:
        cells = []
        for name in systems:
            cell = fmt(report["systems"][name]["metrics"][metric], metric)
            d = (delta or {}).get(name, {}).get(metric)
            if d:
                cell += f" ({d:+.3f})"
            cells.append(cell)
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    lines += ["", "Per article: actor / weapon / claim F1, tokens, seconds", "",
              "| article | " + " | ".join(systems) + " |", "|---|" + "---|" * len(systems)]
    for article in _article_names(report):
        cells = []
        for name in systems:
            a = _by_name(report, name).get(article)
            cells.append("—" if a is None else
                         f"{a['actors']['f1']:.2f} / {a['weapons']['f1']:.2f} / "
                         f"{a['claims']['f1']:.2f}, {a['tokens']:,} tok, {a['seconds']:,.0f} s")
        lines.append(f"| {article} | " + " | ".join(cells) + " |")
    classes = sorted({c for n in systems for c in report["systems"][n]["errors"]},
                     key=lambda c: (-report["systems"][systems[0]]["errors"].get(c, 0), c))  # ties: by name
    lines += ["", "Error classes (counts over the gold set)", "",
              "| error | " + " | ".join(systems) + " |", "|---|" + "---|" * len(systems)]
    for c in classes:
        lines.append(f"| {c} | " + " | ".join(
            str(report["systems"][n]["errors"].get(c, 0)) for n in systems) + " |")
    return "\n".join(lines) + "\n"


def _article_names(report: dict[str, Any]) -> list[str]:
    names = {a["article"] for s in report["systems"].values() for a in s["articles"]}
    return sorted(names)


def _by_name(report: dict[str, Any], system: str) -> dict[str, dict[str, Any]]:
    return {a["article"]: a for a in report["systems"][system]["articles"]}


_COLORS = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5")


def html_page(report: dict[str, Any]) -> str:
    """A self-contained page: grouped bar chart of F1 per type, and the per-article table."""
    systems = list(report["systems"])
    metrics = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1")
    bar_w, gap, height = 22, 30, 220
    width = len(metrics) * (len(systems) * bar_w + gap) + 60
    bars = []
    for m, metric in enumerate(metrics):
        x0 = 50 + m * (len(systems) * bar_w + gap)
        for s, name in enumerate(systems):
            value = report["systems"][name]["metrics"][metric] or 0.0
            h = value * height
            x = x0 + s * bar_w
            bars.append(f'<rect x="{x}" y="{20 + height - h:.1f}" width="{bar_w - 2}" '
                        f'height="{h:.1f}" fill="{_COLORS[s % len(_COLORS)]}">'
                        f"<title>{html.escape(name)} {metric}: {value:.3f}</title></rect>"
                        f'<text x="{x + bar_w / 2 - 1}" y="{15 + height - h:.1f}" '
                        f'font-size="9" text-anchor="middle">{value:.2f}</text>')
        bars.append(f'<text x="{x0 + len(systems) * bar_w / 2}" y="{height + 38}" '
                    f'font-size="11" text-anchor="middle">{metric.replace("_f1", "")}</text>')
    legend = "".join(f'<span style="color:{_COLORS[i % len(_COLORS)]}">&#9632; '
                     f"{html.escape(n)}</span> " for i, n in enumerate(systems))
    axis = f'<line x1="45" y1="{20 + height}" x2="{width}" y2="{20 + height}" stroke="#333"/>'
    kinds = ("actors", "weapons", "claims", "attributed_claims", "transfers")
    rows = ""
    for article in _article_names(report):
        for s, name in enumerate(systems):
            a = _by_name(report, name).get(article)
            first = f"<td>{html.escape(article)}</td>" if s == 0 else "<td></td>"
            cells = ("<td colspan=8>no cassette</td>" if a is None else
                     "".join(f"<td>{a[k]['f1']:.2f}</td>" for k in kinds)
                     + f"<td>{a['tokens']:,}</td><td>{a['calls']}</td><td>{a['seconds']:,.0f}</td>")
            rows += (f'<tr>{first}<td style="color:{_COLORS[s % len(_COLORS)]}">'
                     f"{html.escape(name)}</td>{cells}</tr>")
    metric_rows = "".join(
        "<tr><td>" + m + "</td>" + "".join(
            f"<td>{fmt(report['systems'][n]['metrics'][m], m)}</td>" for n in systems) + "</tr>"
        for m in QUALITY + COST)
    classes = sorted({c for n in systems for c in report["systems"][n]["errors"]})
    error_rows = "".join(
        f"<tr><td>{html.escape(c)}</td>" + "".join(
            f"<td>{report['systems'][n]['errors'].get(c, 0)}</td>" for n in systems) + "</tr>"
        for c in classes)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>llmclaims evaluation</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:960px}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}td:first-child{{text-align:left}}
</style></head><body><h1>llmclaims evaluation</h1><p>{html.escape(report['source'])}</p>
<h2>F1 per record type</h2><p>{legend}</p>
<svg width="{width}" height="{height + 50}" role="img">{axis}{''.join(bars)}</svg>
<h2>All metrics</h2><table><tr><th>metric</th>{''.join(
    f"<th>{html.escape(n)} ({report['systems'][n]['coverage']})</th>" for n in systems)}
</tr>{metric_rows}</table>
<h2>Per article (F1)</h2><table><tr><th>article</th><th>system</th><th>actors</th>
<th>weapons</th><th>claims</th><th>attributed</th><th>transfers</th><th>tokens</th><th>calls</th>
<th>seconds</th></tr>{rows}</table>
<h2>Error classes</h2><table><tr><th>error</th>{''.join(f'<th>{html.escape(n)}</th>' for n in systems)}
</tr>{error_rows}</table>{_splits_html(report)}</body></html>
"""


def _splits_html(report: dict[str, Any]) -> str:
    """Dev and the frozen test split side by side (as in report.md), when the test was scored."""
    if "test" not in report:
        return ""
    splits = {"dev": report, "test": report["test"]}
    columns = [(split, name) for name in report["systems"] for split in splits
               if name in splits[split]["systems"]]
    head = "".join(f"<th>{html.escape(name)} {split} ({splits[split]['systems'][name]['coverage']})</th>"
                   for split, name in columns)
    rows = "".join(
        f"<tr><td>{m}</td>" + "".join(
            f"<td>{fmt(splits[split]['systems'][name]['metrics'].get(m), m)}</td>" for split, name in columns)
        + "</tr>" for m in (*QUALITY, *COST))
    return (f"\n<h2 id=\"splits\">Dev and test side by side</h2><p>test: the frozen split, never "
            f"tuned to ({html.escape(report['test']['source'])}); coverage = articles with "
            f"recordings</p><table><tr><th>metric</th>{head}</tr>{rows}</table>")


def side_by_side(splits: dict[str, dict[str, Any]]) -> str:
    """Markdown: each system's metrics on each split (``{"dev": report, "test": report}``),
    columns "system (split, n/N)"; a system missing on a split is left out of its column."""
    columns = [(split, name) for name in next(iter(splits.values()))["systems"]
               for split in splits if name in splits[split]["systems"]]
    head = [f"{name} {split} ({splits[split]['systems'][name]['coverage']})" for split, name in columns]
    lines = ["| metric | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
    for metric in (*QUALITY, *COST):
        cells = [fmt(splits[split]["systems"][name]["metrics"].get(metric), metric)
                 for split, name in columns]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


ABLATION_METRICS = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1",
                    "certainty_accuracy", "ungrounded_rate")


def ablation(full: dict[str, dict[str, float | None]],
             without: dict[str, dict[str, dict[str, float | None]]],
             described: dict[str, str]) -> str:
    """Markdown: what each resolution pass contributes, per split: the metric with every pass
    minus the metric with that pass off (positive = the pass helps; for ``ungrounded_rate``,
    lower is better, so a positive contribution there means the pass lowers it).
    ``full``: split -> metrics; ``without``: pass -> split -> metrics."""
    splits = list(full)
    head = [f"{m.removesuffix('_f1').removesuffix('_accuracy')} {split}" for m in ABLATION_METRICS
            for split in splits]
    lines = ["| pass (what it does) | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
    lines.append("| all passes (absolute) | " + " | ".join(
        fmt(full[split].get(m), m) for m in ABLATION_METRICS for split in splits) + " |")
    for name, by_split in without.items():
        cells = []
        for m in ABLATION_METRICS:
            for split in splits:
                a, b = full[split].get(m), by_split[split].get(m)
                if a is None or b is None:
                    cells.append("n/a")
                    continue
                gain = (b - a) if m == "ungrounded_rate" else (a - b)
                cells.append(f"{gain:+.3f}")
        lines.append(f"| `{name}` ({described[name]}) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
