"""Scale-out on Ray Data: the same extraction, cache and manifest as a local corpus run.

    pip install '.[ray]'      # in the llmclaims checkout

    import ray, llmclaims.ray_data as lr
    ds = ray.data.from_items([{"id": "a1", "text": "..."}, ...])
    out = ds.map_batches(lr.Extractor, fn_constructor_kwargs={"base_url": URL, "model": M},
                         batch_size=1, concurrency=4)     # one client per worker (actor)
    for row in out.iter_rows(): ...   # id, extraction (JSON) or error, tokens, cache_hit

``llmclaims extract DIR|FILE.jsonl --out results.jsonl --engine ray`` does this for a corpus and
writes the same results file and manifest as a local run (resume and cache included). On a
cluster: ``ray.init(address="auto")`` (or ``RAY_ADDRESS``), an endpoint every worker can reach
(vLLM, a hosted API; the embedded model is a local server and is not started by workers), and
``LLMCLAIMS_HOME`` on a shared file system if workers should share the cache.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .config import Settings
from .corpus import Cache, Item, Progress, Results, run_one
from .errors import ConfigError, install_hint

COLUMNS = ("id", "source", "extraction", "error", "cache_hit", "prompt_tokens",
           "completion_tokens", "calls", "seconds")


class Extractor:
    """A ``map_batches`` callable (class-based: Ray builds one per worker, so one client and
    one resolved ``Settings`` per worker). Input columns ``id``, ``text`` and optionally
    ``source``, ``url``, ``title``, ``published``; output columns :data:`COLUMNS`."""

    def __init__(self, use_cache: bool = True, **settings: Any):
        self.settings = Settings.resolve(**settings)
        if self.settings.uses_local_model:
            raise ConfigError("Ray workers need an endpoint (base_url): the embedded model is a "
                              "local server, start it once and pass its URL")
        self.cache = Cache(self.settings.cache_dir() / "results") if use_cache else None

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        n = len(batch["id"])
        for i in range(n):
            meta: dict[str, Any] = {k: str(batch[k][i]) for k in ("url", "title", "published")
                    if k in batch and batch[k][i]}
            item = Item(id=str(batch["id"][i]), text=str(batch["text"][i]), meta=meta,
                        source=str(batch["source"][i]) if "source" in batch else str(batch["id"][i]))
            entry, result = run_one(item, self.settings, self.cache)
            out["id"].append(item.id)
            out["source"].append(item.source)
            out["extraction"].append(result.model_dump_json() if result is not None else None)
            out["error"].append(entry.error)
            out["cache_hit"].append(entry.cache_hit)
            out["prompt_tokens"].append(entry.prompt_tokens)
            out["completion_tokens"].append(entry.completion_tokens)
            out["calls"].append(entry.calls)
            out["seconds"].append(entry.seconds)
        return out


def run_corpus_ray(items: Iterable[Item], out: Path, settings: Settings, *, use_cache: bool = True,
                   concurrency: int = 2, progress: Progress | None = None, wait: bool = False,
                   on_wait: Callable[[str], None] | None = None) -> Results:
    """A corpus run on Ray Data: unfinished items are extracted by ``concurrency`` workers;
    results are appended to ``out`` (and the manifest) as they stream back, as in a local run
    (the same lock, duplicate-id check, failure lines for unreadable inputs, and Ctrl-C:
    :class:`~llmclaims.corpus.Interrupted` once what finished is written)."""
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray engine needs Ray Data: " + install_hint("ray")) from None
    from .corpus import Entry, Interrupted, unique
    from .schema import Extraction

    items = list(items)
    unique(items)
    with Results(out, wait=wait, on_wait=on_wait) as results:
        pending = [i for i in items if i.id not in results.done]
        todo = [i for i in pending if i.error is None]
        written = 0

        def record(item: Item, entry: Entry, result: Extraction | None) -> None:
            nonlocal written
            results.write(item, entry, result)
            written += 1
            if progress is not None:
                progress(entry, written, len(pending))

        for item in pending:
            if item.error is not None:  # unreadable input: its failure line, no worker needed
                record(item, *run_one(item, settings, None))
        if todo:
            if not ray.is_initialized():
                ray.init(ignore_reinit_error=True, log_to_driver=False)
            rows = [{"id": i.id, "text": i.text, "source": i.source, **{k: str(v) for k, v in i.meta.items()}}
                    for i in todo]
            kwargs = {"use_cache": use_cache, **_explicit(settings)}
            mapped = ray.data.from_items(rows).map_batches(
                Extractor, fn_constructor_kwargs=kwargs, batch_size=1, concurrency=concurrency)
            by_id = {i.id: i for i in todo}
            try:
                for row in mapped.iter_rows():
                    entry = Entry(row["id"], "ok" if row["extraction"] else "failed",
                                  bool(row["cache_hit"]), int(row["prompt_tokens"]),
                                  int(row["completion_tokens"]), int(row["calls"]),
                                  float(row["seconds"]), row["error"])
                    result = (Extraction.model_validate_json(row["extraction"])
                              if row["extraction"] else None)
                    record(by_id[row["id"]], entry, result)
            except KeyboardInterrupt:
                raise Interrupted(results, len(pending) - written) from None
        else:
            results.save_manifest()
    return results


def _explicit(settings: Settings) -> dict[str, Any]:
    """The settings as keyword arguments a worker resolves again (no environment needed there)."""
    names = ("model", "base_url", "api_key", "mode", "timeout", "max_calls", "max_tokens",
             "chunk_chars", "max_output_tokens", "temperature", "transport_retries", "repair",
             "max_response_bytes", "home", "served_model")
    values = {n: getattr(settings, n) for n in names}
    values["home"] = str(settings.cache_dir())
    return {k: v for k, v in values.items() if v is not None}


def extraction_of(row: dict[str, Any]) -> dict[str, Any] | None:
    """A mapped row's extraction as a dict (``None`` for a failure)."""
    return json.loads(row["extraction"]) if row.get("extraction") else None
