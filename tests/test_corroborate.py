"""Corroboration across articles, on invented articles built by hand (tests/corroboration_cases.py):
groups, independent origins, denials, conflicting figures, claims kept apart; the JSON contract;
what corroborate() accepts; the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmclaims import Corroboration, Extraction, InputError, UsageError, corroborate
from llmclaims.cli import app
from llmclaims.corroborate import Group, to_markdown
from llmclaims.corroborate.entities import actor_keys, resolve_actors
from llmclaims.corroborate.features import figures, when
from llmclaims.schema import Actor, Claim

from .corroboration_cases import (
    Said,
    actor,
    apart,
    article,
    briefing_outlets,
    corpus,
    denial,
    second_service,
)

NIS = "South Korean National Intelligence Service"  # the longest of the names its outlets use


def run(*parts: dict[str, Extraction]) -> Corroboration:
    merged: dict[str, Extraction] = {}
    for part in parts:
        merged |= part
    return corroborate(list(merged.items()))


def group_of(report: Corroboration, article_id: str, claim_id: str = "c1") -> Group:
    return next(g for g in report.groups
                if any((r.article_id, r.claim_id) == (article_id, claim_id) for r in g.reports))


def reports(g: Group) -> set[tuple[str, str]]:
    return {(r.article_id, r.claim_id) for r in g.reports}


def test_one_briefing_relayed_by_a_lawmaker_in_three_outlets_is_one_origin() -> None:
    report = run(briefing_outlets())
    shipment = group_of(report, "herald-1")
    assert reports(shipment) == {("herald-1", "c1"), ("wire-7", "c1"), ("times-3", "c1")}
    assert shipment.origins == [NIS]
    assert shipment.independent_origins == 1
    assert shipment.type == "transfer"
    relayed = {r.article_id: (r.claimant, r.via) for r in shipment.reports}
    assert relayed == {"herald-1": (NIS, ["Park Min-jae"]), "wire-7": (NIS, ["Park Min-jae"]),
                       "times-3": (NIS, [])}
    assert (shipment.first_seen, shipment.last_seen) == ("2030-05-02", "2030-05-04")


def test_a_second_intelligence_service_makes_two_origins() -> None:
    shipment = group_of(run(briefing_outlets(), second_service()), "herald-1")
    assert ("post-9", "c1") in reports(shipment)
    assert shipment.origins == [NIS, "Main Intelligence Directorate"]
    assert shipment.independent_origins == 2


def test_the_accused_states_denial_in_another_article_is_attached() -> None:
    report = run(briefing_outlets(), denial())
    shipment = group_of(report, "herald-1")
    assert [(d.article_id, d.claim_id, d.claimant) for d in shipment.denials] == [
        ("gazette-2", "c1", "North Korea")]
    assert all(("gazette-2", "c1") not in reports(g) for g in report.groups)  # a denial, not a report
    troops = group_of(report, "herald-1", "c2")
    assert troops.denials == []  # it denies the shipment, not the troops


def test_eleven_against_twelve_thousand_troops_is_a_conflict() -> None:
    troops = group_of(run(briefing_outlets()), "herald-1", "c2")
    assert reports(troops) == {("herald-1", "c2"), ("wire-7", "c2")}
    (conflict,) = troops.conflicts
    assert conflict.quantity == "troops"
    assert [(v.value, v.article_id, v.claim_id) for v in conflict.values] == [
        (11000.0, "herald-1", "c2"), (12000.0, "wire-7", "c2")]
    assert group_of(run(briefing_outlets()), "herald-1").conflicts == []  # both say 170mm


def test_other_weapons_other_shipments_and_other_days_stay_apart() -> None:
    report = run(corpus())
    shipment = group_of(report, "herald-1")
    for article_id in ("herald-5", "wire-40", "times-11", "times-12"):
        assert (article_id, "c1") not in reports(shipment)
    assert reports(group_of(report, "herald-5")) == {("herald-5", "c1")}  # Iranian drones
    assert reports(group_of(report, "wire-40")) == {("wire-40", "c1")}  # a year later
    assert reports(group_of(report, "times-11")) == {("times-11", "c1")}  # Tuesday, not Saturday
    assert report.articles == 9
    assert report.claims == 11


def test_the_same_launch_on_the_same_day_joins() -> None:
    """The minimal pair of the launches above: the same weekday in both articles."""
    launches = apart()
    same_day = article("https://other.example/1", "2030-06-04", [actor("North Korea", "state", "PRK")],
                       [Said("Two ballistic missiles were fired into the sea by North Korea on Tuesday.", "attack",
                             None, [], ["North Korea"], ["ballistic missiles"])],
                       [{"name": "ballistic missiles", "category": "missile"}])
    g = group_of(run({"times-11": launches["times-11"], "other-1": same_day}), "times-11")
    assert reports(g) == {("times-11", "c1"), ("other-1", "c1")}
    assert g.origins == ["other.example", "asiatimes.example"]  # two outlets in their own voice


def test_within_one_article_a_restatement_joins() -> None:
    text = article("https://one.example/1", "2030-01-10", [actor("North Korea", "state", "PRK"), actor("Russia")],
                   [Said("North Korea shipped artillery shells to Russia by rail.", "transfer", None, [],
                         ["North Korea", "Russia"]),
                    Said("The artillery shells went from North Korea to Russia by rail.", "transfer", None, [],
                         ["North Korea", "Russia"]),
                    Said("Russia hosted a football match.", "other", None, [], ["Russia"])])
    report = corroborate([("one", text)])
    assert reports(group_of(report, "one")) == {("one", "c1"), ("one", "c2")}
    assert reports(group_of(report, "one", "c3")) == {("one", "c3")}


def test_an_origin_that_relays_another_is_not_independent() -> None:
    """One outlet names only the lawmaker: he relays the agency's briefing in the others."""
    outlets = briefing_outlets()
    lawmaker_only = article("https://fourth.example/4", "2030-05-03",
                            [actor("North Korea", "state", "PRK"), actor("Russia"),
                             actor("Park Min-jae", "person", "KOR")],
                            [Said("North Korea shipped 170mm self-propelled guns to Russia, Park Min-jae said.",
                                  "transfer", "Park Min-jae", [], ["North Korea", "Russia"],
                                  ["170mm self-propelled guns"])],
                            [{"name": "170mm self-propelled guns", "category": "artillery", "caliber_mm": 170.0}])
    shipment = group_of(run(outlets, {"fourth-4": lawmaker_only}), "fourth-4")
    assert len(shipment.reports) == 4
    assert shipment.origins == [NIS]


def test_names_aliases_and_codes_resolve_across_articles() -> None:
    def a(name: str, kind: str = "state", country: str | None = None, *aliases: str) -> Actor:
        return Actor(id="a1", name=name, kind=kind, country=country, aliases=list(aliases))  # type: ignore[arg-type]

    assert actor_keys(a("Pyongyang")) == actor_keys(a("North Korea")) == {"iso:PRK"}
    assert actor_keys(a("DPRK", "state", "PRK")) == {"iso:PRK"}
    nis = actor_keys(a("the NIS", "intelligence_agency", "KOR"))
    assert nis & actor_keys(a("National Intelligence Service", "government_body", "KOR"))
    assert nis & actor_keys(a("Seoul's spy agency", "intelligence_agency"))
    assert not nis & actor_keys(a("Main Intelligence Directorate", "intelligence_agency", "UKR"))
    assert not actor_keys(a("Russian Defense Ministry", "government_body", "RUS")) & actor_keys(
        a("Ukrainian Defense Ministry", "government_body", "UKR"))
    entities = resolve_actors([("x", [a("Pyongyang")]), ("y", [a("North Korea", "state", "PRK", "DPRK")])])
    assert entities.of[("x", "a1")] == entities.of[("y", "a1")]
    assert entities.names[entities.of[("x", "a1")]] == "North Korea"


def test_time_words_date_a_claim_from_its_article() -> None:
    def day(ordinal: int) -> str:
        from datetime import date
        return date.fromordinal(ordinal).isoformat()

    wednesday = when(None, "Missiles were fired on Wednesday.", "2024-01-26")  # a Friday
    assert wednesday is not None and (day(wednesday[0]), wednesday[2]) == ("2024-01-24", True)
    november = when("in November", "They met.", "2024-01-24")
    assert november is not None and (day(november[0]), day(november[1])) == ("2023-11-01", "2023-11-30")
    assert when(None, "North Korea may send more troops.", None) is None  # "may": no month
    undated = when(None, "They met.", "2024-01-24")
    assert undated is not None and undated[2] is False


def test_figures_by_what_they_count() -> None:
    ex = briefing_outlets()["herald-1"]

    def said(text: str) -> dict[str, float]:
        return figures(Claim(id="c9", statement=text, type="other", certainty="asserted", grounded=False), ex)

    assert said("roughly 11,000 North Korean soldiers") == {"troops": 11000.0}
    assert said("twelve thousand troops") == {"troops": 12000.0}
    assert said("more than 1.4 million Palestinians") == {"palestinians": 1400000.0}
    assert said("an additional $800 million in aid") == {"amount (USD)": 800000000.0}
    assert said("thousands of soldiers in 2024") == {}  # vague; a year


def test_json_contract_keys_exactly() -> None:
    doc = json.loads(run(briefing_outlets(), denial()).model_dump_json())
    assert set(doc) == {"groups", "articles", "claims"}
    g = next(x for x in doc["groups"] if x["denials"])
    assert set(g) == {"id", "statement", "type", "reports", "origins", "independent_origins", "denials",
                      "conflicts", "first_seen", "last_seen"}
    assert set(g["reports"][0]) == {"article_id", "claim_id", "claimant", "via", "certainty", "evidence"}
    assert set(g["denials"][0]) == {"article_id", "claim_id", "claimant"}
    troops = next(x for x in doc["groups"] if x["conflicts"])
    assert set(troops["conflicts"][0]) == {"quantity", "values"}
    assert set(troops["conflicts"][0]["values"][0]) == {"value", "article_id", "claim_id"}
    assert [x["id"] for x in doc["groups"]] == [f"g{n}" for n in range(1, len(doc["groups"]) + 1)]


def test_accepts_rows_pairs_extractions_and_a_results_file(tmp_path: Path) -> None:
    outlets = briefing_outlets()
    rows = [{"id": k, "source": f"{k}.txt", "extraction": v.model_dump(mode="json")} for k, v in outlets.items()]
    rows.insert(1, {"id": "broken", "source": "broken.txt", "error": "the model gave up"})
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    expected = run(outlets).model_dump()
    assert corroborate(rows).model_dump() == expected
    assert corroborate(path).model_dump() == expected
    by_url = corroborate(list(outlets.values()))
    assert {r.article_id for r in group_of(by_url, "https://www.dailyherald.example/world/guns").reports} == {
        "https://www.dailyherald.example/world/guns", "https://koreawire.example/a/7",
        "https://www.asiatimes.example/news/3"}
    with pytest.raises(InputError, match="appears twice"):
        corroborate([("x", outlets["wire-7"]), ("x", outlets["times-3"])])
    with pytest.raises(UsageError, match="not str"):
        corroborate(["results.jsonl"])  # type: ignore[list-item]


def test_markdown_names_groups_origins_denials_and_conflicts() -> None:
    report = run(briefing_outlets(), denial())
    md = to_markdown(report, {"wire-7": "pages/0002-wire-7.html"})
    shipment = group_of(report, "herald-1")
    assert f"## {shipment.id}: North Korea has shipped 170mm self-propelled guns to Russia in recent weeks." in md
    assert f"**1 independent origin(s)**: {NIS}" in md
    assert "[wire-7](pages/0002-wire-7.html)" in md  # the viewer page given
    assert "[herald-1](https://www.dailyherald.example/world/guns)" in md  # else the article's URL
    assert f"{NIS} \u2192 Park Min-jae \u2192 dailyherald.example" in md
    assert "denied or not confirmed by **North Korea** (gazette-2 c1)" in md
    assert "conflicting figures, troops: 11000 (herald-1 c2); 12000 (wire-7 c2)" in md


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_cli_writes_each_format_atomically(tmp_path: Path, fmt: str) -> None:
    results = tmp_path / "results.jsonl"
    rows = [{"id": k, "source": k, "extraction": v.model_dump(mode="json")} for k, v in corpus().items()]
    results.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out" / f"corroboration.{fmt}"
    res = CliRunner().invoke(app, ["corroborate", str(results), "--format", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text("utf-8")
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left
    if fmt == "json":
        doc = json.loads(text)
        assert (doc["articles"], doc["claims"]) == (9, 11)
        assert doc == json.loads(run(corpus()).model_dump_json())
    else:
        assert "North Korea has shipped 170mm self-propelled guns to Russia in recent weeks." in text
        assert "Main Intelligence Directorate" in text


def test_cli_on_a_file_that_is_not_results(tmp_path: Path) -> None:
    bad = tmp_path / "notes.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["corroborate", str(bad)])
    assert res.exit_code == 2
    assert "not a results file" in res.output


def test_the_scorer_counts_pairs_origins_denials_and_conflicts() -> None:
    from llmclaims.evaluate.corroboration import CorroborationGold, score_corroboration

    from .corroboration_cases import text_of

    articles = {**briefing_outlets(), **denial(), **apart()}
    texts = {k: text_of(v) for k, v in articles.items()}

    def item(aid: str, n: int = 0) -> dict[str, str]:
        return {"article_id": aid, "evidence": articles[aid].claims[n].statement[5:40]}

    gold = CorroborationGold.model_validate({
        "articles": {k: {"file": f"{k}.txt"} for k in articles},
        "groups": [
            {"id": "shipment", "type": "transfer", "independent_origins": 1,
             "reports": [item("herald-1"), item("wire-7"), item("times-3")],
             "denials": [item("gazette-2")]},
            {"id": "troops", "type": "deployment", "independent_origins": 1,
             "reports": [item("herald-1", 1), item("wire-7", 1)],
             "conflicts": [{"quantity": "troops", "values": [item("herald-1", 1), item("wire-7", 1)]}]}],
        "singletons_checked": [{"a": item("herald-5"), "b": item("herald-1")}]})
    report = corroborate(list(articles.items()))
    scores = score_corroboration(gold, report, articles, texts)
    assert scores.metrics() == {"grouping_precision": 1.0, "grouping_recall": 1.0, "grouping_f1": 1.0,
                                "origin_count_accuracy": 1.0, "denial_recall": 1.0, "conflict_recall": 1.0}
    assert scores.counts()["gold_pairs"] == 4
    split = report.model_copy(update={"groups": [
        g.model_copy(update={"reports": g.reports[:1], "denials": [], "conflicts": []}) for g in report.groups]})
    worse = score_corroboration(gold, split, articles, texts).metrics()
    assert (worse["grouping_recall"], worse["denial_recall"], worse["conflict_recall"]) == (0.0, 0.0, 0.0)
