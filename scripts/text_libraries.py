"""Maintained libraries against the hand-written text rules, measured on the gold (issue 12).

    pip install nameparser && python scripts/text_libraries.py [--base REV]

1. Quantities: every count written in a gold weapon quote (dev and test) read by the
   quantity parser of ``--base`` (the hand number-word list, default fc986e4) and by today's
   (text2num), side by side; then numbers in words beyond the old list.
2. Person titles: every place a gold person's full name is written after title words
   ("Secretary of State Antony Blinken"), read by ``titled_person`` with the hand title
   lexicon, with the hand lexicon plus nameparser's titles, and by nameparser alone; and how
   often each reads a gold organization or state name as a titled person (false positives).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.resolve import actors  # noqa: E402
from llmclaims.text import quantities  # noqa: E402

GOLD = [*sorted((ROOT / "evals" / "gold").glob("*.yaml")),
        *sorted((ROOT / "evals" / "test" / "gold").glob("*.yaml"))]
_WORD_NUMBER = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                          r"dozen|thousand|million|several|few)\b", re.I)


def golds() -> list[tuple[str, dict[str, Any], str]]:
    out = []
    for path in GOLD:
        gold = yaml.safe_load(path.read_text("utf-8"))
        folder = path.parent.parent / "articles" if path.parent.name == "gold" else path.parent
        text = (folder / gold["article"]).read_text("utf-8")
        out.append((path.stem, gold, text))
    return out


def old_module(base: str) -> Any:
    source = subprocess.run(["git", "show", f"{base}:llmclaims/text/quantities.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("quantities_base")
    module.__dict__["__package__"] = "llmclaims.text"
    exec(compile(source, "quantities_base", "exec"), module.__dict__)
    return module


def show(q: Any) -> str:
    if q is None:
        return "-"
    parts = [f"{k}={v:g}" for k, v in (("value", q.value), ("low", q.low), ("high", q.high)) if v is not None]
    return " ".join(parts) + (f" ({q.qualifier})" if q.qualifier else "")


def quantities_table(base: str, data: list[tuple[str, dict[str, Any], str]]) -> None:
    old = old_module(base)
    rows = []
    for name, gold, _ in data:
        for w in gold.get("weapons") or []:
            quote = w.get("quote") or ""
            at = quote.find(w["name"].split()[0])
            words = quote[:at] if at > 0 else quote
            if re.search(r"\d", words.replace(str(w.get("caliber_mm") or "x"), "")) or _WORD_NUMBER.search(words):
                rows.append((name, words.strip(), show(old.parse_quantity(words)),
                             show(quantities.parse_quantity(words))))
    print(f"## Quantities in gold weapon quotes (dev + test): {len(rows)}\n")
    print(f"| article | count as written | hand ({base}) | text2num (now) |\n|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    same = sum(r[2] == r[3] for r in rows)
    print(f"\nsame reading: {same}/{len(rows)}; read by hand: {sum(r[2] != '-' for r in rows)}, "
          f"by text2num: {sum(r[3] != '-' for r in rows)}\n")
    pairs = ["sixty mortars", "twenty-five drones", "two hundred and forty shells",
             "thirteen tanks", "ten to fifteen launchers", "ninety-nine rounds", "eighteen jets"]
    print("Hand-written counts beyond the old word list:\n\n| words | hand | text2num |\n|---|---|---|")
    for p in pairs:
        print(f"| {p} | {show(old.parse_quantity(p))} | {show(quantities.parse_quantity(p))} |")
    print()


def titled_mentions(data: list[tuple[str, dict[str, Any], str]], titles: frozenset[str]
                    ) -> list[tuple[str, str, str]]:
    """(article, phrase, person): the run of title words and capitalized words written right
    before a gold person's full name, with the name."""
    out = []
    for name, gold, text in data:
        for a in gold.get("actors") or []:
            if a["kind"] != "person" or len(a["name"].split()) < 2:
                continue
            for m in re.finditer(re.escape(a["name"]), text):
                before = text[max(0, m.start() - 80):m.start()].split()
                run: list[str] = []
                for word in reversed(before):
                    bare = word.strip(",").lower()
                    if word.endswith((".", ",", ":", ";")) and bare not in titles:
                        break
                    if bare in titles or bare == "of" or word[:1].isupper():
                        run.insert(0, word)
                    else:
                        break
                while run and run[0].lower() == "of":
                    run.pop(0)
                if run:
                    out.append((name, " ".join([*run, a["name"]]), a["name"]))
    return sorted(set(out))


def by_nameparser(phrase: str) -> str | None:
    from nameparser import HumanName

    h = HumanName(phrase)
    person = " ".join(p for p in (h.first, h.middle, h.last) if p)
    return person if h.title else None


def names_table(data: list[tuple[str, dict[str, Any], str]]) -> None:
    from nameparser.config import CONSTANTS

    hand = frozenset(actors._TITLE_WORDS)
    library = frozenset(t.lower() for t in CONSTANTS.titles) | frozenset(
        f"{t.lower()}." for t in CONSTANTS.titles)
    mentions = titled_mentions(data, hand | library)
    orgs = sorted({n for _, gold, _ in data for a in gold.get("actors") or [] if a["kind"] != "person"
                   for n in [a["name"], *(a.get("aliases") or [])]})
    ways = {"hand lexicon": hand, "hand + nameparser titles": hand | library}
    print(f"## Person titles: {len(mentions)} titled mentions of gold persons; "
          f"{len(orgs)} gold non-person names\n")
    print("| way | person read right | non-person names read as a titled person |\n|---|---:|---:|")
    for way, words in ways.items():
        actors._TITLE_WORDS = words
        right = sum((actors.titled_person([p]) or ("", ""))[0] == person for _, p, person in mentions)
        wrong = [o for o in orgs if actors.titled_person([o]) is not None]
        print(f"| {way} | {right}/{len(mentions)} | {len(wrong)} {wrong[:4]} |")
    actors._TITLE_WORDS = hand
    right = sum(by_nameparser(p) == person for _, p, person in mentions)
    wrong = [o for o in orgs if by_nameparser(o) is not None]
    print(f"| nameparser alone | {right}/{len(mentions)} | {len(wrong)} {wrong[:4]} |\n")
    for article, phrase, person in mentions:
        words = hand
        actors._TITLE_WORDS = words
        h = (actors.titled_person([phrase]) or ("-",))[0]
        actors._TITLE_WORDS = hand | library
        u = (actors.titled_person([phrase]) or ("-",))[0]
        actors._TITLE_WORDS = hand
        if not h == u == person:
            print(f"- {article}: {phrase!r}: hand {h!r}, +nameparser {u!r}, nameparser {by_nameparser(phrase)!r}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="fc986e4", help="revision with the hand number words")
    args = parser.parse_args()
    data = golds()
    quantities_table(args.base, data)
    names_table(data)


if __name__ == "__main__":
    main()
