"""Each lexicon entry with its source and the number of dev and test articles it fires in, as a
Markdown table; the last column names the dev articles (their numbers) where an entry fires in
three or fewer. The lexicons: the resolution passes' (llmclaims/resolve/data/lexicon.toml), the
text layer's (llmclaims/text/data/lexicon.toml, lists named ``text.*``), corroboration's
(llmclaims/corroborate/data/lexicon.toml, ``corroborate.*``) and the scorer's own reporting
cues (llmclaims/evaluate/data/cues.toml, ``scorer.cues``).

    python scripts/lexicon_report.py > docs/lexicon.md

A report, not a tuning tool: the test split's counts are shown so that an entry firing in
one dev article and no test article is visible; nothing is chosen from them here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from llmclaims.resolve import lexicon
from llmclaims.text import wordlists
from llmclaims.text.wordlists import Entry

ROOT = Path(__file__).resolve().parent.parent
SPLITS = {"dev": ROOT / "evals" / "articles", "test": ROOT / "evals" / "test" / "articles"}
CASE_SENSITIVE = {"reporting.cues", "reporting.clause_cues", "scorer.cues",  # as the code reads them
                  "institutions.names", "actors.leading_words", "actors.titles",
                  "actors.organization_heads", "claims.statement_genres", "weapons.first_person",
                  "weapons.head_ends"}
OPEN_END = ("claim_types.", "claims.intent_verbs", "stated.")  # matched at a word start only
FEW = 3  # name the dev articles of an entry that fires in this many or fewer


def lists() -> list[tuple[str, list[Entry]]]:
    """Every list of the four lexicons, named, with its entries, in file order."""
    out = [(f"{s}.{n}", list(lexicon.sourced(s, n))) for s, n in lexicon.lists()]
    for package, prefix in (("llmclaims.text", "text"), ("llmclaims.corroborate", "corroborate")):
        data = wordlists.load(package, "data/lexicon.toml")
        out += [(f"{prefix}.{s}.{n}", wordlists.list_entries(groups)) for s, table in data.items()
                for n, groups in table.items()]
    scorer = wordlists.load("llmclaims.evaluate", "data/cues.toml")
    return [*out, ("scorer.cues", wordlists.list_entries(scorer["cues"]))]


def entry_pattern(name: str, entry: Entry) -> re.Pattern[str]:
    """The entry as the code matches it: a plain word as a whole word, a regular-expression
    fragment anchored at word boundaries; in any case unless the list is case-sensitive."""
    flags = 0 if name in CASE_SENSITIVE else re.I
    if "{machine}" in entry.text:  # a form of text/instructions.py: the machine list stands there
        machine = wordlists.alt("llmclaims.text", "data/lexicon.toml", "instructions", "machine")
        entry = replace(entry, text=entry.text.replace("{machine}", f"(?:{machine})"))
    if not entry.pattern:
        return re.compile(rf"(?<![\w-]){re.escape(entry.text)}(?![\w-])", flags)
    return re.compile(rf"\b({entry.text})" + ("" if name.startswith(OPEN_END) else r"\b"), flags)


def articles(split: str) -> dict[str, str]:
    """The split's articles by number ("007"; "seed" for the seed article)."""
    return {p.stem.split("_")[0]: p.read_text("utf-8") for p in sorted(SPLITS[split].glob("*.txt"))}


def source(entry: Entry) -> str:
    return f"{entry.source} ({entry.by}: {entry.lemma})" if entry.lemma else entry.source


def rows() -> list[tuple[str, str, str, int, int, str]]:
    """(list, entry, source, dev articles, test articles, the dev articles' numbers where few)
    for every entry, in file order."""
    texts = {split: articles(split) for split in SPLITS}
    out = []
    for name, entries in lists():
        for entry in entries:
            pattern = entry_pattern(name, entry)
            fires = {split: [k for k, t in ts.items() if pattern.search(t)] for split, ts in texts.items()}
            where = ", ".join(fires["dev"]) if len(fires["dev"]) <= FEW else ""
            out.append((name, entry.text, source(entry), len(fires["dev"]), len(fires["test"]), where))
    return out


def table() -> str:
    n = {split: len(articles(split)) for split in SPLITS}
    lines = [f"| list | entry | source | dev articles (of {n['dev']}) | test articles (of {n['test']}) "
             f"| dev articles it fires in (where {FEW} or fewer) |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {lst} | `{entry.replace('|', chr(92) + '|')}` | {src} | {dev} | {test} | {where} |"
              for lst, entry, src, dev, test, where in rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
