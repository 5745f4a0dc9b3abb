"""Every lexicon list names its source; the lexicon report lists every entry with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from llmclaims.resolve import lexicon

ROOT = Path(__file__).resolve().parent.parent


def test_every_list_of_the_lexicon_names_its_source() -> None:
    assert sorted(lexicon.lists()) == sorted(lexicon.sources())
    assert all(source.strip() for source in lexicon.sources().values())


def test_the_lexicon_report_lists_each_entry_with_its_source_and_counts() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "lexicon_report.py")], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}).stdout
    rows = [line.split(" | ") for line in out.splitlines()[2:]]
    expected = [(f"| {s}.{n}", e) for s, n in lexicon.lists() for e in lexicon.entries(s, n)]
    assert [(r[0], r[1].strip("`").replace("\\|", "|")) for r in rows] == expected
    may = next(r for r in rows if r[0] == "| certainty.possible" and r[1] == "`may`")
    assert may[2] == lexicon.sources()["certainty", "possible"]
    assert may[3].isdigit() and may[4].rstrip(" |").isdigit()
