"""Source and cue read from the text around a claim's evidence (llmclaims.resolve.attribution).

``test_minimal_pairs`` is written for these tests (invented names and sentences; one change
flips the reading). The tests built from dev-article sentences (Lee, the NIS, Kirby, Peters,
Kozytskyi ...) are kept as regression cases of those articles.
"""

from __future__ import annotations

import re

import pytest

from llmclaims.resolve.attribution import Source, sentence_bounds, sources, written_name


def mentions(text: str, actors: dict[int, list[str]]) -> dict[int, list[tuple[int, int]]]:
    return {a: [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]
            for a, names in actors.items()}


def who(text: str, evidence: str, actors: dict[int, list[str]], persons: tuple[int, ...] = ()
        ) -> list[tuple[int | None, str, str]]:
    start = text.index(evidence)
    found = sources(text, start, start + len(evidence), mentions(text, actors), persons)
    return [(s.actor, s.name, s.cue) for s in found]


_PAIR_ACTORS = {0: ["Okafor"], 1: ["Norway"], 2: ["Estonia"], 3: ["the agency"], 4: ["Finland"],
                5: ["Ana Ruiz"]}


@pytest.mark.parametrize(("text", "expected"), [
    # a relay and the original source, then the relay alone
    ("Okafor said the agency has confirmed that Norway sent drones to Estonia.",
     [(0, "", "said"), (3, "", "confirmed")]),
    ("Okafor said Norway sent drones to Estonia.", [(0, "", "said")]),
    # an inverted cue names the source after it, known or not; no cue, no source
    ("Norway sent drones to Estonia, Ana Ruiz said.", [(5, "", "said")]),
    ("Norway sent drones to Estonia, said Mara Lind, a researcher in Oslo.",
     [(None, "Mara Lind", "said")]),
    ("Norway sent drones to Estonia in May.", []),
    # "according to" names its source; a belief is a cue; a negated cue asserts nothing
    ("Norway sent drones to Estonia, according to Finland.", [(4, "Finland", "according to")]),
    ("Okafor believes that Norway sent drones to Estonia.", [(0, "", "believes")]),
    ("Okafor does not believe that Norway sent drones to Estonia.", []),
    # a pronoun after a quotation is the person named before it, never one named after it
    ('Ana Ruiz spoke first. "Norway sent drones to Estonia," she said.', [(5, "", "said")]),
    ('"Norway sent drones to Estonia," she said. Ana Ruiz left.', []),
    # a time between the subject and its cue is not the source, nor part of its name
    ("Mara Lind Wednesday said Norway sent drones to Estonia.", [(None, "Mara Lind", "said")]),
    ("Officials Wednesday said Norway sent drones to Estonia.", []),
    # an appositive between the subject and its cue
    ("Ana Ruiz, a defense minister of Chile, said Norway sent drones to Estonia.",
     [(5, "", "said")]),
])
def test_minimal_pairs(text: str, expected: list[tuple[int | None, str, str]]) -> None:
    persons = (0, 5)
    assert who(text, "Norway sent drones to Estonia", _PAIR_ACTORS, persons) == expected


@pytest.mark.parametrize("text", [
    "The Pentagon has not confirmed the report that Iran sent drones.",
    "Iran sent drones, the report says.",
    "Iran sent drones to Russia in August.",
])
def test_no_written_source_means_none(text: str) -> None:
    actors = {0: ["Pentagon"], 1: ["Iran"], 2: ["Russia"]}
    assert who(text, "Iran sent drones", actors) == []


def test_sentence_bounds_keep_a_quote_with_its_cue() -> None:
    text = 'First one. "It is over. We won," he said. Next sentence here.'
    start = text.index("We won")
    lo, hi = sentence_bounds(text, start, start + 6)
    assert text[lo:hi] == '"It is over. We won," he said.'
    text = 'He said "stop." Then he left. \u201cGo.\u201d She went.'
    start = text.index("Then")
    assert text[slice(*sentence_bounds(text, start, start + 4))] == "Then he left."
    start = text.index("She")
    assert text[slice(*sentence_bounds(text, start, start + 3))] == "She went."


def test_written_name() -> None:
    t = "said Robert Peters, a fellow"
    assert written_name(t, 5, len(t), possessive=False) == "Robert Peters"
    t = "South Korea\u2019s Joint Chiefs of Staff."
    assert written_name(t, 0, len(t), possessive=True) == "Joint Chiefs of Staff"
    assert written_name("analysts said", 0, 13, possessive=False) is None
    assert Source(None, "said", 0, 4, "X").name == "X"


def test_transcript_turns_name_the_speaker() -> None:
    from llmclaims.resolve.attribution import speaker

    text = ("MS. SHARMA: Thanks for joining.\n\nMR. KIRBY: Iran is providing drones to Russia.\n\n"
            "Q Are they? Thanks, John.\n\nMR. KIRBY: They are. We know that.\n")
    assert speaker(text, text.index("Iran is")) == "Kirby"
    assert speaker(text, text.index("Are they")) is None  # a question
    assert speaker(text, text.index("We know")) == "Kirby"
    assert speaker(text, text.index("Thanks for")) == "Sharma"
    assert speaker("NOTE: one label is not a transcript. Iran sent drones.", 30) is None


def test_unnamed_source() -> None:
    from llmclaims.resolve.attribution import unnamed_source

    assert unnamed_source("Strikes killed eight people, witnesses said.")
    assert not unnamed_source("I said we would deliver.")  # the statement's speaker
    assert not unnamed_source("The Pentagon has not confirmed the strikes.")
    assert not unnamed_source("Strikes killed eight people.")


def test_an_unknown_subject_is_named_in_full() -> None:
    text = ("U.N. Secretary-General Antonio Guterres visited Rafah. Later, Guterres said the "
            "offensive would be a disaster.")
    assert who(text, "the offensive would be a disaster", {0: ["Rafah"]}) == [
        (None, "Antonio Guterres", "said")]
    text = "The offensive would be a disaster, officials said."
    assert who(text, "The offensive would be a disaster", {}) == []


def test_content_sentences_are_one_sentence_each() -> None:
    from llmclaims.resolve.attribution import content_sentences

    text = "\u201cWe harbor no hostile intent,\u201d Patel added. He was referring to the DPRK. Done."
    assert [text[a:b] for a, b in content_sentences(text, [(0, len(text))])] == [
        "\u201cWe harbor no hostile intent,\u201d Patel added.", "He was referring to the DPRK.",
        "Done."]


def test_interview_turns_in_any_case() -> None:
    """Hand-written minimal pairs: an interview laid out as "Name: ..." lines in mixed case; the
    interviewer (whose turns are questions) speaks no claim; a single label is no layout."""
    from llmclaims.resolve.attribution import speaker

    text = ("Press: Will the aid pass?\n\nOkafor: The aid will pass this month.\n\n"
            "Press: And the drones?\n\nOkafor: Twelve drones arrived in May.\n")
    assert speaker(text, text.index("The aid will")) == "Okafor"
    assert speaker(text, text.index("Twelve")) == "Okafor"
    assert speaker(text, text.index("And the drones")) is None  # the interviewer asks
    single = "Update: Twelve drones arrived in May, officials said.\n\nThe aid will pass.\n"
    assert speaker(single, single.index("Twelve")) is None
    dateline = "KYIV: Twelve drones arrived in May, officials said.\n"
    assert speaker(dateline, dateline.index("Twelve")) is None


@pytest.mark.parametrize(("text", "expected"), [
    # a name after title words, after an inverted cue
    ('"It was a good month," said Pentagon deputy press secretary Mara Lind, briefing reporters.',
     [(None, "Mara Lind", "said")]),
    # 'she said' after a quotation: the speaker of the sentence before, actor or not ...
    ('Okafor met Ana Ruiz. "Norway sent drones," said deputy minister Mara Lind. "It was a good '
     'month," she said.', [(None, "Mara Lind", "said")]),
    ('Okafor met Ana Ruiz. "Norway sent drones," Okafor said. "It was a good month," he said.',
     [(0, "", "said")]),
    # ... and when that sentence's source is no person, the person named last before
    ('Okafor met Ana Ruiz. The ministry said Norway sent drones. "It was a good month," she said.',
     [(5, "", "said")]),
])
def test_a_pronoun_after_a_quotation_is_the_speaker_before(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, "It was a good month", _PAIR_ACTORS, (0, 5)) == expected


@pytest.mark.parametrize("text", [
    "Talks ended.\n\nLind said Thursday that Norway sent drones to Estonia.",  # opens a paragraph
    "Talks ended. Lind said Thursday that Norway sent drones to Estonia.",  # inside one
    "Lind said Thursday that Norway sent drones to Estonia.",  # opens the text
])
def test_a_name_that_opens_its_sentence_is_read_wherever_the_sentence_starts(text: str) -> None:
    assert who(text, "Norway sent drones to Estonia", {1: ["Norway"], 2: ["Estonia"]}) == [
        (None, "Lind", "said")]


def test_a_named_source_with_an_appositive_after_the_content_it_reports() -> None:
    """'"...", Ana Ruiz, who sits on a committee, said': Ana Ruiz relays what the agency
    confirmed (invented names; the name is not a known actor)."""
    from llmclaims.resolve import attribution
    t = ('The Freedonian agency "has confirmed that Sylvania shipped 40 rifles", Ana Ruiz, who '
         'sits on a defense committee, said after a briefing.')
    agency = t.index("Freedonian agency")
    found = attribution.sources(t, 0, len(t), {0: [(agency, agency + 17)]}, [])
    assert [(f.actor, f.name) for f in found] == [(None, "Ana Ruiz"), (0, "")]
    t2 = "Sylvania shipped 40 rifles, the agency, which sits in Ostia, said after a briefing."
    assert all(f.name != "Ostia" for f in attribution.sources(t2, 0, len(t2), {}, []))


@pytest.mark.parametrize(("text", "cue"), [
    # every tense of a published reporting verb is a cue (lemminflect writes them), not only
    # the forms someone happened to write down: "believed" beside "believes", "adds" beside "added"
    ("Okafor believed Norway sent drones to Estonia.", "believed"),
    ("Okafor adds that Norway sent drones to Estonia.", "adds"),
    # speech-act verbs: their subject is the source of what they say
    ("Finland condemned the shelling of Estonia by Norway.", "condemned"),
    ("Finland welcomes the transfer of drones from Norway to Estonia.", "welcomes"),
    ("Finland called on Norway to send drones to Estonia.", "called on"),
    ("Finland expressed concern that Norway sent drones to Estonia.", "expressed concern"),
    # verbs of naming: the subject gives the name
    ("Finland labeled the shipment of drones from Norway to Estonia a provocation.", "labeled"),
])
def test_inflected_reporting_and_speech_act_verbs_name_their_subject(text: str, cue: str) -> None:
    actor = 0 if text.startswith("Okafor") else 4
    assert who(text, text.split(cue)[1].strip(" ."), _PAIR_ACTORS) == [(actor, "", cue)]
    unreported = text.replace(cue, "visited")  # the minimal pair: no reporting verb, no source
    assert who(unreported, unreported.split("visited")[1].strip(" ."), _PAIR_ACTORS) == []


def test_a_pronoun_of_address_is_no_source_name() -> None:
    """'You mentioned ...' (an interviewer's question) names no source; a name there does."""
    assert who("You mentioned that Norway sent drones to Estonia.", "Norway sent drones", {}) == []
    assert who("Lind mentioned that Norway sent drones to Estonia.", "Norway sent drones", {}) == [
        (None, "Lind", "mentioned")]


@pytest.mark.parametrize(("text", "evidence", "expected"), [
    # a cue before a finite verb is a relative clause's, its object the noun before it
    ("Okafor said the strike Ana Ruiz described did not happen.", "the strike Ana Ruiz described did not happen",
     [(0, "", "said")]),
    ("Okafor said what Ana Ruiz reported was wrong.", "what Ana Ruiz reported was wrong", [(0, "", "said")]),
    # the minimal pair: the same cue with its own clause reports it
    ("Okafor said Ana Ruiz described the strike in detail.", "the strike in detail",
     [(0, "", "said"), (5, "", "described")]),
])
def test_a_cue_in_a_relative_clause_without_that_reports_nothing(
        text: str, evidence: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, evidence, {0: ["Okafor"], 5: ["Ana Ruiz"]}, (0, 5)) == expected


@pytest.mark.parametrize(("text", "name"), [
    # a joint subject of two states not among the actors: the first named
    ("Moscow and Pyongyang have denied that Norway sent drones to Estonia.", "Moscow"),
    # a state whose name holds "and" is one name
    ("Bosnia and Herzegovina said that Norway sent drones to Estonia.", "Bosnia and Herzegovina"),
])
def test_a_joint_subject_of_two_states_is_the_first_named(text: str, name: str) -> None:
    assert who(text, "Norway sent drones to Estonia", {}) == [(None, name, re.search(r"denied|said", text)[0])]


@pytest.mark.parametrize(("text", "name"), [
    # a body named by its descriptor alone keeps it, with where it sits after it
    ("Norway sent drones to Estonia, the Kestria-run health ministry in Velor said.", "Kestria-run health ministry"),
    # a body with a name of its own leaves the descriptor
    ("Norway sent drones to Estonia, the Kestria-run Velor health ministry said.", "Velor health ministry"),
    # no body: officials in a place are no name
    ("Norway sent drones to Estonia, officials in Velor said.", None),
])
def test_a_body_named_by_its_descriptor_keeps_it(text: str, name: str | None) -> None:
    assert who(text, "Norway sent drones to Estonia", {}) == ([(None, name, "said")] if name else [])


_RELAY_ACTORS = {0: ["Okafor"], 3: ["the agency"], 4: ["Finland"]}


@pytest.mark.parametrize(("text", "expected"), [
    # "citing X" after a reporting clause: X's words, the clause's subject relays them
    ("Norway sent drones to Estonia, Okafor said Monday, citing Finland.",
     [(0, "", "said"), (4, "Finland", "citing")]),
    ("Okafor said Monday, citing Finland, that Norway sent drones to Estonia.",
     [(0, "", "said"), (4, "Finland", "citing")]),
    ("Norway sent drones to Estonia, Okafor said, citing security concerns.", [(0, "", "said")]),
    # a document cited or reported by its author: the author
    ("Norway sent drones to Estonia, Okafor said, citing an assessment by Finland.",
     [(0, "", "said"), (4, "Finland", "citing")]),
    ("Norway sent drones to Estonia, according to a report from Finland.",
     [(4, "Finland", "according to")]),
    # "according to X" after a reporting clause written after its content: X relays the report
    ("Norway sent drones to Estonia, Finland told lawmakers, according to Okafor.",
     [(0, "Okafor", "according to"), (4, "", "told")]),
    # after a content that follows its reporting clause: X is whose report it is
    ("Okafor said Norway sent drones to Estonia, according to Finland.",
     [(0, "", "said"), (4, "Finland", "according to")]),
    # the source's own relative clause after "according to X" does not change what X relays
    ("Norway sent drones to Estonia, Finland told lawmakers, according to Okafor, who briefed reporters.",
     [(0, "Okafor", "according to"), (4, "", "told")]),
    # "X, who cited Y": Y's words, via X
    ("Norway sent drones to Estonia, according to Okafor, who cited Finland.",
     [(0, "Okafor", "according to"), (4, "Finland", "cited")]),
    # an act with its infinitive is content, its subject no relay of the source after it
    ("Finland said Norway sent drones to Estonia, according to Okafor.",
     [(4, "", "said"), (0, "Okafor", "according to")]),
    # "briefed" with a content clause reports it; as an adjective or in the passive, nothing
    ("Finland briefed lawmakers that Norway sent drones to Estonia.", [(4, "", "briefed")]),
    ("Officials were briefed after Norway sent drones to Estonia.", []),
])
def test_a_relay_chain_in_the_order_of_its_clauses(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, "Norway sent drones to Estonia", _RELAY_ACTORS, (0,)) == expected
    # the whole sentence as the evidence (reported speech the draft left out) reads the same
    assert who(text, text, _RELAY_ACTORS, (0,)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a description stands for the body of its kind the text named last, drafted or not
    ("Finland's Security Intelligence Service (SUPO) briefed parliament. "
     "The agency said Norway sent drones to Estonia.", [(None, "Security Intelligence Service", "said")]),
    ("The Velor Intelligence Agency met Okafor. The Kestrian Intelligence Service called. "
     "The agency said Norway sent drones to Estonia.", [(None, "Kestrian Intelligence Service", "said")]),
    # a drafted body named after the text's name is the one meant
    ("The Velor Intelligence Agency met Okafor, then the agency staff. "
     "The agency said Norway sent drones to Estonia.", [(3, "", "said")]),
    # no body of the kind named: no source
    ("The Velor Defense Ministry met Okafor. The agency said Norway sent drones to Estonia.", []),
])
def test_a_description_stands_for_a_body_the_text_names(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    start = text.index("Norway")
    spans = mentions(text, {0: ["Okafor"], 3: ["agency staff"]})
    found = sources(text, start, start + len("Norway sent drones to Estonia"), spans, (0,),
                    {3: ("intelligence_agency", "Okafor's agency")})
    assert [(s.actor, s.name, s.cue) for s in found] == expected


@pytest.mark.parametrize(("text", "evidence", "expected"), [
    ("Finland has agreed to send drones to Estonia, according to Okafor.", "send drones to Estonia",
     [(0, "Okafor", "according to")]),
    # a body's name with its abbreviation before the cue, or with "U.S." in it after the cue
    ("Okafor said the Velor Security Council (VSC) has confirmed that Norway sent drones to Estonia.",
     "Norway sent drones to Estonia", [(0, "", "said"), (None, "Velor Security Council (VSC)", "confirmed")]),
    ("Norway sent drones to Estonia, according to the U.S. Defense Intelligence Agency.",
     "Norway sent drones to Estonia", [(None, "U.S. Defense Intelligence Agency", "according to")]),
    # a description after "citing", its body named in the next sentence; its modifiers give its
    # kind: an emergency service is no intelligence service
    ("Norway sent drones to Estonia, Okafor said, citing the country's spy agency. "
     "The Velor Intelligence Service declined to comment.", "Norway sent drones to Estonia",
     [(0, "", "said"), (None, "Velor Intelligence Service", "citing")]),
    ("Norway sent drones to Estonia, according to the city's emergency service. "
     "The Velor Intelligence Service declined to comment.", "Norway sent drones to Estonia", []),
])
def test_what_a_source_names_around_a_relay(text: str, evidence: str,
                                            expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, evidence, _RELAY_ACTORS, (0,)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a name joined to a known actor in one subject: the first named speaks, the other with it
    ("The Velor Council and Finland said Norway sent drones to Estonia.", [(None, "Velor Council", "said")]),
    ("Moscow and Finland have denied that Norway sent drones to Estonia.", [(None, "Moscow", "denied")]),
    # a common word by its position, or a verb's object, is no first conjunct
    ("Officials and Finland said Norway sent drones to Estonia.", [(4, "", "said")]),
    ("Drones hit Velor and Finland said Norway sent drones to Estonia.", [(4, "", "said")]),
])
def test_a_joint_subject_with_a_known_actor_second_is_the_first_named(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, "Norway sent drones to Estonia", _RELAY_ACTORS, (0,)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "according to" after a postposed clause: a person relays a body's report, whichever is written
    # last (the original source is the body: evals/GUIDELINES.md)
    ("Norway sent drones to Estonia, Okafor told reporters, according to the Velor Intelligence Agency.",
     [(0, "", "told"), (None, "Velor Intelligence Agency", "according to")]),
    ("Norway sent drones to Estonia, the Velor Intelligence Agency told lawmakers, according to Rep. Mara Lind.",
     [(None, "Rep. Mara Lind", "according to"), (None, "Velor Intelligence Agency", "told")]),
    # a surname of a known person is a person
    ("Norway sent drones to Estonia, the Velor Intelligence Agency told lawmakers, according to Ruiz. "
     "Ana Ruiz chairs the committee.",
     [(None, "Ana Ruiz", "according to"), (None, "Velor Intelligence Agency", "told")]),
    # a body's name with a title word in it ("National") is no person
    ("Norway sent drones to Estonia, the Velor Intelligence Agency told lawmakers, according to the "
     "National Security Service.",
     [(None, "Velor Intelligence Agency", "told"), (None, "National Security Service", "according to")]),
])
def test_according_to_after_a_postposed_clause_a_person_relays_a_body(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    actors = {0: ["Okafor"], 5: ["Ana Ruiz"]}
    assert who(text, "Norway sent drones to Estonia", actors, (0, 5)) == expected
    assert who(text, text.split(". ")[0], actors, (0, 5)) == expected  # the sentence as the evidence


@pytest.mark.parametrize(("text", "expected"), [
    # a name in apposition between its description and the cue
    ("Velor's defense minister, Mara Lind, said Norway sent drones to Estonia.", [(None, "Mara Lind", "said")]),
    ("Its spokesperson, Col. Ana Brik, told reporters that Norway sent drones to Estonia.",
     [(None, "Ana Brik", "told")]),
    # a state's intelligence service by its demonym
    ("Kestrian military intelligence said Norway sent drones to Estonia.",
     [(None, "Kestrian military intelligence", "said")]),
    # the name of a prepositional phrase is not the subject
    ("In a letter to its director, Mara Lind, officials said Norway sent drones to Estonia.", []),
])
def test_a_name_in_apposition_or_a_states_intelligence_before_the_cue(
        text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, "Norway sent drones to Estonia", {}, ()) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "the claims of X that": X's content, as "claims by X that"
    ("Velor rejects the claims of Finland that Norway sent drones to Estonia.",
     [(6, "", "rejects"), (4, "Finland", "claims of")]),
    # "claims of" a topic names no agent: the subject alone speaks
    ("Velor rejects claims of abuse, saying Norway sent drones to Estonia.", [(6, "", "rejects")]),
])
def test_the_claims_of_an_agent_that(text: str, expected: list[tuple[int | None, str, str]]) -> None:
    assert who(text, "Norway sent drones to Estonia", {4: ["Finland"], 6: ["Velor"]}) == expected
