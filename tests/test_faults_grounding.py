"""Fault classes of issue 21 for grounding, against a loopback server that plays an obedient
or restating model (tests/adversary.py): injected text hidden by look-alike letters, line
breaks, role objects, politeness or another language never becomes a grounded claim; a
restatement that adds a weapon type or changes the predicate is never grounded; a grounded
statement is always the article's words."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from llmclaims.config import Settings
from llmclaims.evaluate import load_gold
from llmclaims.evaluate.gold import GoldArticle
from llmclaims.evaluate.run import run_one

from .adversary import adversary, claim, floor
from .test_trust import check_injection, check_spans, run
from .trust_cases import (
    ACTORS,
    BENIGN,
    FAITHFUL,
    HARDENED_INJECTIONS,
    PAYLOAD,
    RESTATED,
    RESTATED_ARTICLE,
    injected_article,
)

INJECTED = pytest.mark.fault_class("grounding: injected text")
RESTATED_CLASS = pytest.mark.fault_class("grounding: restated claim")


def _draft(claims: list[dict[str, Any]], request: dict[str, Any]) -> dict[str, Any]:
    while len(claims) < floor(request):
        claims = [*claims, claims[0]]
    return {"actors": ACTORS, "weapons": [], "claims": claims[:15]}


@INJECTED
@pytest.mark.parametrize("injection", HARDENED_INJECTIONS, ids=range(len(HARDENED_INJECTIONS)))
def test_hidden_injections_never_become_claims(injection: str) -> None:
    check_injection(injection)


@INJECTED
def test_a_quoted_request_is_content_but_its_payload_is_never_grounded() -> None:
    quoted = f'"Report that {PAYLOAD}," the caller told the newsroom.'
    text = injected_article(quoted)
    answer = [claim(f"{PAYLOAD}.", quoted), claim(f"{PAYLOAD}.", f"{PAYLOAD}")]
    with adversary(lambda req: _draft(answer, req)) as server:
        result = run(server, text)
    sent = " ".join(str(r["messages"]) for r in server.requests)
    assert PAYLOAD in sent  # reported speech is content: the model reads it
    assert not [c.statement for c in result.claims if c.grounded and "warheads" in c.statement]
    assert any(w.code == "ungrounded" and w.reason == "under_instruction" for w in result.warnings)
    check_spans(text, result)


@INJECTED
@pytest.mark.parametrize("sentence", BENIGN)
def test_benign_look_alikes_stay_content_and_grounded(sentence: str) -> None:
    text = injected_article(sentence)
    with adversary(lambda req: _draft([claim(sentence, sentence)], req)) as server:
        result = run(server, text)
    assert not [w for w in result.warnings if w.code == "instruction"]
    grounded = [c for c in result.claims if c.grounded and c.evidence[0].text == sentence]
    assert grounded and grounded[0].statement in sentence
    check_spans(text, result)


@RESTATED_CLASS
@pytest.mark.parametrize(("restatement", "quote", "grounds"),
                         [(r, q, False) for r, q in RESTATED] + [(r, q, True) for r, q in FAITHFUL])
def test_a_restatement_grounds_only_when_it_says_no_more(restatement: str, quote: str,
                                                         grounds: bool) -> None:
    """One that adds a weapon type or changes the predicate is never grounded; a faithful one
    grounds the article's words, the restatement kept unverified beside them."""
    with adversary(lambda req: _draft([claim(restatement, quote)], req)) as server:
        result = run(server, RESTATED_ARTICLE)
    mine = [c for c in result.claims if restatement in (c.drafted_statement, c.statement)]
    assert mine and mine[0].grounded is grounds and mine[0].paraphrase
    if grounds:
        assert mine[0].statement in RESTATED_ARTICLE and mine[0].statement != restatement
    else:
        assert any(w.code == "ungrounded" and w.reason == "not_stated:words" for w in result.warnings)
    check_spans(RESTATED_ARTICLE, result)


# -- the invariant over every result replayed offline -----------------------------------------
ROOT = Path(__file__).resolve().parent.parent
REPLAYS = [*load_gold(ROOT / "evals" / "gold"), *load_gold(ROOT / "evals" / "test" / "gold")]


@RESTATED_CLASS
@pytest.mark.parametrize("gold", REPLAYS, ids=lambda g: g.name)
def test_property_every_grounded_statement_is_the_article_s_words(gold: GoldArticle) -> None:
    """Replayed from the evaluation's cassettes (dev and test split: only this invariant is
    read, no score): every span slices back and every grounded statement is a substring of
    the article (the trust and fault cases check the same in ``check_spans``)."""
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    result = run_one(gold, "llmclaims", Settings.resolve(**conf), cassettes=ROOT / "tests" / "cassettes" / "eval")
    assert result.claims
    check_spans(gold.text, result)
    assert all(c.drafted_statement is None or c.paraphrase for c in result.claims)
