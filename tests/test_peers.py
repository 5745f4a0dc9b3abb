"""The langextract peer adapter, replayed from its real recording on one gold article
(the side-by-side comparison on every gold article is tests/test_eval.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from llmclaims.config import Settings
from llmclaims.evaluate import load_gold, score_article
from llmclaims.evaluate.run import run_one

ROOT = Path(__file__).resolve().parent.parent


def test_langextract_adapter_maps_its_extractions_onto_our_types() -> None:
    conf = tomllib.loads((ROOT / "evals/eval.toml").read_text())["replay"]
    gold = next(g for g in load_gold(ROOT / "evals/gold") if g.name == "002")
    result = run_one(gold, "langextract", Settings.resolve(**conf),
                     cassettes=ROOT / "tests/cassettes/eval")
    assert result.actors and result.claims and result.weapon_systems
    for span in result.spans():
        assert gold.text[span.start:span.end] == span.text
    assert result.provenance.usage.calls >= 2  # read from the recorded responses
    # one extraction per mention: same-named actors and weapons are grouped, mentions kept
    for items in (result.actors, result.weapon_systems):
        names = [" ".join(x.name.casefold().split()) for x in items]
        assert len(names) == len(set(names))
    assert any(len(a.mentions) >= 2 for a in result.actors)
    score = score_article(gold, result)
    assert score.actors.tp >= 3 and score.claims.tp >= 2
