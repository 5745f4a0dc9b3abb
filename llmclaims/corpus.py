"""Corpus runs: many articles, results appended as each finishes, resumable, cached, with a
usage manifest beside the results.

* **Results** (``results.jsonl``): one line per finished article, ``{"id", "source",
  "extraction"}`` or ``{"id", "source", "error"}``, written whole in one ``write`` and
  flushed to disk before the next article starts.
* **Resume**: the same command again skips every id already in the results; a line left half
  written by a crash or ``kill -9`` is cut off first, so no line is duplicated or broken.
  Failed articles are tried again.
* **Cache**: content-addressed (sha256 of the text + model + prompt version + llmclaims version
  + every setting that changes the result), under ``Settings.cache_dir()/results``; an unchanged
  rerun makes no model call and writes identical results.
* **Manifest** (``results.manifest.json``, rewritten atomically after each article): per article
  tokens in/out, calls, seconds, cache hit, failure reason; totals.
* **Concurrency** for remote endpoints (threads; the client honours 429 Retry-After); a local
  server answers one request at a time, so local runs stay sequential.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .config import Settings
from .errors import InputError, LLMClaimsError, UsageError
from .extract import extract
from .io import decode, expand, read_article
from .llm.prompts import prompt_version
from .schema import Extraction

log = logging.getLogger(__name__)
# settings that change what an extraction returns (not where it is sent or how long it waits)
RESULT_SETTINGS = ("mode", "max_calls", "max_tokens", "chunk_chars", "max_output_tokens",
                   "temperature", "repair", "passes_off")


@dataclass(frozen=True)
class Item:
    """One article of a corpus: an id (the path, or the JSONL ``id``), its text and metadata."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""


@dataclass
class Entry:
    id: str
    status: str  # "ok" | "failed"
    cache_hit: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    error: str | None = None


def items_from(paths: Iterable[str]) -> Iterator[Item]:
    """Articles from files, directories, ``.jsonl`` files (one ``{"id", "text", "url"?,
    "title"?, "published"?}`` per line) and ``-`` (stdin: JSONL when it starts with ``{``)."""
    for path in expand(list(paths)):
        if path.endswith(".jsonl") or (path == "-" and _stdin_is_jsonl()):
            yield from _jsonl(path)
        else:
            article = read_article(path)
            yield Item(id=path, text=article.text, source=path)


_STDIN: list[bytes] = []


def _stdin_is_jsonl() -> bool:
    if not _STDIN:
        _STDIN.append(sys.stdin.buffer.read())
    return _STDIN[0].lstrip()[:1] == b"{"


def _jsonl(path: str) -> Iterator[Item]:
    data = _STDIN[0] if path == "-" else Path(path).read_bytes()
    seen: set[str] = set()
    for n, line in enumerate(decode(data, path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            ident, text = str(row["id"]), row["text"]
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{path}:{n}: not a JSON object with 'id' and 'text'") from None
        if not isinstance(text, str):
            raise InputError(f"{path}:{n}: 'text' must be a string")
        if ident in seen:
            raise InputError(f"{path}:{n}: id {ident!r} appears twice")
        seen.add(ident)
        meta = {k: row[k] for k in ("url", "title", "published") if row.get(k)}
        yield Item(id=ident, text=text, meta=meta, source=f"{path}:{n}")


def cache_key(text: str, settings: Settings) -> str:
    """sha256 over the text and everything that changes the result."""
    host = "loopback" if settings.is_loopback else settings.endpoint_host
    parts = {"text": hashlib.sha256(text.encode("utf-8")).hexdigest(), "llmclaims": __version__,
             "prompt": prompt_version(), "model": settings.effective_model, "endpoint": host,
             **{name: getattr(settings, name) for name in RESULT_SETTINGS}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Cache:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Extraction | None:
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            return Extraction.model_validate_json(path.read_text("utf-8"))
        except ValueError:
            log.debug("cache entry %s unreadable; ignored", key)
            return None

    def put(self, key: str, result: Extraction) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, result.model_dump_json())


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def finished_ids(out: Path) -> set[str]:
    """Ids already written to ``out`` as finished (``extraction``); a trailing half-written
    line (a crash mid-write) is cut off the file first."""
    if not out.is_file():
        return set()
    data = out.read_bytes()
    keep = data.rfind(b"\n") + 1
    done: set[str] = set()
    for line in data[:keep].splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            raise InputError(f"{out}: a line in the middle is not JSON; not a results file of "
                             "llmclaims (move it away or pick another --out)") from None
        if "extraction" in row:
            done.add(str(row["id"]))
    if keep < len(data):
        log.debug("%s: cutting a half-written last line (%d bytes)", out, len(data) - keep)
        with out.open("r+b") as fh:
            fh.truncate(keep)
    return done


class Results:
    """The append-only results file and its manifest."""

    def __init__(self, out: Path):
        if out.suffix != ".jsonl":
            raise UsageError(f"{out}: a corpus run writes JSON lines: name the file *.jsonl")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.manifest_path = out.with_name(out.stem + ".manifest.json")
        self.done = finished_ids(out)
        self.entries: dict[str, Entry] = self._previous()
        self._lock = threading.Lock()

    def _previous(self) -> dict[str, Entry]:
        if not self.manifest_path.is_file():
            return {}
        try:
            rows = json.loads(self.manifest_path.read_text("utf-8")).get("articles", [])
            return {r["id"]: Entry(**r) for r in rows if r["id"] in self.done}
        except (ValueError, KeyError, TypeError):
            return {}

    def write(self, item: Item, entry: Entry, result: Extraction | None) -> None:
        row: dict[str, Any] = {"id": item.id, "source": item.source}
        if result is not None:
            row["extraction"] = result.model_dump(mode="json")
        else:
            row["error"] = entry.error
        line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            fd = os.open(self.out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            self.entries[item.id] = entry
            if result is not None:
                self.done.add(item.id)
            self.save_manifest()

    def save_manifest(self) -> None:
        entries = list(self.entries.values())
        ok = [e for e in entries if e.status == "ok"]
        totals = {
            "articles": len(entries), "ok": len(ok), "failed": len(entries) - len(ok),
            "cache_hits": sum(e.cache_hit for e in entries),
            "prompt_tokens": sum(e.prompt_tokens for e in entries),
            "completion_tokens": sum(e.completion_tokens for e in entries),
            "calls": sum(e.calls for e in entries),
            "seconds": round(sum(e.seconds for e in entries), 3),
        }
        doc = {"results": self.out.name, "llmclaims_version": __version__,
               "prompt_version": prompt_version(), "totals": totals,
               "articles": [asdict(e) for e in entries]}
        _atomic_write(self.manifest_path, json.dumps(doc, indent=2) + "\n")


Progress = Callable[[Entry, int, int], None]


def run_one(item: Item, settings: Settings, cache: Cache | None) -> tuple[Entry, Extraction | None]:
    """Extract one article (or take it from the cache); never raises a library error."""
    started = time.monotonic()
    key = cache_key(item.text, settings) if cache is not None else ""
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        return Entry(item.id, "ok", cache_hit=True), hit
    try:
        result = extract(item.text, settings=settings, meta=item.meta or None)
    except LLMClaimsError as exc:
        usage = getattr(exc, "usage", {}) or {}
        return Entry(item.id, "failed", prompt_tokens=usage.get("prompt_tokens", 0),
                     completion_tokens=usage.get("completion_tokens", 0),
                     calls=getattr(exc, "attempts", 0), seconds=round(time.monotonic() - started, 3),
                     error=str(exc)), None
    if cache is not None:
        cache.put(key, result)
    usage = result.provenance.usage
    return Entry(item.id, "ok", prompt_tokens=usage.prompt_tokens,
                 completion_tokens=usage.completion_tokens, calls=usage.calls,
                 seconds=result.provenance.seconds), result


def run_corpus(items: Iterable[Item], out: Path, settings: Settings, *, use_cache: bool = True,
               concurrency: int = 1, progress: Progress | None = None) -> Results:
    """Extract every item not yet finished in ``out``; append each result as it finishes.

    ``settings`` must point at an endpoint (``llmclaims.cli`` starts the embedded model once
    for the whole run). Returns the :class:`Results` (its ``entries`` are the manifest's)."""
    results = Results(out)
    todo = [i for i in items if i.id not in results.done]
    cache = Cache(settings.cache_dir() / "results") if use_cache else None
    workers = max(1, concurrency if not settings.is_loopback else 1)
    total = len(todo)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[tuple[Entry, Extraction | None]], Item] = {}
        queue = iter(todo)
        finished = 0
        while True:
            while len(pending) < workers and (item := next(queue, None)) is not None:
                pending[pool.submit(run_one, item, settings, cache)] = item
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                entry, result = future.result()
                results.write(item, entry, result)
                finished += 1
                if progress is not None:
                    progress(entry, finished, total)
    if not todo:
        results.save_manifest()
    return results
