"""Corpus runs: many articles, results appended as each finishes, resumable, cached, with a
usage manifest beside the results.

* **Results** (``results.jsonl``): one line per finished article, ``{"id", "source",
  "extraction"}`` or ``{"id", "source", "error"}``, appended whole and fsynced before the next
  one; a write that fails part-way (a full disk) is cut back, so no torn line is left, and the
  run stops with a :class:`~llmclaims.errors.StorageError`.
* **One run per results file**: a run holds an exclusive lock (``fcntl.flock`` on
  ``results.jsonl.lock`` beside it, which holds its pid) from start to end. A second run on the
  same file is refused, naming that pid, or waits for it (``wait=True``, ``--wait``).
* **Resume**: the same command again skips every id already in the results; a line left half
  written by a crash or ``kill -9`` is cut off first, so no line is duplicated or broken.
  Failed articles are tried again.
* **Inputs**: a file that cannot be an article (empty, binary, not UTF-8, unreadable, a folder, a
  file name that is not UTF-8) or a JSONL line without ``id`` and ``text`` is a failure line of
  its own, with the reason, and costs no call; the other articles run. The same id twice (a file
  given twice, two JSONL files sharing ids) is refused before anything runs.
* **Ctrl-C** (SIGINT): no new article starts, the ones in flight are abandoned (their worker
  threads are daemons; a result that still arrives lands in the cache), every article that
  finished is written, and :class:`Interrupted` (a ``KeyboardInterrupt``) is raised. The same
  command resumes.
* **Cache**: content-addressed (sha256 of the text + model + prompt version + llmclaims version
  + every setting that changes the result), under ``Settings.cache_dir()/results``; an unchanged
  rerun makes no model call and writes identical results. An unreadable entry is a miss, a cache
  that cannot be written is skipped (said in ``Results.notes``): the cache never costs a result.
* **Manifest** (``results.manifest.json``, replaced whole after each article): per article
  tokens in/out, calls, seconds, cache hit, failure reason; totals. When it is unreadable it is
  rebuilt from the results file (said in ``Results.notes``), never reset to zero.
* **Concurrency** for remote endpoints (threads; the client honours 429 Retry-After); a
  loopback server runs one article at a time unless ``parallel_local`` says it serves several
  at once (``endpoint.plan_concurrency`` asks it, as ``llmclaims extract`` does).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .config import Settings
from .errors import InputError, LLMClaimsError, StorageError, UsageError
from .extract import extract
from .io import append_line, article_from, check_writable, decode, expand, printable, read_bytes, why, write_atomic
from .llm.prompts import prompt_version
from .schema import Extraction

log = logging.getLogger(__name__)
# settings that change what an extraction returns (not where it is sent or how long it waits)
RESULT_SETTINGS = ("mode", "max_calls", "max_tokens", "chunk_chars", "max_output_tokens",
                   "temperature", "repair", "passes_off", "stream")


@dataclass(frozen=True)
class Item:
    """One article of a corpus: an id (the path, or the JSONL ``id``), its text and metadata;
    ``error`` says why an input could not be read (it becomes a failure line, with no call)."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    error: str | None = None


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


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a corpus run. ``results`` holds every article that finished (all of them
    written); ``left`` articles were not done: the same run again does them."""

    def __init__(self, results: Results, left: int):
        super().__init__(f"interrupted with {left} article(s) left")
        self.results = results
        self.left = left


def items_from(paths: Iterable[str]) -> list[Item]:
    """Articles from files, directories, ``.jsonl`` files (one ``{"id", "text", "url"?,
    "title"?, "published"?}`` per line) and ``-`` (stdin: JSONL when it starts with ``{``).
    An input that cannot be read is an :class:`Item` with its ``error``; the same file or id
    given twice is an :class:`InputError` before anything is read."""
    files = expand(list(paths))
    _given_once(files)
    items = [item for path in files for item in _items_of(path)]
    unique(items)
    return items


def unique(items: Sequence[Item]) -> None:
    """Refuse ids that appear more than once, listing where (a result is kept per id, so a
    second article with the same id would be skipped or would replace the first)."""
    where: dict[str, list[str]] = {}
    for item in items:
        where.setdefault(item.id, []).append(item.source or item.id)
    twice = [(ident, sources) for ident, sources in where.items() if len(sources) > 1]
    if twice:
        listed = "; ".join(f"{ident!r} appears twice or more: {', '.join(s)}"
                           for ident, s in twice[:10])
        more = f"; and {len(twice) - 10} more" if len(twice) > 10 else ""
        raise InputError(f"article ids must be unique across the inputs: {listed}{more} "
                         "(give each file once, or give the articles distinct ids)")


def _given_once(files: list[str]) -> None:
    seen: dict[str, list[str]] = {}
    for f in files:
        if f != "-":
            seen.setdefault(os.path.realpath(f), []).append(printable(f))
    twice = [names for names in seen.values() if len(names) > 1]
    if twice:
        raise InputError("the same file is given more than once: " + "; ".join(
            " and ".join(names) for names in twice[:10]) + " (give each file once)")


_STDIN: list[bytes] = []


def _stdin() -> bytes:
    if not _STDIN:
        _STDIN.append(sys.stdin.buffer.read())
    return _STDIN[0]


def _items_of(path: str) -> list[Item]:
    if path.endswith(".jsonl") or (path == "-" and _stdin().lstrip()[:1] == b"{"):
        return _jsonl(path)
    try:
        return [Item(id=path, text=article_from(_data(path), path).text, source=path)]
    except InputError as exc:
        return [_unreadable(path, exc)]


def _data(path: str) -> bytes:
    name = printable(path)
    if name != path:
        raise InputError(f"{name}: the file name is not UTF-8; rename the file (e.g. "
                         "convmv -f latin1 -t utf-8 --notest FILE)")
    return _stdin() if path == "-" else read_bytes(Path(path), path)


def _unreadable(path: str, exc: InputError) -> Item:
    name = printable(path)
    return Item(id=name, text="", source=name, error=str(exc).removeprefix(f"{name}: "))


def _jsonl(path: str) -> list[Item]:
    try:
        lines = decode(_data(path), path).splitlines()
    except InputError as exc:
        return [_unreadable(path, exc)]
    items = [_row(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    return items or [_unreadable(path, InputError("no articles in it (empty)"))]


def _row(line: str, where: str) -> Item:
    try:
        row = json.loads(line)
    except ValueError:
        row = None
    if not isinstance(row, dict) or "id" not in row or "text" not in row:
        return Item(id=where, text="", source=where, error="not a JSON object with 'id' and 'text'")
    ident = str(row["id"])
    if not isinstance(row["text"], str):
        return Item(id=ident, text="", source=where, error="'text' must be a string")
    meta = {k: row[k] for k in ("url", "title", "published") if row.get(k)}
    return Item(id=ident, text=row["text"], meta=meta, source=where)


def cache_key(text: str, settings: Settings, served: str | None = None) -> str:
    """sha256 over the text and everything that changes the result: the endpoint, the model
    named and the model the endpoint serves (``served``, see :meth:`Cache.key`)."""
    host = "loopback" if settings.is_loopback else settings.endpoint_host
    parts = {"text": hashlib.sha256(text.encode("utf-8")).hexdigest(), "llmclaims": __version__,
             "prompt": prompt_version(), "model": settings.effective_model, "served": served,
             "endpoint": host,
             **{name: getattr(settings, name) for name in RESULT_SETTINGS}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Cache:
    """Results by :func:`cache_key` under ``root``, checked before they are trusted.

    An entry is served only when it validates as an :class:`Extraction`, its ``text_sha256``
    is the article's and every span slices back into the article; otherwise it is ignored
    (logged at WARNING with ``record.cache_problem``: ``unreadable``, ``invalid``, ``stale``,
    ``forged``) and the article is extracted again, the entry overwritten. The key holds what
    the endpoint serves: the embedded model's GGUF sha256, or for a loopback server the model
    its ``GET /v1/models`` lists (asked once per cache). A cache that cannot be read or written
    (``unwritable``) never costs a result: the run goes on without it. Each kind of problem is
    logged at WARNING once per cache, then at DEBUG."""

    def __init__(self, root: Path):
        self.root = root
        self._served: dict[tuple[str | None, str | None], str | None] = {}
        self._warned: set[str] = set()
        self._lock = threading.Lock()
        self.problem: str | None = None  # why entries are not written (once), for the run's notes

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def _warn(self, problem: str, message: str, *args: object) -> None:
        with self._lock:
            first = problem not in self._warned
            self._warned.add(problem)
        log.log(logging.WARNING if first else logging.DEBUG, message, *args,
                extra={"cache_problem": problem})

    def served(self, settings: Settings) -> str | None:
        """What the endpoint serves beyond the model's name: ``settings.served_model`` (the
        embedded model), else for a loopback server the model it lists (the named one when it
        is listed, else its first); None for a hosted endpoint or a server that lists none."""
        if settings.served_model or not settings.is_loopback or settings.base_url is None:
            return settings.served_model
        from .local.server import served_models

        asked = (settings.base_url, settings.model)
        with self._lock:
            if asked not in self._served:
                ids = served_models(settings.base_url)
                self._served[asked] = settings.model if settings.model in ids else next(iter(ids), None)
            return self._served[asked]

    def key(self, text: str, settings: Settings) -> str | None:
        """The entry's key; None (no cache) for a loopback server that names no model when
        asked and was given none (``unidentified``): its results could be another model's."""
        served = self.served(settings)
        if served is None and settings.is_loopback and not settings.model:
            self._warn("unidentified", "the server at %s lists no model (GET /v1/models) and "
                       "none was named (--model): results are not cached", settings.endpoint_host)
            return None
        return cache_key(text, settings, served)

    def get(self, text: str, settings: Settings) -> Extraction | None:
        key = self.key(text, settings)
        if key is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            self._warn("unreadable", "cache entry %s cannot be read (%s); extracting anew",
                       path, exc.strerror)
            return None
        try:
            result = Extraction.model_validate_json(data)
        except ValueError:
            self._warn("invalid", "cache entry %s is not a valid result; extracting anew", path)
            return None
        problem = result.mismatch(text)
        if problem is not None:
            self._warn(problem, "cache entry %s ignored (%s: %s); extracting anew", path, problem,
                       "another text's result" if problem == "stale" else
                       "a span does not slice back into the article")
            return None
        return result

    def put(self, text: str, settings: Settings, result: Extraction) -> None:
        key = self.key(text, settings)
        if key is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, result.model_dump_json())
        except (OSError, StorageError) as exc:
            reason = why(exc) if isinstance(exc, OSError) else str(exc)
            self.problem = self.problem or f"{self.root}: results not cached ({reason})"
            self._warn("unwritable", "cache entry %s cannot be written (%s); going on without "
                       "it", path, reason)


def finished_ids(out: Path) -> set[str]:
    """Ids already written to ``out`` as finished (``extraction``); a trailing half-written
    line (a crash mid-write) is cut off the file first."""
    return set(_finished(out))


def _finished(out: Path) -> dict[str, Entry]:
    """The finished articles of ``out``, each with the usage its line records. A trailing
    half-written line is cut off the file; a whole last line that lacks only its newline (an
    edit by hand) gets one."""
    if not out.is_file():
        return {}
    try:
        data = out.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            data = _mend_tail(out, data, keep)
    except OSError as exc:
        raise StorageError(f"{out}: cannot read or repair the results ({why(exc)})") from None
    done: dict[str, Entry] = {}
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            ident = str(row["id"])
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{out}: a line in the middle is not a result; not a results file "
                             "of llmclaims (move it away or pick another --out)") from None
        if "extraction" in row:
            done[ident] = _entry_of(ident, row["extraction"])
    return done


def _mend_tail(out: Path, data: bytes, keep: int) -> bytes:
    try:
        whole = isinstance(json.loads(data[keep:]), dict)
    except ValueError:
        whole = False
    with out.open("r+b") as fh:
        if whole:
            fh.seek(0, os.SEEK_END)
            fh.write(b"\n")
            return data + b"\n"
        log.debug("%s: cutting a half-written last line (%d bytes)", out, len(data) - keep)
        fh.truncate(keep)
        return data[:keep]


def _entry_of(ident: str, extraction: Any) -> Entry:
    """A manifest entry from what a result line records (a manifest rebuilt from the results)."""
    try:
        prov = extraction["provenance"]
        usage = prov["usage"]
        return Entry(ident, "ok", prompt_tokens=int(usage["prompt_tokens"]),
                     completion_tokens=int(usage["completion_tokens"]), calls=int(usage["calls"]),
                     seconds=float(prov["seconds"]))
    except (KeyError, TypeError, ValueError):
        return Entry(ident, "ok")


def _hold(lock: Path, out: Path, *, wait: bool, on_wait: Callable[[str], None] | None) -> int:
    """An exclusive ``flock`` on ``lock`` (its file descriptor; closing it releases the lock),
    with this process's pid written in it for the next run's message."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"{lock}: cannot create the lock file ({why(exc)})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            if not wait:
                raise UsageError(f"{out} is being written by another run (pid {holder}); wait "
                                 "for it to end, or add --wait to start when it does") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


class Results:
    """The append-only results file, its manifest and its lock: a context manager that holds
    the lock until it exits (one run per results file)."""

    def __init__(self, out: Path, *, wait: bool = False,
                 on_wait: Callable[[str], None] | None = None):
        if out.suffix != ".jsonl":
            raise UsageError(f"{out}: a corpus run writes JSON lines: name the file *.jsonl")
        self.out = out
        self.manifest_path = out.with_name(out.stem + ".manifest.json")
        self.lock_path = out.with_name(out.name + ".lock")
        for path in (out, self.manifest_path):
            if path.exists() and not path.is_file():
                raise UsageError(f"{path}: not a file (a folder?) where the run writes one; move "
                                 "it away or pick another --out")
        check_writable(out.parent)
        self.notes: list[str] = []
        self._mutex = threading.Lock()
        self._fds: list[int] = [_hold(self.lock_path, out, wait=wait, on_wait=on_wait)]
        try:
            self._fds.append(_open_append(out))
            finished = _finished(out)
            self.done = set(finished)
            self.entries: dict[str, Entry] = self._previous(finished)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the lock (and the results file); the data stay readable on the object."""
        while self._fds:
            os.close(self._fds.pop())

    def _previous(self, finished: dict[str, Entry]) -> dict[str, Entry]:
        """The finished articles' entries: the manifest's, or, where it has none (it is
        missing, unreadable, or older than the results), the one each result line records."""
        known = self._manifest()
        if known is None:
            self.notes.append(f"{self.manifest_path} was unreadable: rebuilt from {self.out.name} "
                              "(tokens as each result records them; cache hits not known)")
            known = {}
        return {i: _ok(known.get(i)) or e for i, e in finished.items()}

    def _manifest(self) -> dict[str, Entry] | None:
        """The manifest's entries; ``{}`` when there is none, None when it is unreadable."""
        if not self.manifest_path.exists():
            return {}
        try:
            rows = json.loads(self.manifest_path.read_text("utf-8"))["articles"]
            return {r["id"]: Entry(**r) for r in rows}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, item: Item, entry: Entry, result: Extraction | None) -> None:
        row: dict[str, Any] = {"id": item.id, "source": item.source}
        if result is not None:
            row["extraction"] = result.model_dump(mode="json")
        else:
            row["error"] = entry.error
        text = json.dumps(row, ensure_ascii=False)
        try:
            line = (text + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in an id or a text: escaped, still JSON
            line = (json.dumps(row) + "\n").encode("ascii")
        with self._mutex:
            append_line(self._fds[-1], line, str(self.out))
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
        write_atomic(self.manifest_path, json.dumps(doc, indent=2) + "\n")


def _ok(entry: Entry | None) -> Entry | None:
    return entry if entry is not None and entry.status == "ok" else None


def _open_append(out: Path) -> int:
    try:
        return os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"{out}: cannot open the results for writing ({why(exc)})") from None


Progress = Callable[[Entry, int, int], None]
Outcome = tuple[Entry, Extraction | None]


def run_one(item: Item, settings: Settings, cache: Cache | None) -> Outcome:
    """Extract one article (or take it from the cache); never raises a library error."""
    if item.error is not None:
        return Entry(item.id, "failed", error=item.error), None
    started = time.monotonic()
    hit = cache.get(item.text, settings) if cache is not None else None
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
        cache.put(item.text, settings, result)
    usage = result.provenance.usage
    return Entry(item.id, "ok", prompt_tokens=usage.prompt_tokens,
                 completion_tokens=usage.completion_tokens, calls=usage.calls,
                 seconds=result.provenance.seconds), result


class _Pool:
    """Worker threads over a queue of items. They are daemons, so an interrupted run does not
    wait for the requests in flight (the process can exit at once); after :meth:`stop` no
    worker starts another item."""

    def __init__(self, work: Callable[[Item], Outcome], items: list[Item], workers: int):
        self._todo: queue.SimpleQueue[Item] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[tuple[Item, Outcome | BaseException]] = queue.SimpleQueue()
        self._stopped = threading.Event()
        for item in items:
            self._todo.put(item)
        for _ in range(min(workers, len(items))):
            threading.Thread(target=self._work, args=(work,), daemon=True,
                             name="llmclaims-corpus").start()

    def _work(self, work: Callable[[Item], Outcome]) -> None:
        while not self._stopped.is_set():
            try:
                item = self._todo.get_nowait()
            except queue.Empty:
                return
            if self._stopped.is_set():
                return
            try:
                outcome: Outcome | BaseException = work(item)
            except BaseException as exc:  # a bug: raised in the caller's thread
                outcome = exc
            self._done.put((item, outcome))

    def next(self, timeout: float) -> tuple[Item, Outcome] | None:
        """The next finished item, or None after ``timeout`` seconds."""
        try:
            item, outcome = self._done.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(outcome, BaseException):
            raise outcome
        return item, outcome

    def stop(self) -> list[tuple[Item, Outcome]]:
        """Start nothing more; the items that finished meanwhile (to be written)."""
        self._stopped.set()
        out = []
        while (got := self.next(0)) is not None:
            out.append(got)
        return out


@contextlib.contextmanager
def _sigint_sets(event: threading.Event) -> Iterator[None]:
    """Within the block, Ctrl-C (SIGINT) sets ``event`` instead of raising KeyboardInterrupt
    at whatever line runs (in the middle of writing a result). Only in the main thread and only
    over Python's own handler; elsewhere a KeyboardInterrupt is caught by the caller."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: event.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_corpus(items: Iterable[Item], out: Path, settings: Settings, *, use_cache: bool = True,
               concurrency: int = 1, progress: Progress | None = None, wait: bool = False,
               on_wait: Callable[[str], None] | None = None, parallel_local: bool = False) -> Results:
    """Extract every item not yet finished in ``out``; append each result as it finishes.

    ``settings`` must point at an endpoint (``llmclaims.cli`` starts the embedded model once
    for the whole run). ``concurrency`` articles are in flight at once; on a loopback server
    only with ``parallel_local`` (it serves them in parallel). ``out`` is locked for the run: another run on it raises a
    :class:`UsageError` naming its pid, unless ``wait`` (then ``on_wait(pid)`` is called and
    the run starts when the other ends). Ctrl-C raises :class:`Interrupted` once every finished
    article is written. Returns the :class:`Results` (its ``entries`` are the manifest's)."""
    items = list(items)
    unique(items)
    with Results(out, wait=wait, on_wait=on_wait) as results:
        todo = [i for i in items if i.id not in results.done]
        cache = Cache(settings.cache_dir() / "results") if use_cache else None
        workers = max(1, concurrency if parallel_local or not settings.is_loopback else 1)
        _run(_Pool(lambda item: run_one(item, settings, cache), todo, workers), todo, results,
             progress)
        if cache is not None and cache.problem:
            results.notes.append(cache.problem)
        if not todo:
            results.save_manifest()
    return results


def _run(pool: _Pool, todo: list[Item], results: Results, progress: Progress | None) -> None:
    """Write each result as the pool finishes it; on Ctrl-C write what finished and raise
    :class:`Interrupted`."""
    stop = threading.Event()
    written = 0

    def record(item: Item, outcome: Outcome) -> None:
        nonlocal written
        results.write(item, *outcome)
        written += 1
        if progress is not None:
            progress(outcome[0], written, len(todo))

    try:
        with _sigint_sets(stop):
            while written < len(todo) and not stop.is_set():
                if (got := pool.next(timeout=0.1)) is not None:
                    record(*got)
    except KeyboardInterrupt:
        stop.set()
    finally:
        late = pool.stop()
    for got in late:
        record(*got)
    if stop.is_set():
        raise Interrupted(results, len(todo) - written)
