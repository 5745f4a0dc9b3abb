"""Each lexicon entry (llmclaims/resolve/data/lexicon.toml) with its source and the number of
dev and test articles it fires in, as a Markdown table.

    python scripts/lexicon_report.py > docs/lexicon.md

A report, not a tuning tool: the test split's counts are shown so that an entry firing in
one dev article and no test article is visible; nothing is chosen from them here.
"""

from __future__ import annotations

import re
from pathlib import Path

from llmclaims.resolve import lexicon

ROOT = Path(__file__).resolve().parent.parent
SPLITS = {"dev": ROOT / "evals" / "articles", "test": ROOT / "evals" / "test" / "articles"}
CASE_SENSITIVE = {("reporting", "cues"), ("reporting", "clause_cues")}  # as attribution reads them
OPEN_END = {"claim_types"}  # matched at a word start only (claimtype.checked_type)
WORD_LISTS = {("titles", "words"), ("weapons", "modifiers"), ("weapons", "continuations"),
              ("transfer", "organs")}  # whole words, compared in lower case


def entry_pattern(section: str, name: str, entry: str) -> re.Pattern[str]:
    """The entry as the code matches it."""
    if (section, name) in WORD_LISTS:
        return re.compile(rf"(?<![\w-]){re.escape(entry)}(?![\w-])", re.I)
    flags = 0 if (section, name) in CASE_SENSITIVE else re.I
    return re.compile(rf"\b({entry}){'' if section in OPEN_END else chr(92) + 'b'}", flags)


def articles(split: str) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(SPLITS[split].glob("*.txt"))]


def rows() -> list[tuple[str, str, str, int, int]]:
    """(list, entry, source, dev articles, test articles) for every entry, in file order."""
    texts = {split: articles(split) for split in SPLITS}
    sources = lexicon.sources()
    out = []
    for section, name in lexicon.lists():
        for entry in lexicon.entries(section, name):
            pattern = entry_pattern(section, name, entry)
            fires = {split: sum(1 for t in ts if pattern.search(t)) for split, ts in texts.items()}
            out.append((f"{section}.{name}", entry, sources[section, name], fires["dev"], fires["test"]))
    return out


def table() -> str:
    n = {split: len(articles(split)) for split in SPLITS}
    lines = [f"| list | entry | source | dev articles (of {n['dev']}) | test articles (of {n['test']}) |",
             "|---|---|---|---|---|"]
    lines += [f"| {lst} | `{entry.replace('|', chr(92) + '|')}` | {source} | {dev} | {test} |"
              for lst, entry, source, dev, test in rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
