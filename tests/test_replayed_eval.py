"""End-to-end extraction of three evaluation articles, replayed from the evaluation's own
cassettes (``tests/cassettes/eval/llmclaims``, recorded by ``python tests/record.py --eval``):
the test articles are the same texts and the requests the same bodies, so one recording
serves the evaluation and these tests.

Content asserts state what the pipeline must deliver; what the small model gets wrong beyond
them is measured by the evaluation, not hidden here.
"""

from __future__ import annotations

from .conftest import CASSETTES, replay
from .helpers import actor_named
from .test_recorded import run

EVAL = CASSETTES / "eval" / "llmclaims"


def test_seed() -> None:
    with replay(EVAL / "seed.yaml"):
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
    # a claim's statement is the article's own words: what its evidence asserts, the
    # reporting frame ("The South's NIS "has confirmed that", "..., Lee said") left out
    for c in result.claims:
        if c.grounded:
            assert c.statement and c.statement in c.evidence[0].text, c.id
    assert any(" ".join(c.statement.split()).startswith("the North has shipped 170mm")
               for c in result.claims)  # (the article writes a non-breaking space there)
    # boilerplate never grounds anything
    caption = text.index("In this photo provided")
    assert all(not (caption <= s.start < caption + 300) for s in result.spans())


def test_aid_package() -> None:
    with replay(EVAL / "018.yaml"):
        result, _ = run("aid_package_018.txt")
    assert result.meta.published == "2022-03-16"  # read from the article's header block
    assert result.meta.title == "Fact Sheet on U.S. Security Assistance for Ukraine"
    names = " ".join(w.name for w in result.weapon_systems).lower()
    assert "stinger" in names and "javelin" in names
    assert actor_named(result, "Ukraine")
    quantities = [w.quantity for w in result.weapon_systems if w.quantity]
    assert quantities and all(q.value or q.low or q.high for q in quantities)
    # the second recorded call is a repair request (here its answer changed no quote); each
    # repaired item says so, with its quote, and provenance counts them
    assert result.provenance.usage.calls == 2
    repaired = [w for w in result.warnings if w.code == "repaired"]
    assert len(repaired) == result.provenance.repairs
    assert all(w.item.startswith("draft ") and w.reason == "quote_repaired" and w.fields["quote"]
               for w in repaired)


def test_hedged_assessment() -> None:
    with replay(EVAL / "002.yaml"):
        result, _ = run("hedged_002.txt")
    assert actor_named(result, "North Korea") and actor_named(result, "Russia")
    assert actor_named(result, "John Kirby", "Kirby")
    assert any(c.grounded for c in result.claims)
