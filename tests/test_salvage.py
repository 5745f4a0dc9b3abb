from __future__ import annotations

import json

from llmclaims.llm.salvage import coerce, first_object, lenient, salvage
from llmclaims.schema import Draft, DraftActor, DraftClaim


def _claim(n: int) -> dict[str, object]:
    return {"statement": f"s{n}", "claimant": None, "certainty": "asserted",
            "not_confirmed_by": [], "denied_by": [], "actors": [], "weapons": [], "place": None,
            "time": None, "quote": f"q{n}"}


def test_complete_items_kept_and_the_cut_one_dropped() -> None:
    full = json.dumps({"actors": [{"name": "Iran", "kind": "state", "country": "IRN",
                                   "role": None, "aliases": []}],
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


# --- free-text answers (mode "text": no grammar holds the model to the schema) -------------
def _actor(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"name": "Iran", "kind": "state", "country": "IRN", "role": None,
                               "aliases": []}
    base.update(kw)
    return base


def test_a_value_outside_the_allowed_set_becomes_other_or_the_first_value() -> None:
    assert coerce(DraftActor, _actor(kind="country"))["kind"] == "other"
    assert coerce(DraftActor, _actor(kind="state"))["kind"] == "state"
    claim = coerce(DraftClaim, {**_claim(1), "certainty": "confirmed"})
    assert claim["certainty"] == "asserted"  # Certainty has no "other": its first value


def test_missing_lists_are_empty_and_missing_optional_fields_null() -> None:
    item = _actor()
    del item["aliases"], item["role"]
    fixed = coerce(DraftActor, item)
    assert fixed["aliases"] == [] and fixed["role"] is None
    no_quote = _claim(1)
    del no_quote["quote"]
    assert "quote" not in coerce(DraftClaim, no_quote)  # a required string is never invented


def test_the_first_json_object_is_read_from_prose_and_code_fences() -> None:
    body = json.dumps({"actors": [_actor()], "weapons": [], "claims": [_claim(1)]})
    assert first_object(f"Here you go:\n```json\n{body}\n```\nDone.") == body
    assert first_object("[1, 2] then " + body) == body
    assert first_object("no object") is None


def test_lenient_keeps_valid_items_mends_small_defects_and_counts_the_rest() -> None:
    bad = _actor(name="Russia", kind="nation")  # mended: kind -> other
    broken = _actor(name="Ukraine")
    del broken["name"]  # cannot be mended: dropped
    text = "```json\n" + json.dumps({"actors": [_actor(), bad, broken], "weapons": [],
                                      "claims": [_claim(1)]}) + "\n```"
    found = lenient(Draft, text)
    assert found is not None
    draft, dropped = found
    assert [(a.name, a.kind) for a in draft.actors] == [("Iran", "state"), ("Russia", "other")]
    assert dropped == 1 and [c.statement for c in draft.claims] == ["s1"]


def test_lenient_reads_an_unclosed_answer_like_a_cut_off_one_and_refuses_nothing_usable() -> None:
    full = json.dumps({"actors": [_actor()], "weapons": [], "claims": [_claim(1), _claim(2)]})
    found = lenient(Draft, full[: full.index('"q2"') - 5])
    assert found is not None and [c.statement for c in found[0].claims] == ["s1"]
    assert lenient(Draft, "I cannot help with that.") is None
    assert lenient(Draft, '{"actors": [], "weapons": [], "claims": []}') is None


def test_a_number_written_with_its_unit_is_the_number() -> None:
    from llmclaims.schema import DraftWeapon

    w = {"name": "howitzers", "category": "artillery", "caliber_mm": "155mm", "designation": None,
         "quantity": None, "origin": None, "recipient": None, "quote": "155mm howitzers"}
    assert coerce(DraftWeapon, w)["caliber_mm"] == 155.0
    assert coerce(DraftWeapon, {**w, "caliber_mm": "unknown"})["caliber_mm"] is None
