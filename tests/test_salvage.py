from __future__ import annotations

import json

from llmclaims.llm.salvage import salvage
from llmclaims.schema import Draft


def _claim(n: int) -> dict[str, object]:
    return {"statement": f"s{n}", "claimant": None, "certainty": "asserted", "not_confirmed_by": [], "denied_by": [], "actors": [],
            "weapons": [], "place": None, "time": None, "quote": f"q{n}"}


def test_complete_items_kept_and_the_cut_one_dropped() -> None:
    full = json.dumps({"actors": [{"name": "Iran", "kind": "state", "country": "IRN",
                                   "role": None, "aliases": [], "quote": "Iran"}],
                       "weapons": [], "claims": [_claim(1), _claim(2), _claim(3)]})
    cut = full[: full.index('"q3"') - 10]  # inside the third claim
    found = salvage(Draft, cut)
    assert found is not None
    draft, dropped = found
    assert [c.statement for c in draft.claims] == ["s1", "s2"] and dropped == 1
    assert draft.actors[0].name == "Iran"


def test_nothing_usable() -> None:
    assert salvage(Draft, '{"act') is None
    assert salvage(Draft, "no json here") is None
