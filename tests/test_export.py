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
             for t in ("articles", "actors", "weapon_systems", "claims", "claim_via", "evidence", "warnings")}
    assert count["articles"] == len(dev) == 17
    assert count["claims"] == sum(len(r.claims) for _, _, r in dev)
    assert count["claim_via"] == sum(len(c.via) for _, _, r in dev for c in r.claims)
    assert count["evidence"] == sum(len(r.spans()) for _, _, r in dev)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"claims_claimant", "via_actor", "evidence_item"} <= indexes
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
