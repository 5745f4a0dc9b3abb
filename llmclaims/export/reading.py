"""Results back from disk, whatever wrote them: ``(article id, source, Extraction)`` triples.

Read alike, by their content (not their file name):

* ``extract --format json``: ``{"articles": [{"id", "source", "extraction"}], "failures": [...]}``;
* a corpus run's ``*.jsonl`` and ``extract --format jsonl``: one ``{"id", "source",
  "extraction"}`` or ``{"id", "source", "error"}`` per line (failures are skipped);
* a single ``Extraction`` (``result.model_dump_json()``), or one per line: no source is
  recorded, so its id is the file's name (``name:line`` for lines);
* a folder: every ``*.json`` / ``*.jsonl`` directly inside it, in name order, except the
  manifests (``*.manifest.json``).
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


def load(path: Path) -> Iterator[Entry]:
    """Every finished article in ``path`` (a results file or a folder of them)."""
    if path.is_dir():
        files = results_files(path)
        if not files:
            raise InputError(f"{path}: no results file in this folder (*.json or *.jsonl)")
        for file in files:
            yield from _file(file)
        return
    yield from _file(path)


def results_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".json", ".jsonl")
                  and not p.name.endswith(".manifest.json"))


def _file(path: Path) -> Iterator[Entry]:
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read results ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a results file of llmclaims (not UTF-8 text)") from None
    rows = _rows(raw, path)
    single = len(rows) == 1
    for n, row in enumerate(rows, 1):
        where = str(path) if single else f"{path}:{n}"
        entry = _entry(row, path.stem if single else f"{path.stem}:{n}", where)
        if entry is not None:
            yield entry


def _rows(raw: str, path: Path) -> list[Any]:
    """The rows of a file: one JSON document (an object or a list) or JSON lines."""
    try:
        doc = json.loads(raw)
    except ValueError:
        try:
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        except ValueError:
            raise InputError(f"{path}: not a results file of llmclaims (JSON or JSON lines)") from None
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        return list(doc["articles"])
    return doc if isinstance(doc, list) else [doc]


def _entry(row: Any, default_id: str, where: str) -> Entry | None:
    """One row as a triple; None for a failed article's row."""
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
