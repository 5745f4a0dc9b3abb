"""Replay the recorded cassettes and print, per article, what the pipeline produced.

    python scripts/replay_summary.py [--show NAME]

Offline: replays tests/cassettes/test_recorded/*.yaml through the full pipeline.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims import extract  # noqa: E402
from tests.conftest import FAKE_KEY, LOCAL_MODEL, LOCAL_URL, article, make_vcr  # noqa: E402

ARTICLES = {"eval/llmclaims/seed": "seed.txt", "eval/llmclaims/018": "aid_package_018.txt",
            "eval/llmclaims/002": "hedged_002.txt", "test_recorded/test_denial_long": "denial_long_022.txt",
            "test_recorded/test_korean": "korean.txt", "test_recorded/test_injection": "injection.txt"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", help="print the full records of this test's article")
    args = parser.parse_args()
    print("| article | actors | weapons | claims (grounded) | spans exact/normalized/fuzzy "
          "| ungrounded items | repairs | calls | tokens in/out |")
    print("|---|---|---|---|---|---|---|---|---|")
    for test, name in ARTICLES.items():
        cassette = ROOT / "tests" / "cassettes" / f"{test}.yaml"
        if not cassette.exists():
            continue
        text = article(name)
        with make_vcr(record=False).use_cassette(str(cassette)):
            r = extract(text, base_url=LOCAL_URL, api_key=FAKE_KEY, model=LOCAL_MODEL, stream=False)
        kinds = Counter(s.match for s in r.spans())
        ungrounded = sum(1 for w in r.warnings if w.code == "ungrounded")
        u = r.provenance.usage
        print(f"| {name} | {len(r.actors)} | {len(r.weapon_systems)} | {len(r.claims)} "
              f"({sum(c.grounded for c in r.claims)}) | {kinds['exact']}/{kinds['normalized']}/"
              f"{kinds['fuzzy']} | {ungrounded} | {r.provenance.repairs} | {u.calls} | "
              f"{u.prompt_tokens}/{u.completion_tokens} |")
        if args.show and args.show in (test, name):
            names = {a.id: a.name for a in r.actors}
            for a in r.actors:
                print(f"  A {a.id} {a.name} [{a.kind}, {a.country}] aliases={a.aliases} "
                      f"mentions={len(a.mentions)} role={a.role}")
            for w in r.weapon_systems:
                print(f"  W {w.id} {w.name} [{w.category}] cal={w.caliber_mm} "
                      f"qty={w.quantity.text if w.quantity else None} "
                      f"{names.get(w.origin or '')} -> {names.get(w.recipient or '')}")
            for c in r.claims:
                print(f"  C {c.id} [{c.type}/{c.certainty}] {c.statement!r} claimant="
                      f"{names.get(c.claimant or '', '(article)')} via="
                      f"{[names[v] for v in c.via]} cue={c.cue!r} grounded={c.grounded} "
                      f"evidence={[(e.start, e.end, e.match) for e in c.evidence]}")
            for warning in r.warnings:
                print(f"  ! {warning.item} {warning.code}: {warning.message}")


if __name__ == "__main__":
    main()
