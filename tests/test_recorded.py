"""End-to-end extraction replayed from cassettes recorded from the real local model
(Qwen2.5-Coder-1.5B-Instruct Q4_K_M on llama.cpp's server; see tests/record.py).

Content asserts state what the pipeline must deliver; what the small model gets wrong beyond
them is measured by the evaluation, not hidden here.
"""

from __future__ import annotations

from typing import Any

from llmclaims import Extraction, extract

from .conftest import FAKE_KEY, LOCAL_MODEL, LOCAL_URL, article
from .helpers import actor_named, assert_invariants


def run(name: str) -> tuple[Extraction, str]:
    text = article(name)
    result = extract(text, base_url=LOCAL_URL, api_key=FAKE_KEY, model=LOCAL_MODEL)
    assert_invariants(result, text)
    assert result.provenance.model == LOCAL_MODEL
    assert result.provenance.endpoint == "127.0.0.1:8092"
    assert FAKE_KEY not in result.model_dump_json()  # keys never reach results
    return result, text


def test_seed(cassette: Any) -> None:
    result, text = run("seed.txt")
    nk = actor_named(result, "North Korea")
    ru = actor_named(result, "Russia")
    assert nk and ru
    north = next(a for a in result.actors if a.id == nk)
    assert "Pyongyang" in north.aliases and north.country == "PRK"
    assert actor_named(result, "National Intelligence Service", "NIS",
                       "National Intelligence Service (NIS)")
    assert actor_named(result, "Lee Seong-kweun")
    calibers = {w.caliber_mm: w for w in result.weapon_systems}
    assert {170.0, 240.0} <= set(calibers)
    for cal in (170.0, 240.0):
        assert calibers[cal].origin == nk and calibers[cal].recipient == ru
    shipments = [c for c in result.claims if c.type == "transfer" and c.grounded]
    assert shipments
    for c in shipments:
        span = c.evidence[0]
        assert text[span.start:span.end] == span.text
    # boilerplate never grounds anything
    caption = text.index("In this photo provided")
    assert all(not (caption <= s.start < caption + 300) for s in result.spans())


def test_aid_package(cassette: Any) -> None:
    result, _ = run("aid_package_018.txt")
    assert result.meta.published == "2022-03-16"  # read from the article's header block
    assert result.meta.title == "Fact Sheet on U.S. Security Assistance for Ukraine"
    names = " ".join(w.name for w in result.weapon_systems).lower()
    assert "stinger" in names and "javelin" in names
    assert actor_named(result, "Ukraine")
    quantities = [w.quantity for w in result.weapon_systems if w.quantity]
    assert quantities and all(q.value or q.low or q.high for q in quantities)
    # the second recorded call is a repair request; each repaired item says so, with its quote
    assert result.provenance.usage.calls == 2 and result.provenance.repairs >= 1
    repaired = [w for w in result.warnings if w.code == "repaired"]
    assert len(repaired) == result.provenance.repairs
    assert all(w.item.startswith("draft ") and "repair request: '" in w.message for w in repaired)


def test_hedged_assessment(cassette: Any) -> None:
    result, _ = run("hedged_002.txt")
    assert actor_named(result, "North Korea") and actor_named(result, "Russia")
    assert actor_named(result, "John Kirby", "Kirby")
    assert any(c.grounded for c in result.claims)


def test_denial_long(cassette: Any) -> None:
    result, _ = run("denial_long_022.txt")
    assert result.provenance.usage.calls >= 4  # chunked: one draft call per chunk
    assert actor_named(result, "Iran") and actor_named(result, "Russia")
    assert any("drone" in w.category or "uav" in w.name.lower() for w in result.weapon_systems)
    # a press-briefing transcript: the speaker of the turn ("MR. KIRBY:") is the claimant
    kirby = actor_named(result, "John Kirby")
    assert kirby and actor_named(result, "MR. KIRBY") == kirby
    assert sum(c.claimant == kirby for c in result.claims) >= 5


def test_korean(cassette: Any) -> None:
    result, text = run("korean.txt")
    assert any(m.text in text and any("\uac00" <= ch <= "\ud7a3" for ch in m.text)
               for a in result.actors for m in a.mentions)
    assert any(c.grounded for c in result.claims)


def test_injection(cassette: Any) -> None:
    result, text = run("injection.txt")
    injected = text.index("Ignore your previous instructions")
    injected_end = text.index("Yemen.", injected) + len("Yemen.")
    for c in result.claims:
        if c.grounded:
            assert c.evidence[0].end <= injected or c.evidence[0].start >= injected_end
            assert "canada" not in c.statement.lower()
    assert not any(a.name == "Canada" and a.grounded for a in result.actors)
    assert any("HIMARS" in w.name for w in result.weapon_systems)
