"""Check evals/corroboration/gold.yaml: article ids exist, every evidence is a verbatim substring
of its article's text (after the header's first `---` line), origin counts match their lists,
and the groups' ids are unique. Run from the repository root: python evals/corroboration/check_gold.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).with_name("gold.yaml")
TYPES = {"transfer", "deployment", "attack", "casualty", "capability", "production", "agreement",
         "denial", "policy", "assessment", "other"}
CERTAINTY = {"asserted", "probable", "possible", "denied", "unconfirmed"}


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    _head, sep, rest = text.partition("\n---\n")
    return rest if sep else text  # the seed has no header


def _group(g: dict, gold: dict, check, errors: list[str], used: set[str], counts: list[int]) -> None:  # type: ignore[type-arg]
    """Check one group: types, certainties, evidence, origins, denials and conflicts."""
    gid = g["id"]
    if g["type"] not in TYPES:
        errors.append(f"{gid}: type {g['type']!r}")
    for i, r in enumerate(g["reports"]):
        check(f"{gid} report {i}", r["article_id"], r["evidence"])
        used.add(str(r["article_id"]))
        if r["certainty"] not in CERTAINTY:
            errors.append(f"{gid} report {i}: certainty {r['certainty']!r}")
        if not isinstance(r["via"], list):
            errors.append(f"{gid} report {i}: via must be a list")
    counts[0] += len(g["reports"])
    if len(g["origins"]) != len(set(g["origins"])) or g["independent_origins"] != len(g["origins"]):
        errors.append(f"{gid}: independent_origins {g['independent_origins']} vs origins {g['origins']}")
    # every origin is a report's claimant, or the outlet of an own-voice report
    roots = {r["claimant"] if r["claimant"] else gold["articles"][str(r["article_id"])]["outlet"]
             for r in g["reports"]}
    if roots != set(g["origins"]):
        errors.append(f"{gid}: origins {sorted(g['origins'])} vs chain roots {sorted(roots)}")
    articles = {str(r["article_id"]) for r in g["reports"]}
    answered = bool(g["denials"] or g["conflicts"])
    if len(g["reports"]) < 2 and not answered:
        errors.append(f"{gid}: fewer than 2 reports and no denial or conflict")
    if len(articles) < 2 and not answered:
        errors.append(f"{gid}: single-article group without a denial or conflict")
    for i, d in enumerate(g["denials"]):
        check(f"{gid} denial {i}", d["article_id"], d["evidence"])
        used.add(str(d["article_id"]))
    counts[1] += len(g["denials"])
    _conflicts(g, check, errors)
    counts[2] += len(g["conflicts"])


def _conflicts(g: dict, check, errors: list[str]) -> None:  # type: ignore[type-arg]
    for c in g["conflicts"]:
        if len(c["values"]) < 2:
            errors.append(f"{g['id']}: conflict {c['quantity']!r} has fewer than 2 values")
        for i, v in enumerate(c["values"]):
            check(f"{g['id']} conflict {c['quantity']!r} value {i}", v["article_id"], v["evidence"])


def main() -> int:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    errors: list[str] = []
    texts = {}
    for aid, meta in gold["articles"].items():
        path = ROOT / meta["file"]
        if not path.is_file():
            errors.append(f"article {aid}: no file {meta['file']}")
            continue
        texts[str(aid)] = body(path)

    def check(where: str, aid, evidence: str) -> None:
        aid = str(aid)
        if aid not in texts:
            errors.append(f"{where}: unknown article id {aid!r}")
        elif not evidence or evidence not in texts[aid]:
            errors.append(f"{where}: evidence not in article {aid}: {evidence!r}")

    ids = [g["id"] for g in gold["groups"]]
    if len(ids) != len(set(ids)):
        errors.append("duplicate group ids")
    used = set()
    counts = [0, 0, 0]  # reports, denials, conflicts
    for g in gold["groups"]:
        _group(g, gold, check, errors, used, counts)
    n_reports, n_denials, n_conflicts = counts
    for i, pair in enumerate(gold.get("singletons_checked", [])):
        for side in ("a", "b"):
            check(f"negative pair {i}{side}", pair[side]["article_id"], pair[side]["evidence"])
            used.add(str(pair[side]["article_id"]))
        if not pair.get("why"):
            errors.append(f"negative pair {i}: no why")
    for e in errors:
        print("ERROR", e)
    print(f"groups {len(ids)}, reports {n_reports}, denials {n_denials}, conflicts {n_conflicts}, "
          f"negative pairs {len(gold.get('singletons_checked', []))}, articles used {sorted(used)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
