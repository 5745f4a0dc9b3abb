"""The scorer on predictions built from the gold itself (perfect), empty, and partial."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmclaims.evaluate import load_gold, score_article, summarize
from llmclaims.evaluate.gold import GoldArticle
from llmclaims.evaluate.report import build, deltas, gate, html_page, markdown
from llmclaims.schema import (
    Actor,
    Claim,
    Extraction,
    Provenance,
    Usage,
    WeaponSystem,
)
from llmclaims.text.grounding import locate

ROOT = Path(__file__).resolve().parent.parent
GOLD = load_gold(ROOT / "evals" / "gold") + load_gold(ROOT / "evals" / "genre" / "gold")


def _prov() -> Provenance:
    return Provenance(llmclaims_version="0", model="m", endpoint="e", mode="json",
                      prompt_version="p", usage=Usage(prompt_tokens=10, completion_tokens=5,
                                                      calls=1), seconds=1.0)


def as_prediction(gold: GoldArticle, *, claims: int | None = None) -> Extraction:
    """The gold, written as an Extraction (evidence located in the text)."""
    ids = {}
    actors = []
    for i, a in enumerate(gold.actors, 1):
        for n in (a.name, *a.aliases):
            ids[n] = f"a{i}"
        span = locate(a.quote, gold.text)
        actors.append(Actor(id=f"a{i}", name=a.name, kind=a.kind, aliases=a.aliases,
                            mentions=[span] if span else [], grounded=bool(span)))
    weapons = []
    for i, w in enumerate(gold.weapons, 1):
        span = locate(w.quote, gold.text)
        weapons.append(WeaponSystem(
            id=f"w{i}", name=w.name, category=w.category, caliber_mm=w.caliber_mm,
            origin=ids.get(w.origin or ""), recipient=ids.get(w.recipient or ""),
            mentions=[span] if span else [], grounded=bool(span)))
    out_claims = []
    for i, c in enumerate(gold.claims[:claims], 1):
        span = locate(c.quote, gold.text)
        out_claims.append(Claim(
            id=f"c{i}", statement=" ".join(c.key), type=c.type,
            claimant=ids.get(c.claimant) if c.claimant else None,
            via=[ids[v] for v in c.via], certainty=c.certainty,
            evidence=[span] if span else [], grounded=bool(span)))
    return Extraction(actors=actors, weapon_systems=weapons, claims=out_claims, warnings=[],
                      provenance=_prov(), text_sha256="0" * 64)


def empty() -> Extraction:
    return Extraction(actors=[], weapon_systems=[], claims=[], warnings=[], provenance=_prov(),
                      text_sha256="0" * 64)


def test_gold_set_is_verbatim_and_consistent() -> None:
    assert len(GOLD) >= 7
    for gold in GOLD:
        assert gold.problems() == []
        assert any(c.required for c in gold.claims)


@pytest.mark.parametrize("gold", GOLD, ids=[g.name for g in GOLD])
def test_perfect_prediction_scores_one(gold: GoldArticle) -> None:
    s = score_article(gold, as_prediction(gold))
    assert s.actors.f1 == 1.0 and s.claims.f1 == 1.0 and s.attributed_claims.f1 == 1.0
    if any(w.required for w in gold.weapons):
        assert s.weapons.f1 == 1.0
    assert s.certainty.value == 1.0 and s.grounding.value == 1.0
    assert s.relay.value == 1.0 or s.relay.total == 0
    assert s.ungrounded.value == 0.0


def test_empty_prediction_scores_zero() -> None:
    total = summarize([score_article(g, empty()) for g in GOLD])
    m = total.metrics()
    assert m["actor_f1"] == m["weapon_f1"] == m["claim_f1"] == m["transfer_f1"] == 0.0
    required = sum(1 for g in GOLD for c in g.claims if c.required)
    assert total.total.errors["claim missed"] == required
    assert "claim not in gold" not in total.total.errors


def test_known_partial_case() -> None:
    seed = next(g for g in GOLD if g.name == "seed")
    required = [c for c in seed.claims if c.required]
    # first three gold claims are required: recall 3/8, precision 1
    pred = as_prediction(seed, claims=3)
    s = score_article(seed, pred)
    assert (s.claims.tp, s.claims.fp, s.claims.fn) == (3, 0, len(required) - 3)
    assert s.claims.recall == pytest.approx(3 / len(required))
    # a wrong claimant: content still matches, attribution does not
    wrong = pred.model_copy(update={"claims": [
        pred.claims[0].model_copy(update={"claimant": "a2"}), *pred.claims[1:]]})
    s2 = score_article(seed, wrong)
    assert s2.claims.tp == 3 and s2.attributed_claims.tp == 2
    assert s.errors["claim missed"] == len(required) - 3 and "claimant wrong" not in s.errors
    assert s2.errors["claimant wrong"] == 1
    # a wrong certainty lowers certainty accuracy to 2/3
    hedged = pred.model_copy(update={"claims": [
        pred.claims[0].model_copy(update={"certainty": "possible"}), *pred.claims[1:]]})
    s3 = score_article(seed, hedged)
    assert s3.certainty.value == pytest.approx(2 / 3)
    assert s3.errors[f"certainty {seed.claims[0].certainty} given as possible"] == 1


def test_reports_and_gate(tmp_path: Path) -> None:
    scores = summarize([score_article(g, as_prediction(g)) for g in GOLD])
    poor = summarize([score_article(g, empty()) for g in GOLD])
    n = len(GOLD)
    report = build({"llmclaims": scores, "naive-instructor": poor}, source="unit", gold_articles=n)
    assert report["systems"]["llmclaims"]["metrics"]["claim_f1"] == 1.0
    md = markdown(report, deltas(report, build({"llmclaims": poor}, source="base", gold_articles=n)))
    assert "| claim_f1 | 1.000 (+1.000) | 0.000 |" in md
    assert f"| metric | llmclaims ({n}/{n}) | naive-instructor ({n}/{n}) |" in md
    # an empty prediction has no spans: its grounding rate is not 0 but "n/a", and gating on it fails
    assert report["systems"]["naive-instructor"]["metrics"]["grounding_rate"] is None
    assert "| grounding_rate | 1.000 (+1.000) | n/a |" not in md  # no delta against n/a
    assert "| grounding_rate | 1.000 | n/a |" in md
    assert gate(report, "naive-instructor", {"grounding_rate": 1.0}) == [
        "grounding_rate n/a (nothing to measure)"]
    page = html_page(report)
    bars = re.findall(r'<rect [^>]*height="([\d.]+)"[^>]*><title>([\w-]+) (\w+): ([\d.]+)</title>', page)
    assert "<svg" in page and {(system, metric, value, height) for height, system, metric, value in bars} == {
        (system, metric, value, height)
        for system, value, height in (("llmclaims", "1.000", "220.0"), ("naive-instructor", "0.000", "0.0"))
        for metric in ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1")}
    assert "<td>claim missed</td>" in page and "| claim missed | 0 |" in md
    assert gate(report, "llmclaims", {"claim_f1": 0.5, "ungrounded_rate": 0.1}) == []
    assert gate(report, "naive-instructor", {"claim_f1": 0.5}) == ["claim_f1 0.000 < min 0.500"]
    # a peer scored on part of the gold set says so; its missing articles show as a dash
    part = build({"llmclaims": scores, "langextract": summarize(poor.articles[:1])},
                 source="unit", gold_articles=n)
    assert part["systems"]["langextract"]["coverage"] == f"1/{n}"
    rows = [line for line in markdown(part).splitlines() if line.startswith(f"| {GOLD[1].name} |")]
    assert len(rows) == 1 and rows[0].endswith("| — |")


def test_weapon_names_pair_with_the_closest_gold_name() -> None:
    from llmclaims.evaluate.gold import GoldWeapon
    from llmclaims.evaluate.score import WEAPON_MIN, _weapon_score, match

    golds = [GoldWeapon(name="air defense", category="air_defense", quote="air defense"),
             GoldWeapon(name="Patriot air defense battery", category="air_defense",
                        quote="Patriot air defense battery")]
    preds = [WeaponSystem(id=f"w{i}", name=n, category="air_defense", mentions=[], grounded=False)
             for i, n in enumerate(["Patriot air defense battery", "air defenses"], 1)]
    # both names contain "air defense": each pairs with its own gold entry, not the first one
    assert match(preds, golds, _weapon_score, WEAPON_MIN) == [(0, 1), (1, 0)]
    assert match(preds[:1], golds, _weapon_score, WEAPON_MIN) == [(0, 1)]
    unrelated = preds[0].model_copy(update={"name": "Javelin"})
    assert match([unrelated], golds, _weapon_score, WEAPON_MIN) == []


def test_speech_coverage_counts_reported_speech_sentences_a_claim_cites() -> None:
    """Hand-written: two sentences report speech, one does not; one claim cites one of them."""
    from llmclaims.evaluate.score import speech_coverage
    from llmclaims.schema import Span

    text = ("Officials in Lima said the army bought six new helicopters. The weather was mild "
            "all week long. A spokesman told reporters that more purchases would follow soon.")
    first = text.index("Officials")
    cites = Span(start=first, end=first + 59, text=text[first:first + 59], match="exact")
    claim = Claim(id="c1", statement="x", type="transfer", certainty="asserted",
                  evidence=[cites], grounded=True)
    pred = empty().model_copy(update={"claims": [claim]})
    ratio = speech_coverage(text, pred)
    assert (ratio.hit, ratio.total) == (1, 2)
    assert speech_coverage(text, empty()).hit == 0


def test_speech_coverage_reads_its_own_cue_list_not_the_systems() -> None:
    """A reporting verb the system's cue list leaves out ("asked") still counts as speech for
    the metric; the minimal pair without a reporting verb does not."""
    from llmclaims.evaluate.score import speech_coverage
    from llmclaims.resolve.attribution import CUE

    asked = "Reporters in Lima asked whether the army would buy six new helicopters."
    assert not CUE.search(asked)
    assert (speech_coverage(asked, empty()).total, speech_coverage(asked.replace("asked", "wondered"),
                                                                   empty()).total) == (1, 0)
