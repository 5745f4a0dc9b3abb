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
BRIEFING = "Transcript of a briefing by Tomas Erd\n\nMR. ERD: "  # a transcript turn of Tomas Erd


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
    # an actor the chunk's claims cite is in its answer though the chunk writes it otherwise
    draft["actors"].append({"name": "Kestrian defense ministry", "kind": "government_body"})
    draft["claims"][0]["claimant"] = "Kestrian defense ministry"
    part = for_chunk(draft, "Kestria sent rockets, the ministry said.")
    assert [a["name"] for a in part["actors"]] == ["Kestrian defense ministry"]


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


def test_a_sentence_the_draft_read_for_weapons_gets_no_other_weapon() -> None:
    text = "Kestria sent howitzers and mortars to Velor in May. In June, Kestria sent drones."
    names = _weapon_names(text, [{"name": "howitzers", "category": "artillery", "quote": "howitzers"}])
    assert "mortars" not in names  # the draft read that sentence: its weapons stand as drafted
    assert "drones" in names  # a sentence the draft did not read is filled


@pytest.mark.parametrize(("drafted", "added"), [
    ([], True),
    ([{"name": "drones", "category": "drone", "quote": "drones"}], False),
])
def test_a_bare_mass_noun_fills_only_a_draft_without_weapons(drafted: list[dict[str, Any]],
                                                           added: bool) -> None:
    text = "Kestria sent drones to Velor in May. In June, Kestria promised ammunition to Velor."
    assert ("ammunition" in _weapon_names(text, drafted)) == added


def _parties(text: str, weapons: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": weapons, "claims": []})
    actors, found, _, _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in actors}
    return [(w.name, name.get(w.origin or ""), name.get(w.recipient or "")) for w in found]


ECHO = [{"name": n, "category": c, "recipient": "Velor"} for n, c in (
    ("air defenses", "air_defense"), ("artillery", "artillery"), ("drones", "drone"))]


@pytest.mark.parametrize(("quote", "kept"), [("needs air defenses, artillery and drones", True),
                                             ("Kestria said on Monday", False)])
def test_category_words_the_drafted_quote_writes_are_not_an_echo(quote: str, kept: bool) -> None:
    text = "Kestria said on Monday that Velor needs air defenses, artillery and drones."
    found = _parties(text, [{**w, "quote": quote} for w in ECHO])
    # quoted where the article writes them: the article's words, kept with their drafted
    # recipient; quoted elsewhere: the schema echoed (dropped; re-found without parties)
    assert sorted(found) == sorted((w["name"], None, "Velor" if kept else None) for w in ECHO)


@pytest.mark.parametrize(("text", "origin"), [
    ("Velor said the shells shipped in May have arrived.", None),
    ("Kestria said the shells shipped in May have arrived.", "Kestria"),
])
def test_a_supplier_read_from_the_sentence_is_never_the_drafted_recipient(text: str,
                                                                          origin: str | None) -> None:
    drafted = [{"name": "shells", "category": "ammunition", "quote": "shells", "recipient": "Velor"}]
    assert _parties(text, drafted) == [("shells", origin, "Velor")]


@pytest.mark.parametrize(("name", "kept"), [("underwater nuclear weapons system", True),
                                            ("nuclear weapons", False)])
def test_a_weapons_system_is_named_as_a_weapon(name: str, kept: bool) -> None:
    text = "Kestria tested an underwater nuclear weapons system and said it would build nuclear weapons."
    assert (name in _weapon_names(text, [{"name": name, "category": "other", "quote": name}])) == kept


@pytest.mark.parametrize(("text", "added"), [
    ("Norway warned Kestria on Monday. Later, Norway sent envoys to Velor.", True),
    ("Kestria held talks in Norway on Monday. Envoys met again in Norway.", False),
    ("Kestria closed the Velor-Norway border and the Norway-Kestria road.", False),
    ("Kestria wrote to the U.S. Congress. Velor wrote to the U.S. Senate.", False),
])
def test_a_state_named_only_as_a_place_or_modifier_is_not_added(text: str, added: bool) -> None:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": []})
    names = {a.name for a in resolve(draft, clean(text), reported=False)[0]}
    assert bool(names & {"Norway", "United States"}) == added


@pytest.mark.parametrize(("name", "kept"), [("Kestria Sends Rockets To Velor", False),
                                            ("Kestria", True)])
def test_a_headline_is_not_an_actor(name: str, kept: bool) -> None:
    text = "Kestria Sends Rockets To Velor\n\nKestria sent rockets to Velor on Monday, Zhao Wen said."
    draft = Draft.model_validate({"actors": [{"name": name, "kind": "person"}], "weapons": [],
                                  "claims": []})
    actors, _, _, warnings = resolve(draft, clean(text), reported=False)
    assert (name in {a.name for a in actors}) == kept
    assert kept or any(w.reason == "actor_is_headline" for w in warnings)


@pytest.mark.parametrize(("sentence", "stands"), [
    ("The Kestrian Army is announcing new drills near Velor this week.", True),
    ("The Kestrian Army has decided to hold new drills near Velor this week.", True),
    ("The Kestrian Army opposed the new drills near Velor this week.", True),
    ("The Kestrian Army released a video showing drones over Velor this week.", True),
    ("The Kestrian Army released two prisoners near Velor this week.", False),
    ("The Kestrian Army fired rockets near Velor this week.", False),
    ("Rebels fired rockets near the Kestrian Army this week.", False),
])
def test_a_drafted_source_stands_as_the_subject_of_a_speech_act(sentence: str, stands: bool) -> None:
    # no reporting cue: the subject of a verb of speech, stance or decision is its source; the
    # subject of an event, or a name elsewhere, is not (the article states it)
    assert _one(sentence, sentence[:-1], claimant="Kestrian Army")[0] == (
        "Kestrian Army" if stands else None)


def test_a_drafted_relay_the_text_writes_as_the_source_keeps_the_drafted_original() -> None:
    text = ("Velor will wait while the Kestrian Army holds the pass, where it thinks the rebels "
            "are hiding, said Mara Lind.")
    assert _one(text, text[:-1], claimant="Kestrian Army", via=["Mara Lind"]) == (
        "Kestrian Army", ["Mara Lind"])
    assert _one(text, text[:-1], claimant="Kestrian Army") == ("Mara Lind", [])  # no relay drafted


def test_drafted_relays_stand_where_no_source_is_written() -> None:
    text = ("The Daily Planet spoke to Zhao Wen. It quoted Zhao Wen the next day saying Kestria "
            "and Velor \u201cwill boost ties in all areas.\u201d")
    quote = "will boost ties in all areas."
    assert _one(text, quote, claimant="Zhao Wen", via=["Daily Planet"]) == ("Zhao Wen", ["Daily Planet"])


@pytest.mark.parametrize(("text", "quote", "filled"), [
    ("Zhao Wen said the rebels hold forty rockets near Velor.",
     "the rebels hold forty rockets near Velor", "Zhao Wen"),
    ("Zhao Wen said the rebels are believed to hold forty rockets near Velor.",
     "the rebels are believed to hold forty rockets near Velor", None),
    ("Kestria has warned that Velor will stop the drills, after Velor fired two rockets on Monday.",
     "Velor will stop the drills", "Kestria"),
    ("Kestria has warned that Velor will stop the drills, after Velor fired two rockets on Monday.",
     "Velor fired two rockets on Monday", None),
])
def test_an_empty_source_is_filled_only_with_the_content_a_cue_reports(
        text: str, quote: str, filled: str | None) -> None:
    # a passive report names no source; an adverbial after the reported clause is the writer's
    assert _one(text, quote)[0] == filled


@pytest.mark.parametrize("text", [
    "Mara Lind, a fellow in Kestria from 2018 to 2021, told the Velor Herald via email that "
    "Kestria is unlikely to send rockets.",
    "Kestria is unlikely to send rockets, said Mara Lind, a fellow in Kestria from 2018 to 2021.",
])
def test_the_one_told_is_not_the_source(text: str) -> None:
    # the object of "told" is the one addressed, even after an appositive and its comma; an
    # inverted "said X" names its speaker after it
    assert _one(text, "Kestria is unlikely to send rockets")[0] == "Mara Lind"


@pytest.mark.parametrize(("organs", "source"), [
    (["Norwegian Intelligence Service"], "Norwegian Intelligence Service"),
    # two services: which one is meant is unknown; an army is no agency
    (["Norwegian Intelligence Service", "Norwegian Security Service"], "Norway's spy agency"),
    (["Norwegian Intelligence Service", "Norwegian Army"], "Norwegian Intelligence Service"),
])
def test_a_description_the_text_writes_as_a_source_is_the_one_organ_it_describes(
        organs: list[str], source: str) -> None:
    text = ("Mara Lind said the Norwegian Intelligence Service had confirmed it. Kestria sent "
            "drones to Velor, according to Norway's spy agency.")
    drafted = [*ACTORS, *({"name": n, "kind": "government_body", "country": "NOR"} for n in organs)]
    draft = Draft.model_validate({"actors": drafted, "weapons": [], "claims": [
        {"quote": "Kestria sent drones to Velor", "certainty": "asserted"}]})
    actors, _, [claim], _ = resolve(draft, clean(text), reported=False)
    assert {a.id: a.name for a in actors}[claim.claimant or ""] == source


@pytest.mark.parametrize(("text", "source"), [
    ("Mara Lind governs Velor. Kestria said on Monday that rockets hit Velor, while in Velor "
     "officials said Kestrian drones struck a depot.", "Mara Lind"),
    ("Mara Lind governs Velor. Kestria said on Monday that rockets hit Velor and that Kestrian "
     "drones struck a depot.", "Kestria"),
])
def test_a_cue_before_a_contrast_reports_only_its_own_clause(text: str, source: str) -> None:
    assert _one(text, "Kestrian drones struck a depot", claimant="Mara Lind")[0] == source


@pytest.mark.parametrize(("drafted", "expected"), [("France", "France"),
                                                   ("Velor", "French presidency")])
def test_a_drafted_state_stands_where_its_organ_speaks(drafted: str, expected: str) -> None:
    text = "The French presidency said Paris will send rockets to Velor in May."
    actors = [*ACTORS, {"name": "France", "kind": "state"}]
    draft = Draft.model_validate({"actors": actors, "weapons": [], "claims": [
        {"quote": text[:-1], "certainty": "asserted", "claimant": drafted}]})
    found, _, [claim], _ = resolve(draft, clean(text), reported=False)
    assert {a.id: a.name for a in found}[claim.claimant or ""] == expected


@pytest.mark.parametrize(("sentence", "drafted", "expected"), [
    ("Zhao Wen said Kestria has no intention of sending rockets to Velor.", "denied", "denied"),
    ("Zhao Wen said Kestria is sending rockets to Velor this week.", "denied", "asserted"),
    ("Kestria reportedly sent rockets to Velor in the spring of that year.", "unconfirmed", "unconfirmed"),
    ("Kestria sent rockets to Velor in the spring of that year, officials say.", "unconfirmed", "asserted"),
    ("Asked about the rockets sent to Velor, Kestria would not comment.", "unconfirmed", "unconfirmed"),
    ("Zhao Wen said Kestria will most likely send rockets that could reach Velor.", "probable", "probable"),
    ("Zhao Wen said Kestria could send rockets that reach Velor.", "probable", "possible"),
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


def _certainty(text: str, quote: str, drafted: str) -> str:
    draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
        {"quote": quote, "certainty": drafted}]})
    [claim] = resolve(draft, clean(text), reported=False)[2]
    return claim.certainty


ASSESSED = ("Velor's intelligence service assessed that Kestria shipped 40 rockets to Velor, "
            "although the figure has not been independently verified.")


@pytest.mark.parametrize(("text", "quote", "drafted", "expected"), [
    # a drafted certainty one of the words gives stands; the rule's reading fills the others
    (ASSESSED, ASSESSED[:-1], "probable", "probable"),
    (ASSESSED, ASSESSED[:-1], "asserted", "unconfirmed"),
    # an infinitive another verb governs asks for a denial, it makes none
    ("Kestria urged Velor to deny port access to the rocket ships.", "Kestria urged Velor to deny port access",
     "asserted", "asserted"),
    ("Kestria denied that its rocket ships entered the port of Velor.", "its rocket ships entered the port",
     "asserted", "denied"),
    # the noun "assessment" is a hedge only with its content clause
    ("Damage assessment in Velor is ongoing after the rocket strike.", "Damage assessment in Velor is ongoing",
     "asserted", "asserted"),
    ("Our assessment is that Kestria will strike Velor with rockets.",
     "Our assessment is that Kestria will strike Velor with rockets", "asserted", "probable"),
    # a denial pointed back to is not the source's denial
    ("Kestria says it sent no rockets. That denial is not credible.", "That denial is not credible",
     "asserted", "asserted"),
    # a non-confirmation written in the sentence after
    ("Zhao Wen said Kestria sent 12 rockets to Velor. The claim could not be independently verified.",
     "Kestria sent 12 rockets to Velor", "unconfirmed", "unconfirmed"),
    ("Zhao Wen said Kestria sent 12 rockets to Velor. The rockets arrived by sea.",
     "Kestria sent 12 rockets to Velor", "unconfirmed", "asserted"),
    # an unnamed report with its content
    ("The ministers noted with alarm reports that Kestria delivered rockets to Velor.",
     "Kestria delivered rockets to Velor", "unconfirmed", "unconfirmed"),
    # a negation allows a drafted denial beside unverified words
    ("Mara Lind said there was no indication that Kestria moved rockets, despite unverified reports.",
     "there was no indication that Kestria moved rockets", "denied", "denied"),
    # a falsity predicate is a denial; a drafted assertion of it stays asserted
    ("Kestria says Velor fired the rockets. That is an outright lie.", "That is an outright lie",
     "denied", "denied"),
    ("Kestria says Velor fired the rockets. That is an outright lie.", "That is an outright lie",
     "asserted", "asserted"),
    ("Kestria says Velor fired the rockets. The rockets lie in a depot.", "The rockets lie in a depot",
     "denied", "asserted"),
    # "could not" is inability, no hedge; "could" alone is one
    ("Mara Lind said Velor could not hold the line without rockets.", "Velor could not hold the line without rockets",
     "asserted", "asserted"),
    ("Mara Lind said Velor could hold the line without rockets.", "Velor could hold the line without rockets",
     "asserted", "possible"),
])
def test_a_drafted_certainty_the_words_give_stands(text: str, quote: str, drafted: str,
                                                   expected: str) -> None:
    assert _certainty(text, quote, drafted) == expected


@pytest.mark.parametrize(("text", "quote", "stands"), [
    # the drafted source as the subject of any finite verb with a content clause
    ("Mara Lind underscored that Velor needs rockets before the winter.",
     "Velor needs rockets before the winter", True),
    ("Mara Lind is also deeply concerned that Velor needs rockets.", "Velor needs rockets", True),
    ("Mara Lind arrived in Velor as rockets fell on the city.", "rockets fell on the city", False),
    ("Mara Lind has been demanding that Velor return the rockets.", "Velor return the rockets", True),
    # the agent of a passive
    ("This stance is viewed by Mara Lind as a turn in Velor's rocket policy.",
     "This stance is viewed by Mara Lind as a turn in Velor's rocket policy", True),
    ("This stance was drafted after Mara Lind left Velor's rocket office.",
     "This stance was drafted after Mara Lind left Velor's rocket office", False),
    # an expressive with its object
    ("Mara Lind also voiced her opposition to a rocket strike on Velor.",
     "Mara Lind also voiced her opposition to a rocket strike on Velor", True),
    ("Mara Lind also flew her plane to a rocket base in Velor.",
     "Mara Lind also flew her plane to a rocket base in Velor", False),
    # a sentence that opens by pointing back goes on with the sentence before's source
    ("Mara Lind studied the images on Monday. The same images show 12 rocket launchers near Velor.",
     "The same images show 12 rocket launchers near Velor", True),
    ("Mara Lind studied the images on Monday. Twelve rocket launchers stand near Velor.",
     "Twelve rocket launchers stand near Velor", False),
    ("Mara Lind visited Velor on Monday.\n\nThe same images show 12 rocket launchers near Velor.",
     "The same images show 12 rocket launchers near Velor", False),
])
def test_a_drafted_source_stands_where_the_syntax_makes_it_the_source(text: str, quote: str,
                                                                       stands: bool) -> None:
    assert (_one(text, quote, claimant="Mara Lind")[0] == "Mara Lind") == stands


@pytest.mark.parametrize(("text", "source"), [
    # a cue after a colon reports what follows it, not the content before
    ("Velor has not confirmed any of this: Zhao Wen said on Monday that talks go on.", None),
    ("Velor has not confirmed any of this, Zhao Wen said on Monday.", "Zhao Wen"),
    # a cue's -s form in a list is a plural noun
    ("The Nordic states and Velor should coordinate their air defenses.", None),
])
def test_an_empty_source_is_filled_only_by_a_cue_that_reports_the_content(text: str,
                                                                          source: str | None) -> None:
    quote = text.split(":")[0].split(",")[0].rstrip(".")
    assert _one(text, quote)[0] == source


def test_a_drafted_relay_of_an_unnamed_source_stands() -> None:
    text = "Mara Lind described unverified reports of rocket launchers near Velor."
    quote = "unverified reports of rocket launchers near Velor"
    assert _one(text, quote, via=["Mara Lind"]) == (None, ["Mara Lind"])
    assert _one(text, quote) == ("Mara Lind", [])  # nothing drafted: the cue's subject fills it


NORWAY = [*ACTORS, {"name": "Norway", "kind": "state"}]


@pytest.mark.parametrize(("claimant", "via", "expected"), [
    ("Norway", ["Tomas Erd"], ("Norway", ["Tomas Erd"])),  # the speaker relays the side he names
    (None, [], ("Tomas Erd", [])),  # nothing drafted: the turn's speaker says it
])
def test_a_transcript_turn_that_relays_another_side_keeps_the_drafted_source(
        claimant: str | None, via: list[str], expected: tuple[str | None, list[str]]) -> None:
    text = ("TOMAS ERD: Our Norwegian counterparts have told us that rebels fired rockets at Velor on Monday.\n\n"
            "Q: Did they hit the port?\n\nTOMAS ERD: We will see.\n")
    draft = Draft.model_validate({"actors": NORWAY, "weapons": [], "claims": [
        {"quote": "rebels fired rockets at Velor on Monday", "certainty": "asserted",
         "claimant": claimant, "via": via}]})
    actors, _, [claim], _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in actors}
    assert (name.get(claim.claimant or ""), [name[v] for v in claim.via]) == expected


@pytest.mark.parametrize(("second", "added"), [
    ("In June the 18th Artillery Regiment moved north.", None),  # a unit's name
    ("In June, North Korean missiles hit Velor again.", None),  # the drafted missiles, by origin
    ("In June, cruise missiles hit Velor again.", "cruise missiles"),
    ("In June, the first 24 KN-23 missiles hit Velor.", None),  # the drafted missiles, counted
    ("In June, Kestria struck the drone storage sites of Velor.", None),  # a compound's modifier
])
def test_a_weapon_named_again_is_not_another_weapon(second: str, added: str | None) -> None:
    text = f"Kestria fired 40 KN-23 ballistic missiles at Velor in May. {second}"
    drafted = [{"name": "KN-23 ballistic missiles", "category": "missile", "quote": "KN-23 ballistic missiles"}]
    names = _weapon_names(text, drafted)
    assert names == ["KN-23 ballistic missiles", *([added] if added else [])]


@pytest.mark.parametrize(("sentence", "parties"), [
    ("Kestria is sending drones to Velor.", ("Kestria", "Velor")),
    ("Kestria may be sending drones to Velor.", (None, None)),  # hedged: no transfer stated
    ("Kestria denied that it is sending drones to Velor.", (None, None)),  # denied
    ("Velor flew drones supplied by Kestria.", ("Kestria", None)),  # a passive's agent supplies
])
def test_parties_are_read_only_from_a_transfer_the_sentence_states(
        sentence: str, parties: tuple[str | None, str | None]) -> None:
    drafted = [{"name": "drones", "category": "drone", "quote": "drones"}]
    assert _parties(sentence, drafted) == [("drones", *parties)]


def test_a_statement_whose_title_names_an_organization_as_author_speaks_with_its_voice() -> None:
    # a third-person sentence of the statement: the drafted author stands where the title makes
    # it the statement's author, before the genre word or after "by"; a title that only
    # mentions it as its topic does not
    text = ("We condemn the strikes on Velor. The shipment of rockets from Kestria constitutes "
            "a grave escalation.\n")
    actors = [*ACTORS, {"name": "Northern Council", "kind": "organization"}]
    draft = Draft.model_validate({"actors": actors, "weapons": [], "claims": [
        {"quote": "The shipment of rockets from Kestria constitutes a grave escalation",
         "certainty": "asserted", "claimant": "Northern Council"}]})
    for title, expected in (("Northern Council Statement on Velor", "Northern Council"),
                            ("Statement by the Northern Council on Velor", "Northern Council"),
                            ("Statement on the Northern Council and Velor", None),
                            ("Northern Council meets on Velor", None)):
        actors_, _, claims, _ = resolve(draft, clean(text), title=title, reported=False)
        name = {a.id: a.name for a in actors_}
        assert name.get(claims[0].claimant or "") == expected, title


def test_a_drafted_source_coordinated_with_the_written_one_stands() -> None:
    text = "Mara Lind and Tomas Erd said they believe Kestria will attack Velor."
    quote = "Kestria will attack Velor"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, quote, claimant="Tomas Erd") == ("Tomas Erd", [])
    assert _one(text, quote, claimant="Zhao Wen")[0] == "Mara Lind"  # not written: the first conjunct
    assert _one(text, quote)[0] == "Mara Lind"  # an empty source is filled with the first conjunct
    listed = "Zhao Wen, Mara Lind and Tomas Erd said Kestria will attack Velor."
    assert _one(listed, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(listed, quote)[0] == "Zhao Wen"
    inverted = "Kestria will attack Velor, Tomas Erd said."  # a comma ends the content: no list
    assert _one(inverted, quote, claimant="Velor")[0] == "Tomas Erd"
    assert _one(inverted, quote)[0] == "Tomas Erd"


def test_a_coordinated_subject_of_a_speech_act_is_its_source() -> None:
    text = "Kestria and Velor welcomed the ceasefire on Monday."
    assert _one(text, text[:-1], claimant="Kestria") == ("Kestria", [])
    text = "Zhao Wen called for an immediate ceasefire in Velor."
    assert _one(text, text[:-1], claimant="Zhao Wen") == ("Zhao Wen", [])
    assert _one(text, text[:-1])[0] == "Zhao Wen"
    text = "Zhao Wen visited the front before the ceasefire in Velor."
    assert _one(text, text[:-1], claimant="Zhao Wen")[0] is None  # an act, not a speech act


def test_a_draft_that_grades_certainty_keeps_its_grades() -> None:
    text = ("Zhao Wen believes Kestria sent rockets to Velor. Mara Lind said Kestria may send more. "
            "Tomas Erd denied that Velor paid for them.")
    quotes = ["Kestria sent rockets to Velor", "Kestria may send more", "Velor paid for them"]

    def certainties(*drafted: str) -> list[str]:
        draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
            {"quote": q, "certainty": c} for q, c in zip(quotes, drafted, strict=True)]})
        _, _, claims, warnings = resolve(draft, clean(text), reported=False)
        assert all(w.code == "alternative" for w in warnings if w.reason == "certainty_drafted_stands")
        return [c.certainty for c in claims]

    # three grades: the model reads certainty; its "asserted" beside "believes" stands
    assert certainties("asserted", "possible", "denied") == ["asserted", "possible", "denied"]
    # one grade: the words are read ("believes": probable; "may": possible)
    assert certainties("asserted", "asserted", "asserted") == ["probable", "possible", "denied"]
    # two grades, the one it departs on wrong for its words ("may" is no "probable", "believes"
    # no denial): it does not read certainty, and the words are read
    assert certainties("asserted", "probable", "asserted") == ["probable", "possible", "denied"]
    assert certainties("denied", "asserted", "asserted")[1:] == ["possible", "denied"]


def test_a_draft_that_departs_from_asserted_only_where_the_words_do_keeps_its_grades() -> None:
    text = ("Tomas Erd denied that Velor paid for the rockets. Mara Lind said the convoy, which "
            "could carry forty tonnes, reached Kestria on Monday.")
    quotes = ["Velor paid for the rockets", "the convoy, which could carry forty tonnes, reached Kestria"]

    def certainties(*drafted: str) -> list[str]:
        draft = Draft.model_validate({"actors": ACTORS, "weapons": [], "claims": [
            {"quote": q, "certainty": c} for q, c in zip(quotes, drafted, strict=True)]})
        return [c.certainty for c in resolve(draft, clean(text), reported=False)[2]]

    # its one denial is the text's: it reads certainty, and "could" (what the convoy can
    # carry) does not make its "asserted" a possibility
    assert certainties("denied", "asserted") == ["denied", "asserted"]
    # all asserted: nothing shows it reads certainty; the words are read
    assert certainties("asserted", "asserted") == ["denied", "possible"]


def test_a_body_named_with_its_states_demonym_is_found_written_with_the_possessive() -> None:
    from llmclaims.text.gazetteer import possessive_forms

    assert possessive_forms("Ukrainian navy") == ("Ukraine's navy", "Ukraine\u2019s navy")
    assert possessive_forms("Ukrainian") == () and possessive_forms("Mara Lind") == ()
    text = "Ukraine\u2019s navy shared a video on Telegram showing drones striking a ship."
    source = _drafted_body_source(text, "Ukrainian navy", "military", "drones striking a ship")
    assert source.name == "Ukrainian navy" and source.grounded  # the publisher of the video


def test_a_paragraph_opening_with_a_pronoun_goes_on_with_the_paragraph_before() -> None:
    text = ("Mara Lind said the talks with Velor had failed.\n\n"
            "She pointed to the shelling and expressed confidence that Velor would return.\n")
    quote = "Velor would return"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, quote, claimant="Tomas Erd")[0] is None  # not named before: not its source
    plain = text.replace("She pointed", "The army pointed")
    assert _one(plain, quote, claimant="Mara Lind")[0] is None  # no pronoun: a new paragraph's own


def test_a_name_inside_a_relative_clause_is_not_the_subject_of_the_verb_after_it() -> None:
    text = "Mara Lind leads the relief agency. The head of the agency that assists Velor said Kestria will attack."
    quote = "Kestria will attack"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, quote)[0] != "Velor"
    # a content clause's "that" is no relative pronoun: its subject is the source
    text = "Mara Lind noted that Velor said Kestria will attack."
    assert _one(text, quote)[0] == "Velor"


def test_a_source_written_inside_a_quotation_is_the_quoted_speakers_words() -> None:
    quoted = ("Mara Lind, an analyst, described the talks on Monday.\n\n"
              "\u201cVelor expects Kestria to keep the ceasefire, and so will everyone else.\u201d\n")
    quote = "Kestria to keep the ceasefire"
    assert _one(quoted, quote, claimant="Mara Lind") == ("Mara Lind", [])
    unquoted = quoted.replace("\u201c", "").replace("\u201d", "")
    assert _one(unquoted, quote, claimant="Mara Lind")[0] == "Velor"  # the text's own source


def test_a_reporting_word_used_as_a_noun_names_no_source() -> None:
    actors = [*ACTORS, {"name": "Russia", "kind": "state"}]

    def source(text: str, quote: str, claimant: str | None) -> str | None:
        draft = Draft.model_validate({"actors": actors, "weapons": [], "claims": [
            {"quote": quote, "certainty": "asserted", **({"claimant": claimant} if claimant else {})}]})
        got, _, claims, _ = resolve(draft, clean(text), reported=False)
        return {a.id: a.name for a in got}.get(claims[0].claimant or "")

    for text in ("Velor rejected the Russian claims about the rockets.",
                 "Velor rejected the recent claims about the rockets.",
                 "Velor rejected these claims about the rockets."):
        assert source(text, text[:-1], "Velor") == "Velor", text
    said = "Russia claims that Velor has no rockets."
    assert source(said, "Velor has no rockets", None) == "Russia"  # a verb: its subject speaks


def test_a_sentences_subject_is_the_source_of_a_speech_act_coordinated_with_its_first_verb() -> None:
    text = "Mara Lind, a senior envoy, is a critic of the talks and has rejected the offer from Velor."
    assert _one(text, text[:-1], claimant="Mara Lind") == ("Mara Lind", [])
    acted = "Mara Lind, a senior envoy, is a critic of the talks and has visited the front in Velor."
    assert _one(acted, acted[:-1], claimant="Mara Lind")[0] is None  # a visit is no speech act
    trip = "Mara Lind returned to Velor on Friday and met the envoy of Kestria."
    assert _one(trip, trip[:-1], claimant="Mara Lind")[0] is None  # narrative: no source
    other = "Mara Lind is a critic of the talks, but Tomas Berg argued that the offer stands and has rejected the plan."
    assert _one(other, other[:-1], claimant="Mara Lind")[0] == "Tomas Berg"  # another speaker between them


def test_a_body_named_with_its_place_first_is_found_written_with_the_place_after() -> None:
    from llmclaims.resolve.actors import written_forms

    assert written_forms("Velor health ministry") == ("health ministry in Velor", "health ministry of Velor")
    assert written_forms("Health Ministry") == () and written_forms("Mara Lind") == ()
    text = "Forty people were killed in the strikes, according to the health ministry in Velor."
    source = _drafted_body_source(text, "Velor health ministry", "government_body",
                                  "Forty people were killed in the strikes")
    assert source.name == "Velor health ministry" and source.grounded


def _drafted_body_source(text: str, body: str, kind: str, quote: str) -> Any:
    """The source actor of one claim the draft credits to ``body`` (an actor beside ACTORS)."""
    draft = Draft.model_validate({"actors": [*ACTORS, {"name": body, "kind": kind}], "weapons": [],
                                  "claims": [{"quote": quote, "certainty": "asserted", "claimant": body}]})
    actors, _, claims, _ = resolve(draft, clean(text), reported=False)
    return {a.id: a for a in actors}[claims[0].claimant or ""]


def test_relays_the_draft_gives_stand_and_none_given_means_nobody_relays() -> None:
    """``via: []`` is a draft's answer (nobody relays the source); left out, the rules read relays."""
    text = "Mara Lind pledged on Monday to send tanks to Velor, as she and Tomas Erd warned that Kestria was a threat."
    quote = "Mara Lind pledged on Monday to send tanks to Velor"
    assert _one(text, quote, claimant="Mara Lind", via=[]) == ("Mara Lind", [])
    assert _one(text, quote, claimant="Mara Lind", via=["Tomas Erd"]) == ("Mara Lind", ["Tomas Erd"])
    relayed = "Zhao Wen told the Daily Planet that the Kestrian Army has confirmed that Velor fired 30 drones."
    said = "Velor fired 30 drones"
    assert _one(relayed, said, claimant="Kestrian Army")[1] == ["Zhao Wen"]  # left out: read from the text
    assert _one(relayed, said, claimant="Kestrian Army", via=["Zhao Wen"]) == ("Kestrian Army", ["Zhao Wen"])


def test_a_cue_word_that_ends_a_quotation_is_the_quoted_words_own() -> None:
    text = ('Mara Lind spoke in Velor. "If the plant works, it could become a hub for exports to '
            'Kestria and the Baltic states," she said.')
    quote = "If the plant works, it could become a hub for exports to Kestria and the Baltic states"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, quote)[0] == "Mara Lind"  # left out: the speaker of the quotation fills it
    outside = 'Mara Lind spoke in Velor. "The plant will export tanks," the Kestrian Army states.'
    assert _one(outside, "The plant will export tanks")[0] == "Kestrian Army"  # written after it


def test_a_pronoun_subject_or_a_conjunction_is_no_name_of_a_source() -> None:
    text = f"{BRIEFING}As I said at the top, this sale is about the defence of Kestria.\n"
    assert _one(text, "this sale is about the defence of Kestria", claimant="Tomas Erd") == ("Tomas Erd", [])
    named = "Mara Lind spoke first. As Tomas Erd said at the top, this sale is about the defence of Kestria."
    assert _one(named, "this sale is about the defence of Kestria", claimant="Mara Lind")[0] == "Tomas Erd"


def test_he_or_she_opening_a_sentence_without_a_cue_is_the_person_named_last_before() -> None:
    quote = "He put the value of the contract at about $6 billion"
    text = ("Mara Lind, the envoy of Velor, spoke in Kestria on Monday.\n\nUnder the deal, 100 of the "
            f"tanks would be built in Velor, the envoy said. {quote}.")
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    other = ("Mara Lind, the envoy of Velor, spoke in Kestria on Monday. Tomas Erd, her deputy, "
             f"stayed in Velor.\n\n{quote}.")
    assert _one(other, quote, claimant="Mara Lind")[0] is None  # another person was named last
    assert _one(other, quote, claimant="Tomas Erd")[0] == "Tomas Erd"
    far = text.replace("\n\nUnder", "\n\n" + "Velor and Kestria have argued over the border for years. " * 12 + "Under")
    assert _one(far, quote, claimant="Mara Lind")[0] is None  # named too far back to be "He"


def test_a_drafted_body_the_sentence_writes_without_its_state_stands() -> None:
    quote = "the first tank would not leave the plant before 2028"
    text = ("Mara Lind said the tanks would arrive in 2027, while in Aarhus defense ministry officials "
            f"said {quote}.")
    source = _drafted_body_source(text, "Danish defense ministry", "government_body", quote)
    assert source.name == "Danish defense ministry"
    other = text.replace("in Aarhus defense", "in Oslo Norwegian defense")
    with pytest.raises(KeyError):  # the drafted Danish ministry is left out: the text names Norway's
        _drafted_body_source(other, "Danish defense ministry", "government_body", quote)
    for written in ("in Oslo Norway's own defense", "the defense ministry of Norway and its"):
        other = text.replace("in Aarhus defense ministry", written) if "of Norway" in written else \
            text.replace("in Aarhus defense", written)
        with pytest.raises(KeyError):  # Norway's, written before or after the body
            _drafted_body_source(other, "Danish defense ministry", "government_body", quote)


@pytest.mark.parametrize(("text", "quote"), [
    ("Drone strikes killed 27 civilians in Arda on Tuesday, the Kestrian Army said, in one of the deadliest "
     "attacks on the city since the war began.", "in one of the deadliest attacks on the city since the war began"),
    ("The Kestrian Army said the drone was launched by the Velor Front, a militia that is armed and trained "
     "by Velor.", "a militia that is armed and trained by Velor"),
    ("Mara Lind said a patrol boat was expelled from waters near Arda Shoal, which Velor seized in 2012.",
     "which Velor seized in 2012"),
    ("Mara Lind told the assembly on Wednesday, in a debate in which opposition lawmakers accused her of "
     "breaking a promise.", "opposition lawmakers accused her of breaking a promise"),
])
def test_the_writers_aside_in_a_reported_sentence_is_not_filled_with_its_source(text: str, quote: str) -> None:
    """An empty drafted source stays empty where the words are no content of the sentence's cue:
    after the cue and a comma, an appositive or non-restrictive relative clause, a clause with
    its own unnamed subject and cue."""
    assert _one(text, quote) == (None, [])


def test_the_content_of_a_reported_sentence_is_still_filled_with_its_source() -> None:
    assert _one("Mara Lind said the drones, which Velor built, had killed nine people.",
                "the drones, which Velor built, had killed nine people")[0] == "Mara Lind"
    assert _one("Mara Lind said Velor had fired 30 drones at Arda, which killed nine people.",
                "Velor had fired 30 drones at Arda")[0] == "Mara Lind"
    assert _one("Mara Lind and Tomas Erd said they believe Velor fired the drones.",
                "said they believe Velor fired the drones")[0] == "Mara Lind"
    assert _one("On Friday, Mara Lind said that Velor fired the drones.",
                "Mara Lind said that Velor fired the drones")[0] == "Mara Lind"  # no appositive


def test_a_coordinated_subject_with_a_title_or_a_pronoun_first() -> None:
    titled = ("Defense Secretary Mara Lind and Kestrian Defense Minister Tomas Erd said the first two ships "
              "would sail in May.")
    quote = "the first two ships would sail in May"
    assert _one(titled, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(titled, quote, claimant="Tomas Erd") == ("Tomas Erd", [])  # one of the subjects: stands
    assert _one(titled, quote)[0] == "Mara Lind"  # left out: the first named
    pronoun = ("Mara Lind pledged on Monday to send tanks to Velor, as she and President Tomas Erd warned "
               "that Kestria was a threat.")
    assert _one(pronoun, "Kestria was a threat", claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(pronoun, "Kestria was a threat")[0] == "Mara Lind"  # "she": the person named last before


@pytest.mark.parametrize(("text", "first"), [
    ("The drones hit Kestria and Defense Minister Tomas Erd said 20 people were killed.", "Tomas Erd"),
    ("The foreign ministers of Kestria and Velor said 20 people were killed.", "Kestria"),  # the subject's own
    ("Velor and Defense Minister Tomas Erd said 20 people were killed.", "Velor"),
    ("Mara Lind and Velor Tomas Erd said 20 people were killed.", "Tomas Erd"),
    ("Mara Lind and Kestrian Defense Minister Tomas Erd said 20 people were killed.", "Mara Lind"),
])
def test_a_coordinated_subject_is_no_object_before_it_and_no_other_name_inside_it(text: str, first: str) -> None:
    """A list of subjects joins names after "and" only with a title between ("and Kestrian Defense
    Minister"), and never starts as the object of a verb ("hit Kestria and ..."); after a
    preposition it belongs to the subject ("The foreign ministers of Kestria and Velor")."""
    assert _one(text, "20 people were killed")[0] == first


def test_a_drafted_source_of_the_writers_aside_is_not_contradicted_by_the_sentences_cue() -> None:
    text = (f"{BRIEFING}The Velor Front said on Friday that Velor has sent no drones to Kestria, "
            "a denial which we don't find credible.\n")
    assert _one(text, "a denial which we don't find credible", claimant="Tomas Erd") == ("Tomas Erd", [])
    content = "Mara Lind said on Friday that Velor has sent no drones to Kestria, a denial which Kestria rejected."
    assert _one(content, "Velor has sent no drones to Kestria", claimant="Tomas Erd")[0] == "Mara Lind"


def test_a_cue_word_with_a_noun_phrase_object_in_its_other_sense_names_no_source() -> None:
    text = ('"You can only protect cities," Mara Lind said. Velor had observed the truce in Arda since April, '
            "she added, and Kestria had fired 30 drones since May.")
    kept = "Velor had observed the truce in Arda since April"
    assert _one(text, kept, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, kept) == ("Mara Lind", [])  # left out: "she added", not "Velor had observed"
    recalled = "Velor recalled its ambassador from Kestria on Monday"
    assert _one(f"{recalled}, Mara Lind said.", recalled)[0] == "Mara Lind"
    assert _one("Velor observed that the truce had held since April.", "the truce had held since April")[0] == "Velor"


def test_a_cue_before_an_opening_quotation_mark_reports_it_one_before_a_closing_mark_is_quoted() -> None:
    quote = "Velor will send 30 tanks to Kestria"
    opening = f'Mara Lind said:"{quote} in May."'
    assert _one(opening, quote)[0] == "Mara Lind"
    closing = f'"{quote}, as we said," Tomas Erd told Mara Lind.'
    assert _one(closing, quote)[0] == "Tomas Erd"


def test_a_pointing_back_sentence_reaches_past_a_description_to_the_name() -> None:
    quote = "Its analysts also identified two radars at the base in Velor"
    text = ("Images analysed by the Daily Planet, an imagery firm, show three drones at the base in Arda. "
            f"The firm estimated that the hangar could house six aircraft. {quote}.")
    assert _one(text, quote, claimant="Daily Planet") == ("Daily Planet", [])
    named = text.replace("The firm estimated", "Tomas Erd estimated")
    assert _one(named, quote, claimant="Daily Planet")[0] is None  # the sentence between names another
    event = text.replace("The firm estimated that the hangar", "The hangar")
    assert _one(event, quote, claimant="Daily Planet")[0] is None  # a description that reports nothing


@pytest.mark.parametrize(("text", "quote"), [
    ("Velor, Mara Lind said, will send 30 tanks to Kestria in May.", "will send 30 tanks to Kestria in May"),
    ("Velor would send 30 tanks to Kestria, Mara Lind said, adding that the first would arrive in May.",
     "the first would arrive in May"),
    ("Mara Lind said the losses reported by Velor were exaggerated.", "the losses reported by Velor were exaggerated"),
    ("Velor fired 30 drones at Arda on Monday, a sign that the truce has collapsed, Mara Lind said.",
     "a sign that the truce has collapsed"),
])
def test_the_content_of_a_cue_around_a_comma_is_still_its_sources(text: str, quote: str) -> None:
    """Counter-pairs to the writer's-aside rule: these words are what Mara Lind said."""
    assert _one(text, quote)[0] == "Mara Lind"


def test_a_cue_with_a_clause_or_a_long_object_keeps_its_source() -> None:
    assert _one("Kestria maintains its position that Velor fired the drones.", "Velor fired the drones")[0] == "Kestria"
    assert _one("Mara Lind recalled the day Velor fired 30 drones at Arda.",
                "the day Velor fired 30 drones at Arda")[0] == "Mara Lind"


@pytest.mark.parametrize(("text", "expected"), [
    ("Diplomats said Velor would send 30 tanks to Kestria.", None),
    ("Daily Planet said Velor would send 30 tanks to Kestria.", "Daily Planet"),
    ("Rose said Velor would send 30 tanks to Kestria. Nobody asked Rose.", "Rose"),
])
def test_a_common_word_capitalized_only_by_its_place_is_no_source(text: str, expected: str | None) -> None:
    """A one-word "name" first in its sentence that the dictionary knows in lower case and the
    text never capitalizes inside a sentence ("Diplomats", "Reacting") fills no empty source; a
    word the text also capitalizes inside a sentence ("Nobody asked Rose") is a name."""
    assert _one(text, "Velor would send 30 tanks to Kestria")[0] == expected


def test_a_participle_opening_the_sentence_does_not_overrule_the_drafted_source() -> None:
    text = "Reacting, the former envoy of Kestria, Mara Lind (Arda North), alleged Velor would send 30 tanks."
    quote = "Velor would send 30 tanks"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    assert _one(text, quote)[0] != "Reacting"


def test_a_drafted_relay_written_as_a_source_with_the_drafted_source_in_the_sentence_stands() -> None:
    text = ("Velor has agreed to send 30 tanks to Kestria, according to the Daily Planet, which cited "
            "Mara Lind.")
    quote = "Velor has agreed to send 30 tanks to Kestria"
    assert _one(text, quote, claimant="Mara Lind", via=["Daily Planet"]) == ("Mara Lind", ["Daily Planet"])
    # the drafted source not in the sentence: the text's reading
    assert _one(text, quote, claimant="Tomas Erd", via=["Daily Planet"])[0] != "Tomas Erd"


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kestrian Army, which has fired 30 drones at Velor since May, said on Monday that the truce was over.",
     None),
    ("Velor will send 30 tanks to Kestria, which has fired 30 drones at Velor since May, said Mara Lind.",
     "Mara Lind"),
])
def test_a_relative_clause_between_a_subject_and_its_cue_is_not_what_it_says(
        text: str, expected: str | None) -> None:
    assert _one(text, "which has fired 30 drones at Velor since May")[0] == expected


def test_a_definite_description_repeating_the_last_sentences_noun_points_back_across_a_paragraph() -> None:
    quote = "the tanks had crossed into Velor in May"
    text = ("Velor denies it, but according to a study by the Daily Planet, 30 tanks were sent to Kestria.\n\n"
            f"The study, which is due next week, found that {quote}.")
    assert _one(text, quote, claimant="Daily Planet") == ("Daily Planet", [])
    other = text.replace("The study, which", "The border, which")  # no noun of the sentence before
    assert _one(other, quote, claimant="Daily Planet")[0] is None


@pytest.mark.parametrize(("text", "quote", "expected"), [
    # a name in apposition to the subject: its source; not the name of a phrase inside it
    ("Kestria's defense minister, Mara Lind, said Velor had fired 30 drones.", "Velor had fired 30 drones",
     "Mara Lind"),
    # a body's report goes on with "It"; "It" is no person
    ("The Kestrian Army said Velor fired 30 drones. It said the drones came from Arda.",
     "the drones came from Arda", "Kestrian Army"),
    ("Mara Lind said Velor fired 30 drones. It said the drones came from Arda.", "the drones came from Arda", None),
    # a quotation goes on in the same paragraph: its speaker's
    ('"Velor fired 30 drones," Mara Lind said. "The drones came from Arda."', "The drones came from Arda",
     "Mara Lind"),
    ('"Velor fired 30 drones," Mara Lind said. The drones came from Arda.', "The drones came from Arda", None),
    # a state's officials, a time and an adverb before the cue; no state, no source
    ("Danish officials on Tuesday also said Velor fired 30 drones.", "Velor fired 30 drones", "Denmark"),
    ("Western officials on Tuesday also said Velor fired 30 drones.", "Velor fired 30 drones", None),
    # a cue in the passive reports nothing of its subject
    ("Mara Lind said Velor was expected to receive 30 tanks in May.", "Velor was expected to receive 30 tanks in May",
     "Mara Lind"),
    # an abbreviated title after "according to" is no name of its own
    ("Velor sent 30 tanks to Kestria, according to Rep. Tomas Erd, who briefed reporters.",
     "Velor sent 30 tanks to Kestria", "Tomas Erd"),
    # a cue, a day and a comma, then a noun phrase of time: the writer's aside
    ("Velor fired 30 drones at Arda, the Kestrian Army said Sunday, a day after Kestria fired rockets at Velor.",
     "a day after Kestria fired rockets at Velor", None),
    ("Velor fired 30 drones at Arda, the Kestrian Army said Sunday, adding that Kestria fired rockets at Velor.",
     "Kestria fired rockets at Velor", "Kestrian Army"),
])
def test_an_empty_source_is_filled_from_the_written_subject(text: str, quote: str, expected: str | None) -> None:
    assert _one(text, quote)[0] == expected


@pytest.mark.parametrize(("text", "quote", "drafted"), [
    ("The Kestrian Army, in a statement signed by its director, Mara Lind, dismissed the report as false.",
     "dismissed the report as false", "Kestrian Army"),
    ("Velor rejected the accusation.", "Velor rejected the accusation", "Velor"),
    ("Mara Lind informed Tomas Erd that Velor would send 30 tanks.", "Velor would send 30 tanks", "Mara Lind"),
    ("Velor has information that Kestria fired 30 drones.", "Kestria fired 30 drones", "Velor"),
    ("Mara Lind condemned the launch, which the Kestrian Army said flew for 71 minutes.",
     "Mara Lind condemned the launch", "Mara Lind"),
])
def test_a_drafted_source_that_is_the_subject_of_the_sentences_act_stands(text: str, quote: str, drafted: str) -> None:
    assert _one(text, quote, claimant=drafted) == (drafted, [])


@pytest.mark.parametrize(("text", "quote", "kw", "expected"), [
    # a quotation goes on only as a sentence that is a quotation after one that quotes
    ('"We will respond," Mara Lind said. Velor called the strikes "a crime against our people."',
     "a crime against our people", {}, None),
    ('"We will respond," Mara Lind said. Tomas Erd posted online: "The drones came from Arda."',
     "The drones came from Arda", {}, None),
    # "It": the body of the sentence right before, not one further back
    ("The Kestrian Army said Velor fired 30 drones. The Daily Planet published photos of the wreckage. "
     "It said the drones came from Arda.", "the drones came from Arda", {}, None),
    # a state's officials: from the state's name on; two states are a list
    ("Senior Danish officials said Velor fired 30 drones.", "Velor fired 30 drones", {}, "Denmark"),
    ("Danish and Swedish officials said Velor fired 30 drones.", "Velor fired 30 drones", {}, None),
    # the agent of a noun of assertion is the source of its clause
    ("Kestria rejected claims by Velor that its army had fired 30 drones.", "its army had fired 30 drones",
     {"claimant": "Velor", "via": []}, "Velor"),
    # an apposition is a noun phrase: not a relative clause or a participle's object
    ("Tomas Erd, who met his counterpart, Mara Lind, said Velor fired 30 drones.", "Velor fired 30 drones",
     {"claimant": "Tomas Erd"}, "Tomas Erd"),
    ("Tomas Erd, speaking beside his counterpart, Mara Lind, said Velor fired 30 drones.", "Velor fired 30 drones",
     {"claimant": "Tomas Erd"}, "Tomas Erd"),
    # a drafted relay written, but the drafted source is the content's own subject: the text's reading
    ("Mara Lind said Zhao Wen had told her that Kestria fired 30 drones at Velor.", "Kestria fired 30 drones at Velor",
     {"claimant": "Kestria", "via": ["Mara Lind"]}, "Zhao Wen"),
    # a relative clause is no content clause
    ("Velor fired 30 drones that hit a power plant in Kestria on Monday.",
     "Velor fired 30 drones that hit a power plant in Kestria on Monday", {"claimant": "Velor"}, None),
    # a singular noun first in its sentence may be a name
    ("Shell said the drones hit its storage tanks.", "the drones hit its storage tanks", {}, "Shell"),
    # a relative clause before an inverted cue with "the"
    ("Velor's drones struck a hospital, which killed 12 people, said the Kestrian Army.", "which killed 12 people",
     {}, "Kestrian Army"),
])
def test_review_counter_pairs_for_the_new_fills(
        text: str, quote: str, kw: dict[str, Any], expected: str | None) -> None:
    assert _one(text, quote, **kw)[0] == expected


def test_a_first_person_plural_sentence_is_its_voices_own_not_a_named_objects() -> None:
    """'We'/'our' with no cue and no quotation: the voice's own words. A drafted state named there
    only as an object is no source; a drafted person (the speaker) stands, as does a state that
    is the subject of a speech act."""
    text = "Velor will stand with our Kestrian partners and continue to provide Kestria with tanks."
    assert _one(text, text[:-1], claimant="Kestria")[0] is None
    assert _one(text, text[:-1], claimant="Mara Lind") == ("Mara Lind", [])
    act = "Velor and our partners condemned the strikes on Kestria."
    assert _one(act, act[:-1], claimant="Velor") == ("Velor", [])


@pytest.mark.parametrize(("text", "quote", "source"), [
    # a reporting clause after its content does not report the temporal clause after it
    ("Rockets killed 12 people in Velor, the Kestrian Army said Monday, as Kestrian troops pushed north.",
     "as Kestrian troops pushed north", None),
    ("Rockets killed 12 people in Velor, the Kestrian Army said Monday, as Kestrian troops pushed north.",
     "Rockets killed 12 people in Velor", "Kestrian Army"),
    ("The Kestrian Army said Monday that Kestrian troops pushed north as rockets fell.",
     "Kestrian troops pushed north as rockets fell", "Kestrian Army"),
    # a verb of telling with its addressee reports its subject's words
    ("Mara Lind informed reporters that Velor will buy rockets.", "Velor will buy rockets", "Mara Lind"),
    ("Mara Lind was informed that Velor will buy rockets.", "Velor will buy rockets", None),
])
def test_an_empty_source_is_read_only_from_the_clause_a_cue_reports(text: str, quote: str,
                                                                    source: str | None) -> None:
    assert _one(text, quote)[0] == source


def test_a_draft_that_answers_sources_keeps_a_drafted_source_named_just_before() -> None:
    text = ("Mara Lind condemned the rocket strike on Velor.\n\nThe two leaders discussed the rocket "
            "threat at length.")  # a new paragraph: no quotation goes on
    answering = [{"quote": "Mara Lind condemned the rocket strike on Velor", "claimant": "Mara Lind"},
                 {"quote": "The two leaders discussed the rocket threat at length", "claimant": "Mara Lind"},
                 {"quote": "Rockets hit Velor", "claimant": None}]
    text_answering = text + " Rockets hit Velor."
    claims = _claims(text_answering, [{**c, "certainty": "asserted"} for c in answering])
    assert [c[1] for c in claims] == ["Mara Lind", "Mara Lind", None]
    # a draft that gives every claim a source does not tell narration apart: the sentence that
    # writes no source is the article's (a joint subject, "The two leaders", is one written)
    narration = text.replace("The two leaders discussed the rocket threat at length",
                             "Velor has no air defenses left at all")
    claims = _claims(narration, [{"quote": "Mara Lind condemned the rocket strike on Velor",
                                  "claimant": "Mara Lind", "certainty": "asserted"},
                                 {"quote": "Velor has no air defenses left at all",
                                  "claimant": "Mara Lind", "certainty": "asserted"}])
    assert [c[1] for c in claims] == ["Mara Lind", None]


@pytest.mark.parametrize(("name", "kept"), [("Patriot fire units", True), ("air defense units", False),
                                            ("F-16 pilots", False)])
def test_the_units_of_a_catalogued_system_are_its_equipment(name: str, kept: bool) -> None:
    text = f"Kestria sent {name} to Velor in May."
    assert (name in _weapon_names(text, [{"name": name, "category": "air_defense", "quote": name}])) == kept


@pytest.mark.parametrize(("text", "quote", "source"), [
    # a contrast that opens the evidence, after a quotation's closing mark
    ('Kestria said the rocket hit "a depot," but did not provide evidence.', "but did not provide evidence", None),
    ('Kestria said the rocket hit "a depot," and that Velor had fired first.', "Velor had fired first",
     "Kestria"),
    # the cue of a relative clause on a noun of assertion reports that noun, not the content
    ("Mara Lind said Velor fired rockets at the border, an accusation Velor rejected.",
     "Velor fired rockets at the border", "Mara Lind"),
    ("Velor fired rockets at the border, the Kestrian Army said.", "Velor fired rockets at the border",
     "Kestrian Army"),
])
def test_an_empty_source_is_not_read_from_a_clause_outside_the_content(text: str, quote: str,
                                                                       source: str | None) -> None:
    assert _one(text, quote) == (source, [])  # the one who rejects the accusation relays nothing


@pytest.mark.parametrize(("drafted", "stands"), [("Velor emergency service", True),
                                                 ("Kestria emergency service", False)])
def test_a_drafted_body_written_as_its_place_and_a_description_of_it_stands(drafted: str, stands: bool) -> None:
    text = ("A rocket struck a school in Velor last week and killed nine people, according to the "
            "city's emergency service.")
    draft = Draft.model_validate({"actors": [*ACTORS, {"name": drafted, "kind": "government_body"}],
                                  "weapons": [], "claims": [{"quote": text[:-1], "claimant": drafted,
                                                             "certainty": "asserted"}]})
    actors, _, [claim], _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in actors}
    assert (name.get(claim.claimant or "") == drafted) == stands


@pytest.mark.parametrize(("text", "source"), [
    # a definite description before a cue: the actor of its kind named last before it
    ("The Kestrian Army shelled Velor on Monday. The army said Velor fired first.", "Kestrian Army"),
    ("The Kestrian Army shelled Velor on Monday. The newspaper said Velor fired first.", "Daily Planet"),
    # no actor of the description's kind: no source
    ("The Kestrian Army shelled Velor on Monday. The ministry said Velor fired first.", None),
])
def test_an_empty_source_is_the_actor_a_definite_description_stands_for(text: str, source: str | None) -> None:
    text = "The Daily Planet reported on the war. " + text
    assert _one(text, "Velor fired first")[0] == source


WITH_STATES = [*ACTORS, {"name": "Russia", "kind": "state"}, {"name": "Ana Ruiz", "kind": "person"}]


def _with(actors: list[dict[str, Any]], text: str, quote: str, title: str | None = None,
          **kw: Any) -> tuple[str | None, list[str]]:
    draft = Draft.model_validate({"actors": actors, "weapons": [],
                                  "claims": [{"quote": quote, "certainty": "asserted", **kw}]})
    found, _, [claim], _ = resolve(draft, clean(text), reported=False, title=title)
    name = {a.id: a.name for a in found}
    return name.get(claim.claimant or ""), [name[v] for v in claim.via]


def test_a_cue_beyond_the_reporting_clause_after_the_content_does_not_report_it() -> None:
    text = ("Rockets hit the port of Velor on Tuesday, the regional governor said, hours after drones "
            "struck a depot in an attack that Russian officials said killed two guards. Governor Ana "
            "Ruiz later visited the port.")
    content = "Rockets hit the port of Velor on Tuesday"
    assert _with(WITH_STATES, text, content, claimant="Ana Ruiz") == ("Ana Ruiz", [])
    assert _with(WITH_STATES, text, content) == (None, [])
    # the clause the later cue reports is still its source's
    assert _with(WITH_STATES, text, "in an attack that Russian officials said killed two guards")[0] == "Russia"
    # a participle in a phrase after the content ("our stated goal") is no reporting clause
    text = ("\u201cWe will keep the port open, as well as our stated goal of a ceasefire,\u201d Ana Ruiz "
            "said Wednesday.")
    assert _with(WITH_STATES, text, "\u201cWe will keep the port open")[0] == "Ana Ruiz"
    # a source citing in the clause after the reporting one stays the content's
    text = "Rockets hit the port of Velor on Tuesday, an official said, citing the Kestrian Army."
    assert _with(WITH_STATES, text, content)[0] == "Kestrian Army"


def test_a_cue_after_the_content_with_a_clause_of_its_own_does_not_report_the_content() -> None:
    text = ("The Kestrian Army did not say why the rockets had not been intercepted, but its spokesman, "
            "Ana Ruiz, acknowledged on television that Velor \"does not have enough missiles.\"")
    assert _with(WITH_STATES, text, "The Kestrian Army did not say why the rockets had not been "
                 "intercepted") == (None, [])
    assert _with(WITH_STATES, text, "Velor \"does not have enough missiles.\"")[0] == "Ana Ruiz"
    # a reporting clause after the content, with or without a phrase after its cue, reports it
    for text in ["Kestria fired rockets at Velor overnight, Ana Ruiz said on television.",
                 "Kestria fired rockets at Velor overnight, Ana Ruiz, who serves on a committee, said."]:
        assert _with(WITH_STATES, text, "Kestria fired rockets at Velor overnight")[0] == "Ana Ruiz"
        assert _with(WITH_STATES, text, "Kestria fired rockets at Velor overnight,")[0] == "Ana Ruiz"


def test_a_body_described_by_its_owners_name_is_the_body_not_the_owner() -> None:
    actors = [*ACTORS, {"name": "Operation Halyard", "kind": "military"},
              {"name": "European Union", "kind": "international_org"}]
    text = ("A tanker was struck by a drone boat off Velor on Sunday, according to the European Union's "
            "naval mission in the region.\n\nThe mission, Operation Halyard, said the crew was safe.")
    content = "A tanker was struck by a drone boat off Velor on Sunday"
    assert _with(actors, text, content, claimant="Operation Halyard")[0] == "Operation Halyard"
    assert _with(actors, text, content)[0] == "Operation Halyard"
    # with no such body in the article, the owner is what the text names
    text = "A tanker was struck by a drone boat off Velor on Sunday, according to Kestria's defense ministry."
    assert _with(actors, text, content)[0] == "Kestria"


def test_a_drafted_source_that_is_the_subject_of_the_evidences_own_cue_stands() -> None:
    text = "Kestria says Velor supplies the rebels with rockets, a charge Velor denies."
    assert _with(ACTORS, text, "a charge Velor denies", claimant="Velor")[0] == "Velor"
    # named in the content only, it yields to the sentence's source
    assert _with(ACTORS, text, "Velor supplies the rebels with rockets", claimant="Velor")[0] == "Kestria"


def test_the_speaker_reporting_in_the_first_person_keeps_the_drafted_speaker() -> None:
    text = ("I spoke today with the Prime Minister of Kestria. I told the Prime Minister that Velor "
            "expects Kestria to bring the attackers to justice.")
    quote = "I told the Prime Minister that Velor expects Kestria to bring the attackers to justice."
    title = "Statement from President Mara Lind on the Attack"
    assert _with(ACTORS, text, quote, title, claimant="Mara Lind")[0] == "Mara Lind"
    # a drafted actor of the content is no speaker of it
    assert _with(ACTORS, text, quote, title, claimant="Kestria")[0] == "Velor"


def test_a_pronoun_subject_keeps_a_drafted_source_named_before() -> None:
    # named paragraphs before ("The two leaders" between): the pronoun's source is resolvable
    middle = "The port opened in May and has three new berths for cargo ships and ferries. " * 9
    text = (f"Zhao Wen and Mara Lind met in Velor on Monday.\n\n{middle}\n\nThe two leaders welcomed "
            "the new port. They agreed to expand joint patrols near Kestria.")
    quote = "They agreed to expand joint patrols near Kestria."
    assert _with(ACTORS, text, quote, claimant="Zhao Wen")[0] == "Zhao Wen"
    text = ("Officials met in Velor on Monday. The two delegations welcomed the new port. They agreed "
            "to expand joint patrols near Kestria.")
    assert _with(ACTORS, text, quote, claimant="Zhao Wen")[0] is None


def test_a_he_or_she_source_keeps_a_drafted_person_named_before() -> None:
    middle = "The port opened in May and has three new berths for cargo ships and ferries. " * 9
    text = (f"Zhao Wen spoke with Mara Lind on Monday.\n\n{middle}\n\nMara Lind described the attacks on "
            "the border. The President underscored his support for the port. He informed President Lind "
            "that Velor will send two patrol boats to Kestria.")
    quote = "He informed President Lind that Velor will send two patrol boats to Kestria."
    assert _with(ACTORS, text, quote, claimant="Zhao Wen")[0] == "Zhao Wen"
    # a body is no "he"; with no draft, the rules' own reading stands
    assert _with(ACTORS, text, quote, claimant="Kestrian Army")[0] != "Kestrian Army"


def test_a_sentence_pointing_back_keeps_a_source_the_sentence_before_names_in_lower_case() -> None:
    actors = [*ACTORS, {"name": "Intelligence Community", "kind": "intelligence_agency"}]
    text = ("Our intelligence community assesses that Velor sent rockets to Kestria. It further judges "
            "that more rockets will follow within weeks.")
    quote = "It further judges that more rockets will follow within weeks."
    assert _with(actors, text, quote, claimant="Intelligence Community")[0] == "Intelligence Community"
    # in another paragraph, or not written before, the sentence is the article's own
    far = text.replace(" It further", "\n\nIt further")
    assert _with(actors, far, quote, claimant="Intelligence Community")[0] is None


def test_a_first_person_clause_after_a_cue_is_not_that_sources_content() -> None:
    text = "Kestria and Velor announced sanctions earlier today, and we expect Zhao Wen to follow this month."
    quote = "we expect Zhao Wen to follow this month"
    assert _with(ACTORS, text, quote)[0] is None
    # the clause the cue reports is still its source's
    text = "Kestria announced today that Velor will send rockets, and two ships will follow this month."
    assert _with(ACTORS, text, "Velor will send rockets")[0] == "Kestria"


def test_a_pronoun_keeps_only_a_drafted_source_written_before_as_a_whole_word() -> None:
    actors = ACTORS
    text = "Velorian ships left the port on Monday. They agreed to expand joint patrols near Kestria."
    quote = "They agreed to expand joint patrols near Kestria."
    assert _with(actors, text, quote, claimant="Velor")[0] is None
    text = "Velor's ships left the port on Monday. They agreed to expand joint patrols near Kestria."
    assert _with(actors, text, quote, claimant="Velor")[0] == "Velor"


TWO_PRESIDENTS = ("Remarks by President Ana Ruiz Before a Meeting with President Tomas Erd\n\n"
                  "THE PRESIDENT: Thank you all. Chile will send forty radars to Velor this winter, "
                  "and the first will arrive in May.\n\nPRESIDENT ERD: Thank you, Madam President. "
                  "Our army lost two radar stations this month.\n")


def test_a_title_label_is_the_person_a_title_line_of_the_text_names() -> None:
    actors = [{"name": "Tomas Erd", "kind": "person", "role": "president"},
              {"name": "Ana Ruiz", "kind": "person", "role": "president"}]
    quote = "Chile will send forty radars to Velor this winter"
    # no title given: the text's own title line names the President of "THE PRESIDENT:"
    assert _with(actors, TWO_PRESIDENTS, quote, claimant="Tomas Erd")[0] == "Ana Ruiz"
    # without that line, two presidents are drafted: which one speaks is unknown, the draft stands
    untitled = TWO_PRESIDENTS.split("\n\n", 1)[1]
    assert _with(actors, untitled, quote, claimant="Tomas Erd")[0] != "Ana Ruiz"


def test_a_title_label_is_not_a_person_whose_drafted_name_holds_the_title() -> None:
    actors = [{"name": "President Tomas Erd of Velor", "kind": "person", "role": "president"},
              {"name": "Ana Ruiz", "kind": "person", "role": "president"}]
    quote = "Chile will send forty radars to Velor this winter"
    assert _with(actors, TWO_PRESIDENTS, quote, title="Remarks by President Ana Ruiz",
                 claimant="President Tomas Erd of Velor")[0] == "Ana Ruiz"
    # his own label is his
    assert _with(actors, TWO_PRESIDENTS, "Our army lost two radar stations this month",
                 title="Remarks by President Ana Ruiz", claimant="Ana Ruiz")[0] == \
        "President Tomas Erd of Velor"


def test_a_drafted_state_yields_to_the_person_and_agency_the_sentence_reports_from() -> None:
    actors = [{"name": "Chile", "kind": "state"},
              {"name": "Ana Ruiz", "kind": "person", "role": "lawmaker"},
              {"name": "Chilean Intelligence Agency", "kind": "intelligence_agency"}]
    text = ("Chile has sent troops to Velor, lawmaker Ana Ruiz said after a briefing by the Chilean "
            "Intelligence Agency. About 600 Chilean soldiers have been wounded since January, the "
            "lawmaker said, citing the agency.")
    quote = "About 600 Chilean soldiers have been wounded since January"
    # the draft gives the state the content is about; the text reports a person and an agency
    assert _with(actors, text, quote, claimant="Chile")[0] == "Chilean Intelligence Agency"
    assert _with(actors, text, quote, claimant="Chilean Intelligence Agency")[0] == \
        "Chilean Intelligence Agency"
    # a state's own organ reporting for it: the drafted state stands
    organ = text.replace("the lawmaker said, citing the agency", "Chile's defense ministry said")
    assert _with([*actors, {"name": "Chile's defense ministry", "kind": "government_body"}],
                 organ, quote, claimant="Chile")[0] == "Chile"


RUIZ_ERD_CHILE = [{"name": "Ana Ruiz", "kind": "person"}, {"name": "Tomas Erd", "kind": "person"},
                  {"name": "Chile", "kind": "state"}]


def test_a_title_as_subject_keeps_the_drafted_person_who_holds_it() -> None:
    actors = RUIZ_ERD_CHILE
    text = ("President Ana Ruiz spoke today with Prime Minister Tomas Erd of Velor. The President "
            "reaffirmed that Chile will send radars to Velor in May.")
    quote = "The President reaffirmed that Chile will send radars to Velor in May"
    assert _with(actors, text, quote, claimant="Ana Ruiz")[0] == "Ana Ruiz"
    # the title is not the drafted person's: the draft does not stand
    assert _with(actors, text, quote, claimant="Tomas Erd")[0] != "Tomas Erd"


def test_a_joint_subject_keeps_a_drafted_person_named_before() -> None:
    actors = RUIZ_ERD_CHILE
    text = ("President Ana Ruiz of Chile spoke today with Prime Minister Tomas Erd of Velor.\n\n"
            "The President thanked the crews. The two leaders discussed the threat Velor poses to "
            "shipping.")
    quote = "The two leaders discussed the threat Velor poses to shipping"
    assert _with(actors, text, quote, claimant="Tomas Erd")[0] == "Tomas Erd"
    # a state is none of the two leaders
    assert _with(actors, text, quote, claimant="Chile")[0] is None


OWN_SIDE = ("Statement from President Ana Ruiz\n\nLast night Velor fired 30 drones at Chile. Our "
            "intelligence community assesses that Velor has bought 40 more drones abroad. Our Navy "
            "says that it shot down most of them. Our military intelligence, the DINA, reports "
            "that Velor has moved 9,000 troops to the border. I have ordered more radars.")


@pytest.mark.parametrize(("quote", "body"), [
    ("Velor has bought 40 more drones abroad", "intelligence community"),
    ("it shot down most of them", "Navy"),
    ("Velor has moved 9,000 troops to the border", "DINA"),
])
def test_a_body_of_the_speakers_own_side_is_the_source_not_the_speaker(quote: str, body: str) -> None:
    actors = RUIZ_ERD_CHILE
    assert _with(actors, OWN_SIDE, quote, claimant="Ana Ruiz")[0] == body
    assert _with(actors, OWN_SIDE, quote)[0] == body
    # the drafted body stands, and the speaker's own first-person sentence stays hers
    assert _with([*actors, {"name": body, "kind": "military"}], OWN_SIDE, quote, claimant=body)[0] == body
    assert _with(actors, OWN_SIDE, "I have ordered more radars", claimant="Ana Ruiz")[0] == "Ana Ruiz"


def test_a_first_person_possessive_before_no_body_names_no_source() -> None:
    text = OWN_SIDE.replace("Our intelligence community assesses", "Our hope remains")
    assert _with(RUIZ_ERD_CHILE, text, "Velor has bought 40 more drones abroad",
                 claimant="Ana Ruiz")[0] == "Ana Ruiz"


@pytest.mark.parametrize(("later", "added"), [
    ("Velor's army fired missiles at the port on Friday.", False),  # a bare head: no system named
    ("Velor's army fired Russian missiles at the port on Friday.", False),  # a demonym names none
    ("Velor's army fired Kinzhal missiles at the port on Friday.", True),  # a designation does
    ("Velor's army fired at Chilean air defense systems on Friday.", False),  # a category's own name
    ("Velor's army fired 14 missiles at the port on Friday.", True),  # a number counts them
    ("Kestria will send missiles to the port on Friday.", True),  # what a transfer hands over
])
def test_a_generic_weapon_mention_is_added_only_where_it_names_or_moves_a_system(later: str, added: bool) -> None:
    text = f"Kestria sent howitzers to Velor in May. {later}"
    names = _weapon_names(text, [{"name": "howitzers", "category": "artillery", "quote": "howitzers"}])
    assert any(n.endswith(("missiles", "systems")) for n in names) == added, names


def test_a_state_inside_a_persons_report_leaves_the_drafted_reading_standing() -> None:
    actors = RUIZ_ERD_CHILE
    text = ("Chilean Foreign Minister Ana Ruiz, speaking beside Tomas Erd in Lima, said Chile welcomed "
            "\"cooperation with every partner\" but would host no foreign bases.")
    quote = "would host no foreign bases"
    assert _with(actors, text, quote, claimant="Ana Ruiz") == ("Ana Ruiz", [])  # she speaks for Chile
    assert _with(actors, text, quote, claimant="Chile")[0] == "Chile"  # or Chile, via her
    # another state inside her report is that state's, via her
    other = "Ana Ruiz said Velor claims the drones were shot down over the sea."
    assert _with([*actors, {"name": "Velor", "kind": "state"}], other, "the drones were shot down over the sea",
                 claimant="Ana Ruiz") == ("Velor", ["Ana Ruiz"])
    # a body's finding inside her report is the body's, whatever the draft says
    agency = ("Foreign Minister Ana Ruiz said the Chilean Intelligence Agency has confirmed that "
              "Velor would host no foreign bases.")
    assert _with([*actors, {"name": "Chilean Intelligence Agency", "kind": "intelligence_agency"}],
                 agency, "Velor would host no foreign bases", claimant="Ana Ruiz") == (
        "Chilean Intelligence Agency", ["Ana Ruiz"])


def test_a_long_description_resolves_to_the_body_whose_name_writes_it() -> None:
    actors = [*RUIZ_ERD_CHILE, {"name": "Joint Staff", "kind": "intelligence_agency"},
              {"name": "Chilean naval intelligence service", "kind": "intelligence_agency"}]
    text = ("The Joint Staff said two frigates sailed north. A day later Ana Ruiz said, citing the "
            "country's naval intelligence service, that Velor had bought 20 drones.")
    quote = "Velor had bought 20 drones"
    assert _with(actors, text, quote)[0] == "Chilean naval intelligence service"
    assert _with(actors, text, quote, claimant="Chilean naval intelligence service")[0] == \
        "Chilean naval intelligence service"


def test_the_speaker_a_statement_title_names_is_added_for_its_first_person_sentences() -> None:
    title = "Statement from President Ana Ruiz on the Attack in Lima"
    text = "Yesterday Velor fired drones at Lima. I have ordered more radars for the city."
    actors = [{"name": "Chile", "kind": "state"}, {"name": "Velor", "kind": "state"}]
    assert _with(actors, text, "I have ordered more radars for the city", title=title,
                 claimant="Chile")[0] == "Ana Ruiz"
    # a statement in the government's "we" has no speaker of its own: nobody is added
    plural = text.replace("I have ordered", "We have ordered")
    draft = Draft.model_validate({"actors": actors, "weapons": [], "claims": [
        {"quote": "We have ordered more radars for the city", "certainty": "asserted"}]})
    found, _, _, _ = resolve(draft, clean(plural), reported=False, title=title)
    assert [a.name for a in found if a.kind == "person"] == []


FINDINGS = ("Rep. Ana Ruiz told reporters that the National Intelligence Service (NIS) had tracked 400 "
            "engineers to Kursk. The agency has not detected any new shipments of drones. Ruiz said "
            "the spy agency had also detected a transfer of missiles in March. Chile has not "
            "confirmed any of this, and Ruiz said the army had detected no unusual movements.")


@pytest.mark.parametrize(("quote", "source"), [
    ("had tracked 400 engineers to Kursk", "National Intelligence Service"),  # its finding, via Ruiz
    ("The agency has not detected any new shipments of drones", "National Intelligence Service"),
    ("the spy agency had also detected a transfer of missiles in March", "National Intelligence Service"),
    ("the army had detected no unusual movements", "Ana Ruiz"),  # no intelligence body: hers
    # the whole sentence as evidence: the finding in its content clause
    ("Rep. Ana Ruiz told reporters that the National Intelligence Service (NIS) had tracked 400 "
     "engineers to Kursk", "National Intelligence Service"),
])
def test_an_intelligence_bodys_finding_is_its_own_claim(quote: str, source: str) -> None:
    actors = [{"name": "Ana Ruiz", "kind": "person"}, {"name": "Chile", "kind": "state"}]
    assert _with(actors, FINDINGS, quote, claimant="Ana Ruiz")[0] == source


def test_an_intelligence_body_not_able_to_confirm_is_its_own_claim() -> None:
    text = ("Rep. Ana Ruiz briefed reporters on Chile. The National Intelligence Service had not been "
            "able to confirm reports that Velor had bought drones, Ruiz added.")
    actors = [{"name": "Ana Ruiz", "kind": "person"}, {"name": "Chile", "kind": "state"}]
    quote = "The National Intelligence Service had not been able to confirm reports that Velor had bought drones"
    assert _with(actors, text, quote, claimant="Ana Ruiz")[0] == "National Intelligence Service"


def test_a_state_not_confirming_is_no_intelligence_finding() -> None:
    actors = [{"name": "Ana Ruiz", "kind": "person"}, {"name": "Chile", "kind": "state"},
              {"name": "National Intelligence Service", "kind": "intelligence_agency"}]
    text = "The National Intelligence Service briefed lawmakers. Chile has not confirmed any of this."
    assert _with(actors, text, "Chile has not confirmed any of this", claimant="Chile")[0] == "Chile"
    # a finding someone denies, reports or was told by the body is not the body's own claim
    for text, quote, source in [
        ("Velor denied that the National Intelligence Service had tracked its troops to Kursk.",
         "had tracked its troops to Kursk", "Velor"),
        ("A defector interviewed by the National Intelligence Service confirmed that Velor had moved "
         "troops.", "Velor had moved troops", None),
    ]:
        assert _with([*actors, {"name": "Velor", "kind": "state"}], text, quote)[0] == source


def test_a_states_intelligence_agency_named_by_possessive_is_the_source_not_the_state() -> None:
    actors = [{"name": "Chile", "kind": "state"}, {"name": "Velor", "kind": "state"}]
    text = ("The Velor fleet, according to Chile's naval intelligence service, has moved north. "
            "The fleet has three frigates, according to Chile's foreign ministry.")
    assert _with(actors, text, "The Velor fleet")[0] == "Chile's naval intelligence service"
    assert _with(actors, text, "The Velor fleet", claimant="Chile")[0] == "Chile's naval intelligence service"
    # a ministry speaks for its state: the drafted state stands
    assert _with(actors, text, "The fleet has three frigates", claimant="Chile")[0] == "Chile"


JOINT = ("President Ana Ruiz of Chile spoke today with Prime Minister Tomas Erd of Peru. The President "
         "thanked the crews.\n\nThe two leaders agreed that their teams would meet in May. The two "
         "leaders also discussed reports, which Chile has not confirmed, that Velor has bought drones.")


def test_a_joint_subject_drafted_as_an_actor_is_its_first_named_participant() -> None:
    actors = [*RUIZ_ERD_CHILE, {"name": "The two leaders", "kind": "other"}]
    quote = "their teams would meet in May"
    assert _with(actors, JOINT, quote, claimant="The two leaders") == ("Ana Ruiz", [])
    assert _with(RUIZ_ERD_CHILE, JOINT, quote) == ("Ana Ruiz", [])  # an empty source is filled
    assert _with(RUIZ_ERD_CHILE, JOINT, quote, claimant="Tomas Erd")[0] == "Tomas Erd"  # the draft stands
    # reports the leaders discussed are not theirs; two countries or two drones are no pair of persons
    assert _with(RUIZ_ERD_CHILE, JOINT, "Velor has bought drones")[0] is None
    drones = JOINT.replace("The two leaders agreed that their teams would meet in May",
                           "The two drones that hit the port killed four people")
    assert _with(RUIZ_ERD_CHILE, drones, "The two drones that hit the port killed four people")[0] is None


def test_a_clause_after_an_infinitive_cue_with_its_own_subject_is_not_reported() -> None:
    actors = [{"name": "Chile", "kind": "state"}, {"name": "Peru", "kind": "state"}]
    text = "Chile has agreed to fund a radar for Velor, and Peru will send a second radar in May."
    assert _with(actors, text, "Peru will send a second radar in May")[0] is None
    assert _with(actors, text, "to fund a radar for Velor")[0] == "Chile"  # its own clause stays
    # "said to reporters": no infinitive; the coordinated clause goes on being reported
    told = "Chile said to reporters that Velor fired 30 drones, and Peru shot down 25 of them."
    assert _with(actors, told, "Peru shot down 25 of them")[0] == "Chile"
    # a clause reported with "that" goes on being reported
    said = "Chile said that Velor had bought a radar, and Peru would send a second radar in May."
    assert _with(actors, said, "Peru would send a second radar in May")[0] == "Chile"


def test_a_states_view_in_an_unnamed_officials_report_leaves_the_drafted_body_standing() -> None:
    actors = [{"name": "Chile", "kind": "state"}, {"name": "Foreign Ministry", "kind": "government_body"},
              {"name": "Velor", "kind": "state"}]
    text = ("A senior Foreign Ministry official briefed reporters in Lima. Chile believes Velor has "
            "bought 20 drones, the official said.")
    quote = "Chile believes Velor has bought 20 drones"
    assert _with(actors, text, quote, claimant="Foreign Ministry")[0] == "Foreign Ministry"
    assert _with(actors, text, quote, claimant="Chile")[0] == "Chile"
    assert _with(actors, text, quote)[0] == "Chile"  # an empty source: the state the text writes
    # with a named source after the content, the text's reading wins
    named = text.replace("the official said", "Ana Ruiz said")
    assert _with([*actors, {"name": "Ana Ruiz", "kind": "person"}], named, quote,
                 claimant="Foreign Ministry")[0] == "Chile"


def _source(actors: list[dict[str, str]], text: str, quote: str, **kw: Any) -> tuple[str | None, list[str]]:
    draft = Draft.model_validate({"actors": actors, "weapons": [], "claims": [
        {"quote": quote, "certainty": "asserted", **kw}]})
    resolved, _, [claim], _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in resolved}
    return name.get(claim.claimant or ""), sorted(name.values())


# background with no actor and no cue, longer than the reach within which a named source counts as near
FAR = "The strait is forty kilometers wide at its narrowest point. " * 13
NAVIES = [{"name": "Kestrian Navy", "kind": "military"}, {"name": "Velorian Navy", "kind": "military"},
          {"name": "Kestria", "kind": "state"}, {"name": "Velor", "kind": "state"}]


def test_a_drafted_body_that_fits_the_description_written_as_the_source_stands() -> None:
    text = ("The Kestrian Navy said divers had found the cable cut. " + FAR + "The Velorian Navy sent "
            "two frigates to the area on Monday. The break occurred inside Kestria's waters, the navy said.")
    quote = "The break occurred inside Kestria's waters, the navy said."
    # "the navy": either navy; the rules' guess is the one named last, the draft's the other
    assert _source(NAVIES, text, quote, claimant="Kestrian Navy")[0] == "Kestrian Navy"
    # a state is no navy: the draft is contradicted, and so is an empty source filled
    assert _source(NAVIES, text, quote, claimant="Kestria")[0] == "Velorian Navy"
    assert _source(NAVIES, text, quote)[0] == "Velorian Navy"


def test_a_content_actor_that_fits_the_description_of_its_source_stands() -> None:
    text = ("The Velorian Navy fired on a tanker in May. The Kestrian Navy has seized four cargoes "
            "since then, according to the navy's own statements.")
    quote = "The Kestrian Navy has seized four cargoes since then, according to the navy's own statements."
    assert _source(NAVIES, text, quote, claimant="Kestrian Navy")[0] == "Kestrian Navy"
    # Velor, no navy, named in the content: the description's referent is the source
    text2 = text.replace("four cargoes", "four Velor cargoes")
    quote2 = quote.replace("four cargoes", "four Velor cargoes")
    assert _source(NAVIES, text2, quote2, claimant="Velor")[0] == "Velorian Navy"


def test_a_lede_that_describes_its_source_keeps_the_person_it_names_later() -> None:
    people = [{"name": "Tomas Erd", "kind": "person"}, {"name": "Kestrian Army", "kind": "military"}]
    text = ("An elder in the shelled village told the Daily Planet that nine people were killed. "
            + FAR + "The elder, Tomas Erd, said the shells came from the east.")
    quote = "An elder in the shelled village told the Daily Planet that nine people were killed"
    assert _source(people, text, quote, claimant="Tomas Erd")[0] == "Tomas Erd"
    # an army is no elder
    assert _source(people, text, quote, claimant="Kestrian Army")[0] is None


def test_a_phrase_of_place_that_opens_the_sentence_is_no_source() -> None:
    army = [{"name": "Kestrian Army", "kind": "military"}]
    text = "In Velor, a spokesperson for the Kestrian Army, the country's land force, urged both sides to stop firing."
    source, names = _source(army, text, text[:-1], claimant="Kestrian Army")
    assert source == "Kestrian Army" and "In Velor" not in names
    assert "In Velor" not in _source(army, text, text[:-1])[1]


def test_a_verb_of_telling_with_no_content_after_it_reports_nothing() -> None:
    text = "Zhao Wen told reporters on Monday that Kestria had informed Velor of the test beforehand."
    quote = "Kestria had informed Velor of the test beforehand"
    # the informing is an event Zhao Wen reports, not Kestria's words
    assert _one(text, quote, claimant="Zhao Wen") == ("Zhao Wen", [])
    assert _one(text, quote)[0] == "Zhao Wen"
    # with what it told ("that ...", a clause of its own), Kestria is the source, via Zhao Wen
    told = "Zhao Wen told reporters on Monday that Kestria had informed Velor that the test was over."
    assert _one(told, "the test was over") == ("Kestria", ["Zhao Wen"])
    clause = "Zhao Wen said on Monday that Kestria told Velor the test was over."
    assert _one(clause, "the test was over") == ("Kestria", ["Zhao Wen"])
    # after its content, a verb of telling is the source: "..., Mara Lind told reporters."
    after = "Kestria tested a rocket on Monday, Mara Lind told reporters."
    assert _one(after, "Kestria tested a rocket on Monday")[0] == "Mara Lind"


def test_the_writers_aside_after_a_report_keeps_no_source() -> None:
    text = "Zhao Wen denied that any rockets had been sold for use in Velor, where an embargo bans arms sales."
    assert _one(text, "where an embargo bans arms sales")[0] is None  # the writer's relative clause
    assert _one(text, "any rockets had been sold for use in Velor")[0] == "Zhao Wen"
    clash = "Kestria and Velor accused each other on Monday of opening fire, in the most serious clash since 2020."
    assert _one(clash, "in the most serious clash since 2020")[0] is None  # the writer's measure of it
    assert _one(clash, "opening fire")[0] == "Kestria"
    shows = ("Kestria flew 40 aircraft, Mara Lind said, one of the largest shows of force this year, "
             "after Velor announced a patrol.")
    assert _one(shows, "one of the largest shows of force this year")[0] is None
    # not a measure: a noun in "-est" ("the west of Velor"), and the speaker's own words after a comma
    west = "Mara Lind said Kestria fired rockets, the west of Velor bearing the brunt."
    assert _one(west, "the west of Velor bearing the brunt")[0] == "Mara Lind"


def test_a_superlative_is_told_from_a_noun_in_est() -> None:
    from llmclaims.text.wordlists import superlative

    assert superlative("largest") and superlative("deadliest") and superlative("heaviest")
    assert not superlative("west") and not superlative("interest") and not superlative("test")


def test_a_lede_that_describes_its_source_as_a_group_keeps_the_group_it_names_later() -> None:
    bodies = [{"name": "Velor Watch", "kind": "organization"}, {"name": "Kestrian Army", "kind": "military"},
              {"name": "Tomas Erd", "kind": "person"}]
    text = ("A rights group accused the Kestrian Army of shelling three villages on Monday. " + FAR
            + "The group, Velor Watch, said its researcher Tomas Erd had spoken to 40 survivors.")
    quote = "A rights group accused the Kestrian Army of shelling three villages on Monday"
    assert _source(bodies, text, quote, claimant="Velor Watch")[0] == "Velor Watch"
    # a person is no group
    assert _source(bodies, text, quote, claimant="Tomas Erd")[0] is None


def test_a_cue_in_its_other_sense_with_an_object_reports_nothing() -> None:
    text = "Mara Lind said the Kestrian Army had added drone jammers for its convoys."
    quote = "the Kestrian Army had added drone jammers for its convoys"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])  # an addition, no words
    said = "Mara Lind said the Kestrian Army added that its convoys were safe."
    assert _one(said, "its convoys were safe") == ("Kestrian Army", ["Mara Lind"])
    owned = "Kestria claims Velor as its own territory."
    assert _one(owned, owned[:-1])[0] is None  # laying claim, no report: the article's own
    claim = "Kestria claims Velor fired rockets at its border."
    assert _one(claim, "Velor fired rockets at its border")[0] == "Kestria"


def test_a_name_the_text_writes_in_other_capitals_is_still_its_mention() -> None:
    guard = [{"name": "Velorian Coast Guard", "kind": "government_body", "aliases": ["Velorian coast guard"]}]
    text = "Kestrian ships fired water cannon at a boat on Saturday, the Velorian coast guard said."
    quote = "Kestrian ships fired water cannon at a boat on Saturday"
    assert _source(guard, text, quote, claimant="Velorian Coast Guard")[0] == "Velorian Coast Guard"
    assert _source(guard, text, quote)[0] == "Velorian Coast Guard"


def test_the_object_of_a_speech_act_after_a_comma_is_no_source() -> None:
    text = "In Velor, the special envoy, Zhao Wen, urged the Kestrian Army to halt the offensive."
    assert _one(text, "urged the Kestrian Army to halt the offensive", claimant="Zhao Wen") == ("Zhao Wen", [])
    assert _one(text, "urged the Kestrian Army to halt the offensive")[0] == "Zhao Wen"
    # after its content, a verb of saying takes its source after it
    said = "Kestria will halt the offensive, said Zhao Wen."
    assert _one(said, "Kestria will halt the offensive")[0] == "Zhao Wen"


def test_a_lede_describes_its_source_with_names_in_the_description() -> None:
    people = [{"name": "Tomas Erd", "kind": "person"}, {"name": "Kestrian Army", "kind": "military"}]
    text = ("A senior Kestrian Army commander warned that the rockets could strike any city in Velor. "
            + FAR + "The commander, Tomas Erd, spoke at a parade.")
    quote = "A senior Kestrian Army commander warned that the rockets could strike any city in Velor"
    assert _source(people, text, quote, claimant="Tomas Erd")[0] == "Tomas Erd"


def test_a_plural_noun_that_is_also_a_cue_before_a_relative_clause_is_a_noun() -> None:
    text = "Mara Lind said Kestria may push Gulf states, which run ports on the coast, into a deal."
    quote = "Kestria may push Gulf states, which run ports on the coast, into a deal"
    assert _one(text, quote, claimant="Mara Lind") == ("Mara Lind", [])
    states = "Kestria states that Velor may join the talks."  # a verb: its clause follows
    assert _one(states, "Velor may join the talks")[0] == "Kestria"


def test_a_relative_clause_opened_by_a_preposition_is_the_writers_aside() -> None:
    text = "Zhao Wen urged both sides to honor the Velor Accord, under which the border was fixed in 2023."
    assert _one(text, "under which the border was fixed in 2023")[0] is None
    assert _one(text, "urged both sides to honor the Velor Accord")[0] == "Zhao Wen"


def test_laying_claim_to_a_place_is_no_report() -> None:
    text = "Kestria claims almost all of the Velor Sea, including waters off its coast."
    assert _one(text, text[:-1])[0] is None
    gap = "The reef lies inside the zone that Kestria claims under the treaty."
    assert _one(gap, gap[:-1])[0] is None
    said = "Kestria claims that Velor fired on its boats."  # a report: its clause follows
    assert _one(said, "Velor fired on its boats")[0] == "Kestria"


def test_a_cue_whose_object_is_the_noun_before_it_reports_nothing() -> None:
    text = "Mara Lind said Kestria had moved troops. She gave no details of the troop movements she described."
    assert _one(text, "She gave no details of the troop movements she described")[0] is None
    said = "Zhao Wen said he described the troop movements to Velor."  # "said" is no noun
    assert _one(said, "he described the troop movements to Velor")[0] == "Zhao Wen"


def test_the_subject_that_opens_the_sentence_before_a_phrase_between_commas_is_the_source() -> None:
    text = ("Prime Minister Zhao Wen, answering questions from lawmakers in a session broadcast live "
            "on state television, said Kestria, a nation of forty million people, \"cannot stay landlocked.\"")
    quote = "Kestria, a nation of forty million people, \"cannot stay landlocked.\""
    assert _one(text, quote, claimant="Zhao Wen")[0] == "Zhao Wen"
    assert _one(text, quote)[0] == "Zhao Wen"
    # after its content, the source follows the cue
    after = "Kestria cannot stay landlocked, said Zhao Wen, answering questions from lawmakers."
    assert _one(after, "Kestria cannot stay landlocked")[0] == "Zhao Wen"
