"""Regression tests moved from tests/test_attribution.py: their sentences are copied from corpus
articles (evals/articles, tests/data/articles), so they pin behaviour on real text rather
than specify it with invented minimal pairs (those stay in tests/test_attribution.py)."""

from __future__ import annotations

import pytest

from llmclaims.resolve.attribution import sentence_bounds

from ..test_attribution import who


def test_relay_then_claimant_in_one_sentence() -> None:
    text = "Lee said the NIS has confirmed that the North has shipped 170mm artillery to Russia."
    actors = {0: ["Lee"], 1: ["NIS"], 2: ["the North"], 3: ["Russia"]}
    assert who(text, "the North has shipped 170mm artillery", actors) == [
        (0, "", "said"), (1, "", "confirmed")]


def test_source_after_a_quote_reports_the_quoted_source() -> None:
    text = ('The South\'s National Intelligence Service (NIS) "has confirmed that the North has '
            'shipped artillery", Lee Seong-kweun said.')
    actors = {0: ["National Intelligence Service", "NIS"], 1: ["Lee Seong-kweun"]}
    assert who(text, "the North has shipped artillery", actors) == [
        (1, "", "said"), (0, "", "confirmed")]


def test_inverted_cue_and_an_unknown_source_name() -> None:
    text = ("Pyongyang could seek technology to hit targets in South Korea, Japan and North "
            "America, said Robert Peters, a fellow at the Heritage Foundation.")
    actors = {0: ["Pyongyang"], 1: ["South Korea"], 2: ["Japan"]}
    # the list of places before ", said" is not the subject; the name after it is
    assert who(text, "Pyongyang could seek technology", actors) == [(None, "Robert Peters", "said")]
    actors[3] = ["Peters"]  # a known actor written inside the name wins
    assert who(text, "Pyongyang could seek technology", actors) == [(3, "Robert Peters", "said")]


def test_according_to_names_the_owner_not_the_country() -> None:
    text = ("North Korea fired cruise missiles on Wednesday, according to South Korea\u2019s "
            "Joint Chiefs of Staff.")
    actors = {0: ["North Korea"], 1: ["South Korea"]}
    assert who(text, "North Korea fired cruise missiles", actors) == [
        (None, "Joint Chiefs of Staff", "according to")]
    actors[2] = ["Joint Chiefs of Staff"]
    assert who(text, "North Korea fired cruise missiles", actors)[0][0] == 2


def test_appositive_subject_and_pronouns() -> None:
    text = ("John Kirby, White House National Security Council spokesman, said the U.S. is "
            "watching closely. \u201cI think Netanyahu wants to signal,\u201d he told VOA. "
            "Stoltenberg said he also expects Congress to agree.")
    actors = {0: ["John Kirby"], 1: ["Netanyahu"], 2: ["Stoltenberg"], 3: ["U.S."]}
    persons = (0, 1, 2)
    assert who(text, "the U.S. is watching closely", actors, persons) == [(0, "", "said")]
    # 'he' after a quote is the person named before the sentence, not the one quoted
    assert who(text, "I think Netanyahu wants to signal", actors, persons) == [(0, "", "told")]
    # 'X said he expects': one source, its last cue
    assert who(text, "Congress to agree", actors, persons) == [(2, "", "expects")]


@pytest.mark.parametrize(("sentence", "own"), [
    ("Russian President Vladimir Putin made a rare visit to Pyongyang in June.", True),
    ("The new $800 million assistance package includes:", True),
    ("Pyongyang said last month that the deployment was legal.", False),
    ("Today, I am announcing a new package.", False),  # the statement's speaker
    ("\u201cThe Russian navy cannot operate at will.\u201d", False),  # the quoted speaker goes on
])
def test_unattributed_sentences_are_the_articles_own(sentence: str, own: bool) -> None:
    from llmclaims.resolve.attribution import unattributed

    assert unattributed(sentence) is own


def test_a_cue_inside_quotation_marks_is_inner_to_the_one_outside() -> None:
    text = ('The South\'s National Intelligence Service (NIS) "has confirmed that the North has '
            'shipped artillery", Lee Seong-kweun said after a briefing.')
    actors = {0: ["National Intelligence Service", "NIS"], 1: ["Lee Seong-kweun"]}
    # the whole sentence as evidence (reported speech): NIS via Lee, as for the content alone
    assert [s[0] for s in who(text, text, actors)] == [1, 0]


def test_according_to_an_owned_common_noun() -> None:
    text = "Some soldiers have engaged in combat, according to Seoul's spy agency."
    assert who(text, "Some soldiers have engaged in combat", {}) == [
        (None, "Seoul's spy agency", "according to")]


def test_abbreviations_end_no_sentence_and_a_leading_appositive_names_the_source() -> None:
    text = "Stoltenberg said he expects the U.S. Congress to agree. Gen. Ryder spoke later."
    start = text.index("Congress")
    assert text[slice(*sentence_bounds(text, start, start + 8))] == (
        "Stoltenberg said he expects the U.S. Congress to agree.")
    text = ("Maksym Kozytskyi, the regional governor of Lviv in western Ukraine, said three people "
            "were hurt.")
    assert who(text, "three people were hurt", {0: ["Ukraine"]}) == [
        (None, "Maksym Kozytskyi", "said")]


def test_an_inverted_clause_is_outer() -> None:
    text = ("Lee Seong-kweun spoke. As a result, the NIS believes that \"casualties are occurring\" "
            "among the North Koreans, he said.")
    actors = {0: ["NIS"], 1: ["Lee Seong-kweun"]}
    sentence = text[text.index("As a result"):]
    assert [(s[0], s[2]) for s in who(text, sentence, actors, (1,))] == [(1, "said"), (0, "believes")]


def test_according_to_at_the_end_is_the_source_and_neither_nor_negates() -> None:
    text = "Lee said some soldiers have engaged in combat, according to Seoul's spy agency."
    assert [(s[0], s[1]) for s in who(text, text, {0: ["Lee"]})] == [
        (0, ""), (None, "Seoul's spy agency")]
    text = "Neither Russia nor North Korea has confirmed the deployment."
    assert who(text, text, {0: ["Russia"], 1: ["North Korea"]}) == []


def test_a_state_speaks_through_its_officials() -> None:
    text = ("U.S. and Western officials have said Kyiv's most urgent needs include air "
            "defenses. U.S. officials said the package was ready. Officials said nothing more. "
            "Hostages held by Hamas officials said they were afraid.")
    actors = {0: ["U.S."], 1: ["Hamas"]}
    assert who(text, "Kyiv's most urgent needs", actors) == [(0, "", "said")]
    assert who(text, "the package was ready", actors) == [(0, "", "said")]
    # officials of no named body, or a name inside a phrase: no source
    assert who(text, "nothing more", actors) == []
    assert who(text, "they were afraid", actors) == []


def test_a_body_named_by_its_owner_is_the_source() -> None:
    text = ("The Israeli military says it wants to attack four battalions. The Hamas-run Gaza "
            "health ministry said 20 people died. Officials in the Israeli government said it "
            "was over.")
    assert who(text, "it wants to attack", {}) == [(None, "Israeli military", "says")]
    # "Hamas-run" describes the ministry; it is not part of its name
    assert who(text, "20 people died", {}) == [(None, "Gaza health ministry", "said")]
    assert who(text, "it was over", {}) == []  # "Officials in ...": no named source
