"""Corpus runs (llmclaims.corpus): append per article, resume after kill -9, cache, manifest.

A real HTTP server on 127.0.0.1 answers with the recorded response of the reference article
(tests/cassettes/eval/llmclaims/seed.yaml); the articles are the reference article with a
line of their own before it, so each has its own id, text hash and request body.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llmclaims.config import Settings
from llmclaims.corpus import Item, cache_key, finished_ids, items_from, run_corpus
from llmclaims.errors import InputError

from .conftest import article, cassette_for
from .fakeserver import Reply, recorded_body, serve

SEED = article("seed.txt")
BODY = recorded_body(cassette_for("eval/llmclaims", "seed"))


def texts(n: int) -> list[str]:
    return [f"Article number {k} of the corpus run.\n\n{SEED}" for k in range(1, n + 1)]


def write_jsonl(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"art-{k}", "text": t, "title": f"T{k}"}) + "\n"
                            for k, t in enumerate(texts(n), 1)), encoding="utf-8")
    return path


def settings(url: str, home: Path) -> Settings:
    return Settings.resolve(base_url=url, api_key="sk-fake-test-key", model="m", repair=False,
                            home=home, env={})


def asked(server_requests: list[bytes]) -> list[str]:
    """Which article ('Article number k') each request carried."""
    out = []
    for body in server_requests:
        text = json.dumps(json.loads(body)["messages"])
        out += [f"art-{k}" for k in range(1, 10) if f"Article number {k} of" in text]
    return out


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_appends_each_article_and_writes_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    items = list(items_from([str(write_jsonl(tmp_path / "in.jsonl", 3))]))
    assert [i.id for i in items] == ["art-1", "art-2", "art-3"] and items[0].meta == {"title": "T1"}
    with serve([Reply(200, BODY)]) as server:
        run_corpus(items, out, settings(server.base_url, tmp_path / "home"))
    rows = lines(out)
    assert [r["id"] for r in rows] == ["art-1", "art-2", "art-3"]
    assert all(r["extraction"]["claims"] for r in rows)  # type: ignore[index]
    assert rows[0]["extraction"]["meta"]["title"] == "T1"  # type: ignore[index]
    manifest = json.loads((tmp_path / "results.manifest.json").read_text())
    assert manifest["totals"]["ok"] == 3 and manifest["totals"]["calls"] == 3
    assert manifest["totals"]["prompt_tokens"] > 0 and manifest["totals"]["cache_hits"] == 0
    assert {a["id"] for a in manifest["articles"]} == {"art-1", "art-2", "art-3"}


def test_an_unchanged_rerun_makes_no_call_and_gives_identical_results(tmp_path: Path) -> None:
    items = [Item(id=f"a{k}", text=t) for k, t in enumerate(texts(3), 1)]
    home = tmp_path / "home"
    with serve([Reply(200, BODY)]) as server:
        run_corpus(items, tmp_path / "first.jsonl", settings(server.base_url, home))
        first_calls = len(server.requests)
        run_corpus(items, tmp_path / "second.jsonl", settings(server.base_url, home))
        assert len(server.requests) == first_calls == 3  # the rerun asked nothing
        run_corpus(items, tmp_path / "third.jsonl", settings(server.base_url, home), use_cache=False)
        assert len(server.requests) == 6  # --no-cache asks again
    first, second = lines(tmp_path / "first.jsonl"), lines(tmp_path / "second.jsonl")
    assert first == second
    manifest = json.loads((tmp_path / "second.manifest.json").read_text())
    assert manifest["totals"]["cache_hits"] == 3 and manifest["totals"]["calls"] == 0


def test_the_cache_key_follows_what_changes_the_result(tmp_path: Path) -> None:
    base = settings("http://127.0.0.1:1/v1", tmp_path)
    same_model_other_port = settings("http://127.0.0.1:2/v1", tmp_path)
    assert cache_key("x", base) == cache_key("x", same_model_other_port)  # a managed server's port
    assert cache_key("x", base) != cache_key("y", base)
    other = Settings.resolve(base_url="http://127.0.0.1:1/v1", api_key="k", model="other", env={})
    assert cache_key("x", base) != cache_key("x", other)
    chunked = Settings.resolve(base_url="http://127.0.0.1:1/v1", api_key="k", model="m",
                               repair=False, chunk_chars=3_000, env={})
    assert cache_key("x", base) != cache_key("x", chunked)


def test_a_failed_article_is_recorded_and_retried_on_resume(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    items = [Item(id="a1", text=texts(1)[0])]
    with serve([Reply(400, '{"error": {"message": "bad request"}}')]) as server:
        run_corpus(items, out, settings(server.base_url, tmp_path / "h"))
    assert "error" in lines(out)[0] and finished_ids(out) == set()
    with serve([Reply(200, BODY)]) as server:
        run_corpus(items, out, settings(server.base_url, tmp_path / "h"))
    assert [("extraction" in r) for r in lines(out)] == [False, True]
    manifest = json.loads((tmp_path / "r.manifest.json").read_text())
    assert manifest["totals"] == {**manifest["totals"], "ok": 1, "failed": 0}


def test_a_half_written_line_is_cut_before_resuming(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text('{"id": "a1", "extraction": {}}\n{"id": "a2", "extr', encoding="utf-8")
    assert finished_ids(out) == {"a1"}
    assert out.read_text() == '{"id": "a1", "extraction": {}}\n'


def test_a_repeated_id_is_refused_and_a_bad_jsonl_line_is_a_failure_of_its_own(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"}\n{"id": 1, "text": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="appears twice"):
        list(items_from([str(bad)]))
    bad.write_text('{"text": "x"}\n{"id": "b", "text": "y"}\n', encoding="utf-8")
    first, second = items_from([str(bad)])
    assert (first.id, first.error) == (f"{bad}:1", "not a JSON object with 'id' and 'text'")
    assert (second.id, second.text, second.error) == ("b", "y", None)


def test_kill_9_mid_run_then_the_same_command_loses_and_repeats_nothing(tmp_path: Path) -> None:
    """5 articles; the CLI is killed with SIGKILL after the second result; the same command
    again finishes the other three without asking for the first two."""
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    out = tmp_path / "results.jsonl"
    env = {**os.environ, "LLMCLAIMS_HOME": str(tmp_path / "home"), "LLMCLAIMS_API_KEY": "sk-fake"}
    with serve([Reply(200, BODY, delay=0.6)]) as server:
        command = [sys.executable, "-c", "from llmclaims.cli import app; app()", "extract",
                   str(source), "--out", str(out), "--base-url", server.base_url, "--model", "m"]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 2):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        before = finished_ids(out)
        assert 2 <= len(before) < 5
        first_run = asked(server.requests)
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        second_run = asked(server.requests)[len(first_run):]
    rows = lines(out)
    ids = [r["id"] for r in rows]
    assert sorted(ids) == [f"art-{k}" for k in range(1, 6)]  # 5 results, one line each
    assert not set(second_run) & before  # none of the finished ones re-requested
    assert len(second_run) == 5 - len(before)
