"""The recorded model on genres the dev and test splits do not have: the genre design set's
articles that have a cassette (``tests/cassettes/genre/llmclaims``, recorded by
``python tests/record.py --genre g39 ...``) replayed through the current rules and scored
against their gold, one row per article and one for all.

    python scripts/genre_replay.py
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate import score  # noqa: E402
from llmclaims.evaluate.gold import load_gold  # noqa: E402
from llmclaims.evaluate.run import run_one  # noqa: E402

CASSETTES = ROOT / "tests" / "cassettes" / "genre"
METRICS = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1",
           "relay_accuracy", "certainty_accuracy")


def _row(name: str, metrics: dict[str, float | None]) -> str:
    return f"| {name} | " + " | ".join("–" if metrics.get(k) is None else f"{metrics[k]:.3f}"
                                       for k in METRICS) + " |"


def table() -> str:
    """The Markdown table: each recorded article, then all of them pooled."""
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**conf)
    recorded = {p.stem for p in (CASSETTES / "llmclaims").glob("*.yaml")}
    golds = [g for g in load_gold(ROOT / "evals" / "genre" / "gold") if g.name in recorded]
    scores = [score.score_article(g, run_one(g, "llmclaims", settings, cassettes=CASSETTES)) for g in golds]
    lines = ["| article | " + " | ".join(METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
    lines += [_row(g.article.removesuffix(".txt"), score.summarize([s]).metrics())
              for g, s in zip(golds, scores, strict=True)]
    lines.append(_row(f"all {len(golds)}", score.summarize(scores).metrics()))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
