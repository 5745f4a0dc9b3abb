"""Results back from disk, whatever wrote them: ``(article id, source, Extraction)`` triples.

Read alike, by their content (not their file name):

* ``extract --format json``: ``{"articles": [{"id", "source", "extraction"}], "failures": [...]}``;
* a corpus run's ``*.jsonl`` and ``extract --format jsonl``: one ``{"id", "source",
  "extraction"}`` or ``{"id", "source", "error"}`` per line (failures are skipped);
* a single ``Extraction`` (``result.model_dump_json()``), or one per line: no source is
  recorded, so its id is the file's name (``name:line`` for lines);
* a folder: every ``*.json`` / ``*.jsonl`` directly inside it, in name order, except the
  manifests (``*.manifest.json``).

A row that is not a result is refused, naming its place (``InputError``); a last line without
its line break (a run cut off while writing it) is left out with a note. An id written twice
for the same text (a run repeated) keeps its later result, with a note; twice for two texts,
it is refused. Notes are appended to ``notes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..schema import Extraction

Entry = tuple[str, str, Extraction]


def load(path: Path, notes: list[str] | None = None) -> Iterator[Entry]:
    """Every finished article in ``path`` (a results file or a folder of them), each id once."""
    notes = notes if notes is not None else []
    if path.is_dir():
        files = results_files(path)
        if not files:
            raise InputError(f"{path}: no results file in this folder (*.json or *.jsonl)")
    else:
        files = [path]
    kept: dict[str, tuple[str, str, Extraction]] = {}
    for file in files:
        for where, (ident, source, result) in _file(file, notes):
            if ident in kept:
                earlier, _, before = kept.pop(ident)
                if before.text_sha256 != result.text_sha256:
                    raise InputError(f"{where}: id {ident!r} is another article's than at {earlier}; "
                                     "each article needs its own id")
                notes.append(f"{where}: id {ident!r} again (first at {earlier}); the later result is used")
            kept[ident] = (where, source, result)
    for ident, (_, source, result) in kept.items():
        yield ident, source, result


def results_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".json", ".jsonl")
                  and not p.name.endswith(".manifest.json"))


def _file(path: Path, notes: list[str]) -> Iterator[tuple[str, Entry]]:
    """``(where, entry)`` for each finished article of one results file."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read results ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}): not a results file of llmclaims") from None
    rows = _rows(raw, path, notes)
    single = len(rows) == 1
    for n, row in rows:
        where = str(path) if single else f"{path}:{n}"
        entry = _entry(row, path.stem if single else f"{path.stem}:{n}", where)
        if entry is not None:
            yield where, entry


def _rows(raw: str, path: Path, notes: list[str]) -> list[tuple[int, Any]]:
    """The rows of a file, numbered: one JSON document (an object or a list) or JSON lines (a
    last line cut off while it was written is left out, with a note)."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return _lines(raw, path, notes)
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        return list(enumerate(doc["articles"], 1))
    return list(enumerate(doc if isinstance(doc, list) else [doc], 1))


def _lines(raw: str, path: Path, notes: list[str]) -> list[tuple[int, Any]]:
    lines = raw.splitlines()
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except ValueError:
            if n == len(lines) and not raw.endswith("\n"):
                notes.append(f"{path}:{n}: a last line cut off while it was written; left out")
                continue
            raise InputError(f"{path}:{n}: not JSON: not a results file of llmclaims") from None
    return out


def _entry(row: Any, default_id: str, where: str) -> Entry | None:
    """One row as a triple; None for a failed article's row."""
    if not isinstance(row, dict):
        raise InputError(f"{where}: not a JSON object: not a results file of llmclaims")
    if isinstance(row, dict) and "extraction" in row:
        source = str(row.get("source") or "")
        ident, data = str(row.get("id") or source or default_id), row["extraction"]
    elif isinstance(row, dict) and {"claims", "provenance"} <= row.keys():
        ident, source, data = default_id, "", row
    elif isinstance(row, dict) and "error" in row:
        return None
    else:
        raise InputError(f"{where}: not a result of llmclaims (no 'extraction')")
    try:
        return ident, source, Extraction.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{where}: not a valid result ({exc.error_count()} error(s), the "
                         f"first at {'.'.join(map(str, exc.errors()[0]['loc']))})") from None
