"""The rules defer to a draft the text is consistent with, and fill only what it leaves out.

Minimal pairs with invented names and sentences: the same sentence with a drafted source that
the text supports (it stands) and one the text contradicts (the rule's reading wins); a draft
that reads the article fully is not filled by ``reported``; a draft of any length validates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llmclaims.config import Settings
from llmclaims.evaluate import load_gold
from llmclaims.evaluate.oracle import MODEL_ID, for_chunk, oracle_draft, serve
from llmclaims.extract import extract
from llmclaims.resolve.passes import resolve
from llmclaims.schema import Draft
from llmclaims.text.clean import clean

ACTORS = [
    {"name": "Zhao Wen", "kind": "person"}, {"name": "Daily Planet", "kind": "organization"},
    {"name": "Kestria", "kind": "state"}, {"name": "Kestrian Army", "kind": "military"},
    {"name": "Mara Lind", "kind": "person"}, {"name": "Velor", "kind": "state"},
    {"name": "Tomas Erd", "kind": "person"},
]


def _claims(text: str, claims: list[dict[str, Any]]) -> list[tuple[str, str | None, list[str]]]:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": claims})
    actors, _, out, _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in actors}
    return [(c.evidence[0].text if c.evidence else "", name.get(c.claimant or ""),
             [name[v] for v in c.via]) for c in out]


def _one(text: str, quote: str, **kw: Any) -> tuple[str | None, list[str]]:
    [(_, claimant, via)] = _claims(text, [{"quote": quote, "certainty": "asserted", **kw}])
    return claimant, via


SAID = "Zhao Wen told the Daily Planet on Monday that Tomas Erd will visit Kestria in May."


def test_a_drafted_source_written_as_the_speaker_stands() -> None:
    assert _one(SAID, SAID[:-1], claimant="Zhao Wen") == ("Zhao Wen", [])


def test_a_drafted_source_the_sentence_does_not_write_as_a_source_is_replaced() -> None:
    # Tomas Erd is the subject of the content, not its source: the text says Zhao Wen
    assert _one(SAID, SAID[:-1], claimant="Tomas Erd")[0] == "Zhao Wen"


def test_a_state_named_beside_its_army_is_not_the_army_speaking() -> None:
    text = "Kestria's Kestrian Army said rebels fired rockets at Velor on Sunday night."
    assert _one(text, text[:-1], claimant="Kestria")[0] == "Kestrian Army"
    assert _one(text, text[:-1], claimant="Kestrian Army")[0] == "Kestrian Army"


def test_an_empty_source_is_filled_from_the_text() -> None:
    assert _one(SAID, SAID[:-1])[0] == "Zhao Wen"


def test_a_relay_chain_the_draft_gives_is_kept() -> None:
    text = ("Mara Lind said on Tuesday that Zhao Wen had confirmed that Kestria will send "
            "rockets to Velor.")
    assert _one(text, text[:-1], claimant="Zhao Wen", via=["Mara Lind"]) == ("Zhao Wen", ["Mara Lind"])


def test_a_drafted_relay_as_source_yields_to_the_original_it_relays() -> None:
    text = "Mara Lind said Zhao Wen has confirmed that Kestria will send rockets to Velor."
    assert _one(text, text[:-1], claimant="Mara Lind") == ("Zhao Wen", ["Mara Lind"])


def test_a_pronoun_source_keeps_the_drafted_person_named_before() -> None:
    text = ("Mara Lind visited the border town on Friday. She said Kestria will send rockets "
            "to Velor next month.")
    quote = "She said Kestria will send rockets to Velor next month"
    assert _one(text, quote, claimant="Mara Lind")[0] == "Mara Lind"
    # a sentence naming another source contradicts the same draft
    other = text.replace("She said", "Zhao Wen said")
    assert _one(other, quote.replace("She", "Zhao Wen"), claimant="Mara Lind")[0] == "Zhao Wen"


def _sentences(n: int) -> str:
    return "\n\n".join(f"Zhao Wen said convoy {i} reached Velor on day {i}." for i in range(n))


def test_reported_fills_a_sparse_draft_only() -> None:
    text = _sentences(12)
    first = "Zhao Wen said convoy 0 reached Velor on day 0"
    sparse = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
        {"quote": first, "certainty": "asserted"}]})
    full = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
        {"quote": f"Zhao Wen said convoy {i} reached Velor on day {i}",
         "certainty": "asserted"} for i in range(8)]})
    # one drafted, eleven filled in: every sentence of the text, in order
    assert [c.statement for c in resolve(sparse, clean(text))[2]] == [
        f"convoy {i} reached Velor on day {i}" for i in range(12)]
    # the draft chose its eight: none filled in
    assert [c.statement for c in resolve(full, clean(text))[2]] == [
        f"convoy {i} reached Velor on day {i}" for i in range(8)]


def test_a_draft_of_any_length_validates_and_repeats_collapse() -> None:
    claim = {"quote": "Kestria sent rockets", "certainty": "asserted"}
    many = Draft.model_validate({"actors": ACTORS * 3, "weapons": [], "claims": [claim]})
    assert len(many.actors) == len(ACTORS)  # 21 written, 7 different
    looped = Draft.model_validate({"actors": [], "weapons": [], "claims": [claim] * 40})
    assert len(looped.claims) == 1 and looped.claims[0].quote == "Kestria sent rockets"
    assert Draft.model_validate({"actors": [], "weapons": [], "claims": []}).claims == []


def test_the_oracle_answer_holds_what_its_chunk_and_title_write() -> None:
    draft = {"actors": [{"name": "Zhao Wen", "kind": "person"}, {"name": "Velor", "kind": "state"}],
             "weapons": [{"name": "rockets", "category": "rocket_launcher", "quote": "sent rockets"}],
             "claims": [{"quote": "Kestria sent rockets", "certainty": "asserted"},
                        {"quote": "Velor denied it", "certainty": "asserted"}]}
    part = for_chunk(draft, "Kestria sent rockets to the north.", "Title: Zhao Wen on the war")
    assert [a["name"] for a in part["actors"]] == ["Zhao Wen"]
    assert [c["quote"] for c in part["claims"]] == ["Kestria sent rockets"]
    assert [w["name"] for w in part["weapons"]] == ["rockets"]


@pytest.mark.parametrize("mode", ["json", "tools", "text"])
def test_every_oracle_draft_validates_in_every_mode(mode: str) -> None:
    golds = load_gold(Path("evals/gold")) + load_gold(Path("evals/test/gold"))
    with serve() as server:
        settings = Settings.resolve(base_url=server.base_url, model=MODEL_ID, api_key="sk-oracle",
                                    mode=mode, env={})
        for gold in golds:
            server.draft = oracle_draft(gold)
            result = extract(gold.text, settings=settings)
            assert result.provenance.mode == mode
            # the answer was read whole: every drafted claim became a claim or a named warning
            assert len(result.claims) + sum(
                w.code in ("dropped", "merged") for w in result.warnings) >= len(server.draft["claims"]), gold.name


@pytest.mark.parametrize(("text", "quote", "alone"), [
    # a quotation that goes on across sentences keeps its speaker
    ('"We will not retreat from the river," said Mara Lind, the commander. "The front line near '
     'Velor is holding for a third week."', "The front line near Velor is holding for a third week.",
     "The front line near Velor is holding for a third week."),
    # a description source ("two analysts wrote") keeps the person the next sentence names
    ("Two veteran analysts wrote on Monday that Kestria will send rockets to Velor. Mara Lind and "
     "Tomas Erd, both at a research institute, said the shipment was near.",
     "Two veteran analysts wrote on Monday that Kestria will send rockets to Velor",
     "Two veteran analysts wrote on Monday that Kestria will send rockets to Velor."),
])
def test_a_drafted_person_stands_where_the_text_points_to_them(text: str, quote: str, alone: str) -> None:
    assert _one(text, quote, claimant="Mara Lind")[0] == "Mara Lind"
    # the same sentence alone points to nobody of that name: the drafted source is not kept
    assert _one(alone, quote, claimant="Mara Lind")[0] != "Mara Lind"


def _weapon_names(text: str, weapons: list[dict[str, Any]]) -> list[str]:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": weapons, "claims": []})
    return [w.name for w in resolve(draft, clean(text), reported=False)[1]]


def test_a_shorter_mention_of_a_drafted_weapon_is_not_another_weapon() -> None:
    text = ("Kestria sent long-range 240mm rocket launchers to Velor in May. The rocket launchers "
            "arrived by rail, and Kestria also sent mortars.")
    drafted = [{"name": "long-range 240mm rocket launchers", "category": "rocket_launcher",
                "quote": "long-range 240mm rocket launchers"}]
    names = _weapon_names(text, drafted)
    assert "rocket launchers" not in names  # the same launchers, written shorter
    assert "long-range 240mm rocket launchers" in names and "mortars" in names  # another weapon is added


@pytest.mark.parametrize(("sentence", "drafted", "expected"), [
    ("Zhao Wen said Kestria has no intention of sending rockets to Velor.", "denied", "denied"),
    ("Zhao Wen said Kestria is sending rockets to Velor this week.", "denied", "asserted"),
    ("Kestria reportedly sent rockets to Velor in the spring of that year.", "unconfirmed", "unconfirmed"),
    ("Kestria sent rockets to Velor in the spring of that year, officials say.", "unconfirmed", "asserted"),
])
def test_a_drafted_certainty_stands_where_the_words_allow_it(sentence: str, drafted: str,
                                                             expected: str) -> None:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
        {"quote": sentence[:-1], "certainty": drafted}]})
    [claim] = resolve(draft, clean(sentence), reported=False)[2]
    assert claim.certainty == expected


@pytest.mark.parametrize(("line", "kept"), [
    ("Thank you.", False),
    ("Good afternoon, everyone.", False),
    ("Thank you for the rockets you sent to Velor last spring.", True),
    ("2:15 P.M. EDT", False),
    ("At 2:15 p.m. the rockets hit the depot in Velor.", True),
])
def test_greetings_and_stamps_are_not_claims(line: str, kept: bool) -> None:
    text = f"Zhao Wen spoke to reporters in Velor on Monday.\n\n{line}\n\nThe talks went on."
    draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
        {"quote": line, "certainty": "asserted"}]})
    claims, warnings = resolve(draft, clean(text), reported=False)[2:]
    assert bool(claims) == kept
    assert kept or any(w.reason.startswith("not_a_claim:") for w in warnings)


def test_a_transcript_title_label_is_the_person_the_title_names() -> None:
    text = ("THE VICE PRESIDENT: Kestria will send rockets to Velor next month, and we will "
            "watch every shipment.\n\nQ: Will Velor pay for them?\n\nTHE VICE PRESIDENT: "
            "Velor has already paid for the first shipment in full.\n")
    draft = Draft.model_validate({"actors": [*ACTORS, {"name": "Ana Ruiz", "kind": "person"}],
                                  "weapons": [], "claims": [
        {"quote": "Kestria will send rockets to Velor next month", "certainty": "asserted"}]})
    for title, expected in (("Remarks by Vice President Ana Ruiz on the Velor talks", "Ana Ruiz"),
                            ("Remarks on the Velor talks", None)):
        actors, _, claims, _ = resolve(draft, clean(text), title=title, reported=False)
        name = {a.id: a.name for a in actors}
        assert name.get(claims[0].claimant or "") == expected


def test_a_drafted_type_the_words_support_stands() -> None:
    text = "Zhao Wen said Kestria fired rockets at a depot in Velor and killed two guards."
    # a type the words do not support yields to the first the words state (the more specific)
    for drafted, expected in (("casualty", "casualty"), ("attack", "attack"), ("production", "casualty")):
        draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
            {"quote": text[:-1], "certainty": "asserted", "type": drafted}]})
        assert resolve(draft, clean(text), reported=False)[2][0].type == expected, drafted
