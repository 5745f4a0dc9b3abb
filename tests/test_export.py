"""SQLite and DataFrame exports, the docs' first SQL query (docs/outputs.md), and the JSON Schema command, on
results replayed from the recorded evaluation cassettes."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmclaims import Extraction
from llmclaims.cli import app
from llmclaims.export import read_results, to_pandas, to_sqlite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from dev_results import dev_results  # noqa: E402


@pytest.fixture(scope="module")
def dev() -> list[tuple[str, str, Extraction]]:
    return dev_results()


@pytest.fixture(scope="module")
def db(dev: list[tuple[str, str, Extraction]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return to_sqlite(dev, tmp_path_factory.mktemp("db") / "dev.sqlite")


def docs_query() -> str:
    text = (ROOT / "docs" / "outputs.md").read_text("utf-8")
    return re.search(r"```sql\n(.*?)```", text, re.S).group(1)  # type: ignore[union-attr]


def test_the_docs_query_runs_as_printed(db: Path, dev: list[tuple[str, str, Extraction]]) -> None:
    got = sqlite3.connect(db).execute(docs_query()).fetchall()
    names = {(aid, a.id): a.name for aid, _, r in dev for a in r.actors}
    expected = sorted((aid, names[(aid, c.claimant)], names[(aid, v)], c.cue)
                      for aid, _, r in dev for c in r.claims if c.grounded and c.claimant
                      for v in c.via)
    assert sorted((r[0], r[1], r[3], r[4]) for r in got) == expected
    assert ("seed", "Lee Seong-kweun") in {(r[0], r[3]) for r in got}


def test_tables_hold_every_item_with_keys(db: Path, dev: list[tuple[str, str, Extraction]]) -> None:
    con = sqlite3.connect(db)
    count = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("articles", "actors", "weapon_systems", "claims", "claim_via", "evidence", "warnings",
                       "claim_actors", "claim_weapons")}
    assert count["articles"] == len(dev) == 17
    assert count["claims"] == sum(len(r.claims) for _, _, r in dev)
    assert count["claim_via"] == sum(len(c.via) for _, _, r in dev for c in r.claims)
    assert count["evidence"] == sum(len(r.spans()) for _, _, r in dev)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"claims_claimant", "via_actor", "evidence_item", "claim_actors_actor", "claim_weapons_weapon"} <= indexes
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO claims (article_id, id, statement) VALUES ('seed', 'c1', 'x')")
    text = (ROOT / "evals" / "articles" / "seed_nk-artillery-rocket-launchers-russia.txt").read_text("utf-8")
    for start, end, span in con.execute("SELECT start, \"end\", text FROM evidence WHERE article_id = 'seed'"):
        assert text[start:end] == span


def test_dataframes_match_the_database(db: Path, dev: list[tuple[str, str, Extraction]], tmp_path: Path) -> None:
    frames = to_pandas(dev)
    con = sqlite3.connect(db)
    for table, frame in frames.items():
        assert len(frame) == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    claims = frames["claims"]
    assert set(claims.columns) >= {"article_id", "id", "statement", "claimant", "certainty", "grounded"}
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps({"id": a, "source": s, "extraction": r.model_dump(mode="json")}) + "\n"
                            for a, s, r in dev) + json.dumps({"id": "x", "error": "failed"}) + "\n")
    again = read_results(path)
    assert again["claims"].equals(claims)
    assert list(again["articles"]["article_id"]) == [a for a, _, _ in dev]  # the failure is skipped


def test_export_and_schema_commands(dev: list[tuple[str, str, Extraction]], tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps({"id": a, "source": s, "extraction": r.model_dump(mode="json")}) + "\n"
                            for a, s, r in dev[:2]))
    runner = CliRunner()
    done = runner.invoke(app, ["export", str(path), "--out", str(tmp_path / "x.sqlite")])
    assert done.exit_code == 0, done.output
    assert sqlite3.connect(tmp_path / "x.sqlite").execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert schema["title"] == "Extraction"
    assert {"actors", "weapon_systems", "claims", "provenance"} <= set(schema["properties"])
    assert "paraphrase" in schema["$defs"]["Claim"]["properties"]


def test_every_claim_lists_the_weapons_and_actors_its_evidence_names(dev: list[tuple[str, str, Extraction]]) -> None:
    """Over every replayed dev result: a weapon system or actor with a mention inside a claim's
    evidence is in the claim's list (claims added from reported speech included)."""
    for aid, _, r in dev:
        for c in r.claims:
            for e in c.evidence:
                for item, listed in [(w, c.weapon_systems) for w in r.weapon_systems] + [
                        (a, c.actors) for a in r.actors]:
                    if any(e.start <= m.start and m.end <= e.end for m in item.mentions):
                        assert item.id in listed, (aid, c.id, item.id, item.name)
    added = [c for _, _, r in dev for c in r.claims
             if any(w.code == "added" and w.item == c.id for w in r.warnings)]
    assert any(c.weapon_systems for c in added)  # reported speech the library added links too
    seed = next(r for aid, _, r in dev if aid == "seed")
    shipped = next(c for c in seed.claims if "240mm rocket launchers" in c.evidence[0].text and c.via)
    assert {w.caliber_mm for w in shipped.weapons} == {170.0, 240.0}  # the reference transfer claim


def test_link_tables_hold_every_link_with_its_role(db: Path, dev: list[tuple[str, str, Extraction]]) -> None:
    con = sqlite3.connect(db)
    actor_roles: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for aid, cid, actor_id, role in con.execute("SELECT article_id, claim_id, actor_id, role FROM claim_actors"):
        actor_roles.setdefault((aid, cid), set()).add((actor_id, role))
    weapons: dict[tuple[str, str], set[str]] = {}
    for aid, cid, weapon_id in con.execute("SELECT article_id, claim_id, weapon_id FROM claim_weapons"):
        weapons.setdefault((aid, cid), set()).add(weapon_id)
    for aid, _, r in dev:
        for c in r.claims:
            roles = actor_roles.get((aid, c.id), set())
            assert ((c.claimant, "claimant") in roles) == bool(c.claimant), (aid, c.id)
            assert {(v, "relay") for v in c.via} <= roles
            assert {a for a, _ in roles} >= set(c.actors)  # every actor the evidence names
            assert weapons.get((aid, c.id), set()) == set(c.weapon_systems)
    seed = next(r for aid, _, r in dev if aid == "seed")
    parties = {(seed.actor(a).name, role) for (aid, _), roles in actor_roles.items() if aid == "seed"
               for a, role in roles if role in ("supplier", "recipient")}
    assert parties == {("North Korea", "supplier"), ("Russia", "recipient")}


def query(name: str) -> str:
    return (ROOT / "docs" / "queries" / f"{name}.sql").read_text("utf-8")


def test_the_documented_query_for_claims_about_a_weapon(db: Path, dev: list[tuple[str, str, Extraction]]) -> None:
    got = sqlite3.connect(db).execute(query("claims-about-weapon")).fetchall()
    expected = [(aid, c.id, w.name, c.statement) for aid, _, r in dev for c in r.claims for w in c.weapons
                if w.category == "rocket_launcher" and w.caliber_mm == 240]
    assert [(row[0], row[1], row[2], row[6]) for row in got] == sorted(expected)
    assert {(row[0], row[2]) for row in got} == {("seed", "rocket launchers")}


def test_the_documented_query_for_claims_relayed_by_an_actor(db: Path,
                                                             dev: list[tuple[str, str, Extraction]]) -> None:
    got = sqlite3.connect(db).execute(query("claims-relayed-by")).fetchall()
    expected = [(aid, c.id, c.claimant_actor.name if c.claimant_actor else None, c.cue)
                for aid, _, r in dev for c in r.claims if "Lee Seong-kweun" in [a.name for a in c.via_actors]]
    assert [(row[0], row[1], row[2], row[4]) for row in got] == sorted(expected)
    assert ("seed", "confirmed") in {(row[0], row[4]) for row in got}  # the NIS's finding, via Lee


def test_warnings_table_holds_reasons_and_fields(db: Path, dev: list[tuple[str, str, Extraction]]) -> None:
    con = sqlite3.connect(db)
    rows = con.execute("SELECT article_id, item, reason, fields FROM warnings").fetchall()
    expected = [(aid, w.item, w.reason, w.fields) for aid, _, r in dev for w in r.warnings]
    assert [(a, i, reason, json.loads(f)) for a, i, reason, f in rows] == expected
    assert "source_from_text" in {r[2] for r in rows}
