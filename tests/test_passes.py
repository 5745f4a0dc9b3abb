"""Each named resolution pass, switched off and on, on hand-written minimal pairs.

Every test resolves one draft twice, with all passes and with one pass off (``off=``, as
``llmclaims eval --ablate`` does), and asserts the one difference that pass makes. The texts
are written for these tests, not copied from the corpus.
"""

from __future__ import annotations

from dataclasses import replace as dataclasses_replace
from typing import Any

import pytest

from llmclaims import ConfigError
from llmclaims.config import Settings
from llmclaims.corpus import cache_key
from llmclaims.resolve import PASSES, resolve
from llmclaims.schema import Draft, DraftActor, DraftClaim, DraftWeapon
from llmclaims.text.clean import clean

from .helpers import draft_actor, draft_claim


def both(text: str, name: str, **draft: Any) -> tuple[Any, Any]:
    """(result with every pass, result with pass ``name`` off)."""
    parts = {"actors": [], "weapons": [], "claims": [], **draft}
    d = Draft.model_construct(  # items validated one by one: a draft may hold no claim here
        actors=[DraftActor.model_validate(a) for a in parts["actors"]],
        weapons=[DraftWeapon.model_validate(w) for w in parts["weapons"]],
        claims=[DraftClaim.model_validate(c) for c in parts["claims"]])
    return resolve(d, clean(text)), resolve(d, clean(text), off=[name])


def weapon(name: str, quote: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": name, "category": "drone", "caliber_mm": None,
                            "designation": None, "quantity": None, "origin": None,
                            "recipient": None, "quote": quote}
    base.update(kw)
    return base


def test_weapon_actors_turns_an_actor_that_names_a_weapon_into_a_weapon() -> None:
    text = "Officials in Oslo said that Norway will send NASAMS air defense systems to Kyiv."
    on, off = both(text, "weapon_actors",
                   actors=[draft_actor("Norway"), draft_actor("NASAMS air defense systems", "other")])
    assert [a.name for a in on[0]] == ["Norway"] and "NASAMS air defense systems" in [w.name for w in on[1]]
    assert "NASAMS air defense systems" in [a.name for a in off[0]]


def test_place_actors_drops_an_other_actor_written_as_a_place() -> None:
    text = "Shelling continued in Kharkiv overnight. Ukraine asked for help after the blasts in Kharkiv."
    on, off = both(text, "place_actors", actors=[draft_actor("Ukraine"), draft_actor("Kharkiv", "other")])
    assert [a.name for a in on[0]] == ["Ukraine"]
    assert sorted(a.name for a in off[0]) == ["Kharkiv", "Ukraine"]


def test_place_actors_drops_a_drafted_state_no_gazetteer_knows_written_as_a_place() -> None:
    text = "Ships docked in Tobruk in May. Libya said more cargo arrived at Tobruk in June."
    on, off = both(text, "place_actors", actors=[draft_actor("Libya"), draft_actor("Tobruk", "state")])
    assert [a.name for a in on[0]] == ["Libya"]
    assert sorted(a.name for a in off[0]) == ["Libya", "Tobruk"]
    # a state the gazetteer knows is an actor wherever the text writes it, and a person drafted
    # as a state is no place
    on, _ = both("Ships docked in Syria in May. Libya said more cargo arrived in Syria and that "
                 "it was handed over at Khalid Haftar's headquarters.", "place_actors",
                 actors=[draft_actor("Libya"), draft_actor("Syria"), draft_actor("Khalid Haftar")])
    assert sorted(a.name for a in on[0]) == ["Khalid Haftar", "Libya", "Syria"]


def test_named_states_adds_a_state_the_content_names_twice() -> None:
    text = ("Poland will host the talks. Diplomats from Chile arrived on Monday, and Poland "
            "housed them for two days of meetings.")
    on, off = both(text, "named_states", actors=[draft_actor("Chile")])
    assert "Poland" in [a.name for a in on[0]]
    assert [a.name for a in off[0]] == ["Chile"]


def test_named_states_does_not_count_a_possessive_before_a_name_or_a_place() -> None:
    text = ("Peru's Shining Path rebels attacked a convoy. Peru's capital was calm, and a ship left "
            "Peru's main port on Monday.")
    on, _ = both(text, "named_states", actors=[draft_actor("Chile")])
    assert [a.name for a in on[0]] == ["Chile"]
    # a possessive before what the state does or has done is the state acting
    text = "Peru's decision to send troops surprised Chile. Peru's army will stay for a month."
    on, _ = both(text, "named_states", actors=[draft_actor("Chile")])
    assert "Peru" in [a.name for a in on[0]]


def test_stated_refuses_evidence_that_does_not_state_the_number() -> None:
    text = "Officials said Iran delivered 200 drones to Russia in May."
    claims = [draft_claim("Iran delivered 900 drones to Russia.", "Iran delivered 200 drones to Russia")]
    on, off = both(text, "stated", actors=[draft_actor("Iran"), draft_actor("Russia")], claims=claims)
    assert not on[2][0].grounded and on[2][0].evidence == []
    assert off[2][0].grounded


def test_attribution_reads_the_source_from_the_sentence() -> None:
    text = "The defense ministry of Finland said Belarus had moved tanks to the border."
    claims = [draft_claim("Belarus moved tanks to the border.", text[:-1])]
    actors = [draft_actor("defense ministry of Finland", "government_body"), draft_actor("Belarus")]
    on, off = both(text, "attribution", actors=actors, claims=claims)
    ministry = next(a.id for a in on[0] if a.name == "defense ministry of Finland")
    assert on[2][0].claimant == ministry and on[2][0].cue == "said"
    assert off[2][0].claimant is None and off[2][0].cue is None


def test_certainty_reads_a_hedge_from_the_words() -> None:
    text = "Analysts in Rome said Serbia could buy twelve fighter jets next year."
    claims = [draft_claim("Serbia could buy twelve fighter jets next year.", text[:-1],
                          certainty="asserted")]
    on, off = both(text, "certainty", actors=[draft_actor("Serbia")], claims=claims)
    assert on[2][0].certainty == "possible"
    assert off[2][0].certainty == "asserted"


def test_claim_type_reads_the_type_from_the_statement() -> None:
    text = "Germany delivered four howitzers to Lithuania last week."
    claims = [draft_claim("Germany delivered four howitzers to Lithuania.", text[:-1])]
    on, off = both(text, "claim_type", actors=[draft_actor("Germany"), draft_actor("Lithuania")],
                   claims=claims)
    assert on[2][0].type == "transfer"
    assert off[2][0].type == "other"


def test_list_merge_folds_bullet_claims_into_the_claim_that_introduces_them() -> None:
    text = ("The package announced by Canada includes:\n"
            "- 40 armored vehicles;\n"
            "- 2,000 rifles.\n")
    claims = [draft_claim("The package announced by Canada includes these.",  # no word added
                          "The package announced by Canada includes:"),
              draft_claim("40 armored vehicles.", "40 armored vehicles"),
              draft_claim("2,000 rifles.", "2,000 rifles")]
    on, off = both(text, "list_merge", actors=[draft_actor("Canada")], claims=claims)
    assert [[e.text for e in c.evidence] for c in on[2]] == [
        ["The package announced by Canada includes:", "40 armored vehicles", "2,000 rifles"]]
    assert [[e.text for e in c.evidence] for c in off[2]] == [
        ["The package announced by Canada includes:"], ["40 armored vehicles"], ["2,000 rifles"]]


def test_reported_adds_reported_speech_the_draft_left_out() -> None:
    text = ("Japan and Peru signed a trade pact on Monday. The agreement covers fishing rights "
            "for ten years, Peru's foreign minister Ana Cruz said.")
    actors = [draft_actor("Japan"), draft_actor("Peru"), draft_actor("Ana Cruz", "person")]
    claims = [draft_claim("Japan and Peru signed a trade pact.", "Japan and Peru signed a trade pact")]
    d = Draft.model_validate({"actors": actors, "weapons": [], "claims": claims})
    on = resolve(d, clean(text))
    off = resolve(d, clean(text), off=["reported"])
    assert len(on[2]) == 2 and "fishing rights" in on[2][1].evidence[0].text
    assert on[2][1].claimant == next(a.id for a in on[0] if a.name == "Ana Cruz")
    assert len(off[2]) == 1


def test_catalogue_links_a_weapon_to_candidates_only_when_on() -> None:
    text = "Turkey supplied Bayraktar TB2 drones to Ukraine, officials said."
    weapons = [weapon("Bayraktar TB2 drones", "Turkey supplied Bayraktar TB2 drones to Ukraine",
                      origin="Turkey", recipient="Ukraine")]
    on, off = both(text, "catalogue", actors=[draft_actor("Turkey"), draft_actor("Ukraine")],
                   weapons=weapons)
    assert on[1][0].candidates and on[1][0].candidates[0].designation.startswith("Bayraktar TB2")
    assert off[1][0].candidates == []


def test_every_pass_has_a_minimal_pair_here() -> None:
    tests = [name for name in globals() if name.startswith("test_")]
    missing = [p for p in PASSES if not any(t.startswith(f"test_{p}_") for t in tests)]
    assert missing == []


def test_pass_names_are_checked_and_part_of_the_cache_key() -> None:
    with pytest.raises(ConfigError, match="unknown resolution pass"):
        Settings.resolve(passes_off=["grounding"])
    env = {"LLMCLAIMS_PASSES_OFF": "reported, catalogue"}
    assert Settings.resolve(env=env).passes_off == ("catalogue", "reported")
    assert cache_key("text", Settings.resolve(env=env)) != cache_key("text", Settings.resolve(env={}))


def test_descriptions_merges_a_description_into_the_one_named_actor_it_stands_for() -> None:
    text = ("On Friday, a Chilean senator said that Bolivia bought radars. Senator Rosa Vidal "
            "told reporters the radars came from Spain.")
    actors = [draft_actor("a Chilean senator", "person", country="CHL", role="senator"),
              draft_actor("Rosa Vidal", "person", country="CHL", role="senator"),
              draft_actor("Bolivia"), draft_actor("Spain")]
    claims = [draft_claim("Bolivia bought radars.", "a Chilean senator said that Bolivia bought radars")]
    on, off = both(text, "descriptions", actors=actors, claims=claims)
    vidal = next(a for a in on[0] if a.name == "Rosa Vidal")
    assert "a Chilean senator" in vidal.aliases and len(on[0]) == 3
    assert on[2][0].claimant == vidal.id  # the description's claim is the senator's
    assert len(off[0]) == 4


def test_descriptions_needs_one_matching_actor_of_the_same_kind_country_and_role() -> None:
    text = ("An Estonian lawmaker said Latvia bought mortars. Minister Karl Tamm and minister "
            "Eva Saar visited Riga.")
    actors = [draft_actor("an Estonian lawmaker", "person", country="EST", role="lawmaker"),
              draft_actor("Karl Tamm", "person", country="EST", role="minister"),
              draft_actor("Eva Saar", "person", country="EST", role="minister"),
              draft_actor("Latvia")]
    on, _ = both(text, "descriptions", actors=actors)
    assert "an Estonian lawmaker" in [a.name for a in on[0]]  # role differs: not merged
    agencies = [draft_actor("Finland's spy agency", "intelligence_agency", country="FIN"),
                draft_actor("Supo", "intelligence_agency", country="FIN"),
                draft_actor("Kapo", "intelligence_agency", country="FIN")]
    text = "Finland's spy agency warned of drones. Supo and Kapo met on Monday."
    on, _ = both(text, "descriptions", actors=agencies)
    assert len(on[0]) == 3  # two named agencies of Finland: which one is meant is unknown


def test_descriptions_merges_a_body_only_into_a_body_of_the_kind_its_head_names() -> None:
    text = ("Chile's Health Ministry said four people died. The Chilean army said it shot down "
            "two drones over Arica.")
    actors = [draft_actor("Chile's Health Ministry", "government_body", country="CHL"),
              draft_actor("Chilean army", "military", country="CHL")]
    claims = [draft_claim("The army shot down two drones.", "it shot down two drones over Arica",
                          claimant="Chilean army")]
    on, _ = both(text, "descriptions", actors=actors, claims=claims)
    assert sorted(a.name for a in on[0]) == ["Chile's Health Ministry", "Chilean army"]
    army = next(a for a in on[0] if a.name == "Chilean army")
    assert on[2][0].claimant == army.id
    # a military the text names is what "the Chilean army" stands for
    named = [draft_actor("Southern Command", "military", country="CHL"), actors[1]]
    on, off = both("The Chilean army said it shot down two drones. Southern Command sent jets.",
                   "descriptions", actors=named)
    assert [a.name for a in on[0]] == ["Southern Command"] and len(off[0]) == 2


def test_named_weapons_adds_weapons_the_content_names_and_the_draft_left_out() -> None:
    text = ("Peru received Korean howitzers and naval drones in May. The howitzers arrived by sea; "
            "missile tests followed, and officials said more weapons would come.")
    on, off = both(text, "named_weapons", actors=[draft_actor("Peru")])
    names = sorted(w.name for w in on[1])
    assert names == ["Korean howitzers", "naval drones"]  # not "missile tests", not "weapons"
    assert {w.category for w in on[1]} == {"artillery", "drone"}
    assert off[1] == []


def test_named_weapons_reads_a_singular_head_before_a_noun_as_its_modifier() -> None:
    def added(text: str) -> list[str]:
        on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")])
        return sorted(w.name for w in on[1])

    assert added("Peru expanded its drone programmes and its missile production in May.") == []
    assert added("Peru sanctioned firms in the missile and drone programmes of Chile.") == []
    assert added("Missiles hit a depot in Peru in May.") == ["Missiles"]  # a clause: "hit" is its verb
    assert added("A missile hit a depot in Peru in May.") == []  # a bare singular: one munition
    assert added("Naval drones attacked Peru in May.") == ["Naval drones"]
    # two bare singulars joined by "and" are no subject; the verb-noun before "on" is a noun
    assert added("Peru condemned the missile and drone attack of June.") == []
    assert added("The missiles and the drones hit Peru every night.") == ["drones", "missiles"]
    assert added("Peru condemned the missile strike on its capital.") == []
    assert added("Missiles struck its capital in May.") == ["Missiles"]
    # a title's capitals; a head joined by a hyphen begins a compound
    assert added("Statement by Peru on the Missile Strike on Lima\n\nPeru protested in May.") == []
    assert added("Peru raided a rocket-launching site in May.") == []
    assert added("Peru said rockets landed near a launching site in May.") == ["rockets"]
    # a determiner is no modifier of the name
    assert added("No naval drone entered Peru in May, Chile said.") == ["naval drone"]


def test_named_weapons_leaves_what_the_draft_has_and_bare_heads_of_longer_names() -> None:
    text = "Chile bought Exocet anti-ship missiles. The missiles cost a lot."
    drafted = [weapon("Exocet anti-ship missiles", "Chile bought Exocet anti-ship missiles",
                      category="missile")]
    on, _ = both(text, "named_weapons", actors=[draft_actor("Chile")], weapons=drafted)
    assert [w.name for w in on[1]] == ["Exocet anti-ship missiles"]


def test_named_weapons_leaves_a_drafted_weapons_family_name() -> None:
    text = ("Chile bought Exocet-3 missiles in May. Peru said Exocet missiles and Exocet-type missiles "
            "are hard to stop, unlike Harpoon missiles and its own Exocet-like missiles.")
    drafted = [weapon("Exocet-3 missiles", "Chile bought Exocet-3 missiles", category="missile")]
    on, _ = both(text, "named_weapons", actors=[draft_actor("Chile"), draft_actor("Peru")], weapons=drafted)
    # another family, and a look-alike, are other weapons
    assert [w.name for w in on[1]] == ["Exocet-3 missiles", "Harpoon missiles", "Exocet-like missiles"]


def test_named_weapons_leaves_a_member_by_letter_and_what_a_drafted_weapons_designation_sentence_says() -> None:
    text = ("Chile fired two Condor-B missiles and a Zk-40 cruise missile at Peru in May. The Zk-40 is "
            "an old anti-ship missile. Peru sanctioned makers of Condor missiles and Puma missiles.")
    drafted = [weapon("Condor-B missiles", "two Condor-B missiles", category="missile"),
               weapon("Zk-40 cruise missile", "a Zk-40 cruise missile", category="missile")]
    on, _ = both(text, "named_weapons", actors=[draft_actor("Chile"), draft_actor("Peru")], weapons=drafted)
    assert [w.name for w in on[1]] == ["Condor-B missiles", "Zk-40 cruise missile", "Puma missiles"]
    # "Condor-Bravo" is another family: a member's letter is one or two
    drafted[0] = weapon("Condor-Bravo missiles", "two Condor-B missiles", category="missile")
    on, _ = both(text.replace("Condor-B", "Condor-Bravo"), "named_weapons",
                 actors=[draft_actor("Chile"), draft_actor("Peru")], weapons=drafted)
    assert "Condor missiles" in [w.name for w in on[1]]
    # a designation beside other weapons is no description: the weapons the draft missed there
    text = "Chile fired a Zk-40 cruise missile in May. In June it fired 30 Zk-40 missiles and 12 Puma rockets."
    on, _ = both(text, "named_weapons", actors=[draft_actor("Chile")], weapons=drafted[1:])
    assert "Puma rockets" in [w.name for w in on[1]]


def test_reported_gives_an_interview_turn_to_its_speaker() -> None:
    text = ("Q&A with a former minister.\n\n"
            "Interviewer: What should Europe do about the border?\n\n"
            "Okafor: Europe must fund more radar stations along the eastern border.\n\n"
            "The money would also train the crews who run those stations.\n\n"
            "Interviewer: And the navy?\n\n"
            "Okafor: The navy needs two new frigates before the end of the decade.\n")
    actors = [draft_actor("Chidi Okafor", "person", aliases=["Okafor"])]
    claims = [draft_claim("Europe must fund radar stations.", "Europe must fund more radar stations")]
    d = Draft.model_validate({"actors": actors, "weapons": [], "claims": claims})
    on = resolve(d, clean(text))
    off = resolve(d, clean(text), off=["reported"])
    okafor = on[0][0].id
    added = [c for c in on[2][1:]]
    assert [c.evidence[0].text for c in added] == [
        "The money would also train the crews who run those stations.",
        "Okafor: The navy needs two new frigates before the end of the decade."]
    assert all(c.claimant == okafor for c in added)  # the turn's speaker, also in a follow-on paragraph
    assert len(off[2]) == 1


def test_stated_takes_a_statement_speakers_first_person_as_naming_the_speaker() -> None:
    text = "I am proud to announce forty radars for Chile, delivered this spring."
    actors = [draft_actor("Ana Ruiz", "person", role="President"), draft_actor("Chile")]
    claims = [draft_claim("Ana Ruiz announced forty radars for Chile.",
                          "I am proud to announce forty radars for Chile")]
    d = Draft.model_validate({"actors": actors, "weapons": [], "claims": claims})
    spoken = resolve(d, clean(text), title="Statement by President Ana Ruiz on Radars")
    assert spoken[2][0].grounded  # the title names the speaker of "I"
    unspoken = resolve(d, clean(text), title="Radars for Chile")
    assert not unspoken[2][0].grounded  # no speaker: the evidence does not name Ana Ruiz


def test_a_statement_speakers_first_person_supplies_for_the_speakers_state() -> None:
    actors = [draft_actor("Ana Ruiz", "person", country="Chile", role="President"),
              draft_actor("Peru"), draft_actor("Chile")]
    title = "Statement by President Ana Ruiz on Aid to Peru"

    def parties(text: str, title: str = title) -> list[tuple[str | None, str | None]]:
        w = weapon("howitzers", text.split(".")[-2].strip(), category="artillery")
        d = Draft.model_validate({"actors": actors, "weapons": [w],
                                  "claims": [draft_claim("a", text.split(".")[-2].strip())]})
        got = resolve(d, clean(text), title=title)
        ids = {a.id: a.name for a in got[0]}
        return [(ids.get(x.origin), ids.get(x.recipient)) for x in got[1]]

    said = "Chile stands with Peru. To defend Peru, I have decided to provide Peru with howitzers."
    assert parties(said) == [("Chile", "Peru")]  # "I": the speaker, for her state
    plain = "Chile stands with Peru. To defend Peru, the army has decided to provide Peru with howitzers."
    assert parties(plain) == [(None, "Peru")]  # no first person: no supplier read
    assert parties(said, "Aid to Peru") == [(None, "Peru")]  # no statement speaker
    quoted = 'Chile stands with Peru. "To defend Peru, I will provide Peru with howitzers," Lima said.'
    assert parties(quoted)[0][0] is None  # another's words in quotation marks


def test_package_parties_fills_a_transfer_from_the_articles_one_package() -> None:
    actors = [draft_actor("Norway"), draft_actor("Estonia"), draft_actor("Latvia")]
    base = ("Norway will send mortars to Estonia. Norway will send radars to Estonia. "
            "Norway also approved the transfer of more howitzers. Norway tested new rockets.")
    weapons = [weapon("mortars", "Norway will send mortars to Estonia", category="artillery"),
               weapon("radars", "Norway will send radars to Estonia", category="other"),
               weapon("howitzers", "approved the transfer of more howitzers", category="artillery",
                      origin="Norway"),
               weapon("rockets", "Norway tested new rockets", category="ammunition", origin="Norway")]

    def parties(text: str, off: bool = False) -> dict[str, tuple[str | None, str | None]]:
        on, no = both(text, "package_parties", actors=actors, weapons=weapons)
        got = no if off else on
        ids = {a.id: a.name for a in got[0]}
        return {w.name: (ids.get(w.origin), ids.get(w.recipient)) for w in got[1]}

    # one package (every transfer Norway -> Estonia): the approved transfer gets its recipient;
    # a test-firing writes no transfer and gets none
    assert parties(base)["howitzers"] == ("Norway", "Estonia")
    assert parties(base)["rockets"] == ("Norway", None)
    assert parties(base, off=True)["howitzers"] == ("Norway", None)
    # two recipients: no one package, nothing filled
    two = base.replace("radars to Estonia", "radars to Latvia")
    weapons[1] = weapon("radars", "Norway will send radars to Latvia", category="other")
    assert parties(two)["howitzers"] == ("Norway", None)


def test_transfer_parties_reads_a_missing_supplier_and_recipient_from_the_sentence() -> None:
    text = "Norway delivered sixty mortars to Estonia in June. Estonia also provided Latvia with radars."
    weapons = [weapon("mortars", "Norway delivered sixty mortars to Estonia", category="artillery"),
               weapon("radars", "Estonia also provided Latvia with radars", category="other")]
    actors = [draft_actor("Norway"), draft_actor("Estonia"), draft_actor("Latvia")]
    on, off = both(text, "transfer_parties", actors=actors, weapons=weapons)
    ids = {a.id: a.name for a in on[0]}
    assert [(ids.get(w.origin), ids.get(w.recipient)) for w in on[1]] == [
        ("Norway", "Estonia"), ("Estonia", "Latvia")]
    off_ids = {a.id: a.name for a in off[0]}
    assert (off_ids.get(off[1][1].origin), off_ids.get(off[1][1].recipient)) != ("Estonia", "Latvia")


def test_transfer_parties_reads_a_weapons_own_mentions_not_those_inside_a_longer_weapon() -> None:
    text = ("Chile struck Peru with drones overnight. Among them were jet-powered drones supplied "
            "by Bolivia.")
    weapons = [weapon("drones", "struck Peru with drones overnight"),
               weapon("jet-powered drones", "jet-powered drones supplied by Bolivia")]
    actors = [draft_actor("Chile"), draft_actor("Peru"), draft_actor("Bolivia")]
    on, _ = both(text, "transfer_parties", actors=actors, weapons=weapons)
    ids = {a.id: a.name for a in on[0]}
    parties = {w.name: (ids.get(w.origin), ids.get(w.recipient)) for w in on[1]}
    assert parties == {"drones": (None, None), "jet-powered drones": ("Bolivia", None)}


def test_every_step_returns_a_new_state_and_leaves_earlier_states_as_they_were() -> None:
    import dataclasses
    import itertools
    import pickle

    from llmclaims.resolve import PIPELINE, State

    text = ("Norway delivered sixty mortars to Estonia in June, the ministry said. "
            "Officials in Oslo said that Norway will send NASAMS air defense systems to Kyiv.")
    d = Draft.model_validate({
        "actors": [draft_actor("Norway"), draft_actor("Estonia"), draft_actor("NASAMS", "other")],
        "weapons": [weapon("mortars", "Norway delivered sixty mortars", category="artillery")],
        "claims": [draft_claim("Norway delivered sixty mortars to Estonia.",
                               "Norway delivered sixty mortars to Estonia in June")]})
    seen: list[tuple[str, State, bytes]] = []
    result = resolve(d, clean(text), trace=lambda name, s: seen.append((name, s, pickle.dumps(s))))
    assert [name for name, _, _ in seen] == [s.name for s in PIPELINE]
    for name, state, snapshot in seen:  # no later step changed what this one returned
        assert pickle.dumps(state) == snapshot, name
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[0][1].claims = ()  # type: ignore[misc]
    by_name = {s.name: s for s in PIPELINE}
    for (_, s, _), (b, t, _) in itertools.pairwise(seen):  # a step touches only what it declares
        declared = by_name[b].writes | by_name[b].adds
        kept = [f.name for f in dataclasses.fields(State) if getattr(s, f.name) is getattr(t, f.name)]
        assert set(kept) >= {f.name for f in dataclasses.fields(State)} - declared - {"warnings"}, b
    last = seen[-1][1]
    assert (result[0], result[1], result[2]) == (list(last.actor_list), list(last.weapon_list),
                                                 list(last.claims))
    assert [w.name for w in result[1]][:1] == ["mortars"] and result[2][0].grounded
    skipped = []
    resolve(d, clean(text), off=["reported", "catalogue"], trace=lambda name, s: skipped.append(name))
    assert skipped == [s.name for s in PIPELINE if s.name not in ("reported", "catalogue")]


def test_the_order_of_the_steps_is_checked_from_their_declarations() -> None:
    from llmclaims.resolve import PIPELINE, check_order

    assert check_order(PIPELINE) == PIPELINE
    steps = list(PIPELINE)
    descriptions = steps.pop([s.name for s in steps].index("descriptions"))
    steps.insert([s.name for s in steps].index("claims") + 1, descriptions)  # renumbers after claims
    with pytest.raises(ValueError, match="step 'weapons' reads \\['actors'\\], which the later "
                                         "step 'descriptions' writes"):
        check_order(steps)
    typo = dataclasses_replace(PIPELINE[0], reads=frozenset({"pendng"}))
    with pytest.raises(ValueError, match="pendng"):
        check_order([typo, *PIPELINE[1:]])


def test_a_step_that_always_runs_cannot_be_switched_off() -> None:
    assert "claims" not in PASSES and "stated" in PASSES
    with pytest.raises(ConfigError, match="always run"):
        resolve(Draft.model_construct(actors=[], weapons=[], claims=[]), clean("Text."), off=["claims"])


def test_state_parties_takes_a_states_organs_at_the_level_of_the_state() -> None:
    text = ("The Norwegian Defense Ministry delivered sixty mortars to Estonia's army. "
            "Norway has also sent radars to the Latvian rebels, officials in Norway said.")
    actors = [draft_actor("Norwegian Defense Ministry", "government_body", country="NOR"),
              draft_actor("Estonia's army", "armed_group", country="EST"),
              draft_actor("Latvian rebels", "armed_group", country="LVA"),
              draft_actor("Norway")]
    weapons = [weapon("mortars", "delivered sixty mortars to Estonia's army", category="artillery",
                      origin="Norwegian Defense Ministry", recipient="Estonia's army"),
               weapon("radars", "Norway has also sent radars to the Latvian rebels", category="other",
                      origin="Norway", recipient="Latvian rebels")]
    on, off = both(text, "state_parties", actors=actors, weapons=weapons)
    ids = {a.id: a.name for a in on[0]}
    assert [(ids.get(w.origin), ids.get(w.recipient)) for w in on[1]] == [
        ("Norway", "Estonia"), ("Norway", "Latvian rebels")]  # a rebel group stands for no state
    assert "Estonia" in ids.values()  # written in the article ("Estonia's"): added
    off_ids = {a.id: a.name for a in off[0]}
    assert [(off_ids.get(w.origin), off_ids.get(w.recipient)) for w in off[1]] == [
        ("Norwegian Defense Ministry", "Estonia's army"), ("Norway", "Latvian rebels")]


def test_attribution_a_statements_speaker_is_the_person_after_by_when_the_title_names_two() -> None:
    text = "I spoke with President Mara Lind today. I have approved forty radars for Chile."
    actors = [draft_actor("Ana Ruiz", "person"), draft_actor("Mara Lind", "person"),
              draft_actor("Chile")]
    claims = [draft_claim("Forty radars were approved for Chile.",
                          "I have approved forty radars for Chile", claimant="Chile")]
    d = Draft.model_validate({"actors": actors, "weapons": [], "claims": claims})
    title = "Statement by Prime Minister Ana Ruiz on a Call with President Mara Lind"
    actors_out, _, claims_out, _ = resolve(d, clean(text), title=title)
    assert {a.id: a.name for a in actors_out}[claims_out[0].claimant or ""] == "Ana Ruiz"
    both_named = "Remarks by Prime Minister Ana Ruiz and President Mara Lind"  # two speakers
    actors_out, _, claims_out, _ = resolve(d, clean(text), title=both_named)
    assert {a.id: a.name for a in actors_out}.get(claims_out[0].claimant or "") != "Ana Ruiz"


def test_state_parties_never_makes_a_state_supply_itself() -> None:
    text = "Norway's army handed twelve radars to Norway's navy, officials in Norway said."
    actors = [draft_actor("Norway's army", "military", country="NOR"),
              draft_actor("Norway's navy", "military", country="NOR"), draft_actor("Norway")]
    weapons = [weapon("radars", "handed twelve radars to Norway's navy", category="other",
                      origin="Norway's army", recipient="Norway's navy")]
    on, _ = both(text, "state_parties", actors=actors, weapons=weapons)
    ids = {a.id: a.name for a in on[0]}
    origin, recipient = ids.get(on[1][0].origin), ids.get(on[1][0].recipient)
    assert origin != recipient and {origin, recipient} & {"Norway"} == {"Norway"}


def test_the_pipeline_doc_lists_every_registered_step_with_its_declaration() -> None:
    import subprocess
    import sys
    from pathlib import Path

    from llmclaims.resolve import PIPELINE

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, str(root / "scripts" / "pipeline_doc.py")], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(root)}).stdout
    rows = [line.split(" | ") for line in out.splitlines()[2:]]
    assert [r[0].strip("| `") for r in rows] == [s.name for s in PIPELINE]
    stated = next(r for r in rows if r[0] == "| `stated`")
    assert stated[1:3] == ["`actors`, `claim_recs`, `voice`", "`claim_recs`"]
    assert stated[4:] == ["on", PASSES["stated"] + " |"]
    assert next(r for r in rows if r[0] == "| `claims`")[4] == "always"


def test_a_list_that_spells_the_acronym_after_it_is_one_weapons_name() -> None:
    text = "Peru's Counter-Drone, Gun, and Laser (C-GL) system shot down two drones over the port."
    named = "Counter-Drone, Gun, and Laser (C-GL) system"
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")],
                 weapons=[weapon(named, text[:-1], category="air_defense")])
    assert [w.name for w in on[1]] == [named]
    # a list with no acronym after it is still split into its weapons
    text = "Peru bought Harpoon missiles and Exocet missiles in May."
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")],
                 weapons=[weapon("Harpoon missiles and Exocet missiles", text[:-1], category="missile")])
    assert [w.name for w in on[1]] == ["Harpoon missiles", "Exocet missiles"]


def test_named_weapons_reads_a_bare_head_after_the_as_the_drafted_weapon_again() -> None:
    text = "Peru received Exocet anti-ship missiles in May. The interceptors arrive next year, Peru said."
    drafted = [weapon("Exocet anti-ship missiles", "Peru received Exocet anti-ship missiles", category="missile")]
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")], weapons=drafted)
    assert [w.name for w in on[1]] == ["Exocet anti-ship missiles"]
    # with nothing drafted to point back to, or with a modifier of its own, it is a weapon
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")])
    assert "interceptors" in [w.name for w in on[1]]
    text = "Peru received Exocet anti-ship missiles in May. The Aster interceptors arrive next year."
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")], weapons=drafted)
    assert [w.name for w in on[1]] == ["Exocet anti-ship missiles", "Aster interceptors"]


def test_named_weapons_reads_a_possessor_and_a_bare_head_as_weapons_in_general() -> None:
    text = "Peru received Exocet anti-ship missiles in May. Our missiles and Chile's drones are ready, Peru said."
    drafted = [weapon("Exocet anti-ship missiles", "Peru received Exocet anti-ship missiles", category="missile")]
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru"), draft_actor("Chile")], weapons=drafted)
    assert [w.name for w in on[1]] == ["Exocet anti-ship missiles"]
    # a possessor before a named system still names it
    text = "Peru received Exocet anti-ship missiles in May. Chile's Harpoon missiles are ready, Peru said."
    on, _ = both(text, "named_weapons", actors=[draft_actor("Peru"), draft_actor("Chile")], weapons=drafted)
    assert any(w.name.endswith("Harpoon missiles") for w in on[1])


def test_named_states_does_not_count_a_state_inside_another_states_name_or_a_bodys_topic() -> None:
    # "Sudan" of "South Sudan" (also where "South" opens a paragraph); "Yemen" as the topic of
    # a panel's name, and "off Yemen" a place
    text = ("Chile backed the embargo on South Sudan. The Panel of Experts on Yemen met in May.\n\n"
            "South Sudan rejected the vote. Patrols off Yemen stopped two boats.")
    on, _ = both(text, "named_states", actors=[draft_actor("Chile")])
    assert sorted(a.name for a in on[0]) == ["Chile", "South Sudan"]
    # where the text writes the state itself twice, it is added
    on, _ = both(text + " Sudan protested, and Yemen said it would reply. Sudan recalled its envoy.",
                 "named_states", actors=[draft_actor("Chile")])
    assert "Sudan" in [a.name for a in on[0]]


def test_a_states_alias_that_names_its_government_stays_its_alias() -> None:
    text = ("The Malian junta and the Federal Government of Somalia met in Bamako. The Malian "
            "opposition stayed away, and Mali said Somalia would send observers.")
    actors = [draft_actor("Mali", aliases=["Malian junta"]),
              draft_actor("Somalia", aliases=["Federal Government of Somalia"])]
    on, _ = both(text, "named_states", actors=actors)
    assert sorted((a.name, sorted(a.aliases)) for a in on[0]) == [
        ("Mali", ["Malian junta"]), ("Somalia", ["Federal Government of Somalia"])]
    # the state's opposition is no name of its government: an actor of its own
    on, _ = both(text, "named_states", actors=[draft_actor("Mali", aliases=["Malian opposition"])])
    assert "Malian opposition" in [a.name for a in on[0]]


def test_named_weapons_leaves_a_drafted_variants_model_and_a_tank_of_fuel() -> None:
    drafted = [weapon("Mi-24P attack helicopters", "four Mi-24P attack helicopters", category="aircraft")]

    def added(text: str) -> list[str]:
        on, _ = both(text, "named_weapons", actors=[draft_actor("Chile"), draft_actor("Peru")],
                     weapons=drafted)
        return [w.name for w in on[1]][1:]

    # "Mi-24 helicopters": the drafted variant's model, no other weapon; another model is one
    bought = "Chile bought four Mi-24P attack helicopters in May. "
    assert added(bought + "Later two Mi-24 helicopters crossed into Peru.") == []
    assert added(bought + "Later two Mi-8 helicopters crossed into Peru.") == [
        "Mi-8 helicopters"]

    def alone(text: str) -> list[str]:
        on, _ = both(text, "named_weapons", actors=[draft_actor("Chile"), draft_actor("Peru")])
        return [w.name for w in on[1]]

    # a fuel tank and a think tank are no weapons; a battle tank is one
    assert alone("Chile sold fuel tanks to Peru in May.") == []
    assert alone("A think tank said Chile sold tanks to Peru in May.") == ["tanks"]
    assert alone("Chile sold battle tanks to Peru in May.") == ["battle tanks"]


def test_named_states_adds_a_state_the_gazetteer_lists_under_two_names_once() -> None:
    text = ("Myanmar's army shelled a village, and Myanmar said it would hold talks. Burma, as some call "
            "it, has been at war since 2021; Burma's jets flew again.")
    on, _ = both(text, "named_states", actors=[draft_actor("Chile")])
    assert [(a.name, a.aliases) for a in on[0]] == [("Chile", []), ("Burma", ["Myanmar"])]


def test_a_short_name_two_states_share_stays_the_drafted_states_alias() -> None:
    text = "The Democratic Republic of the Congo said rebels shelled Goma. Congo asked Rwanda for talks."
    on, _ = both(text, "named_states", actors=[
        draft_actor("Democratic Republic of the Congo", aliases=["Congo"]), draft_actor("Rwanda")])
    assert sorted((a.name, a.aliases) for a in on[0]) == [
        ("Democratic Republic of the Congo", ["Congo"]), ("Rwanda", [])]
    # a state's own name is another state, even inside the drafted one's ("Sudan" of South Sudan)
    text = "South Sudan said rebels crossed the border. Sudan denied it."
    on, _ = both(text, "named_states", actors=[draft_actor("South Sudan", aliases=["Sudan"])])
    assert sorted(a.name for a in on[0]) == ["South Sudan", "Sudan"]


def test_named_weapons_reads_a_verb_that_opens_the_sentence_as_no_name() -> None:
    def added(text: str) -> list[str]:
        on, _ = both(text, "named_weapons", actors=[draft_actor("Peru")])
        return [w.name for w in on[1]]

    assert added('"Moving rocket launchers to the border sends a message," Peru said.') == ["rocket launchers"]
    assert added("Peru sent troops. Firing rockets at night, the rebels hit a depot.") == ["rockets"]
    # a name in capitals opens the sentence: it stays the weapon's
    assert added("Patriot missiles arrived in Peru in May.") == ["Patriot missiles"]
