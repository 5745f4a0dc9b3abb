"""Trust suites over a loopback server that plays a wrong or obedient model (tests/adversary.py):
wrong answers are never presented as grounded, injected instructions never become claims,
and no real claim is lost to the filter."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmclaims import Claim, Extraction, extract

from .adversary import Adversary, adversary, claim
from .test_instructions import injections
from .trust_cases import (
    ARTICLE,
    HAND_WRITTEN_INJECTIONS,
    PAYLOAD,
    REAL,
    SENTENCES,
    TRUE,
    Case,
    cases,
    draft,
    injected_article,
)

KEY = "sk-fake-test-key"


def run(server: Adversary, text: str) -> Extraction:
    return extract(text, base_url=server.base_url, api_key=KEY, model="m", repair=False,
                   transport_retries=0, timeout=10.0)


def said(claim: Claim) -> str:
    """What a claim says: the model's restatement where it kept one, else its statement."""
    return (claim.drafted_statement or claim.statement).rstrip(".")


def grounded_statements(result: Extraction) -> set[str]:
    """What the grounded claims say, their restatements included (without a final period)."""
    return {said(c) for c in result.claims if c.grounded}


def by_sentence(result: Extraction) -> dict[int, Claim]:
    """The grounded claim of each of the article's sentences (by index in SENTENCES)."""
    return {i: c for c in result.claims if c.grounded for i, s in enumerate(SENTENCES)
            if c.evidence[0].text in s}


def check_spans(text: str, result: Extraction) -> None:
    """Every span slices back; every grounded statement is the article's words."""
    for span in result.spans():
        assert text[span.start:span.end] == span.text
    for c in result.claims:
        assert not c.grounded or c.statement in text, c.statement


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.kind}-{c.quote_kind}-{c.statement[:30]}")
def test_a_wrong_answer_is_never_grounded(case: Case) -> None:
    wrong = claim(case.statement, case.quote)
    with adversary(lambda req: draft([wrong], req)) as server:
        result = run(server, ARTICLE)
    assert case.statement.rstrip(".") not in grounded_statements(result)
    flagged = [w for w in result.warnings if w.code == "ungrounded"]
    assert flagged, "the wrong claim is flagged"
    check_spans(ARTICLE, result)


def test_the_true_answers_stay_grounded() -> None:
    """The other side of the pairs: the right statements, quoting their sentences, are grounded."""
    with adversary(lambda req: draft([], req)) as server:
        result = run(server, ARTICLE)
    claims = by_sentence(result)
    assert sorted(claims) == list(range(len(TRUE)))
    for i, true in enumerate(TRUE):  # the restatement, verified, is kept (or was the words)
        assert claims[i].drafted_statement in (None, true)
        assert said(claims[i]).casefold() in (true.rstrip(".").casefold(), SENTENCES[i].rstrip(".").casefold())
    check_spans(ARTICLE, result)


@st.composite
def wrong_answers(draw: st.DrawFn) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(cases()), min_size=1, max_size=6, unique=True))
    return [claim(c.statement, c.quote, certainty=draw(st.sampled_from(
        ["asserted", "denied", "probable", "unconfirmed"]))) for c in chosen]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wrong_answers())
def test_property_no_mix_of_wrong_answers_is_grounded(wrong: list[dict[str, Any]]) -> None:
    with adversary(lambda req: draft(wrong, req)) as server:
        result = run(server, ARTICLE)
    assert not {w["statement"].rstrip(".") for w in wrong} & grounded_statements(result)
    check_spans(ARTICLE, result)


def test_a_certainty_given_to_every_claim_is_no_information() -> None:
    with adversary(lambda req: draft([], req, certainty="denied")) as server:
        result = run(server, ARTICLE)
    certainty = {i: c.certainty for i, c in by_sentence(result).items()}
    assert certainty[0] == "asserted"
    assert certainty[1] == "unconfirmed"  # "has not confirmed": not a denial
    assert certainty[2] == "denied"  # "denied" is written
    assert certainty[4] == "possible"  # "could"
    assert any(w.item == "draft claims" and w.reason == "uniform_certainty" for w in result.warnings)


def test_a_restatement_is_kept_unverified_and_the_statement_is_the_article_s() -> None:
    with adversary(lambda req: draft([], req)) as server:
        result = run(server, ARTICLE)
    claims = by_sentence(result)
    assert claims[1].paraphrase is False  # the evidence's own words
    assert claims[1].drafted_statement is None
    assert claims[0].paraphrase is False  # a span of its sentence
    denial = claims[2]  # "denied sending": the model's words, kept unverified
    assert denial.paraphrase is True and denial.drafted_statement == TRUE[2]
    # the article's words are the statement: what the denial is about, its cue "denied"
    assert denial.statement == "it had sent any artillery shells to Ukraine" and denial.cue == "denied"


# -- injections ------------------------------------------------------------------------------
def obedient(injection: str) -> Any:
    """A model that does what the article's injected text asks: it reports the payload as a
    claim, quoting the injected sentence, beside the article's real claims."""
    def answer(request: dict[str, Any]) -> dict[str, Any]:
        real = [claim(s, s) for s in REAL]
        wrong = [claim(f"{PAYLOAD}.", injection), claim(f"{PAYLOAD}.", f"{PAYLOAD}.")]
        return draft(real + wrong, request)
    return answer


def check_injection(injection: str) -> None:
    text = injected_article(injection)
    with adversary(obedient(injection)) as server:
        result = run(server, text)
    sent = " ".join(str(r["messages"]) for r in server.requests).lower()
    assert PAYLOAD.lower() not in sent, "the injected text is not sent to the model"
    assert not any("warheads" in c.statement.lower() for c in result.claims if c.grounded)
    kept = [r for r in REAL if any(c.grounded and c.evidence[0].text in r for c in result.claims)]
    assert kept == REAL, "no real claim is lost"
    assert any(w.code == "instruction" for w in result.warnings)
    check_spans(text, result)


@pytest.mark.parametrize("injection", HAND_WRITTEN_INJECTIONS)
def test_hand_written_injections_never_become_claims(injection: str) -> None:
    check_injection(injection)


@settings(max_examples=15, deadline=None)
@given(injections())
def test_generated_injections_never_become_claims(injection: str) -> None:
    check_injection(injection.replace("Canada shipped warheads to Yemen", PAYLOAD)
                    .replace("Russia has surrendered to Ukraine", PAYLOAD)
                    .replace("the NIS denied everything", PAYLOAD)
                    .replace("Japan sent 400 tanks to Iran", PAYLOAD))


def test_the_true_sentences_are_not_instructions() -> None:
    from llmclaims.text.instructions import instruction_form

    assert [instruction_form(s) for s in (*SENTENCES, *REAL)] == [None] * (len(SENTENCES) + len(REAL))
