"""Every lexicon entry names its source; reporting verbs are inflected by a library; the
lexicon report lists every entry with its source and the articles it fires in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from llmclaims.resolve import lexicon
from llmclaims.text import wordlists

ROOT = Path(__file__).resolve().parent.parent
KINDS = re.compile(r"^((published list|grammar class|semantic class|speech-act class): \S|dev article \d{3}$)")


def report_lists() -> list[tuple[str, list[wordlists.Entry]]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import lexicon_report
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return lexicon_report.lists()


def test_every_entry_of_every_lexicon_names_a_source_of_a_known_kind() -> None:
    names = [name for name, _ in report_lists()]
    assert {"reporting.cues", "text.support.negation", "scorer.cues"} <= set(names)
    for name, entries in report_lists():
        for entry in entries:
            assert KINDS.match(entry.source), (name, entry)


def test_a_verb_group_lists_the_past_and_third_person_forms_of_each_lemma() -> None:
    group = {"source": "grammar class: test", "verbs": ["say", "believe", "call on"]}
    assert [e.text for e in wordlists.group_entries(group)] == [
        "said", "says", "believed", "believes", "called on", "calls on"]
    assert [e.lemma for e in wordlists.group_entries(group)][:2] == ["say", "say"]


def test_a_number_group_lists_the_words_num2words_writes_for_each_number() -> None:
    group = {"source": "grammar class: test", "numbers": [3, 13, 40], "scales": [100, 1_000_000]}
    entries = wordlists.group_entries(group)
    assert [e.text for e in entries] == ["three", "thirteen", "forty", "hundred", "million"]
    assert [(e.lemma, e.by) for e in entries][:2] == [("3", "num2words"), ("13", "num2words")]


def test_the_lexicon_report_lists_each_entry_with_its_source_and_counts() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "lexicon_report.py")], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}).stdout
    rows = [line.split(" | ") for line in out.splitlines()[2:]]
    expected = [(f"| {name}", e.text) for name, entries in report_lists() for e in entries]
    assert [(r[0], r[1].strip("`").replace("\\|", "|")) for r in rows] == expected
    may = next(r for r in rows if r[0] == "| certainty.possible" and r[1] == "`(?-i:may)`")
    assert may[2] == lexicon.sourced("certainty", "possible")[0].source
    assert may[3].isdigit() and may[4].isdigit()
