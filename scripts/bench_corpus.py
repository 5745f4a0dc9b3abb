"""Corpus runs, measured (issue 10): resume after ``kill -9``, a cached rerun, and the prompt
prefix a persistent server reuses.

    python scripts/bench_corpus.py            # resume + cached rerun (replayed, no model)
    python scripts/bench_corpus.py --prefix   # + prompt processing on one persistent server

Resume and rerun: the CLI (``llmclaims extract FILE.jsonl --out results.jsonl``) runs in a
subprocess against a loopback server that answers with the responses recorded in the evaluation
cassettes (real model answers; ``tests/replay_server.py``); the first run is killed with SIGKILL
after its second result, the same command is run again, then once more unchanged. Printed: result
lines, duplicates, requests per run, and whether the results are identical.

``--prefix`` (needs the embedded model): one llama.cpp server for the whole run; for each
article the llmclaims request is sent with ``max_tokens=1`` and streamed, so the time to the
first token is the prompt processing. The system message is the same for every article, so from
the second article on the server evaluates only the user message.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.record import eval_articles  # noqa: E402
from tests.replay_server import replay_server  # noqa: E402

CASSETTES = ROOT / "tests" / "cassettes" / "eval" / "llmclaims"
ARTICLES = ["003", "004", "007", "006", "005"]
PREFIX_ARTICLES = ["seed", "020", "030", "003", "019", "029", "005", "007", "015", "004"]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _digest(path: Path) -> str:
    rows = sorted(_lines(path), key=lambda r: str(r["id"]))
    for r in rows:  # seconds and cache flags differ between runs; the records must not
        r.pop("provenance", None)
        if isinstance(r.get("result"), dict):
            r["result"].pop("provenance", None)  # type: ignore[union-attr]
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:12]


def resume_and_rerun(names: list[str]) -> None:
    work = Path(tempfile.mkdtemp(prefix="llmclaims-bench-"))
    source = work / "articles.jsonl"
    with source.open("w", encoding="utf-8") as f:
        for gold in eval_articles(names):
            f.write(json.dumps({"id": gold.name, "text": gold.text}) + "\n")
    out = work / "results.jsonl"
    env = {**os.environ, "LLMCLAIMS_HOME": str(work / "home"), "LLMCLAIMS_API_KEY": "sk-fake-test-key"}
    with replay_server([CASSETTES / f"{n}.yaml" for n in names]) as server:
        command = [sys.executable, "-c", "from llmclaims.cli import app; app()", "extract",
                   str(source), "--out", str(out),
                   "--base-url", server.base_url, "--model", "qwen2.5-coder-1.5b"]
        started = time.monotonic()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None and (not out.exists() or len(_lines(out)) < 2):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        killed_after = time.monotonic() - started
        done_before = {str(r["id"]) for r in _lines(out)}
        asked_first = len(server.asked)
        t = time.monotonic()
        subprocess.run(command, env=env, check=True, capture_output=True)
        resume_s = time.monotonic() - t
        asked_resume = len(server.asked) - asked_first
        again = len(set(server.asked[:asked_first]) & set(server.asked[asked_first:]))
        after_resume = _lines(out)
        digest = _digest(out)
        t = time.monotonic()
        subprocess.run(command, env=env, check=True, capture_output=True)
        rerun_s = time.monotonic() - t
        asked_rerun = len(server.asked) - asked_first - asked_resume
        out.unlink()  # the cache alone: a new results file, the same command
        subprocess.run(command, env=env, check=True, capture_output=True)
        asked_cached = len(server.asked) - asked_first - asked_resume - asked_rerun
        unknown = server.unknown
    ids = [str(r["id"]) for r in after_resume]
    print(f"{len(names)} articles ({', '.join(names)}), replayed; work dir {work}")
    print(f"- kill -9 after {killed_after:.1f} s: {len(done_before)} results written, "
          f"{asked_first} requests made")
    print(f"- same command again: {len(after_resume)} result lines, {len(ids) - len(set(ids))} "
          f"duplicates, {asked_resume} requests ({resume_s:.1f} s); requests of the killed run "
          f"asked again: {again}")
    print(f"- unchanged rerun: {asked_rerun} requests ({rerun_s:.1f} s), results identical: "
          f"{_digest(out) == digest if out.exists() else 'n/a'}")
    print(f"- results file deleted, same command (cache only): {asked_cached} requests, "
          f"results identical: {_digest(out) == digest}")
    print(f"- requests with no recording: {unknown}")


def prefix(names: list[str]) -> None:
    import openai

    from llmclaims.config import Settings
    from llmclaims.llm.prompts import extract_messages
    from llmclaims.local.model import ensure_model
    from llmclaims.local.server import LocalServer, llama_command
    from llmclaims.schema import Draft
    from llmclaims.text.clean import clean
    from tests.conftest import LOCAL_MODEL

    model = ensure_model(Settings.resolve(local_model=LOCAL_MODEL))
    rows = []
    with LocalServer(llama_command(model, LOCAL_MODEL), port=8092) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="sk-local", timeout=3600)
        for gold in eval_articles(names):
            messages = extract_messages(clean(gold.text).content())
            started = time.monotonic()
            stream = client.chat.completions.create(
                model=LOCAL_MODEL, messages=messages, temperature=0,  # type: ignore[arg-type]
                max_tokens=1, stream=True, extra_body={"response_format": {
                    "type": "json_object", "schema": Draft.model_json_schema()}})
            for _ in stream:
                break
            first = time.monotonic() - started
            stream.close()
            rows.append((gold.name, len(messages[1]["content"]), first))
            print(f"| {gold.name} | {len(messages[1]['content']):,} | {first:.1f} |", flush=True)
    later = [r[2] for r in rows[1:]]
    print(f"first article: {rows[0][2]:.1f} s to the first token; later ones: mean "
          f"{statistics.mean(later):.1f} s (min {min(later):.1f}, max {max(later):.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", action="store_true", help="also measure prompt reuse (live)")
    args = parser.parse_args()
    resume_and_rerun(ARTICLES)
    if args.prefix:
        print("\n| article | user message chars | seconds to first token |\n|---|---:|---:|")
        prefix(PREFIX_ARTICLES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
