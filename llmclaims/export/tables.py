"""Results as tables: one SQLite database for a whole run, or pandas DataFrames.

Both come from the same rows (``rows()``), so the database and the DataFrames agree:

* ``articles``: one row per article (id, source, text sha256, url, title, published, model,
  prompt version, tokens in/out, calls, seconds);
* ``actors``, ``weapon_systems``, ``claims``: one row per item, keyed by (article_id, id);
* ``claim_via``: the relay chain of each claim, in order (``position`` 0 is nearest the source);
* ``weapon_candidates``: catalogue entries a weapon may be (inferred, ranked, with support);
* ``evidence``: every span (claim evidence and actor/weapon mentions) with its offsets;
* ``warnings``: every warning.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema import Extraction

SCHEMA = """
CREATE TABLE articles (
  article_id TEXT PRIMARY KEY, source TEXT, text_sha256 TEXT NOT NULL, url TEXT, title TEXT,
  published TEXT, model TEXT, prompt_version TEXT, prompt_tokens INTEGER,
  completion_tokens INTEGER, calls INTEGER, seconds REAL);
CREATE TABLE actors (
  article_id TEXT NOT NULL REFERENCES articles(article_id), id TEXT NOT NULL, name TEXT NOT NULL,
  kind TEXT, country TEXT, role TEXT, aliases TEXT, mentions INTEGER,
  PRIMARY KEY (article_id, id));
CREATE TABLE weapon_systems (
  article_id TEXT NOT NULL REFERENCES articles(article_id), id TEXT NOT NULL, name TEXT NOT NULL,
  category TEXT, caliber_mm REAL, designation TEXT, quantity TEXT, quantity_value REAL,
  origin TEXT, recipient TEXT, grounded INTEGER,
  PRIMARY KEY (article_id, id));
CREATE TABLE claims (
  article_id TEXT NOT NULL REFERENCES articles(article_id), id TEXT NOT NULL,
  statement TEXT NOT NULL, type TEXT, claimant TEXT, cue TEXT, certainty TEXT,
  not_confirmed_by TEXT, denied_by TEXT, place TEXT, time TEXT, grounded INTEGER,
  paraphrase INTEGER, PRIMARY KEY (article_id, id));
CREATE TABLE claim_via (
  article_id TEXT NOT NULL, claim_id TEXT NOT NULL, position INTEGER NOT NULL,
  actor_id TEXT NOT NULL, PRIMARY KEY (article_id, claim_id, position),
  FOREIGN KEY (article_id, claim_id) REFERENCES claims(article_id, id));
CREATE TABLE evidence (
  article_id TEXT NOT NULL REFERENCES articles(article_id), item_id TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, match TEXT);
CREATE TABLE weapon_candidates (
  article_id TEXT NOT NULL, weapon_id TEXT NOT NULL, rank INTEGER NOT NULL, designation TEXT NOT NULL,
  origin TEXT, category TEXT, caliber_mm REAL, score REAL, support TEXT,
  PRIMARY KEY (article_id, weapon_id, rank),
  FOREIGN KEY (article_id, weapon_id) REFERENCES weapon_systems(article_id, id));
CREATE TABLE warnings (
  article_id TEXT NOT NULL REFERENCES articles(article_id), code TEXT NOT NULL, item TEXT,
  reason TEXT, fields TEXT, message TEXT);
CREATE INDEX claims_claimant ON claims(article_id, claimant);
CREATE INDEX claims_certainty ON claims(certainty);
CREATE INDEX claims_type ON claims(type);
CREATE INDEX actors_name ON actors(name);
CREATE INDEX actors_kind ON actors(kind);
CREATE INDEX weapons_category ON weapon_systems(category);
CREATE INDEX via_actor ON claim_via(article_id, actor_id);
CREATE INDEX evidence_item ON evidence(article_id, item_id);
CREATE INDEX warnings_code ON warnings(code);
"""
TABLES = ("articles", "actors", "weapon_systems", "weapon_candidates", "claims", "claim_via", "evidence",
          "warnings")
Row = dict[str, Any]


def rows(results: Iterable[tuple[str, str, Extraction]]) -> dict[str, list[Row]]:
    """Table rows for ``(article_id, source, extraction)`` triples."""
    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    for aid, source, r in results:
        p, m = r.provenance, r.meta
        out["articles"].append({
            "article_id": aid, "source": source, "text_sha256": r.text_sha256, "url": m.url,
            "title": m.title, "published": m.published, "model": p.model,
            "prompt_version": p.prompt_version, "prompt_tokens": p.usage.prompt_tokens,
            "completion_tokens": p.usage.completion_tokens, "calls": p.usage.calls,
            "seconds": p.seconds})
        for a in r.actors:
            out["actors"].append({"article_id": aid, "id": a.id, "name": a.name, "kind": a.kind,
                                  "country": a.country, "role": a.role,
                                  "aliases": json.dumps(a.aliases), "mentions": len(a.mentions)})
            out["evidence"] += [_span(aid, a.id, s) for s in a.mentions]
        for w in r.weapon_systems:
            out["weapon_systems"].append({
                "article_id": aid, "id": w.id, "name": w.name, "category": w.category,
                "caliber_mm": w.caliber_mm, "designation": w.designation,
                "quantity": w.quantity.text if w.quantity else None,
                "quantity_value": w.quantity.value if w.quantity else None,
                "origin": w.origin, "recipient": w.recipient, "grounded": int(w.grounded)})
            out["evidence"] += [_span(aid, w.id, s) for s in w.mentions]
            out["weapon_candidates"] += [{
                "article_id": aid, "weapon_id": w.id, "rank": n, "designation": c.designation,
                "origin": c.origin, "category": c.category, "caliber_mm": c.caliber_mm,
                "score": c.score, "support": json.dumps(c.support)} for n, c in enumerate(w.candidates, 1)]
        for c in r.claims:
            out["claims"].append({
                "article_id": aid, "id": c.id, "statement": c.statement, "type": c.type,
                "claimant": c.claimant, "cue": c.cue, "certainty": c.certainty,
                "not_confirmed_by": json.dumps(c.not_confirmed_by),
                "denied_by": json.dumps(c.denied_by), "place": c.place, "time": c.time,
                "grounded": int(c.grounded), "paraphrase": int(c.paraphrase)})
            out["claim_via"] += [{"article_id": aid, "claim_id": c.id, "position": n,
                                  "actor_id": v} for n, v in enumerate(c.via)]
            out["evidence"] += [_span(aid, c.id, s) for s in c.evidence]
        out["warnings"] += [{"article_id": aid, "code": w.code, "item": w.item, "reason": w.reason,
                             "fields": json.dumps(w.fields), "message": w.message} for w in r.warnings]
    return out


def _span(aid: str, item: str, span: Any) -> Row:
    return {"article_id": aid, "item_id": item, "start": span.start, "end": span.end,
            "text": span.text, "match": span.match}


def to_sqlite(results: Iterable[tuple[str, str, Extraction]], path: Path) -> Path:
    """Write one database for the whole run (replacing ``path``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(SCHEMA)
        for table, data in rows(results).items():
            if data:
                cols = list(data[0])
                names = ", ".join(f'"{c}"' for c in cols)
                marks = ", ".join("?" for _ in cols)
                db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                               [tuple(r[c] for c in cols) for r in data])
        db.commit()
    finally:
        db.close()
    tmp.replace(path)
    return path


def load(path: Path) -> Iterator[tuple[str, str, Extraction]]:
    """Read results written by the CLI: a corpus run's ``*.jsonl`` (``{"id", "source",
    "extraction"}`` lines; failures skipped), ``--format jsonl`` lines or ``--format json``."""
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read results ({exc.strerror})") from None
    try:
        if path.suffix == ".json":
            entries = json.loads(raw)["articles"]
        else:
            entries = [json.loads(line) for line in raw.splitlines() if line.strip()]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path}: not a results file of llmclaims (JSON or JSON lines)") from None
    for n, entry in enumerate(entries, 1):
        if "extraction" not in entry:
            continue
        source = str(entry.get("source", ""))
        yield str(entry.get("id", source or n)), source, Extraction.model_validate(entry["extraction"])


def read_results(path: str | Path) -> dict[str, Any]:
    """The tables of a results file as pandas DataFrames (``pip install pandas``):
    ``{"articles": df, "actors": df, "weapon_systems": df, "claims": df, "claim_via": df,
    "evidence": df, "warnings": df}``."""
    return to_pandas(load(Path(path)))


def to_pandas(results: Iterable[tuple[str, str, Extraction]]) -> dict[str, Any]:
    """DataFrames of ``(article_id, source, extraction)`` triples (see :func:`rows`)."""
    try:
        import pandas as pd
    except ImportError:
        from ..errors import ConfigError

        raise ConfigError("DataFrames need pandas: pip install 'llmclaims[pandas]'") from None
    cols = {t: _columns(t) for t in TABLES}
    return {t: pd.DataFrame(data, columns=cols[t]) for t, data in rows(results).items()}


def _columns(table: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()
