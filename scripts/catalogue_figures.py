"""Weapon-catalogue linking, measured on the gold weapons that carry a designation
(evals/catalogue_gold.yaml, annotated from the gold names and the catalogue alone).

    python scripts/catalogue_figures.py

Two figures per split:
* **linker alone**: the gold weapon's own name, category, caliber and origin are linked;
* **end to end**: the weapon llmclaims extracted for it (replayed from tests/cassettes/eval;
  matched by name) carries the candidates.
Top-1 precision = top candidate among the accepted entries, over the weapons that got a candidate;
coverage = weapons with an accepted entry that got one; "proposed where the catalogue has
nothing" counts candidates for weapons whose accepted list is empty (should be 0).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate import load_gold  # noqa: E402
from llmclaims.evaluate.run import cassette, run_one  # noqa: E402
from llmclaims.resolve.catalogue import candidates  # noqa: E402

CASSETTES = ROOT / "tests" / "cassettes" / "eval"


def figures(rows: list[tuple[list[str], list[str]]]) -> str:
    """rows: (accepted designations, proposed designations ranked)."""
    proposed = [(a, p) for a, p in rows if p]
    correct = sum(p[0] in a for a, p in proposed)
    linkable = [(a, p) for a, p in rows if a]
    covered = sum(bool(p) and p[0] in a for a, p in linkable)
    spurious = sum(bool(p) for a, p in rows if not a)
    precision = f"{correct / len(proposed):.2f}" if proposed else "n/a"
    coverage = f"{covered / len(linkable):.2f}" if linkable else "n/a"
    return (f"top-1 precision {precision} ({correct}/{len(proposed)}), coverage {coverage} "
            f"({covered}/{len(linkable)}), proposed where the catalogue has nothing: {spurious}")


def main() -> None:
    gold_links = yaml.safe_load((ROOT / "evals" / "catalogue_gold.yaml").read_text("utf-8"))["weapons"]
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**conf)
    golds = {g.name: g for g in load_gold(ROOT / "evals" / "gold")}
    golds |= {g.name: g for g in load_gold(ROOT / "evals" / "test" / "gold")}
    for split in ("dev", "test"):
        links = [x for x in gold_links if x["split"] == split]
        alone, e2e, missing, unrecorded = [], [], 0, 0
        for link in links:
            gold = golds[link["article"]]
            weapon = next(w for w in gold.weapons if w.name == link["name"])
            alone.append((link["accept"], [c.designation for c in candidates(
                weapon.name, weapon.category, weapon.caliber_mm, weapon.origin)]))
            if not cassette(CASSETTES, "llmclaims", gold.name).is_file():
                unrecorded += 1
                continue
            result = run_one(gold, "llmclaims", settings, cassettes=CASSETTES)
            best = max(result.weapon_systems, default=None,
                       key=lambda w: fuzz.token_set_ratio(w.name.lower(), weapon.name.lower()))
            if best is None or fuzz.token_set_ratio(best.name.lower(), weapon.name.lower()) < 80:
                missing += 1
                e2e.append((link["accept"], []))
                continue
            e2e.append((link["accept"], [c.designation for c in best.candidates]))
        print(f"{split}: {len(links)} gold weapons with a designation "
              f"({sum(bool(x['accept']) for x in links)} in the catalogue)")
        print(f"  linker alone: {figures(alone)}")
        print(f"  end to end:   {figures(e2e)}; not extracted: {missing}; not recorded: {unrecorded}")


if __name__ == "__main__":
    main()
