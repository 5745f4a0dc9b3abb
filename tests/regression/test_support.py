"""Regression tests moved from tests/test_support.py: their sentences are copied from corpus
articles (evals/articles, tests/data/articles), so they pin behaviour on real text rather
than specify it with invented minimal pairs (those stay in tests/test_support.py)."""

from __future__ import annotations

from llmclaims.text.support import best_sentence, sentences, support

TEXT = ("Pyongyang said last month that any troop deployment would comply with law. "
        "North Korea's deployment of troops has led to a shift in tone from Seoul.\n"
        "북한은 러시아에 포병을 보냈다.")




def test_support_of_the_right_and_the_wrong_sentence() -> None:
    statement = "North Korea's troop deployment led to a shift in tone from Seoul"
    right, wrong = sentences(TEXT, [(0, len(TEXT))])[1], sentences(TEXT, [(0, len(TEXT))])[0]
    assert support(statement, TEXT[right[0]:right[1]]) >= 0.8  # type: ignore[operator]
    assert support(statement, TEXT[wrong[0]:wrong[1]]) < 0.5  # type: ignore[operator]


def test_best_sentence_finds_the_statement() -> None:
    found = best_sentence("A shift in tone from Seoul followed the troop deployment", TEXT,
                          [(0, len(TEXT))])
    assert found is not None
    (s, e), score = found
    assert TEXT[s:e].startswith("North Korea's deployment") and score >= 0.5
