"""Print what `llmclaims extract examples/nk-artillery-rocket-launchers-russia.txt --format table`
prints on the embedded model, replayed offline from its recording (the README's example;
``scripts/gen_docs.py`` writes it into the docs).

    python scripts/readme_output.py [--format table|json]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typer.testing import CliRunner  # noqa: E402

from llmclaims.cli import app  # noqa: E402
from tests.conftest import FAKE_KEY, LOCAL_MODEL, LOCAL_URL, make_vcr  # noqa: E402

CASSETTE = ROOT / "tests" / "cassettes" / "eval" / "llmclaims" / "seed.yaml"
EXAMPLE = "examples/nk-artillery-rocket-launchers-russia.txt"


def reference_output(fmt: str = "table", columns: int = 118) -> tuple[int, str]:
    """The exit code and output of the reference extraction, replayed from its recording."""
    with make_vcr().use_cassette(str(CASSETTE)):
        res = CliRunner().invoke(app, ["extract", EXAMPLE, "--format", fmt,
                                       "--base-url", LOCAL_URL, "--model", LOCAL_MODEL],
                                 env={"OPENAI_API_KEY": FAKE_KEY, "COLUMNS": str(columns),
                                      "LLMCLAIMS_STREAM": "0"})  # recorded without streaming
    return res.exit_code, res.output


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", default="table", choices=["table", "json"])
    args = parser.parse_args()
    code, output = reference_output(args.format)
    sys.stdout.write(output)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
