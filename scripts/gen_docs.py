"""Write the generated parts of README.md and docs/: figures and references come from the code and
from replayed runs, never pasted by hand.

A generated part is a region of a Markdown file between two markers::

    <!-- gen:NAME -->
    ...written by GENERATORS[NAME]...
    <!-- /gen:NAME -->

Adding a generated table is adding one function to ``GENERATORS`` and the two markers where it
goes. ``tests/test_docs.py`` fails when a committed region differs from what this script writes.

    python scripts/gen_docs.py            # rewrite every region (replays dev: ~1 min; test's
                                          # figures come from evals/baseline.json, never re-scored)
    python scripts/gen_docs.py --check    # exit 1 and name the regions that are out of date
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import functools
import json
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import typer  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from llmclaims.cli import app  # noqa: E402
from llmclaims.evaluate.report import fmt, side_by_side  # noqa: E402

REGION = re.compile(r"^(<!-- gen:(?P<name>[\w-]+) -->\n)(?P<body>.*?)^(<!-- /gen:(?P=name) -->)$", re.S | re.M)
QUALITY = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1")
BASELINE = ROOT / "evals" / "baseline.json"  # the end-of-issue report, test split included
EXCERPT_CLAIMS = ("c4", "c7")  # the README's excerpt: two relayed claims


def fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body.rstrip()}\n```\n"


# -- the reference article, replayed ------------------------------------------------------------
@functools.cache
def reference(fmt_: str) -> str:
    from readme_output import reference_output

    code, output = reference_output(fmt_)
    if code != 0:
        raise SystemExit(f"the reference extraction failed (exit {code}):\n{output}")
    return output


def reference_table() -> str:
    return fenced("text", reference("table"))


def _row_id(line: str) -> str | None:
    m = re.match(r"│ (c\d+) +│", line)
    return m.group(1) if m else None


def reference_excerpt() -> str:
    """The weapons table and a few rows of the claims table, with their warnings."""
    lines = reference("table").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Weapon systems")
    out, row = [], None
    for line in lines[start:]:
        if line.startswith("warning"):
            if line.split(":")[0].removeprefix("warning ") in EXCERPT_CLAIMS:
                out.append(line)
            continue
        row = _row_id(line) or (None if line.startswith(("└", "┏", "┃", "┡")) else row)
        if row is None or row in EXCERPT_CLAIMS:
            out.append(line)
    return fenced("text", "\n".join(out))


def reference_claim_json() -> str:
    """One relayed claim of the reference result as ``--format json`` writes it."""
    data = json.loads(reference("json"))
    claims = [c for a in data["articles"] for c in a["extraction"]["claims"]] if "articles" in data \
        else data["claims"]
    relayed = next(c for c in claims if c["via"])
    return fenced("json", json.dumps(relayed, indent=2, ensure_ascii=False))


# -- the command line ---------------------------------------------------------------------------
def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _kind(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "/".join(str(e.value) for e in annotation)
    if getattr(annotation, "__args__", None):
        return str(annotation).replace("pathlib.", "")
    return str(getattr(annotation, "__name__", ""))


def _param_row(p: Any) -> str:  # a click parameter (typer carries its own click)
    names = ", ".join(f"`{n}`" for n in [*p.opts, *p.secondary_opts]) if p.param_type_name == "option" \
        else f"`{(p.name or '').upper()}`"
    default = getattr(p.default, "value", p.default)
    default = "" if default in (None, False, ()) or callable(default) or p.required else f"`{default}`"
    help_ = (getattr(p, "help", None) or "") + (" (required)" if p.required else "")
    return f"| {names} | {_cell(_kind(p.type_descriptor.annotation))} | {default} | {_cell(help_)} |"


def cli_reference() -> str:
    group: Any = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():
        params = [p for p in cmd.params if p.name != "help"]
        table = ["| argument / option | type | default | what it does |", "|---|---|---|---|",
                 *(_param_row(p) for p in params)] if params else ["No options besides `--help`."]
        out += [f"### `llmclaims {name}`", "", _cell(cmd.help or ""), "", *table, ""]
    return "\n".join(out)


# -- the evaluation, replayed -------------------------------------------------------------------
@functools.cache
def evaluation() -> dict[str, Any]:
    """The dev split replayed now; the test split's figures are those of ``evals/baseline.json``,
    measured once at the end of an issue (``scripts/set_thresholds.py``): regenerating the docs
    never scores the test split, so a developer who does it mid-issue does not see test."""
    with tempfile.TemporaryDirectory() as tmp:
        res = CliRunner().invoke(app, ["eval", "--out", tmp, "--test-gold", str(Path(tmp) / "no-test")])
        if res.exit_code not in (0, 1):  # 1: below a threshold; the figures are still the figures
            raise SystemExit(f"llmclaims eval failed (exit {res.exit_code}):\n{res.output}")
        report: dict[str, Any] = json.loads((Path(tmp) / "report.json").read_text("utf-8"))
        report["markdown"] = (Path(tmp) / "report.md").read_text("utf-8")
    measured = json.loads(BASELINE.read_text("utf-8")).get("test")
    if measured:
        report["test"] = measured
    return report


def _splits() -> dict[str, dict[str, Any]]:
    report = evaluation()
    return {"dev": report, "test": report["test"]} if report.get("test") else {"dev": report}


def _mean(metrics: dict[str, float | None]) -> float:
    values = [metrics.get(m) or 0.0 for m in QUALITY]
    return sum(values) / len(values)


def best_peer(split: dict[str, Any]) -> str:
    peers: dict[str, Any] = {n: s for n, s in split["systems"].items() if n != "llmclaims"}
    return max(peers, key=lambda n: _mean(peers[n]["metrics"]))


def quality_table() -> str:
    splits = _splits()
    last = list(splits)[-1]
    peer = best_peer(splits[last])
    heads = [f"llmclaims {s}" for s in splits] + [f"best peer ({peer}) {s}" for s in splits]
    lines = ["| metric | " + " | ".join(heads) + " |", "|---" + "|---:" * len(heads) + "|"]
    for m in QUALITY:
        cells = [fmt(splits[s]["systems"][n]["metrics"].get(m), m)
                 for n in ("llmclaims", peer) for s in splits]
        lines.append(f"| {m.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _errors(split: dict[str, Any]) -> str:
    systems = list(split["systems"])
    counts = {n: split["systems"][n]["errors"] for n in systems}
    classes = sorted({c for n in systems for c in counts[n]}, key=lambda c: (-counts[systems[0]].get(c, 0), c))
    lines = ["| error | " + " | ".join(systems) + " |", "|---" + "|---:" * len(systems) + "|"]
    lines += [f"| {c} | " + " | ".join(str(counts[n].get(c, 0)) for n in systems) + " |" for c in classes]
    return "\n".join(lines) + "\n"


def _articles(split: dict[str, Any]) -> str:
    systems = list(split["systems"])
    by = {n: {a["article"]: a for a in split["systems"][n]["articles"]} for n in systems}
    lines = ["| article | " + " | ".join(systems) + " |", "|---" * (len(systems) + 1) + "|"]
    for article in sorted({a for n in systems for a in by[n]}):
        cells = ["—" if (a := by[n].get(article)) is None else
                 f"{a['actors']['f1']:.2f} / {a['weapons']['f1']:.2f} / {a['claims']['f1']:.2f}"
                 for n in systems]
        lines.append(f"| {article} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def evaluation_tables() -> str:
    splits = _splits()
    out = ["### All metrics, dev and test", "",
           "Test: the figures of `evals/baseline.json`, measured once at the end of an issue; dev: "
           "replayed whenever the docs are regenerated.", "", side_by_side(splits)]
    for name, split in splits.items():
        out += [f"### Error classes, {name} (counts over the gold set)", "", _errors(split)]
    for name, split in splits.items():
        out += [f"### Per article, {name}: actor / weapon / claim F1", "", _articles(split)]
    return "\n".join(out)


def corroboration_table() -> str:
    """The 'Corroboration' section of ``llmclaims eval``'s report.md, under the page's heading."""
    md: str = evaluation()["markdown"]
    section = md[md.index("## Corroboration"):]
    body = section.split("\n", 1)[1]
    return body[:m.start()] if (m := re.search(r"^## ", body, re.M)) else body


# -- the resolution steps, the warning reasons, the documented queries ---------------------------
def resolution_steps() -> str:
    from pipeline_doc import table

    return table()


@functools.cache
def dev_warnings() -> tuple[Any, ...]:
    from dev_results import dev_results

    return tuple(w for _, _, result in dev_results() for w in result.warnings)


def _reason_groups() -> dict[str, str]:
    """Each reason's group, as the comments of ``schema.Reason`` name them."""
    source = (ROOT / "llmclaims" / "schema.py").read_text("utf-8")
    block = source[source.index("Reason = Literal["):]
    block = block[:block.index("]\n")]
    groups, group = {}, ""
    for line in block.splitlines()[1:]:
        if line.strip().startswith("#"):
            group = line.strip().lstrip("# ")
        for reason in re.findall(r'"([\w:]+)"', line):
            groups[reason] = group
    return groups


def warning_reasons() -> str:
    """Every reason a warning can give (``llmclaims.REASONS``), with what the replayed dev
    results show of it: the codes it comes with, how often, and one message."""
    from llmclaims import REASONS

    groups, seen = _reason_groups(), dev_warnings()
    lines = ["| reason | about | code on dev | dev | one message on dev |", "|---|---|---|---:|---|"]
    for reason in REASONS:
        mine = [w for w in seen if w.reason == reason]
        codes = ", ".join(f"`{c}`" for c in sorted({w.code for w in mine}))
        example = _cell(textwrap.shorten(mine[0].message, 110, placeholder=" …") if mine else "")
        lines.append(f"| `{reason}` | {groups.get(reason, '')} | {codes} | {len(mine)} | {example} |")
    return "\n".join(lines) + "\n"


QUERIES = ROOT / "docs" / "queries"


def sql_query(name: str) -> Callable[[], str]:
    """The documented query ``docs/queries/NAME.sql`` as a block the docs test runs on the page's database."""
    def write() -> str:
        return "<!-- db: run.sqlite -->\n" + fenced("sql", (QUERIES / f"{name}.sql").read_text("utf-8"))
    return write


# -- committed benchmark logs -------------------------------------------------------------------
def bench_logs() -> str:
    """Every log under evals/bench/, newest name last, its headings moved under the page's."""
    out = []
    for path in sorted((ROOT / "evals" / "bench").glob("*.md")):
        text = re.sub(r"^(#+) ", lambda m: "#" * min(len(m.group(1)) + 2, 6) + " ", path.read_text("utf-8"), flags=re.M)
        out += [f"### `{path.relative_to(ROOT)}`", "", text.rstrip(), ""]
    return "\n".join(out)


# -- committed fault figures ------------------------------------------------------------------
FAULTS = ROOT / "evals" / "fault-figures.md"


def fault_figures() -> str:
    """The committed output of ``python scripts/fault_figures.py`` (it runs the fault suites,
    about 3 minutes: too slow to run on every docs check), after the command that wrote it."""
    return FAULTS.read_text("utf-8")


def genre_replay() -> str:
    """The recorded model on the genre design articles that have a cassette, replayed now
    (``scripts/genre_replay.py``, a few seconds), after the command that writes it."""
    import genre_replay as genre

    return "```bash\npython scripts/genre_replay.py\n```\n\n" + genre.table()


GENERATORS: dict[str, Callable[[], str]] = {
    "reference-table": reference_table,
    "reference-excerpt": reference_excerpt,
    "reference-claim-json": reference_claim_json,
    "cli": cli_reference,
    "quality": quality_table,
    "evaluation": evaluation_tables,
    "corroboration": corroboration_table,
    "resolution-steps": resolution_steps,
    "warning-reasons": warning_reasons,
    **{f"query-{p.stem}": sql_query(p.stem) for p in sorted(QUERIES.glob("*.sql"))},
    "bench-logs": bench_logs,
    "fault-figures": fault_figures,
    "genre-replay": genre_replay,
}


# -- regions ------------------------------------------------------------------------------------
def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def regions(text: str) -> Iterable[str]:
    return (m.group("name") for m in REGION.finditer(text))


def render(text: str, path: Path) -> str:
    def fill(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in GENERATORS:
            raise SystemExit(f"{path.relative_to(ROOT)}: no generator named {name!r}; known: {sorted(GENERATORS)}")
        return m.group(1) + GENERATORS[name]().rstrip("\n") + "\n" + m.group(4)

    return REGION.sub(fill, text)


def stale() -> dict[Path, str]:
    """Each document whose regions differ from what the generators write now, with its new text."""
    out = {}
    with contextlib.chdir(ROOT):  # the commands run as a reader runs them, from the repository
        for path in documents():
            text = path.read_text("utf-8")
            new = render(text, path)
            if new != text:
                out[path] = new
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a region is out of date")
    args = parser.parse_args()
    changed = stale()
    for path, text in changed.items():
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"out of date: {rel} (regions {', '.join(regions(text))}); run python scripts/gen_docs.py")
        else:
            path.write_text(text, "utf-8")
            print(f"wrote {rel}")
    raise SystemExit(1 if args.check and changed else 0)


if __name__ == "__main__":
    main()
