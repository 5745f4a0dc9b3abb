"""Thin command line over the library: arguments -> Settings -> extract() -> writer."""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import logging
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
from .errors import LLMClaimsError, UsageError, scrub
from .extract import extract
from .io import expand, read_article
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


def _logging(verbose: bool, secret: str | None = None) -> None:
    """-v: DEBUG from llmclaims and the SDKs, scrubbed; otherwise the SDKs stay quiet (their
    errors are reported once, by llmclaims, with llmclaims' own attempt counts)."""
    if verbose:
        handler = logging.StreamHandler()
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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    out: Annotated[Path | None, typer.Option(
        help="Write into this directory; or, named *.jsonl, a corpus run: results appended as "
             "each article finishes, resumable, cached, with a usage manifest beside them.")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Corpus runs: ignore cached results (they are still written).")] = False,
    concurrency: Annotated[int, typer.Option(
        min=1, max=64, help="Corpus runs on a remote endpoint: articles in flight at once.")] = 1,
    engine: Annotated[str, typer.Option(
        help="Corpus runs: 'local' (threads) or 'ray' (Ray Data workers; pip install "
             "'llmclaims[ray]').")] = "local",
    model: Annotated[str | None, typer.Option(help="Model name at the endpoint.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL.")] = None,
    max_calls: Annotated[int | None, typer.Option(help="LLM calls per article.")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="Tokens per article.")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds to wait for one model answer (a local model on 2 cores may need 600+).")] = None,
    retries: Annotated[int | None, typer.Option(
        help="Retries of a failed request (connection, 429, 5xx; a timed-out local request is "
             "never retried).")] = None,
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
    except UsageError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if not files:
        err.print("[red]error:[/red] no input files found")
        raise typer.Exit(2)
    if out is not None and out.suffix == ".jsonl":
        _corpus(files, out, settings, use_cache=not no_cache, concurrency=concurrency, engine=engine)
        return
    if fmt in (Format.csv, Format.html, Format.sqlite) and out is None:
        err.print(f"[red]error:[/red] --format {fmt.value} writes files: give --out DIR")
        raise typer.Exit(2)
    results: list[tuple[str, Extraction]] = []
    failures: list[tuple[str, str]] = []
    sink = _Sink(fmt, out)
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
    sink.finish(results, failures)
    if failures:
        err.print(f"{len(failures)} of {len(files)} article(s) failed:")
        for path, reason in failures:
            err.print(f"  {escape(path)}: {escape(reason)}")
        raise typer.Exit(1)


def _corpus(files: list[str], out: Path, settings: Settings, *, use_cache: bool,
            concurrency: int, engine: str = "local") -> None:
    """A corpus run (``llmclaims.corpus``, or ``llmclaims.ray_data`` with ``engine="ray"``):
    one managed server for the whole run."""
    from .corpus import Entry, items_from, run_corpus

    with _errors_exit():
        if engine not in ("local", "ray"):
            raise UsageError(f"--engine must be 'local' or 'ray', not {engine!r}")
        items = list(items_from(files))
        with _endpoint(settings) as endpoint, _corpus_progress() as progress:
            if engine == "ray":
                from .ray_data import run_corpus_ray

                results = run_corpus_ray(items, out, endpoint, use_cache=use_cache,
                                         concurrency=max(concurrency, 1), progress=progress)
            else:
                results = run_corpus(items, out, endpoint, use_cache=use_cache,
                                     concurrency=concurrency, progress=progress)
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


class _Sink:
    def __init__(self, fmt: Format, out: Path | None):
        self.fmt = fmt
        self.out = out
        self.texts: dict[str, str] = {}
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        self.jsonl = (out / "extractions.jsonl").open("w", encoding="utf-8") \
            if out is not None and fmt is Format.jsonl else None

    def streamed(self, path: str, result: Extraction) -> None:
        if self.fmt is not Format.jsonl:
            return
        line = json.dumps({"source": path, "extraction": result.model_dump(mode="json")},
                          ensure_ascii=False)
        if self.jsonl is not None:
            self.jsonl.write(line + "\n")
            self.jsonl.flush()
        else:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def finish(self, results: list[tuple[str, Extraction]], failures: list[tuple[str, str]]) -> None:
        if self.jsonl is not None:
            self.jsonl.close()
        if self.fmt is Format.json:
            doc = {"articles": [{"source": p, "extraction": r.model_dump(mode="json")}
                                for p, r in results],
                   "failures": [{"source": p, "error": e} for p, e in failures]}
            text = json.dumps(doc, ensure_ascii=False, indent=2)
            if self.out is not None:
                (self.out / "extractions.json").write_text(text + "\n", encoding="utf-8")
            else:
                sys.stdout.write(text + "\n")
        elif self.fmt is Format.table:
            console = Console(file=(self.out / "extractions.txt").open("w", encoding="utf-8")
                              if self.out else sys.stdout, width=160)
            for path, result in results:
                _tables(console, path, result)
        elif self.fmt is Format.csv:
            assert self.out is not None
            _csv(self.out, results)
        elif self.fmt is Format.html:
            from .export.viewer import write_pages

            assert self.out is not None
            pages = write_pages(((p, self.texts[p], r) for p, r in results), self.out)
            err.print(f"wrote {len(pages) - 1} page(s) and {pages[-1]}")
        elif self.fmt is Format.sqlite:
            from .export.tables import to_sqlite

            assert self.out is not None
            db = to_sqlite(((p, p, r) for p, r in results), self.out / "extractions.sqlite")
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
    for name, data in rows.items():
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields[name])
            writer.writeheader()
            writer.writerows(data)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a result (``Extraction``)."""
    print(json.dumps(Extraction.model_json_schema(), indent=2))


@app.command()
def export(
    result: Annotated[Path, typer.Argument(help="Results: --format json/jsonl output or a corpus run's *.jsonl.")],
    out: Annotated[Path, typer.Option(help="The SQLite database to write (*.sqlite).")],
) -> None:
    """Write one SQLite database for a whole run (tables articles, actors, weapon_systems,
    claims, claim_via, evidence, warnings)."""
    from .export.tables import load, to_sqlite

    with _errors_exit():
        entries = list(load(result))
        err.print(f"wrote {to_sqlite(entries, out)} ({len(entries)} article(s))")


@app.command()
def view(
    result: Annotated[Path, typer.Argument(help="Results: --format json/jsonl output or a corpus run's *.jsonl.")],
    out: Annotated[Path, typer.Option(help="The page (*.html) for one article; a folder for several "
                                           "(one page each and index.html).")],
    article: Annotated[list[Path] | None, typer.Option(
        help="The article text(s), when the results' sources are not readable paths.")] = None,
) -> None:
    """Write a self-contained HTML page: the article with its evidence in place."""
    from .export.tables import load
    from .export.viewer import page, write_pages

    with _errors_exit():
        entries = list(load(result))
        if not entries:
            raise UsageError(f"{result}: no finished article in it")
        given = [read_article(p).text for p in article or []]
        items = [(aid, _text_for(source, r, given), r) for aid, source, r in entries]
        if out.suffix == ".html":
            if len(items) != 1:
                raise UsageError(f"{result} holds {len(items)} articles: give a folder as --out")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(page(items[0][1], items[0][2], title=items[0][0]), encoding="utf-8")
            err.print(f"wrote {out}")
        else:
            pages = write_pages(items, out)
            err.print(f"wrote {len(pages) - 1} page(s) and {pages[-1]}")


def _text_for(source: str, result: Extraction, given: list[str]) -> str:
    """The text a result was extracted from: a given one whose sha256 matches, else its source
    file (a corpus JSONL source ``path:line`` is read at that line)."""
    import hashlib

    def sha(t: str) -> str:
        return hashlib.sha256(t.encode("utf-8")).hexdigest()

    for text in given:
        if sha(text) == result.text_sha256:
            return text
    path, _, line = source.rpartition(":")
    if path.endswith(".jsonl") and line.isdigit() and Path(path).is_file():
        row = Path(path).read_text("utf-8").splitlines()[int(line) - 1]
        text = str(json.loads(row)["text"])
    elif source and source != "-" and Path(source).is_file():
        text = read_article(source).text
    else:
        raise UsageError(f"the text of {source or 'an article'} is not readable: pass it with --article")
    if sha(text) != result.text_sha256:
        raise UsageError(f"{source} changed since it was extracted (sha256 differs): pass the text "
                         "with --article")
    return text


@app.command()
def doctor() -> None:
    """Which endpoint and model would be used, and why; local model state; versions."""
    from .local.model import MODELS, is_assembled, model_file

    try:
        s = Settings.resolve()
    except UsageError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    src = dict(s.sources)
    print(f"llmclaims {__version__}")
    if s.uses_local_model:
        print("endpoint: embedded local model (no base URL and no API key configured)")
    else:
        print(f"endpoint: {s.endpoint_host} (base URL from {src.get('base_url', 'default')})")
        print(f"api key:  {'set from ' + src['api_key'] if 'api_key' in src else 'not set'}")
    print(f"model:    {s.effective_model} (from {src.get('model', 'default')})")
    print(f"mode:     {s.resolved_mode}")
    spec = MODELS[s.local_model]
    state = "assembled" if is_assembled(s) else "not assembled yet"
    print(f"local model: {spec.name}: {state} ({model_file(s)})")
    for pkg in ("openai", "instructor", "pydantic", "llama-cpp-python", spec.package_prefix.replace("_", "-") + "1"):
        try:
            version = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            version = "not installed"
        print(f"  {pkg}: {version}")


def main() -> None:  # pragma: no cover
    app()


def _evaluate_split(golds: list[Any], *, names: list[str], settings: Settings, live: bool,
                    cassettes: Path | None, verbose: bool, every: bool) -> dict[str, Any]:
    """Each system on the gold articles it has recordings for (``every``: llmclaims on all of
    them, a missing recording is an error); a peer on part of the set gets llmclaims beside it
    on that part."""
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
                                 progress=err.print if verbose else None)
    ours = results.get("llmclaims")
    for name, scores in list(results.items()):  # a peer on part of the set: ours on that part
        if ours is not None and name != "llmclaims" and len(scores.articles) < len(ours.articles):
            part = {a.name for a in scores.articles}
            results[f"llmclaims on {name}'s articles"] = summarize(
                [a for a in ours.articles if a.name in part])
    return results


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
) -> None:
    """Score extraction against the gold set; write JSON, Markdown and HTML; gate on thresholds."""
    verbose = verbose or live
    import tomllib

    from .evaluate import load_gold
    from .evaluate.report import build, deltas, gate, html_page, markdown, side_by_side
    from .evaluate.run import SYSTEMS

    with _errors_exit():
        conf = tomllib.loads(config.read_text("utf-8")) if config.is_file() else {}
        replay = conf.get("replay", {})
        settings = Settings.resolve(
            base_url=base_url or (None if live else replay.get("base_url")),
            model=model or (None if live else replay.get("model")),
            api_key=None if live else replay.get("api_key"))
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
            results = run(golds, every=True)
            test_results = run(tests, every=False) if tests else {}
    source = f"live: {settings.endpoint_host}" if live else f"replayed from {cassettes}"
    report = build(results, source=source, gold_articles=len(golds))
    if test_results:
        report["test"] = build(test_results, source=source, gold_articles=len(tests))
    delta = None
    if baseline is not None and baseline.is_file():
        delta = deltas(report, json.loads(baseline.read_text("utf-8")))
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = markdown(report, delta)
    if test_results:
        md += ("\n## Dev and test side by side (test: the frozen split, never tuned to; "
               "coverage = articles with recordings)\n\n" + side_by_side({"dev": report, "test": report["test"]}))
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
