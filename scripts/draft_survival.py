"""Per draft field, how often the model's value survives resolution (issue: a leaner draft).

    python scripts/draft_survival.py

Replays llmclaims on the dev gold articles (offline) and compares, for every drafted claim that
becomes a result claim (matched by statement), the model's claimant, via, cue, certainty and
type with what resolution kept; for weapons, category, caliber, origin and recipient. A field
the rules re-derive almost always is a field the prompt need not ask for.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate import load_gold  # noqa: E402
from llmclaims.evaluate.run import run_one  # noqa: E402
from llmclaims.resolve.context import key  # noqa: E402

CASSETTES = ROOT / "tests" / "cassettes" / "eval"


def drafts(name: str) -> list[dict[str, object]]:
    """The extraction drafts the model returned for an article (repair answers left out)."""
    out = []
    for i in yaml.safe_load((CASSETTES / "llmclaims" / f"{name}.yaml").read_text("utf-8"))["interactions"]:
        body = i["response"]["body"]["string"]
        content = json.loads(body)["choices"][0]["message"]["content"]
        try:
            value = json.loads(content)
        except ValueError:
            continue  # a cut-off answer (salvaged by the library)
        if "claims" in value:
            out.append(value)
    return out


def main() -> None:
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**conf)
    kept, total = Counter(), Counter()
    for gold in load_gold(ROOT / "evals" / "gold"):
        result = run_one(gold, "llmclaims", settings, cassettes=CASSETTES)
        names = {a.id: a.name for a in result.actors} | {w.id: w.name for w in result.weapon_systems}
        aliases = {a.id: {key(n) for n in (a.name, *a.aliases)} for a in result.actors}
        by_statement = {key(c.statement): c for c in result.claims}
        by_evidence = {key(e.text): c for c in result.claims for e in c.evidence}
        for d in drafts(gold.name):
            for c in d["claims"]:  # type: ignore[union-attr]
                # drafts with a restatement (recorded before it was no longer asked for) match
                # by it; later drafts by their quote, the claim's evidence
                r = by_statement.get(key(c.get("statement") or "")) or by_evidence.get(key(c["quote"]))
                if r is None:
                    continue
                total["claim"] += 1
                said = c.get("claimant")
                same_claimant = (said is None and r.claimant is None) or (
                    r.claimant is not None and said is not None
                    and key(said) in aliases.get(r.claimant, set()))
                fields = {"claimant": same_claimant, "certainty": c["certainty"] == r.certainty}
                if "via" in c:  # drafts recorded before the draft stopped asking for these
                    fields |= {"via": [key(v) for v in c["via"]] == [key(names[v]) for v in r.via],
                               "cue": (c["cue"] or None) == r.cue, "type": c["type"] == r.type}
                for field, same in fields.items():
                    total[field] += 1
                    kept[field] += bool(same)
            weapons = {key(w.name): w for w in result.weapon_systems}
            for w in d["weapons"]:  # type: ignore[union-attr]
                r = weapons.get(key(w["name"]))
                if r is None:
                    continue
                for field, same in {"weapon category": w["category"] == r.category,
                                    "weapon caliber": w.get("caliber_mm") == r.caliber_mm}.items():
                    total[field] += 1
                    kept[field] += bool(same)
    print(f"{total['claim']} drafted claims kept by resolution (dev, replayed)")
    print("| field | model's value kept | re-derived by the rules |")
    print("|---|---|---|")
    for field in ("claimant", "via", "cue", "certainty", "type", "weapon category", "weapon caliber"):
        if total[field]:
            share = kept[field] / total[field]
            print(f"| {field} | {share:.0%} ({kept[field]}/{total[field]}) | {1 - share:.0%} |")


if __name__ == "__main__":
    main()
