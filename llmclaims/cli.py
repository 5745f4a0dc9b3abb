"""Thin command line over the library: arguments -> Settings -> extract() -> writer."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import logging
import os
import shlex
import sys
from collections.abc import Iterator
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ._version import __version__
from .config import Settings
from .errors import InputError, LLMClaimsError, StorageError, UsageError, scrub
from .extract import extract
from .io import append_line, check_writable, ensure_folder, expand, read_article, replacing, same_file, write_atomic
from .schema import Extraction

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into source-grounded actors, weapons and claims.")
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    csv = "csv"
    html = "html"
    sqlite = "sqlite"


def _version(value: bool) -> None:
    if value:
        print(f"llmclaims {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
          ) -> None:
    """Turn news articles into source-grounded actors, weapons and claims."""


QUIET = ("instructor", "openai", "httpx", "httpx2", "httpcore", "absl", "urllib3")


class _Scrubbed(logging.Formatter):
    """Log lines as the formatter writes them, with anything that looks like a credential
    redacted (``errors.scrub``): -v shows what the SDKs log, never a key."""

    def __init__(self, fmt: str, secret: str | None):
        super().__init__(fmt)
        self.secret = secret

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), self.secret, limit=4000)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not the stream of the
    moment it was made (a closed one, after a test runner swapped it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _logging(verbose: bool, secret: str | None = None) -> None:
    """-v: DEBUG from llmclaims and the SDKs, scrubbed; otherwise the SDKs stay quiet (their
    errors are reported once, by llmclaims, with llmclaims' own attempt counts)."""
    if verbose:
        handler = _Stderr()
        handler.setFormatter(_Scrubbed("%(name)s: %(message)s", secret))
        logging.basicConfig(level=logging.DEBUG, handlers=[handler], force=True)
        return
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


@contextlib.contextmanager
def _errors_exit() -> Iterator[None]:
    """Library errors end the command without a traceback: 2 for usage, 1 for runtime."""
    try:
        yield
    except UsageError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except LLMClaimsError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


@contextlib.contextmanager
def _endpoint(settings: Settings) -> Iterator[Settings]:
    if not settings.uses_local_model:
        yield settings
        return
    from .local.server import managed_server

    with managed_server(settings) as local:
        yield local


@app.command("extract")
def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help=(
        "Output format. json: one document {\"articles\": [{\"id\", \"source\", \"extraction\"}], "
        "\"failures\": [{\"id\", \"source\", \"error\"}]} (each extraction is a whole result: "
        "llmclaims schema); jsonl: one such article row per line."))] = Format.json,
    out: Annotated[Path | None, typer.Option(
        help="A file named *.json (json), *.sqlite (sqlite), *.txt (table) or, for one article, "
             "*.html (html): that file; else a "
             "directory to write into; or, named *.jsonl, a corpus run: results appended as "
             "each article finishes, resumable, cached, with a usage manifest beside them.")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Corpus runs: ignore cached results (they are still written).")] = False,
    concurrency: Annotated[int, typer.Option(
        min=1, max=64, help="Corpus runs: articles in flight at once (a loopback server: up to "
                            "the parallel slots it reports, or as given with --parallel-local).")] = 1,
    parallel_local: Annotated[bool, typer.Option(
        "--parallel-local", help="The loopback server serves requests in parallel (vLLM, LM "
                                 "Studio, llama.cpp -np N): use --concurrency as given.")] = False,
    engine: Annotated[str, typer.Option(
        help="Corpus runs: 'local' (threads) or 'ray' (Ray Data workers; pip install "
             "'.\\[ray]' in the checkout).")] = "local",
    wait: Annotated[bool, typer.Option(
        "--wait", help="Corpus runs: when another run is writing the same results file, wait "
                       "for it to end (default: refuse, naming its pid).")] = False,
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL.")] = None,
    # numbers are read by Settings (not typer): its errors name the setting and never show a
    # value that looks like a key pasted into the wrong option
    max_calls: Annotated[str | None, typer.Option(
        metavar="N", help="Model requests per article (re-asks and repairs included).")] = None,
    max_tokens: Annotated[str | None, typer.Option(metavar="N", help="Tokens per article.")] = None,
    timeout: Annotated[str | None, typer.Option(
        metavar="SECONDS",
        help="Seconds to wait for one model answer (a local model on 2 cores may need 600+).")] = None,
    retries: Annotated[str | None, typer.Option(
        metavar="N", help="Retries of a failed request (connection, 429, 5xx; a timed-out local "
                          "request is never retried).")] = None,
    local_model: Annotated[str | None, typer.Option(
        help="Embedded model: qwen2.5-coder-1.5b (default) or qwen2.5-coder-0.5b.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Extract actors, weapon systems and claims from articles."""
    try:
        settings = Settings.resolve(model=model, base_url=base_url, max_calls=max_calls,
                                    max_tokens=max_tokens, local_model=local_model,
                                    timeout=timeout, transport_retries=retries)
        _logging(verbose, settings.api_key)
        files = expand(paths)
        out_file = _out_file(fmt, out, len(files))
    except UsageError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if not files:
        err.print("[red]error:[/red] no input files found")
        raise typer.Exit(2)
    if out is not None and out.suffix == ".jsonl":
        _corpus(files, out, settings, use_cache=not no_cache, concurrency=concurrency, engine=engine,
                parallel_local=parallel_local, wait=wait)
        return
    if fmt in (Format.csv, Format.html, Format.sqlite) and out is None:
        err.print(f"[red]error:[/red] --format {fmt.value} writes files: give --out DIR")
        raise typer.Exit(2)
    results: list[tuple[str, Extraction]] = []
    failures: list[tuple[str, str]] = []
    with _errors_exit():
        sink = _Sink(fmt, out, out_file)
    with _errors_exit(), _endpoint(settings) as endpoint, _progress(len(files)) as step:
        for path in files:
            step(f"{path}")
            try:
                article = read_article(path)
                with _waiting(path):
                    result = extract(article.text, settings=endpoint)
            except LLMClaimsError as exc:
                reason = str(exc).removeprefix(f"{path}: ")
                failures.append((path, reason))
                err.print(f"[red]failed[/red] {escape(path)}: {escape(reason)}")
                continue
            results.append((path, result))
            sink.texts[path] = article.text
            sink.streamed(path, result)
            if len(files) > 1:
                err.print(f"[green]ok[/green] {escape(path)}: {len(result.actors)} actors, "
                          f"{len(result.weapon_systems)} weapons, {len(result.claims)} claims")
    with _errors_exit():
        sink.finish(results, failures)
    if failures:
        err.print(f"{len(failures)} of {len(files)} article(s) failed:")
        for path, reason in failures:
            err.print(f"  {escape(path)}: {escape(reason)}")
        raise typer.Exit(1)


def _corpus(files: list[str], out: Path, settings: Settings, *, use_cache: bool,
            concurrency: int, engine: str = "local", parallel_local: bool = False,
            wait: bool = False) -> None:
    """A corpus run (``llmclaims.corpus``, or ``llmclaims.ray_data`` with ``engine="ray"``):
    one managed server for the whole run. Ctrl-C ends it with status 130 once every finished
    article is written, and says how to resume; a write failure says the same."""
    from .corpus import Entry, Interrupted, items_from, run_corpus

    def waiting(pid: str) -> None:
        err.print(f"{escape(str(out))} is being written by another run (pid {pid}); waiting")

    try:
        with _errors_exit():
            if engine not in ("local", "ray"):
                raise UsageError(f"--engine must be 'local' or 'ray', not {engine!r}")
            _not_an_input(out, files)
            items = items_from(files)
            with _endpoint(settings) as endpoint, _corpus_progress() as progress:
                concurrency = _workers(endpoint, concurrency, parallel_local,
                                       embedded=settings.uses_local_model)
                if engine == "ray":
                    from .ray_data import run_corpus_ray

                    results = run_corpus_ray(items, out, endpoint, use_cache=use_cache,
                                             concurrency=max(concurrency, 1), progress=progress,
                                             wait=wait, on_wait=waiting)
                else:
                    results = run_corpus(items, out, endpoint, use_cache=use_cache,
                                         concurrency=concurrency, progress=progress, wait=wait,
                                         on_wait=waiting, parallel_local=True)
    except KeyboardInterrupt as exc:
        done = f"{len(exc.results.done)} finished article(s) are in {out}, {exc.left} not done" \
            if isinstance(exc, Interrupted) else f"every finished article is in {out}"
        err.print(f"[yellow]interrupted[/yellow]: {escape(done)}.")
        _resume_hint()
        raise typer.Exit(130) from None
    except typer.Exit as exc:
        if exc.exit_code == 1:  # a runtime failure (a write): what was written stays
            _resume_hint()
        raise
    for note in results.notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}")
    entries: list[Entry] = list(results.entries.values())
    failed = [e for e in entries if e.status == "failed"]
    tokens = sum(e.prompt_tokens + e.completion_tokens for e in entries)
    err.print(f"{len(results.done)} of {len(items)} article(s) in {out} "
              f"({sum(e.cache_hit for e in entries)} from the cache, {len(failed)} failed, "
              f"{tokens:,} tokens); manifest: {results.manifest_path}")
    if failed:
        for e in failed:
            err.print(f"  [red]failed[/red] {escape(e.id)}: {escape(e.error or '')}")
        raise typer.Exit(1)


def _workers(endpoint: Settings, requested: int, parallel_local: bool, *, embedded: bool) -> int:
    """Articles in flight (``endpoint.plan_concurrency``), with one line when fewer than asked."""
    from .endpoint import plan_concurrency

    plan = plan_concurrency(endpoint, requested, parallel=parallel_local, embedded=embedded)
    if plan.note:
        err.print(f"[yellow]note:[/yellow] {escape(plan.note)}")
    return plan.workers


def _not_an_input(out: Path, files: list[str]) -> None:
    for f in files:
        if f != "-" and same_file(out, Path(f)):
            raise UsageError(f"--out {out} is one of the inputs ({f}): the results would be "
                             "appended to it; give the results another name")


def _resume_hint() -> None:
    """The command that resumes the run: the same one (finished articles are skipped)."""
    err.print("resume with the same command (finished articles are skipped): "
              f"{escape(shlex.join(['llmclaims', *sys.argv[1:]]))}")


@contextlib.contextmanager
def _corpus_progress() -> Iterator[Any]:
    """A progress bar with done/failed, tokens and ETA (terminals only); a line per article
    otherwise."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    counts = {"failed": 0, "tokens": 0}

    def line(entry: Any, n: int, total: int) -> None:
        counts["failed"] += entry.status == "failed"
        counts["tokens"] += entry.prompt_tokens + entry.completion_tokens
        how = "cache" if entry.cache_hit else f"{entry.seconds:.0f} s"
        err.print(f"[{'green' if entry.status == 'ok' else 'red'}]{entry.status}[/] {n}/{total} "
                  f"{escape(entry.id)} ({how})")

    if not err.is_terminal:
        yield line
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TextColumn("failed {task.fields[failed]}, {task.fields[tokens]:,} tokens"),
               TimeRemainingColumn())
    with Progress(*columns, console=err) as bar:
        task = bar.add_task("articles", total=None, failed=0, tokens=0)

        def step(entry: Any, n: int, total: int) -> None:
            line(entry, n, total)
            bar.update(task, completed=n, total=total, failed=counts["failed"], tokens=counts["tokens"])

        yield step


@contextlib.contextmanager
def _waiting(path: str) -> Iterator[None]:
    """A spinner with the elapsed time while the model works on an article (terminals only)."""
    if not err.is_terminal:
        yield
        return
    with err.status(f"{escape(path)}: waiting for the model (Ctrl-C stops)", spinner="dots"):
        yield


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Any]:
    if total < 2 or not sys.stderr.isatty():
        yield lambda label: None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("extracting", total=total)
        first = [True]

        def step(label: str) -> None:
            if not first[0]:
                bar.advance(task)
            first[0] = False
            bar.update(task, description=label[-40:])

        yield step


# --out naming one of these writes that file (not a directory)
FILE_SUFFIXES = {".json": Format.json, ".sqlite": Format.sqlite, ".db": Format.sqlite,
                 ".txt": Format.table, ".html": Format.html}
DEFAULT_NAMES = {Format.json: "extractions.json", Format.sqlite: "extractions.sqlite",
                 Format.table: "extractions.txt"}


def _out_file(fmt: Format, out: Path | None, articles: int = 1) -> Path | None:
    """The file ``--out`` names (results.json, run.sqlite, tables.txt, page.html for one
    article), when it names one of the format's kind; None for a directory (an existing
    directory stays one)."""
    if out is None or out.is_dir() or out.suffix.lower() not in FILE_SUFFIXES:
        return None
    kind = FILE_SUFFIXES[out.suffix.lower()]
    if kind is not fmt:
        raise UsageError(f"--out {out} names a {kind.value} file but --format is {fmt.value}: "
                         f"give --format {kind.value}, or a directory as --out")
    if kind is Format.html and articles != 1:
        raise UsageError(f"--out {out} is one page: {articles} articles need a directory as --out")
    return out


def _article_row(path: str, result: Extraction) -> dict[str, Any]:
    """One article as --format json/jsonl write it: the rows of a corpus run's results file."""
    return {"id": path, "source": path, "extraction": result.model_dump(mode="json")}


class _Sink:
    """Where a non-corpus run's results go: a file named with ``--out X.json`` (``out_file``)
    or the default name in the ``--out`` folder. Every file is written whole or not at all
    (``--format jsonl`` appends whole lines); the folder is checked for writing first."""

    def __init__(self, fmt: Format, out: Path | None, out_file: Path | None = None):
        self.fmt = fmt
        self.out = out
        self.texts: dict[str, str] = {}
        self.target = out_file or (out / DEFAULT_NAMES[fmt] if out and fmt in DEFAULT_NAMES else None)
        self.jsonl: int | None = None
        if out_file is not None:
            check_writable(out_file.parent)
        elif out is not None:
            check_writable(out)
        if out is not None and fmt is Format.jsonl:
            path = out / "extractions.jsonl"
            try:
                self.jsonl = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
            except OSError as exc:
                raise StorageError(f"{path}: cannot be written ({exc.strerror})") from None

    def streamed(self, path: str, result: Extraction) -> None:
        if self.fmt is not Format.jsonl:
            return
        line = json.dumps(_article_row(path, result), ensure_ascii=False)
        if self.jsonl is not None:
            assert self.out is not None
            append_line(self.jsonl, (line + "\n").encode("utf-8"), str(self.out / "extractions.jsonl"))
        else:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def finish(self, results: list[tuple[str, Extraction]], failures: list[tuple[str, str]]) -> None:
        if self.jsonl is not None:
            os.close(self.jsonl)
        if self.fmt is Format.json:
            doc = {"articles": [_article_row(p, r) for p, r in results],
                   "failures": [{"id": p, "source": p, "error": e} for p, e in failures]}
            text = json.dumps(doc, ensure_ascii=False, indent=2)
            if self.target is not None:
                write_atomic(self.target, text + "\n")
                err.print(f"wrote {escape(str(self.target))}")
            else:
                sys.stdout.write(text + "\n")
        elif self.fmt is Format.table:
            buffer = io.StringIO()
            console = Console(file=buffer if self.target else sys.stdout, width=160)
            for path, result in results:
                _tables(console, path, result)
            if self.target is not None:
                write_atomic(self.target, buffer.getvalue())
        elif self.fmt is Format.csv:
            assert self.out is not None
            _csv(self.out, results)
        elif self.fmt is Format.html:
            from .export.viewer import page, write_pages

            assert self.out is not None
            if self.target is not None and results:  # one article, one page
                (path, result), = results
                write_atomic(self.target, page(self.texts[path], result, title=path))
                err.print(f"wrote {escape(str(self.target))}")
                return
            pages = write_pages(((p, self.texts[p], r) for p, r in results), self.out)
            err.print(f"wrote {len(pages) - 1} page(s) and {pages[-1]}")
        elif self.fmt is Format.sqlite:
            from .export.tables import to_sqlite

            assert self.target is not None
            db = to_sqlite(((p, p, r) for p, r in results), self.target)
            err.print(f"wrote {db}")


def _names(result: Extraction) -> dict[str, str]:
    names = {a.id: a.name for a in result.actors}
    names.update({w.id: w.name for w in result.weapon_systems})
    return names


def _row(table: Table, *cells: str) -> None:
    table.add_row(*(escape(c) for c in cells))


def _tables(console: Console, path: str, result: Extraction) -> None:
    names = _names(result)
    console.rule(path)
    t = Table("id", "actor", "kind", "country", "aliases", "mentions", title="Actors")
    for a in result.actors:
        _row(t, a.id, a.name, a.kind, a.country or "", ", ".join(a.aliases), str(len(a.mentions)))
    console.print(t)
    t = Table("id", "weapon", "category", "caliber", "qty", "from", "to", title="Weapon systems")
    for w in result.weapon_systems:
        _row(t, w.id, w.name, w.category, f"{w.caliber_mm:g} mm" if w.caliber_mm else "",
                  w.quantity.text if w.quantity else "", names.get(w.origin or "", ""),
                  names.get(w.recipient or "", ""))
    console.print(t)
    t = Table("id", "claim", "claimant", "via", "cue", "certainty", "grounded", title="Claims")
    for c in result.claims:
        _row(t, c.id, c.statement, names.get(c.claimant or "", "(article)"),
                  " > ".join(names[v] for v in c.via), c.cue or "", c.certainty,
                  "yes" if c.grounded else "NO")
    console.print(t)
    for w_ in result.warnings:
        console.print(f"[yellow]warning[/yellow] {escape(w_.item)}: {w_.code}: "
                      f"{escape(w_.message)}")


def _csv(out: Path, results: list[tuple[str, Extraction]]) -> None:
    rows: dict[str, list[dict[str, Any]]] = {"actors": [], "weapon_systems": [], "claims": []}
    for path, result in results:
        for a in result.actors:
            rows["actors"].append({"source": path, "id": a.id, "name": a.name, "kind": a.kind,
                                   "country": a.country, "role": a.role,
                                   "aliases": "|".join(a.aliases), "mentions": len(a.mentions)})
        for w in result.weapon_systems:
            rows["weapon_systems"].append({
                "source": path, "id": w.id, "name": w.name, "category": w.category,
                "caliber_mm": w.caliber_mm, "designation": w.designation,
                "quantity": w.quantity.text if w.quantity else None,
                "origin": w.origin, "recipient": w.recipient, "grounded": w.grounded})
        for c in result.claims:
            rows["claims"].append({
                "source": path, "id": c.id, "statement": c.statement, "type": c.type,
                "claimant": c.claimant, "via": "|".join(c.via), "cue": c.cue,
                "certainty": c.certainty, "grounded": c.grounded,
                "evidence": " | ".join(e.text for e in c.evidence),
                "evidence_start": c.evidence[0].start if c.evidence else None})
    fields = {"actors": ["source", "id", "name", "kind", "country", "role", "aliases", "mentions"],
              "weapon_systems": ["source", "id", "name", "category", "caliber_mm", "designation",
                                 "quantity", "origin", "recipient", "grounded"],
              "claims": ["source", "id", "statement", "type", "claimant", "via", "cue",
                         "certainty", "grounded", "evidence", "evidence_start"]}
    with contextlib.ExitStack() as files:  # all three replaced together, or none of them
        for name, data in rows.items():
            tmp = files.enter_context(replacing(out / f"{name}.csv"))
            with tmp.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=fields[name])
                writer.writeheader()
                writer.writerows(data)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a result (``Extraction``)."""
    print(json.dumps(Extraction.model_json_schema(), indent=2))


RESULTS_HELP = ("Results: what extract --format json or jsonl writes, a corpus run's *.jsonl, a single "
                "Extraction as JSON, or a folder of such files.")


@app.command()
def export(
    result: Annotated[Path, typer.Argument(help=RESULTS_HELP)],
    out: Annotated[Path, typer.Option(help="The SQLite database to write (*.sqlite).")],
) -> None:
    """Write one SQLite database for a whole run (tables articles, actors, weapon_systems,
    claims, claim_via, evidence, warnings)."""
    import sqlite3

    from .export.tables import to_sqlite

    with _errors_exit(), _io_errors(out, sqlite3.Error):
        if out.is_dir():
            raise UsageError(f"--out {out} is a folder: name the database file (*.sqlite)")
        if same_file(out, result):
            raise UsageError(f"--out {out} is the results file itself: the database would replace "
                             f"the results; give another name, e.g. {result.with_suffix('.sqlite')}")
        entries = _results(result)
        err.print(f"wrote {to_sqlite(entries, out)} ({len(entries)} article(s))")


@app.command()
def view(
    result: Annotated[Path, typer.Argument(help=RESULTS_HELP)],
    out: Annotated[Path, typer.Option(help="The page (*.html) for one article; a folder for several "
                                           "(one page each and index.html).")],
    article: Annotated[list[Path] | None, typer.Option(
        help="The article text(s), when the results' sources are not readable paths.")] = None,
) -> None:
    """Write a self-contained HTML page: the article with its evidence in place.

    An article's text is read from --article (files, folders, JSONL inputs) or from its source
    file next to the results file (in its folder or below), never from elsewhere."""
    from .corpus import items_from
    from .export.viewer import page, write_pages

    with _errors_exit(), _io_errors(out):
        if out.suffix == ".html" and out.is_dir():
            raise UsageError(f"--out {out} is a folder: name the page (*.html) or give a folder "
                             "without .html")
        if out.suffix != ".html" and out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} is a file: give a folder for the pages")
        entries = _results(result)
        if not entries:
            raise UsageError(f"{result}: no finished article in it")
        given_items = items_from([str(p) for p in article or []])
        unreadable = [i for i in given_items if i.error]
        if unreadable:
            raise InputError(f"--article {unreadable[0].source or unreadable[0].id}: {unreadable[0].error}")
        given = [i.text for i in given_items]
        items = [(aid, _text_for(source, r, given, result), r) for aid, source, r in entries]
        if out.suffix == ".html":
            if len(items) != 1:
                raise UsageError(f"{result} holds {len(items)} articles: give a folder as --out")
            ensure_folder(out.parent)
            write_atomic(out, page(items[0][1], items[0][2], title=items[0][0]))
            err.print(f"wrote {out}")
        else:
            pages = write_pages(items, out)
            err.print(f"wrote {len(pages) - 1} page(s) and {pages[-1]}")


@contextlib.contextmanager
def _io_errors(out: Path, *more: type[Exception]) -> Iterator[None]:
    """A file that cannot be read or written (permissions, a full disk) ends the command with
    exit 1 and the reason, never a traceback."""
    caught: tuple[type[BaseException], ...] = (OSError, *more)
    try:
        yield
    except caught as exc:
        where = getattr(exc, "filename", None) or out
        reason = getattr(exc, "strerror", None) or str(exc)
        err.print(f"[red]error:[/red] {escape(str(where))}: {escape(reason)}")
        raise typer.Exit(1) from None


class CorroborationFormat(StrEnum):
    json = "json"
    md = "md"
    html = "html"


@app.command()
def corroborate(
    result: Annotated[Path, typer.Argument(help="Results: a corpus run's *.jsonl (or --format json/jsonl output).")],
    format: Annotated[CorroborationFormat, typer.Option(
        "--format", "-f", help="json (the contract), md (for reading) or html (a page).")] = CorroborationFormat.json,
    out: Annotated[Path | None, typer.Option(help="Write here (atomically) instead of stdout.")] = None,
    pages: Annotated[Path | None, typer.Option(
        help="Viewer pages of the same results (llmclaims view RESULTS --out DIR): HTML reports link "
             "to them; else to the article's URL.")] = None,
) -> None:
    """Group the claims that several articles (or one, several times) make about the same thing;
    count each group's independent origins; put denials and conflicting figures beside it."""
    from .corroborate import corroborate as run
    from .corroborate import to_html, to_markdown
    from .export.tables import load
    from .io import write_atomic

    with _errors_exit():
        entries = [(aid, r) for aid, _source, r in load(result)]
        report = run(entries)
        links = _page_links(pages, [aid for aid, _r in entries], out) if pages is not None else None
        if format is CorroborationFormat.json:
            text = report.model_dump_json(indent=2) + "\n"
        elif format is CorroborationFormat.md:
            text = to_markdown(report, links)
        else:
            text = to_html(report, links)
        if out is None:
            sys.stdout.write(text)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, text)
        err.print(f"wrote {out}: {len(report.groups)} group(s) of {report.claims} claim(s) in "
                  f"{report.articles} article(s)")


def _page_links(pages: Path, ids: list[str], out: Path | None) -> dict[str, str]:
    """Links from the page at ``out`` to the viewer pages that exist in ``pages``."""
    import os

    from .export.viewer import page_name

    base = (out or Path("corroboration.html")).resolve().parent
    found = {aid: pages / page_name(n, aid) for n, aid in enumerate(ids, 1)}
    return {aid: Path(os.path.relpath(p.resolve(), base)).as_posix() for aid, p in found.items() if p.is_file()}


def _results(path: Path) -> list[tuple[str, str, Extraction]]:
    """The results in ``path`` (``export.tables.load``); its notes printed as warnings."""
    from .export.tables import load

    notes: list[str] = []
    entries = list(load(path, notes))
    for note in notes:
        err.print(f"[yellow]warning:[/yellow] {escape(note)}")
    return entries


def _text_for(source: str, result: Extraction, given: list[str], results: Path) -> str:
    """The text a result was extracted from: a given one (``--article``) whose sha256 matches,
    else its source read from next to the results file (``_beside``)."""
    for text in given:
        if result.mismatch(text) != "stale":
            return text
    found = _beside(source, results)
    if found is None:
        raise UsageError(f"the text of {source or 'an article'} is not readable next to {results}: "
                         "pass it with --article (a file, a folder or a JSONL input)")
    if result.mismatch(found) == "stale":
        raise UsageError(f"{source} changed since it was extracted (sha256 differs): pass the text "
                         "with --article")
    return found


def _beside(source: str, results: Path) -> str | None:
    """The text of ``source`` (a path as the run named it, or ``path:line`` of a JSONL input)
    read only from the results file's folder or below it: the path taken relative to that
    folder, or its file name there. A path leading elsewhere (absolute, ``..``, a link out)
    is not followed. None when there is no such readable file."""
    folder = results.resolve().parent
    name, _, line = source.rpartition(":")
    if not (name.endswith(".jsonl") and line.isdigit()):
        name, line = source, ""
    if not name or name == "-":
        return None
    candidates = [folder / name, folder / Path(name).name] if not Path(name).is_absolute() \
        else [folder / Path(name).name]
    for candidate in candidates:
        path = candidate.resolve()
        if path.is_relative_to(folder) and path.is_file():
            return _read_source(path, int(line) if line else None)
    return None


def _read_source(path: Path, line: int | None) -> str | None:
    if line is None:
        return read_article(path).text
    try:
        row = json.loads(path.read_text("utf-8").splitlines()[line - 1])
        return str(row["text"])
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return None


@app.command()
def doctor(
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL to check.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name to check.")] = None,
    probe: Annotated[bool, typer.Option(
        "--probe", help="Also send one tiny chat request (the embedded model: start it first).")] = False,
) -> None:
    """Which endpoint and model would be used, and why; whether the endpoint answers and lists
    the model; the embedded model's state and download; versions. Exit 1 when it cannot work."""
    try:
        s = Settings.resolve(base_url=base_url, model=model)
    except UsageError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    print(f"llmclaims {__version__}")
    _doctor_settings(s)
    ok = _doctor_embedded(s, probe) if s.uses_local_model else _doctor_endpoint(s, probe)
    _doctor_versions(s)
    if not ok:
        raise typer.Exit(1)


def _model_line(s: Settings) -> str:
    """The model the requests name, and where that name comes from."""
    from .config import DEFAULT_OPENAI_MODEL, OPENAI_HOST

    src = dict(s.sources)
    if s.model:
        return f"{s.model} (from {src.get('model', 'argument')})"
    if s.uses_local_model:
        return f"{s.local_model} (the embedded model; from {src.get('local_model', 'default')})"
    if s.endpoint_host == OPENAI_HOST:
        return f"{DEFAULT_OPENAI_MODEL} (OpenAI's default; --model / LLMCLAIMS_MODEL picks another)"
    return ('not set: requests name "default" (llama.cpp answers with the model it loaded; '
            "Ollama, vLLM and LM Studio need --model / LLMCLAIMS_MODEL)")


def _doctor_settings(s: Settings) -> None:
    src = dict(s.sources)
    if s.uses_local_model:
        print("endpoint: embedded local model (no base URL and no API key configured)")
    else:
        print(f"endpoint: {s.endpoint_host} (base URL from {src.get('base_url', 'default')})")
        print(f"api key:  {'set from ' + src['api_key'] if 'api_key' in src else 'not set'}")
    print(f"model:    {_model_line(s)}")
    print(f"mode:     {s.resolved_mode}")


def _doctor_endpoint(s: Settings, probe: bool) -> bool:
    """GET /models (reachable? the model listed?), parallel slots on loopback, --probe."""
    from .config import OPENAI_HOST
    from .endpoint import base_url, list_models, parallel_slots

    listing = list_models(s)
    if listing.error is not None:
        print(f"reachable: NO: GET {base_url(s)}/models: {listing.error}")
        return False
    shown = ", ".join(listing.models[:8]) + (f" (+{len(listing.models) - 8} more)" if len(listing.models) > 8 else "")
    print(f"reachable: yes (GET /models answered in {listing.seconds:.2f} s); models: {shown or 'none listed'}")
    ok = True
    if s.model or s.endpoint_host == OPENAI_HOST:
        ok = bool({s.effective_model, f"{s.effective_model}:latest"} & set(listing.models))  # Ollama's tags
        print(f"model listed: {'yes' if ok else 'NO: the server does not list ' + s.effective_model}")
    elif listing.models:
        print(f"model listed: no model set; this server lists {listing.models[0]} (--model {listing.models[0]})")
    if s.is_loopback:
        slots = parallel_slots(s)
        print(f"parallel slots: {slots if slots is not None else 'not reported'} "
              "(--concurrency above this runs one article at a time unless --parallel-local)")
    if not probe:
        print("probe:    not sent (--probe sends one tiny chat request)")
        return ok
    return _doctor_probe(s) and ok


def _doctor_probe(s: Settings) -> bool:
    from .endpoint import probe

    answer = probe(s, timeout=min(s.timeout, 300.0))
    if answer.error is not None:
        print(f"probe:    FAILED: {answer.error}")
        return False
    print(f"probe:    ok: {s.effective_model} answered {answer.reply[:40]!r} in {answer.seconds:.1f} s")
    return True


def _doctor_embedded(s: Settings, probe: bool) -> bool:
    """The embedded model: installed? assembled? what its install downloads; --probe starts it."""
    import importlib.util

    from .local.model import MODELS, download, installed_parts, is_assembled, model_file

    spec = MODELS[s.local_model]
    parts = installed_parts(spec)
    runtime = importlib.util.find_spec("llama_cpp") is not None
    state = "assembled" if is_assembled(s) else "not assembled yet (the first run does it)"
    print(f"local model: {spec.name}: {state} ({model_file(s)})")
    print(f"  installed: llama-cpp-python {'yes' if runtime else 'NO'}, "
          f"{parts} of {spec.parts} part packages")
    print(f"  download: {download(spec)}")
    if not (runtime and parts == spec.parts):
        print("  not usable: install it, or point llmclaims at a server with --base-url / "
              "LLMCLAIMS_BASE_URL (Ollama, vLLM, llama.cpp), or set OPENAI_API_KEY")
        return False
    if not probe:
        print("probe:    not sent (--probe starts the embedded model and sends one tiny request)")
        return True
    with _errors_exit(), _endpoint(s) as endpoint:
        return _doctor_probe(endpoint)


def _doctor_versions(s: Settings) -> None:
    from .local.model import MODELS

    spec = MODELS[s.local_model]
    print("versions:")
    for pkg in ("openai", "instructor", "pydantic", "llama-cpp-python", spec.package_prefix.replace("_", "-") + "1"):
        try:
            version = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            version = "not installed"
        print(f"  {pkg}: {version}")


def main() -> None:  # pragma: no cover
    app()


def _toml(path: Path) -> dict[str, Any]:
    """The evaluation config (``{}`` when the default file is absent): invalid TOML, a file that
    cannot be read, or tables of the wrong type are usage errors naming the file."""
    import tomllib

    if not path.exists():
        return {}
    try:
        conf = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"--config {path}: not a readable TOML file ({reason})") from None
    for table in ("replay", "thresholds"):
        if not isinstance(conf.get(table, {}), dict):
            raise UsageError(f"--config {path}: [{table}] must be a table")
    return conf


def _evaluate_split(golds: list[Any], *, names: list[str], settings: Settings, live: bool,
                    cassettes: Path | None, verbose: bool, every: bool,
                    kept: dict[str, Extraction] | None = None) -> dict[str, Any]:
    """Each system on the gold articles it has recordings for (``every``: llmclaims on all of
    them, a missing recording is an error); a peer on part of the set gets llmclaims beside it
    on that part. ``kept`` receives llmclaims' results by article."""
    from .evaluate.run import cassette, evaluate
    from .evaluate.score import summarize

    results: dict[str, Any] = {}
    for name in names:
        covered = golds if live or cassettes is None or (every and name == "llmclaims") else [
            g for g in golds if cassette(cassettes, name, g.name).is_file()]
        if not covered:
            err.print(f"{name}: no cassette for any of these {len(golds)} gold article(s); left out")
            continue
        err.print(f"evaluating {name} on {len(covered)} of {len(golds)} article(s)")
        results[name] = evaluate(covered, name, settings, cassettes=None if live else cassettes,
                                 progress=err.print if verbose else None,
                                 keep=kept if name == "llmclaims" else None)
    ours = results.get("llmclaims")
    for name, scores in list(results.items()):  # a peer on part of the set: ours on that part
        if ours is not None and name != "llmclaims" and len(scores.articles) < len(ours.articles):
            part = {a.name for a in scores.articles}
            results[f"llmclaims on {name}'s articles"] = summarize(
                [a for a in ours.articles if a.name in part])
    return results


def _corroboration(path: Path | None, results: dict[str, Extraction], golds: list[Any]) -> Any:
    """Corroboration scores of llmclaims' dev results against the gold at ``path`` (None when
    there is no such gold)."""
    if path is None or not path.is_file():
        return None
    from .corroborate import corroborate as run
    from .evaluate.corroboration import load_corroboration_gold, score_corroboration

    gold = load_corroboration_gold(path)
    return score_corroboration(gold, run(list(results.items())), results, {g.name: g.text for g in golds})


def _ablation(golds: list[Any], tests: list[Any], settings: Settings, cassettes: Path | None,
              live: bool) -> str:
    """llmclaims on each split with every pass, then with each pass off in turn (replayed:
    resolution runs after the model, so every ablation replays the same recordings)."""
    if live or cassettes is None:
        raise UsageError("--ablate replays the recordings; it cannot be combined with --live")
    from dataclasses import replace

    from .evaluate.report import ablation
    from .evaluate.run import cassette, evaluate
    from .resolve import PASSES

    recorded = [g for g in tests if cassette(cassettes, "llmclaims", g.name).is_file()]
    splits = {"dev": golds, **({"test": recorded} if recorded else {})}  # test: where recorded
    def metrics(off: tuple[str, ...]) -> dict[str, dict[str, float | None]]:
        s = replace(settings, passes_off=off)
        return {split: evaluate(g, "llmclaims", s, cassettes=cassettes).metrics()
                for split, g in splits.items()}

    full = metrics(())
    without = {}
    for name in PASSES:
        err.print(f"ablation: {name} off")
        without[name] = metrics((name,))
    return ablation(full, without, PASSES)


def _baseline(path: Path | None) -> dict[str, Any] | None:
    """The baseline report ``--baseline`` names; a missing or unreadable one is an error."""
    if path is None:
        return None
    if not path.is_file():
        raise UsageError(f"--baseline {path}: no such file (a report.json of an earlier run)")
    try:
        doc = json.loads(path.read_text("utf-8"))
    except ValueError:
        raise UsageError(f"--baseline {path}: not JSON (a report.json of an earlier run)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("systems"), dict):
        raise UsageError(f"--baseline {path}: not an evaluation report (no 'systems')")
    return doc


def _oracle(gold: Path, articles: Path | None, test_gold: Path | None, out: Path, *,
            noise: float, ablate: bool) -> None:
    """``eval --oracle``: the rules on perfect (or noisy) drafts, dev and test."""
    from .evaluate import load_gold
    from .evaluate.oracle import oracle_report
    from .resolve import PASSES

    if not 0 <= noise < 1:
        raise UsageError("--oracle-noise is a share: 0 <= noise < 1")
    with _errors_exit():
        splits = {"dev": load_gold(gold, articles)}
        if test_gold is not None and any(test_gold.glob("*.yaml")):
            splits["test"] = load_gold(test_gold)
        table = oracle_report(splits, noise=noise, modes=("auto", "json", "tools"),
                              passes=dict(PASSES) if ablate else None)
    out.mkdir(parents=True, exist_ok=True)
    (out / "oracle.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option(help="Gold annotations directory.")] = Path("evals/gold"),
    test_gold: Annotated[Path | None, typer.Option(
        help="Gold of the frozen test split, scored beside the dev gold (articles: "
             "TEST_GOLD/../articles); the gate stays on --gold.")] = Path("evals/test/gold"),
    articles: Annotated[Path | None, typer.Option(
        help="Article texts the gold names (default: GOLD/../articles).")] = None,
    cassettes: Annotated[Path | None, typer.Option(
        help="Replay from these cassettes (offline).")] = Path("tests/cassettes/eval"),
    live: Annotated[bool, typer.Option(help="Call the endpoint instead of replaying.")] = False,
    system: Annotated[list[str] | None, typer.Option(
        help="Systems: llmclaims, naive-instructor, langextract (default: all; when "
             "replaying, those with cassettes).")] = None,
    out: Annotated[Path, typer.Option(help="Report directory.")] = Path("evals/report"),
    baseline: Annotated[Path | None, typer.Option(help="Baseline report JSON.")] = None,
    config: Annotated[Path, typer.Option(help="Thresholds (TOML).")] = Path("evals/eval.toml"),
    base_url: Annotated[str | None, typer.Option(help="Endpoint (live runs).")] = None,
    model: Annotated[str | None, typer.Option(help="Model (live runs).")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="A line per article (default for live runs).")] = False,
    ablate: Annotated[bool, typer.Option(
        help="Also replay llmclaims once per resolution pass with that pass off and print "
             "what each pass contributes on dev and test (OUT/ablation.md).")] = False,
    corroboration: Annotated[Path | None, typer.Option(
        help="Corroboration gold (groups across dev articles), scored on llmclaims' dev results "
             "in a 'Corroboration' section.")] = Path("evals/corroboration/gold.yaml"),
    oracle: Annotated[bool, typer.Option(
        help="Evaluate the rules on the draft a perfect model would give (built from the gold, "
             "served on a loopback endpoint) in every structured-output mode, dev and test; "
             "with --ablate, each pass on it (OUT/oracle.md). No model needed.")] = False,
    oracle_noise: Annotated[float, typer.Option(
        help="With --oracle: drop this share of the gold's claims and blank this share of "
             "their sources (seeded), as an imperfect model would.")] = 0.0,
) -> None:
    """Score extraction against the gold set; write JSON, Markdown and HTML; gate on thresholds."""
    verbose = verbose or live

    from .evaluate import load_gold
    from .evaluate.report import build, deltas, gate, html_page, markdown, side_by_side
    from .evaluate.run import SYSTEMS

    if oracle:
        _oracle(gold, articles, test_gold, out, noise=oracle_noise, ablate=ablate)
        return
    with _errors_exit():
        conf = _toml(config)
        base = _baseline(baseline)
        replay = conf.get("replay", {})
        settings = Settings.resolve(
            base_url=base_url or (None if live else replay.get("base_url")),
            model=model or (None if live else replay.get("model")),
            api_key=None if live else replay.get("api_key"),
            stream=None if live else replay.get("stream"))
        golds = load_gold(gold, articles)
        tests = load_gold(test_gold) if test_gold is not None and any(test_gold.glob("*.yaml")) else []
        names = system or [n for n in SYSTEMS if live or cassettes is None
                           or (cassettes / n).is_dir()]
        unknown = set(names) - set(SYSTEMS)
        if unknown:
            raise UsageError(f"unknown system(s) {sorted(unknown)}; known: {list(SYSTEMS)}")
        with _endpoint(settings) as endpoint:
            run = functools.partial(_evaluate_split, names=names, settings=endpoint, live=live,
                                    cassettes=cassettes, verbose=verbose)
            kept: dict[str, Extraction] = {}
            results = run(golds, every=True, kept=kept)
            test_results = run(tests, every=False) if tests else {}
        corroborated = _corroboration(corroboration, kept, golds) if kept else None
    source = f"live: {settings.endpoint_host}" if live else f"replayed from {cassettes}"
    report = build(results, source=source, gold_articles=len(golds))
    if test_results:
        report["test"] = build(test_results, source=source, gold_articles=len(tests))
    if corroborated is not None:
        report["corroboration"] = {"metrics": corroborated.metrics(), "counts": corroborated.counts()}
    delta = deltas(report, base) if base is not None else None
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = markdown(report, delta)
    if test_results:
        md += ("\n## Dev and test side by side (test: the frozen split, never tuned to; "
               "coverage = articles with recordings)\n\n" + side_by_side({"dev": report, "test": report["test"]}))
    if corroborated is not None:
        from .evaluate.corroboration import markdown_section

        md += markdown_section(corroborated, source=source)
    (out / "report.md").write_text(md, encoding="utf-8")
    (out / "report.html").write_text(html_page(report), encoding="utf-8")
    sys.stdout.write(md)
    if ablate and "llmclaims" in names:
        with _errors_exit():
            table = _ablation(golds, tests, settings, cassettes, live)
        (out / "ablation.md").write_text(table, encoding="utf-8")
        sys.stdout.write("\n## What each resolution pass contributes (with it minus without it)\n\n"
                         + table)
    failures = gate(report, "llmclaims", conf.get("thresholds", {})) if "llmclaims" in names else []
    if failures:
        err.print("[red]evaluation below thresholds:[/red] " + "; ".join(failures))
        raise typer.Exit(1)
