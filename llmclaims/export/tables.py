"""Results as tables: one SQLite database for a whole run, or pandas DataFrames.

Both come from the same rows (``rows()``), so the database and the DataFrames agree:

* ``articles``: one row per article (id, source, text sha256, url, title, published, model,
  prompt version, tokens in/out, calls, seconds);
* ``actors``, ``weapon_systems``, ``claims``: one row per item, keyed by (article_id, id);
* ``claim_via``: the relay chain of each claim, in order (``position`` 0 is nearest the source);
* ``claim_actors``, ``claim_weapons``: every link of a claim to an actor or a weapon system, one
  row per role (``resolve.links.claim_links``): actors as ``claimant``, ``relay``, ``subject``,
  ``supplier``, ``recipient``, ``denied_by``, ``not_confirmed_by`` or ``mentioned``; weapon
  systems as ``subject`` or ``mentioned``;
* ``weapon_candidates``: catalogue entries a weapon may be (inferred, ranked, with support);
* ``evidence``: every span (claim evidence and actor/weapon mentions) with its offsets;
* ``warnings``: every warning.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from ..errors import InputError, StorageError
from ..io import ensure_folder, replacing
from ..resolve.links import claim_links
from ..schema import Extraction
from .reading import load as load  # re-exported: the readers of results live in reading.py

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
CREATE TABLE claim_actors (
  article_id TEXT NOT NULL, claim_id TEXT NOT NULL, actor_id TEXT NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (article_id, claim_id, actor_id, role),
  FOREIGN KEY (article_id, claim_id) REFERENCES claims(article_id, id),
  FOREIGN KEY (article_id, actor_id) REFERENCES actors(article_id, id));
CREATE TABLE claim_weapons (
  article_id TEXT NOT NULL, claim_id TEXT NOT NULL, weapon_id TEXT NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (article_id, claim_id, weapon_id, role),
  FOREIGN KEY (article_id, claim_id) REFERENCES claims(article_id, id),
  FOREIGN KEY (article_id, weapon_id) REFERENCES weapon_systems(article_id, id));
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
CREATE INDEX claim_actors_actor ON claim_actors(article_id, actor_id, role);
CREATE INDEX claim_weapons_weapon ON claim_weapons(article_id, weapon_id, role);
CREATE INDEX evidence_item ON evidence(article_id, item_id);
CREATE INDEX warnings_code ON warnings(code);
"""
TABLES = ("articles", "actors", "weapon_systems", "weapon_candidates", "claims", "claim_via",
          "claim_actors", "claim_weapons", "evidence", "warnings")
Row = dict[str, Any]
Triple: TypeAlias = tuple[str, str, Extraction]
Results: TypeAlias = (Extraction | Mapping[str, Any] | Path
                      | Iterable[Extraction | Triple | Mapping[str, Any]])


def triples(results: Results) -> Iterator[Triple]:
    """``(article_id, source, extraction)`` for results in any of the shapes people hold them:

    * one :class:`Extraction`, or a list of them (article ids ``"1"``, ``"2"`` ..., source the
      result's URL or ``""``);
    * ``(article_id, source, extraction)`` triples;
    * rows of a results file, as dicts: ``{"id", "source", "extraction"}`` (a corpus run's JSONL,
      ``extract --format jsonl``); a failure's row (``{"id", "source", "error"}``) is skipped;
    * a whole ``extract --format json`` document (``{"articles": [...], "failures": [...]}``) or
      an Extraction as a dict (``model_dump()``);
    * the path of a results file (``load``).
    """
    if isinstance(results, Path):
        yield from load(results)
        return
    if isinstance(results, Extraction | Mapping):
        results = results["articles"] if isinstance(results, Mapping) and "articles" in results else [results]
    for n, entry in enumerate(results, 1):
        if isinstance(entry, Extraction):
            yield str(n), entry.meta.url or "", entry
        elif isinstance(entry, Mapping):
            yield from _entry(entry, n)
        elif isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Extraction):
            yield str(entry[0]), str(entry[1]), entry[2]
        else:
            raise InputError(f"result {n} is a {type(entry).__name__}: expected an Extraction, an "
                             "(id, source, Extraction) triple or a results-file row (dict)")


def _entry(entry: Mapping[str, Any], n: int) -> Iterator[Triple]:
    """A results-file row (failures yield nothing) or an Extraction's dict."""
    if "extraction" in entry or "error" in entry:
        if "extraction" in entry:
            source = str(entry.get("source", ""))
            yield str(entry.get("id", source or n)), source, Extraction.model_validate(entry["extraction"])
        return
    if "claims" in entry and "provenance" in entry:
        result = Extraction.model_validate(entry)
        yield str(n), result.meta.url or "", result
        return
    raise InputError(f"result {n} is a dict with keys {sorted(entry)[:6]}: neither a results-file row "
                     "({'id', 'source', 'extraction'}) nor an Extraction")


def rows(results: Results) -> dict[str, list[Row]]:
    """Table rows for results in any shape :func:`triples` reads."""
    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    for aid, source, r in triples(results):
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
        actor_links, weapon_links = claim_links(r)
        out["claim_actors"] += [{"article_id": aid, "claim_id": c, "actor_id": a, "role": role}
                                for c, a, role in actor_links]
        out["claim_weapons"] += [{"article_id": aid, "claim_id": c, "weapon_id": w, "role": role}
                                 for c, w, role in weapon_links]
        out["warnings"] += [{"article_id": aid, "code": w.code, "item": w.item, "reason": w.reason,
                             "fields": json.dumps(w.fields), "message": w.message} for w in r.warnings]
    return out


def _span(aid: str, item: str, span: Any) -> Row:
    return {"article_id": aid, "item_id": item, "start": span.start, "end": span.end,
            "text": span.text, "match": span.match}


def to_sqlite(results: Results, path: Path) -> Path:
    """Write one database for the whole run, replacing ``path`` whole or not at all (a
    temporary file beside it, renamed over it; a full disk leaves ``path`` as it was);
    ``results`` in any shape :func:`triples` reads."""
    ensure_folder(path.parent)
    with replacing(path) as tmp:
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
        except sqlite3.Error as exc:
            raise StorageError(f"{path}: could not be written ({exc}); it was left as it was") from None
        finally:
            db.close()
    return path


def read_results(path: str | Path) -> dict[str, Any]:
    """The tables of a results file as pandas DataFrames (``pip install pandas``):
    one DataFrame per table (``TABLES``: ``articles``, ``actors``, ``weapon_systems``, ``claims``,
    ``claim_actors``, ``claim_weapons`` ...)."""
    return to_pandas(load(Path(path)))


def to_pandas(results: Results) -> dict[str, Any]:
    """One pandas DataFrame per table (``TABLES``), the same rows as the SQLite export.

    ``results`` may be one :class:`Extraction` (``to_pandas(extract(text))``), a list of them,
    ``(article_id, source, extraction)`` triples, results-file rows (dicts), a ``--format json``
    document or a results file's path (see :func:`triples`)."""
    try:
        import pandas as pd
    except ImportError:
        from ..errors import ConfigError, install_hint

        raise ConfigError("DataFrames need pandas: " + install_hint("pandas")) from None
    cols = {t: _columns(t) for t in TABLES}
    return {t: pd.DataFrame(data, columns=cols[t]) for t, data in rows(results).items()}


def _columns(table: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()
