"""Replay llmclaims on the dev gold articles (offline, from tests/cassettes/eval) and write the
results as a corpus run would: a JSONL file and one SQLite database.

    python scripts/dev_results.py --out /tmp/dev     # -> /tmp/dev/results.jsonl, /tmp/dev/dev.sqlite
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate import load_gold  # noqa: E402
from llmclaims.evaluate.run import run_one  # noqa: E402
from llmclaims.export.tables import to_sqlite  # noqa: E402
from llmclaims.schema import Extraction  # noqa: E402


def dev_results() -> list[tuple[str, str, Extraction]]:
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**conf)
    out = []
    for gold in load_gold(ROOT / "evals" / "gold"):
        result = run_one(gold, "llmclaims", settings, cassettes=ROOT / "tests" / "cassettes" / "eval")
        out.append((gold.name, f"evals/articles/{gold.article}", result))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = dev_results()
    with (args.out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for aid, source, r in results:
            fh.write(json.dumps({"id": aid, "source": source, "extraction": r.model_dump(mode="json")}) + "\n")
    print(to_sqlite(results, args.out / "dev.sqlite"))


if __name__ == "__main__":
    main()
