"""Fault suite, corpus runs (issue 21): nothing finished is lost, nothing is written twice,
nothing half-written is left looking like output, and no fault ends in a traceback.

Real files throughout; real processes where a signal, a second process, a file size limit or
file permissions are the point (``tests/faults.py``: the CLI in a subprocess, root's permission
override dropped). The model is a loopback server answering with a recorded response; it holds
chosen articles in flight. Each case carries its class (``fault_class`` marker), counted by
``scripts/fault_figures.py``.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmclaims.cli import app
from llmclaims.config import Settings
from llmclaims.corpus import Entry, Interrupted, finished_ids, items_from, run_corpus
from llmclaims.errors import InputError

from .faults import Model, cli, env, ids, lines, mode, model, text, write_articles

SECOND = pytest.mark.fault_class("corpus: a second run on the same results")
TWICE = pytest.mark.fault_class("corpus: the same input twice, output onto input")
SIGNALS = pytest.mark.fault_class("corpus: signals (Ctrl-C, kill -9)")
BAD = pytest.mark.fault_class("corpus: bad input files")
FULL = pytest.mark.fault_class("corpus: full disk")
PERMS = pytest.mark.fault_class("corpus: permissions")
STATE = pytest.mark.fault_class("corpus: damaged results or manifest")
ALL = [f"art-{k}" for k in range(1, 7)]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@contextmanager
def running(args: list[str], environ: dict[str, str], log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A CLI subprocess (stderr to ``log``), killed if the test leaves it running."""
    with (log or Path(os.devnull)).open("wb") as err:
        proc = subprocess.Popen(args, env=environ, stdout=subprocess.DEVNULL, stderr=err)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


def run(args: list[str], environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=environ, capture_output=True, text=True, timeout=180)


def endpoint(m: Model) -> list[str]:
    return ["--base-url", m.base_url, "--model", "m"]


def line_count(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """The CLI in this process (cases that need neither a signal nor other permissions)."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLMCLAIMS_BASE_URL", "LLMCLAIMS_MODEL",
                "LLMCLAIMS_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LLMCLAIMS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LLMCLAIMS_API_KEY", "sk-fake-test-key")
    return CliRunner()


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


def as_user(tmp_path: Path, locked: Path, bits: int, source: Path, out: Path) -> tuple[
        subprocess.CompletedProcess[str], list[str]]:
    """The CLI run by a user (no root override) while ``locked`` has permission ``bits``; its
    outcome (never a traceback) and the articles it asked for."""
    with model() as m, mode(locked, bits):
        res = run(cli("extract", str(source), "--out", str(out), *endpoint(m), unprivileged=True),
                  env(tmp_path))
    no_traceback(res.stderr)
    return res, m.asked


# -- a second run on the same results file ----------------------------------------------------

@SECOND
def test_a_second_run_is_refused_naming_the_pid_of_the_first(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1, 2, 3])
    out = tmp_path / "results.jsonl"
    with model(hold={"art-1"}) as m:
        args = cli("extract", str(source), "--out", str(out), *endpoint(m))
        with running(args, env(tmp_path)) as first:
            wait_for(lambda: m.asked == ["art-1"], "the first run's first request")
            second = run(args, env(tmp_path))
            asked_meanwhile = list(m.asked)
            m.release.set()
            assert first.wait(120) == 0
    assert second.returncode == 2
    assert f"pid {first.pid}" in second.stderr and "--wait" in second.stderr
    no_traceback(second.stderr)
    assert asked_meanwhile == ["art-1"]  # the refused run asked nothing
    assert ids(out) == ["art-1", "art-2", "art-3"]


@SECOND
def test_two_runs_with_wait_write_and_ask_each_article_once(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1, 2, 3, 4])
    out = tmp_path / "results.jsonl"
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with model(hold={"art-1"}) as m:
        args = cli("extract", str(source), "--out", str(out), *endpoint(m), "--wait")
        with running(args, env(tmp_path), logs[0]) as a, running(args, env(tmp_path), logs[1]) as b:
            wait_for(lambda: any(b"waiting" in log.read_bytes() for log in logs), "one run to wait")
            m.release.set()
            codes = [a.wait(120), b.wait(120)]
    assert codes == [0, 0]
    assert ids(out) == ["art-1", "art-2", "art-3", "art-4"]  # one line each
    assert sorted(m.asked) == ["art-1", "art-2", "art-3", "art-4"]  # one request each
    waiter, holder = (b, a) if b"waiting" in logs[1].read_bytes() else (a, b)
    assert f"pid {holder.pid}" in logs[[a, b].index(waiter)].read_text()


# -- the same input twice; output onto an input -----------------------------------------------

def refused(runner: CliRunner, tmp_path: Path, *inputs: str) -> str:
    """Run on ``inputs``: refused with status 2 before any call or any file written; stderr."""
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", *inputs, "--out", str(out), *endpoint(m)])
    assert res.exit_code == 2
    assert m.asked == [] and not out.exists()
    return res.stderr


@TWICE
def test_the_same_file_given_twice_is_refused_before_any_call(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(text(1), encoding="utf-8")
    assert f"{article} and {article}" in refused(runner, tmp_path, str(article), str(article))


@TWICE
def test_a_file_reached_through_its_folder_and_by_name_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(text(1), encoding="utf-8")
    stderr = refused(runner, tmp_path, str(folder), f"{folder}/./a.txt")
    assert f"{folder}/a.txt and {folder}/./a.txt" in stderr


@TWICE
def test_two_files_sharing_an_id_are_refused_listing_both(runner: CliRunner, tmp_path: Path) -> None:
    first = write_articles(tmp_path / "first.jsonl", [1, 2])
    second = write_articles(tmp_path / "second.jsonl", [3, 2])
    stderr = refused(runner, tmp_path, str(first), str(second))
    assert f"'art-2' appears twice or more: {first}:2, {second}:2" in stderr


@TWICE
@pytest.mark.parametrize("how", ["its own name", "a link to it"])
def test_results_onto_the_input_are_refused(runner: CliRunner, tmp_path: Path, how: str) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1])
    before = source.read_bytes()
    out = source
    if how == "a link to it":
        out = tmp_path / "link.jsonl"
        out.symlink_to(source)
    with model() as m:
        res = runner.invoke(app, ["extract", str(source), "--out", str(out), *endpoint(m)])
    assert res.exit_code == 2
    assert f"--out {out} is one of the inputs" in res.stderr
    assert source.read_bytes() == before
    assert m.asked == [] and not (tmp_path / "in.manifest.json").exists()


@TWICE
def test_export_onto_the_results_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    with model() as m:
        assert runner.invoke(app, ["extract", str(write_articles(tmp_path / "in.jsonl", [1])),
                                   "--out", str(out), *endpoint(m)]).exit_code == 0
    before = out.read_bytes()
    res = runner.invoke(app, ["export", str(out), "--out", str(out)])
    assert res.exit_code == 2
    assert "is the results file itself" in res.stderr
    assert out.read_bytes() == before


# -- signals -----------------------------------------------------------------------------------

def interrupt(tmp_path: Path, m: Model, args: list[str], environ: dict[str, str], written: int,
              in_flight: int) -> str:
    """Start the run, send SIGINT once ``written`` results are in and ``in_flight`` held
    requests are waiting; it must exit with 130 long before the held requests end (60 s)."""
    log = tmp_path / "interrupted.log"
    out = Path(args[args.index("--out") + 1])
    with running(args, environ, log) as proc:
        wait_for(lambda: line_count(out) == written and len(m.asked) == written + in_flight,
                 f"{written} results and {in_flight} requests in flight")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 130
    return log.read_text("utf-8")


@SIGNALS
def test_ctrl_c_writes_what_finished_and_the_same_command_asks_only_the_rest(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1, 2, 3, 4])
    out = tmp_path / "results.jsonl"
    with model(hold={"art-3"}) as m:
        args = cli("extract", str(source), "--out", str(out), *endpoint(m))
        stderr = interrupt(tmp_path, m, args, env(tmp_path), written=2, in_flight=1)
        after_interrupt = ids(out)
        asked_first = len(m.asked)
        m.hold.clear()
        rerun = run(args, env(tmp_path))
    assert after_interrupt == ["art-1", "art-2"]
    command = shlex.join(["llmclaims", "extract", str(source), "--out", str(out), *endpoint(m)])
    assert "2 finished article(s)" in stderr and command in stderr
    no_traceback(stderr)
    assert rerun.returncode == 0, rerun.stderr
    assert m.asked[asked_first:] == ["art-3", "art-4"]
    assert ids(out) == ["art-1", "art-2", "art-3", "art-4"]


@SIGNALS
def test_ctrl_c_with_three_in_flight_writes_every_finished_article(tmp_path: Path) -> None:
    """127.0.0.2 is a remote endpoint to llmclaims, so --concurrency applies."""
    source = write_articles(tmp_path / "in.jsonl", range(1, 7))
    out = tmp_path / "results.jsonl"
    environ = env(tmp_path, LLMCLAIMS_MODE="text")
    with model(hold=ALL[2:], host="127.0.0.2") as m:
        args = cli("extract", str(source), "--out", str(out), *endpoint(m), "--concurrency", "3")
        stderr = interrupt(tmp_path, m, args, environ, written=2, in_flight=3)
        after_interrupt = sorted(ids(out))
        asked_first = len(m.asked)
        m.hold.clear()
        rerun = run(args, environ)
    assert after_interrupt == ["art-1", "art-2"]
    assert "2 finished article(s)" in stderr and "4 not done" in stderr
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(m.asked[asked_first:]) == ALL[2:]
    assert sorted(ids(out)) == ALL


@SIGNALS
def test_an_article_that_finishes_as_ctrl_c_lands_is_written_too(tmp_path: Path) -> None:
    """Two articles in flight; Ctrl-C lands while the first is reported, after the second has
    finished: both are written, and Interrupted says what is left."""
    source = write_articles(tmp_path / "in.jsonl", [1, 2, 3])
    cache = tmp_path / "home" / "results"

    def ctrl_c(entry: Entry, n: int, total: int) -> None:
        if n == 1:
            wait_for(lambda: len(list(cache.rglob("*.json"))) == 2, "the second result")
            time.sleep(0.2)
            raise KeyboardInterrupt

    with model(host="127.0.0.2", hold={"art-3"}) as m, pytest.raises(Interrupted) as stopped:
        s = Settings.resolve(base_url=m.base_url, api_key="sk-fake-test-key", model="m", mode="text",
                             home=tmp_path / "home", env={})
        run_corpus(items_from([str(source)]), tmp_path / "results.jsonl", s, concurrency=2, progress=ctrl_c)
    assert sorted(ids(tmp_path / "results.jsonl")) == ["art-1", "art-2"]
    assert stopped.value.left == 1 and stopped.value.results.done == {"art-1", "art-2"}


@SIGNALS
def test_kill_9_with_three_in_flight_then_the_same_command_writes_each_article_once(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", range(1, 7))
    out = tmp_path / "results.jsonl"
    environ = env(tmp_path, LLMCLAIMS_MODE="text")
    with model(host="127.0.0.2", delay=0.4) as m:
        args = cli("extract", str(source), "--out", str(out), *endpoint(m), "--concurrency", "3")
        with running(args, environ) as proc:
            wait_for(lambda: line_count(out) >= 2, "two results")
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        before = finished_ids(out)
        asked_first = len(m.asked)
        rerun = run(args, environ)
    assert rerun.returncode == 0, rerun.stderr
    assert not set(m.asked[asked_first:]) & before
    assert sorted(ids(out)) == ALL


# -- bad input files ---------------------------------------------------------------------------

def _latin1(folder: Path) -> str:
    (folder / "latin.txt").write_bytes("Le ministre a déclaré que la livraison était prévue.".encode("latin-1"))
    return "latin.txt"


def _named_in_latin1(folder: Path) -> str:
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(text(2).encode("utf-8"))
    return "caf\\xe9.txt"


def _broken_link(folder: Path) -> str:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return "gone.txt"


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name
    return make


BAD_FILES = {
    "empty": (_write("empty.txt", b""), "empty"),
    "binary": (_write("blob.txt", b"\x00\x01\x02\x03 not an article"), "binary"),
    "Latin-1": (_latin1, "not UTF-8 text"),
    "a file name that is not UTF-8": (_named_in_latin1, "the file name is not UTF-8"),
    "a broken link": (_broken_link, "a broken link"),
}


@BAD
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_a_failure_line_and_the_others_run(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(text(1), encoding="utf-8")
    make, reason = BAD_FILES[kind]
    name = make(folder)
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", str(folder), "--out", str(out), *endpoint(m)])
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    rows = {str(r["id"]).removeprefix(f"{folder}/"): r for r in lines(out)}
    assert set(rows) == {"good.txt", name}
    assert "extraction" in rows["good.txt"]
    assert reason in str(rows[name]["error"])
    assert m.asked == ["art-1"]


@BAD
def test_a_bad_line_of_a_jsonl_file_is_a_failure_line_of_its_own(runner: CliRunner, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1])
    with source.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "art-2", "text": "half a line\n')
        fh.write(json.dumps({"id": "art-3", "text": text(3)}) + "\n")
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", str(source), "--out", str(out), *endpoint(m)])
    assert res.exit_code == 1
    rows = lines(out)
    assert [r["id"] for r in rows] == ["art-1", f"{source}:2", "art-3"]
    assert rows[1]["error"] == "not a JSON object with 'id' and 'text'"
    assert m.asked == ["art-1", "art-3"]


@BAD
def test_a_jsonl_file_in_latin1_is_a_failure_line_and_the_other_file_runs(runner: CliRunner, tmp_path: Path) -> None:
    good = write_articles(tmp_path / "good.jsonl", [1])
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps({"id": "x", "text": "déclaré"}, ensure_ascii=False).encode("latin-1"))
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", str(good), str(bad), "--out", str(out), *endpoint(m)])
    assert res.exit_code == 1
    rows = lines(out)
    assert [r["id"] for r in rows] == ["art-1", str(bad)]
    assert "not UTF-8 text" in str(rows[1]["error"])


@BAD
@pytest.mark.parametrize("what", ["a file", "a folder"])
def test_an_unreadable_entry_is_a_failure_line_not_a_traceback(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(text(1), encoding="utf-8")
    locked = folder / ("locked.txt" if what == "a file" else "locked")
    if what == "a file":
        locked.write_text(text(2), encoding="utf-8")
    else:
        locked.mkdir()
        (locked / "inside.txt").write_text(text(2), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    res, asked = as_user(tmp_path, locked, 0, folder, out)
    assert res.returncode == 1
    rows = {r["id"]: r for r in lines(out)}
    assert set(rows) == {str(folder / "good.txt"), str(locked)}
    assert "Permission denied" in str(rows[str(locked)]["error"])
    assert asked == ["art-1"]


# -- a full disk (a file size limit) -----------------------------------------------------------

@FULL
def test_a_full_disk_mid_run_leaves_whole_lines_and_the_same_command_loses_nothing(
        runner: CliRunner, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1, 2, 3, 4])
    out = tmp_path / "results.jsonl"
    with model() as m:
        probe = tmp_path / "probe" / "results.jsonl"
        runner.invoke(app, ["extract", str(write_articles(tmp_path / "one.jsonl", [9])), "--out",
                            str(probe), *endpoint(m)])
        limit = probe.stat().st_size * 5 // 2  # room for two result lines, not three
        args = cli("extract", str(source), "--out", str(out), *endpoint(m))
        full = run(cli(*args[4:], fsize=limit), env(tmp_path))
        asked_full = len(m.asked)
        after_full = out.read_bytes()
        rerun = run(args, env(tmp_path))
    assert full.returncode == 1
    assert "File too large" in full.stderr and "resume with the same command" in full.stderr
    no_traceback(full.stderr)
    assert len(after_full) <= limit and after_full.endswith(b"\n")  # the third line cut back whole
    assert [json.loads(x)["id"] for x in after_full.splitlines()] == ["art-1", "art-2"]
    assert rerun.returncode == 0, rerun.stderr
    assert m.asked[asked_full:] == ["art-4"]  # art-3 finished before its line failed: cached
    assert ids(out) == ["art-1", "art-2", "art-3", "art-4"]
    manifest = json.loads((tmp_path / "results.manifest.json").read_text("utf-8"))
    assert [(a["id"], a["cache_hit"]) for a in manifest["articles"]] == [
        ("art-1", False), ("art-2", False), ("art-3", True), ("art-4", False)]


PREVIOUS = {"json": ["extractions.json"], "csv": ["actors.csv", "weapon_systems.csv", "claims.csv"],
            "html": ["index.html"], "sqlite": ["extractions.sqlite"]}


@FULL
@pytest.mark.parametrize("fmt", list(PREVIOUS))
def test_a_full_disk_leaves_the_previous_output_whole(tmp_path: Path, fmt: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(text(1), encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    for name in PREVIOUS[fmt]:
        (folder / name).write_text(f"the previous {name}\n", encoding="utf-8")
    with model() as m:
        res = run(cli("extract", str(article), "--out", str(folder), "--format", fmt, *endpoint(m),
                      fsize=2_000), env(tmp_path))
    assert res.returncode == 1
    assert "File too large" in res.stderr or "disk" in res.stderr
    no_traceback(res.stderr)
    assert sorted(os.listdir(folder)) == sorted(PREVIOUS[fmt])  # no temporary or partial file
    for name in PREVIOUS[fmt]:
        assert (folder / name).read_text("utf-8") == f"the previous {name}\n"


# -- permissions and an unusable home ----------------------------------------------------------

@PERMS
@pytest.mark.parametrize("run_kind", ["a corpus run", "a JSON run"])
def test_a_read_only_output_folder_is_refused_before_any_call(tmp_path: Path, run_kind: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if run_kind == "a corpus run":
        source, out = write_articles(tmp_path / "in.jsonl", [1]), folder / "results.jsonl"
    else:
        source, out = tmp_path / "a.txt", folder
        source.write_text(text(1), encoding="utf-8")
    res, asked = as_user(tmp_path, folder, 0o555, source, out)
    assert res.returncode == 1
    assert f"{folder}: cannot write there (Permission denied)" in res.stderr
    assert asked == [] and os.listdir(folder) == []


@PERMS
def test_a_read_only_results_file_is_refused_before_any_call(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text("", encoding="utf-8")
    res, asked = as_user(tmp_path, out, 0o444, write_articles(tmp_path / "in.jsonl", [1, 2]), out)
    assert res.returncode == 1
    assert "cannot open the results for writing (Permission denied)" in res.stderr
    assert asked == [] and out.read_bytes() == b""


@PERMS
def test_a_read_only_home_costs_no_result(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    home = tmp_path / "home"
    home.mkdir()
    res, asked = as_user(tmp_path, home, 0o555, write_articles(tmp_path / "in.jsonl", [1, 2]), out)
    assert res.returncode == 0, res.stderr
    assert "not cached (Permission denied)" in res.stderr
    assert ids(out) == ["art-1", "art-2"] and asked == ["art-1", "art-2"]
    assert os.listdir(home) == []


@PERMS
def test_a_home_that_is_a_file_costs_no_result(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("LLMCLAIMS_HOME", str(home))
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", str(write_articles(tmp_path / "in.jsonl", [1, 2])),
                                  "--out", str(out), *endpoint(m)])
    assert res.exit_code == 0, res.output
    assert f"{home}/results: results not cached" in res.stderr
    assert ids(out) == ["art-1", "art-2"] and home.read_text("utf-8") == "not a folder\n"


@PERMS
def test_a_manifest_that_is_a_folder_is_refused_before_any_call(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "results.manifest.json").mkdir()
    out = tmp_path / "results.jsonl"
    with model() as m:
        res = runner.invoke(app, ["extract", str(write_articles(tmp_path / "in.jsonl", [1])),
                                  "--out", str(out), *endpoint(m)])
    assert res.exit_code == 2
    assert "results.manifest.json: not a file" in res.stderr
    assert m.asked == [] and not out.exists()


@PERMS
def test_an_unreadable_cache_entry_is_a_miss(runner: CliRunner, tmp_path: Path) -> None:
    source = write_articles(tmp_path / "in.jsonl", [1, 2])
    out = tmp_path / "results.jsonl"
    with model() as m:
        assert runner.invoke(app, ["extract", str(source), "--out", str(out), *endpoint(m)]).exit_code == 0
        entries = sorted((tmp_path / "home" / "results").rglob("*.json"))
        out.unlink()
        for entry in entries:
            entry.chmod(0)
        res = run(cli("extract", str(source), "--out", str(out), *endpoint(m), unprivileged=True),
                  env(tmp_path))
    assert len(entries) == 2
    assert res.returncode == 0, res.stderr
    assert m.asked == ["art-1", "art-2", "art-1", "art-2"]  # asked again, not a traceback
    assert ids(out) == ["art-1", "art-2"]


# -- damaged results or manifest ---------------------------------------------------------------

def settings(m: Model, tmp_path: Path) -> Settings:
    return Settings.resolve(base_url=m.base_url, api_key="sk-fake-test-key", model="m",
                            home=tmp_path / "home", env={})


@STATE
def test_a_corrupt_manifest_is_rebuilt_from_the_results(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    manifest = tmp_path / "results.manifest.json"
    with model() as m:
        run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1, 2]))]), out,
                   settings(m, tmp_path), use_cache=False)
        first = json.loads(manifest.read_text("utf-8"))["totals"]
        manifest.write_text('{"articles": [{"id": "art-1", "stat', encoding="utf-8")
        results = run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1, 2, 3]))]), out,
                             settings(m, tmp_path), use_cache=False)
    totals = json.loads(manifest.read_text("utf-8"))["totals"]
    usage = [r["extraction"]["provenance"]["usage"] for r in lines(out)]  # type: ignore[index]
    assert totals["ok"] == 3 and m.asked == ["art-1", "art-2", "art-3"]
    assert totals["prompt_tokens"] == sum(u["prompt_tokens"] for u in usage) == first["prompt_tokens"] * 3 // 2
    assert totals["calls"] == sum(u["calls"] for u in usage)
    assert any(str(manifest) in note for note in results.notes)


@STATE
def test_a_torn_last_line_is_cut_and_only_that_article_is_asked_again(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    with model() as m:
        run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1, 2]))]), out,
                   settings(m, tmp_path), use_cache=False)
        whole = out.read_bytes()
        out.write_bytes(whole[: len(whole) - 500])  # the second line torn, as by kill -9
        run_corpus(items_from([str(tmp_path / "in.jsonl")]), out, settings(m, tmp_path), use_cache=False)
    assert m.asked == ["art-1", "art-2", "art-2"]
    assert ids(out) == ["art-1", "art-2"]


@STATE
def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    with model() as m:
        run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1]))]), out,
                   settings(m, tmp_path), use_cache=False)
        out.write_bytes(out.read_bytes().rstrip(b"\n"))
        run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1, 2]))]), out,
                   settings(m, tmp_path), use_cache=False)
    assert m.asked == ["art-1", "art-2"]
    assert ids(out) == ["art-1", "art-2"]


@STATE
def test_a_broken_line_in_the_middle_is_refused_and_the_file_left_as_it_is(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    out.write_bytes(b'{"id": "art-1", "extraction": {}}\nnot json\n{"id": "art-2", "extraction": {}}\n')
    before = out.read_bytes()
    with model() as m, pytest.raises(InputError, match="not a results file"):
        run_corpus(items_from([str(write_articles(tmp_path / "in.jsonl", [1, 2, 3]))]), out,
                   settings(m, tmp_path))
    assert out.read_bytes() == before and m.asked == []
