"""Draft -> result conversion, on hand-written drafts (no model involved)."""

from __future__ import annotations

from typing import Any

import pytest

from llmclaims.resolve import certainty_from_cue, resolve
from llmclaims.schema import Draft
from llmclaims.text.clean import clean

from .helpers import draft_actor, draft_claim


def actor(name: str, kind: str = "state", aliases: list[str] | None = None,
          quote: str = "", country: str | None = None, role: str | None = None) -> dict[str, Any]:
    return draft_actor(name, kind, aliases, quote, country, role)


def claim(statement: str, quote: str, **kw: Any) -> dict[str, Any]:
    return draft_claim(statement, quote, **kw)


def draft(**kw: Any) -> Draft:
    return Draft.model_validate(kw)


def run(d: Draft, text: str, *, reported: bool = False) -> Any:
    """The draft resolved; reported speech the draft left out is added only when asked."""
    return resolve(d, clean(text), reported=reported)


def test_certainty_from_cue() -> None:
    assert certainty_from_cue("said", "asserted") == "asserted"
    assert certainty_from_cue("believes", "asserted") == "probable"
    assert certainty_from_cue("could be", "asserted") == "possible"
    assert certainty_from_cue("denied", "asserted") == "denied"
    assert certainty_from_cue("has not confirmed", "asserted") == "unconfirmed"
    assert certainty_from_cue(None, "possible") == "possible"
    # "suspect": the verb with its object or clause, not the noun
    assert certainty_from_cue("Kestria suspects Velor of arming the rebels", "asserted") == "probable"
    assert certainty_from_cue("officials suspect that the drones came from Velor", "asserted") == "probable"
    assert certainty_from_cue("the four suspects will be handed over to the police", "asserted") == "asserted"
    assert certainty_from_cue("officials suspect Velor supplied the drones", "asserted") == "probable"
    assert certainty_from_cue("the suspects fled to Velor", "asserted") == "asserted"
    # the modal "may" hedges; "May" the month does not
    assert certainty_from_cue("a Velor missile may have hit the depot", "asserted") == "possible"
    assert certainty_from_cue("On 3 May a Velor missile hit the depot", "asserted") == "asserted"


def test_a_titled_name_is_a_person() -> None:
    text = "Russian President Vladimir Putin met leader Kim Jong Un in Pyongyang."
    d = draft(actors=[actor("Vladimir Putin", kind="government_body",
                            aliases=["President Vladimir Putin"]),
                      actor("North Korea", aliases=["Pyongyang"])],
              weapons=[], claims=[claim("Putin met Kim.", "Putin met leader Kim Jong Un")])
    actors, *_ = run(d, text)
    putin = next(a for a in actors if a.name == "Vladimir Putin")
    assert putin.kind == "person" and putin.role == "President"


def test_a_company_name_is_no_titled_person_and_no_pair_of_actors() -> None:
    from llmclaims.resolve.actors import conjoined, titled_person

    assert titled_person(["WB Electronics S.A."]) is None  # an acronym alone is no title
    assert titled_person(["NATO Secretary-General Jens Stoltenberg"]) == (
        "Jens Stoltenberg", "NATO Secretary-General")
    assert conjoined("Kongsberg Defence & Aerospace AS") is None  # "&" joins one name's words
    assert conjoined("Ana Ruiz and Mara Lind") == [("Ana Ruiz", "person"), ("Mara Lind", "person")]
    text = "Orders went to WB Electronics S.A. and Kongsberg Defence & Aerospace AS in May."
    d = draft(actors=[actor("WB Electronics S.A.", kind="organization"),
                      actor("Kongsberg Defence & Aerospace AS", kind="organization")],
              weapons=[], claims=[])
    actors, *_ = run(d, text)
    assert [(a.name, a.kind) for a in actors] == [
        ("WB Electronics S.A.", "organization"), ("Kongsberg Defence & Aerospace AS", "organization")]


def test_generic_weapons_are_not_weapon_systems() -> None:
    from llmclaims.resolve.weapons import category_of, generic_weapon

    assert generic_weapon("weapons") and generic_weapon("U.S. weapons")
    assert generic_weapon("military equipment")
    assert not generic_weapon("anti-tank weapons") and not generic_weapon("Javelin")
    assert [category_of(n) for n in ("anti-personnel land mines", "Patriot air defense battery",
                                     "small arms ammunition", "Mi-17 helicopters", "Javelin")] == [
        "mine", "air_defense", "ammunition", "aircraft", "other"]
    text = "Kyiv asked for more weapons and 155mm artillery rounds."
    w = {"category": "other", "caliber_mm": None, "designation": None, "quantity": None,
         "origin": None, "recipient": None, "quote": text}
    d = draft(actors=[actor("Ukraine", aliases=["Kyiv"])],
              weapons=[{**w, "name": "weapons"}, {**w, "name": "artillery rounds"}],
              claims=[claim("a", text)])
    _, weapons, _, warnings = run(d, text)
    assert [x.name for x in weapons] == ["artillery rounds"]
    assert any(x.item == "draft weapon 1" and x.reason == "weapon_generic" for x in warnings)


def test_a_weapon_system_is_named_as_one_and_its_category_is_what_its_name_says() -> None:
    from llmclaims.resolve.weapons import category_of

    # minimal pairs: the same list item, a weapon word or not
    text = ("The package includes:\n\n- 300 grenade launchers;\n- 300 ballistic vests;\n"
            "- Encrypted radios and field rations;\n- 12 Gepard guns and 40 German helmets;\n"
            "- Six counter-battery radars; and\n- 20 KX-9 systems.\n\n"
            "Poland also sent 50 Piorun systems and 90 Polish tents.")
    w = {"category": "armored_vehicle", "caliber_mm": None, "designation": None,
         "quantity": None, "origin": None, "recipient": None}
    names = ["grenade launchers", "ballistic vests", "Encrypted radios and field rations",
             "Gepard guns", "German helmets", "counter-battery radars", "KX-9 systems",
             "Piorun systems", "Polish tents"]
    d = draft(actors=[actor("Poland")], weapons=[{**w, "name": n} for n in names],
              claims=[claim("a", "Poland also sent 50 Piorun systems")])
    _, weapons, _, warnings = resolve(d, clean(text), reported=False, off=["named_weapons"])
    # kept: a weapon word, a designation, a proper name inside a sentence ("Gepard", "Piorun");
    # dropped: protective gear, supplies, a capital that only starts a list item, a demonym
    assert [x.name for x in weapons] == ["grenade launchers", "Gepard guns",
                                         "counter-battery radars", "KX-9 systems", "Piorun systems"]
    dropped = {x.fields["name"] for x in warnings if x.reason == "weapon_not_named_as_weapon"}
    assert dropped >= {"ballistic vests", "German helmets", "Polish tents"}
    # the category the name says replaces the drafted one; "counter-" names what it counters
    cats = {x.name: x.category for x in weapons}
    assert cats["grenade launchers"] == "small_arms" and cats["Gepard guns"] == "small_arms"
    assert cats["counter-battery radars"] == "armored_vehicle"  # the name says none: drafted
    assert category_of("counter-mortar radar systems") == "other"
    assert category_of("Tactical Unmanned Aerial Systems") == "drone"
    assert [category_of(n) for n in ("landmines", "warships", "torpedoes", "strategic bombers")] \
        == ["mine", "naval", "missile", "aircraft"]


def test_people_units_and_bare_proper_names_are_not_weapons_and_two_weapons_split() -> None:
    from llmclaims.resolve.context import Context
    from llmclaims.resolve.weapons import _split_with, named_as_weapon

    ctx = Context.of(clean("Officials met Gepard crews and the Kraken battalion at the Odin base."))
    # a head noun that is people or a unit is not a weapon, whatever names it
    assert not named_as_weapon("Gepard crews", ctx, "air_defense")
    assert not named_as_weapon("Kraken battalion", ctx, "armored_vehicle")
    assert not named_as_weapon("rocket artillery brigade", ctx, "artillery")
    assert named_as_weapon("rocket artillery", ctx, "artillery")
    assert named_as_weapon("tanks with crews", ctx, "armored_vehicle")  # the head is "tanks"
    # a proper name alone is a weapon only when the draft gives it a weapon category
    assert named_as_weapon("Odin", ctx, "missile") and not named_as_weapon("Odin", ctx, "other")
    assert not named_as_weapon("ODIN", ctx, "other") and named_as_weapon("ODIN", ctx, "drone")
    # "and" joins two weapons when each side names one; a shared head noun stays one weapon
    assert _split_with("a Patriot battery and Patriot missiles") == ["a Patriot battery", "Patriot missiles"]
    assert _split_with("howitzers and shells") == ["howitzers", "shells"]
    assert _split_with("Patriot and AMRAAM missiles") == ["Patriot and AMRAAM missiles"]
    assert _split_with("Russia and Iran drones") == ["Russia and Iran drones"]


def test_a_weapon_the_text_names_stops_at_a_sentence_or_paragraph_and_drops_its_count() -> None:
    text = ("Kyiv reported a Russian attack.\n\nRussian missiles hit a port. "
            "Officials said 26 missiles were fired.")
    d = draft(actors=[actor("Ukraine", aliases=["Kyiv"]), actor("Russia")], weapons=[],
              claims=[claim("a", "Russian missiles hit a port")])
    _, weapons, _, _ = run(d, text)
    names = {w.name: w.quantity for w in weapons}
    assert "Russian missiles" in names and not any("attack" in n for n in names)
    assert "missiles" in names and names["missiles"] is not None and names["missiles"].value == 26


def test_a_list_drafted_as_one_weapon_is_split_and_counts_leave_the_names() -> None:
    from llmclaims.resolve.lists import split_list

    assert split_list("Grenade launchers, 5,000 rifles, 1,000 pistols, and 400 shotguns") == [
        "Grenade launchers", "5,000 rifles", "1,000 pistols", "400 shotguns"]
    assert split_list("25,000 sets of body armor; and 25,000 helmets") == [
        "25,000 sets of body armor", "25,000 helmets"]
    assert split_list("Artillery and missiles") == ["Artillery and missiles"]
    assert split_list("counter-artillery and counter-unmanned aerial system tracking radars") == [
        "counter-artillery and counter-unmanned aerial system tracking radars"]
    text = "The package includes 100 grenade launchers, 5,000 rifles, and 400 machine guns."
    d = draft(actors=[actor("United States")], claims=[claim("a", "100 grenade launchers")] * 2,
              weapons=[{"name": "100 grenade launchers, 5,000 rifles, and 400 machine guns",
                        "category": "small_arms", "caliber_mm": None, "designation": None,
                        "quantity": None, "origin": None, "recipient": None,
                        "quote": "100 grenade launchers, 5,000 rifles"}])
    _, weapons, _, warnings = run(d, text)
    assert [(w.name, w.quantity.value if w.quantity else None) for w in weapons] == [
        ("grenade launchers", 100), ("rifles", 5000), ("machine guns", 400)]
    assert all(w.grounded and text[w.mentions[0].start:w.mentions[0].end] == w.name
               for w in weapons)
    assert any(x.reason == "weapon_list_split" and x.fields["parts"].count(";") == 2 for x in warnings)
    # a system drafted with its munitions: two weapons; "tanks with crews" stays one
    text = "The package includes HIMARS with battlefield munitions and tanks with crews."
    w = {"category": "other", "caliber_mm": None, "designation": None, "quantity": None,
         "origin": None, "recipient": None, "quote": text}
    d = draft(actors=[actor("United States")], claims=[claim("a", text)],
              weapons=[{**w, "name": "HIMARS with battlefield munitions"},
                       {**w, "name": "tanks with crews"}])
    _, weapons, _, _ = run(d, text)
    assert [x.name for x in weapons] == ["HIMARS", "battlefield munitions", "tanks with crews"]


def test_a_titled_name_is_the_person_and_weapon_named_actors_become_weapons() -> None:
    text = ("President Joe Biden said the U.S. will send long-range missiles and more weapons. "
            "Biden spoke with Ukraine. The Royal Artillery trained crews.")
    d = draft(actors=[actor("President Joe Biden", kind="person"), actor("Ukraine"),
                      actor("U.S.-provided long-range missiles", kind="other",
                            quote="long-range missiles"),
                      actor("more weapons", kind="other", quote="more weapons"),
                      actor("Royal Artillery", kind="military")],
              weapons=[], claims=[claim("a", "the U.S. will send long-range missiles",
                                        claimant="Biden",
                                        actors=["U.S.-provided long-range missiles"])] * 2)
    actors, weapons, claims, warnings = run(d, text)
    biden = next(a for a in actors if "Biden" in a.name)
    assert (biden.name, biden.role, biden.kind) == ("Joe Biden", "President", "person")
    assert "President Joe Biden" in biden.aliases
    assert claims[0].claimant == biden.id
    assert [a.name for a in actors] == ["Joe Biden", "Ukraine", "Royal Artillery"]
    # a weapon drafted as an actor is taken in as a weapon, grounded where it is written;
    # a generic one ("more weapons") is dropped
    assert [(w.name, w.category) for w in weapons] == [
        ("U.S.-provided long-range missiles", "missile")]
    m = weapons[0].mentions[0]
    assert text[m.start:m.end] == "long-range missiles"
    assert any(w.item == "draft actor 3" and w.reason == "actor_is_weapon" for w in warnings)
    assert any(w.item == "draft actor 4" and w.code == "dropped" for w in warnings)


def test_a_credit_line_is_not_a_claim() -> None:
    text = "Kim fired missiles, officials said.\n\nJeff Seldin contributed to this report."
    d = draft(actors=[actor("Kim", kind="person")], weapons=[],
              claims=[claim("Kim fired missiles.", "Kim fired missiles"),
                      claim("Jeff Seldin contributed.", "Jeff Seldin contributed to this report.")])
    _, _, claims, warnings = run(d, text)
    assert [c.statement for c in claims] == ["Kim fired missiles"]  # the article's words
    assert any(w.code == "dropped" and w.reason == "not_a_claim:credit_line" for w in warnings)


@pytest.mark.parametrize(("written", "person", "title"), [
    ("NATO Secretary-General Jens Stoltenberg", "Jens Stoltenberg", "NATO Secretary-General"),
    ("Press Secretary Major General Patrick Ryder", "Patrick Ryder", "Press Secretary Major General"),
    ("North Korean leader Kim Jong Un", "Kim Jong Un", "North Korean leader"),
    ("Senate Majority Leader Chuck Schumer", "Chuck Schumer", "Senate Majority Leader"),
    ("U.N. humanitarian chief Volker Turk", "Volker Turk", "U.N. humanitarian chief"),
])
def test_titles_before_a_name_are_a_role(written: str, person: str, title: str) -> None:
    from llmclaims.resolve import titled_person

    assert titled_person([written]) == (person, title)


@pytest.mark.parametrize("org", ["Estonian Foreign Intelligence Service", "National Security Council",
                                 "Ukraine Security Assistance Initiative", "Ukraine Defense Contact Group",
                                 "Joint Chiefs of Staff", "Ukrainian Air Force", "North Korea",
                                 "Israel Defense Forces", "White House"])
def test_organizations_are_not_titled_people(org: str) -> None:
    from llmclaims.resolve import titled_person

    assert titled_person([org]) is None


def test_a_transcript_speaker_is_the_claimant_and_honorifics_merge() -> None:
    text = ("MS. SHARMA: Welcome, everyone. John Kirby will speak.\n\n"
            "MR. KIRBY: Iran is providing drones to Russia. Thanks.\n\n"
            "MS. SHARMA: Great, next question.\n")
    d = draft(actors=[actor("John Kirby", kind="person"), actor("MR. KIRBY", kind="person"),
                      actor("Iran"), actor("Russia")], weapons=[],
              claims=[claim("Iran is providing drones to Russia.",
                            "Iran is providing drones to Russia", claimant="Iran")] * 2)
    actors, _, claims, warnings = run(d, text)
    kirby = next(a for a in actors if a.name == "John Kirby")
    assert "MR. KIRBY" in kirby.aliases and not any(a.name == "Kirby" for a in actors)
    assert claims[0].claimant == kirby.id
    assert any(w.reason == "source_from_transcript" and w.fields == {"source": "John Kirby"}
               for w in warnings)


def test_weapons_named_for_actors_are_dropped() -> None:
    text = "Senator Chuck Schumer said the U.S. Senate passed aid with Stinger missiles for Ukraine."
    weapon = {"category": "other", "caliber_mm": None, "designation": None, "quantity": None,
              "origin": None, "recipient": None, "quote": ""}
    d = draft(actors=[actor("U.S. Senate", kind="government_body"), actor("Ukraine")],
              weapons=[{**weapon, "name": "U.S. Senate"}, {**weapon, "name": "Chuck Schumer"},
                       {**weapon, "name": "Ukraine"}, {**weapon, "name": "Stinger missiles"}],
              claims=[claim("a", "passed aid")] * 2)
    _, weapons, _, warnings = run(d, text)
    assert [w.name for w in weapons] == ["Stinger missiles"]
    assert sorted(w.fields["name"] for w in warnings if w.reason == "weapon_is_actor") == [
        "Chuck Schumer", "U.S. Senate", "Ukraine"]


def test_places_are_not_actors() -> None:
    text = ("Israel struck targets in Rafah. Civilians fled the town of Rafah toward Egypt. "
            "Hamas said fighting in Rafah continued.")
    d = draft(actors=[actor("Israel"), actor("Rafah", kind="other"), actor("Hamas", kind="armed_group"),
                      actor("Egypt")], weapons=[],
              claims=[claim("Israel struck Rafah.", "Israel struck targets in Rafah",
                            actors=["Israel", "Rafah"])] * 2)
    actors, _, claims, warnings = run(d, text)
    assert [a.name for a in actors] == ["Israel", "Hamas", "Egypt"]
    assert claims[0].actors == [actors[0].id]  # the place is not re-added by a reference
    assert [w.fields["name"] for w in warnings if w.reason == "actor_is_place"] == ["Rafah"]


def test_reported_speech_the_draft_left_out_becomes_a_claim() -> None:
    text = ("North Korea fired missiles on Tuesday. \u201cWe will respond firmly to any provocation,\u201d "
            "said David Maxwell, a fellow at the center. The talks ended. Officials said more tests "
            "were likely.\n\nJeff Seldin said he contributed to this report.\n")
    d = draft(actors=[actor("North Korea")], weapons=[],
              claims=[claim("North Korea fired missiles.", "North Korea fired missiles on Tuesday",
                            type="attack")] * 2)
    actors, _, claims, warnings = run(d, text, reported=True)
    added = [c for c in claims if any(w.code == "added" and w.item == c.id for w in warnings)]
    assert len(added) == 1  # unnamed "Officials said", a credit line and a short sentence: none
    c = added[0]
    maxwell = next(a for a in actors if a.name == "David Maxwell")
    assert c.claimant == maxwell.id and c.cue == "said" and c.grounded
    assert text[c.evidence[0].start:c.evidence[0].end] == c.evidence[0].text
    assert c.evidence[0].text.startswith("\u201cWe will respond")
    # the statement is what the sentence asserts, its reporting clause left out
    assert c.statement == "We will respond firmly to any provocation"
    assert [x.id for x in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]


@pytest.mark.parametrize("name", ["Patriot air defense battery", "Tactical Unmanned Aerial Systems",
                                  "U.S.-provided long-range missiles", "Mi-17 helicopters"])
def test_weapon_shaped_names_are_weapons(name: str) -> None:
    from llmclaims.resolve.actors import weapon_named

    assert weapon_named(name)


def test_a_state_named_twice_is_an_actor_even_when_not_drafted() -> None:
    text = ("Rep. Jim Jordan said Russia fired missiles at Ukraine. Moscow denied it, and "
            "Jordan said more aid was needed. The Washington Post and the Jordan Times "
            "reported it. Jordan repeated it.")
    d = draft(actors=[actor("Jim Jordan", kind="person")], weapons=[],
              claims=[claim("a", "Russia fired missiles at Ukraine")] * 2)
    actors, _, _, warnings = run(d, text)
    # Russia: "Russia" and "Moscow" (its capital); Ukraine once; "Jordan" only inside names
    assert [a.name for a in actors] == ["Jim Jordan", "Russia"]
    russia = actors[1]
    assert (russia.kind, russia.country, russia.aliases) == ("state", "RUS", ["Moscow"])
    assert [text[m.start:m.end] for m in russia.mentions] == ["Russia", "Moscow"]
    assert any(w.code == "added" and w.item == russia.id and w.reason == "state_named_in_content"
               and w.fields == {"name": "Russia", "times": "2"} for w in warnings)


def test_a_states_shortened_name_stays_its_alias() -> None:
    draft = Draft.model_validate({"actors": [
        {"name": "Republic of Korea", "kind": "state", "aliases": ["Korea"]}], "weapons": [], "claims": []})
    text = "The Republic of Korea will send 180 tanks. Korea has built them since 2008."
    actors = resolve(draft, clean(text), reported=False)[0]
    assert [(a.name, sorted(a.aliases)) for a in actors] == [("South Korea", ["Korea", "Republic of Korea"])]


def test_a_conjunction_copied_with_a_name_is_left_out() -> None:
    from llmclaims.resolve.actors import split_abbreviation

    assert split_abbreviation("But Democrats") == ("Democrats", None)
    assert split_abbreviation("And the Pentagon (DoD)") == ("the Pentagon", "DoD")
    assert split_abbreviation("Andrew Yang") == ("Andrew Yang", None)
    # a speaker's possessive before a body is no part of its name; before anything else it stays
    assert split_abbreviation("Our Navy") == ("Navy", None)
    assert split_abbreviation("Our Tomorrow") == ("Our Tomorrow", None)
    # officials are their body or state; unnamed "officials" stay as written
    assert split_abbreviation("United Nations officials") == ("United Nations", None)
    assert split_abbreviation("Israeli officials") == ("Israel", None)
    assert split_abbreviation("officials") == ("officials", None)
    # one official, chiefs and ministers, and a capital in a drafted label speak for it too
    assert split_abbreviation("a Chilean official") == ("Chile", None)
    assert split_abbreviation("Chilean official") == ("Chile", None)
    assert split_abbreviation("Andean Pact defense chiefs") == ("Andean Pact", None)
    assert split_abbreviation("Chilean Defense Officials") == ("Chile", None)
    assert split_abbreviation("an official") == ("an official", None)
    text = "But Democrats said most members would vote for it."
    d = draft(actors=[actor("But Democrats", kind="organization")], weapons=[],
              claims=[claim("a", "most members would vote for it")] * 2)
    actors, *_ = run(d, text)
    assert [(a.name, text[a.mentions[0].start:a.mentions[0].end]) for a in actors] == [
        ("Democrats", "Democrats")]


def test_every_un_member_state_is_known() -> None:
    """The gazetteer holds every ISO 3166-1 state (a superset of the 193 UN members), with
    capitals and demonyms from the dataset: states far from the dev articles included."""
    from llmclaims.text import gazetteer

    assert len(gazetteer.states()) >= 193
    for name, capital, demonym, iso in [("Sudan", "Khartoum", "Sudanese", "SDN"),
                                        ("Bhutan", "Thimphu", "Bhutanese", "BTN"),
                                        ("Uruguay", "Montevideo", "Uruguayan", "URY"),
                                        ("Tuvalu", "Funafuti", "Tuvaluan", "TUV")]:
        assert gazetteer.country(name) == (name, iso)
        assert gazetteer.country(capital) == (name, iso)
        assert gazetteer.iso3(demonym) == iso


def test_a_state_of_the_news_table_keeps_the_datasets_official_names() -> None:
    """The news table's states ("United Kingdom", "Russia") also keep the dataset's official
    and other names, so that a draft's alias in that form is the state, not an actor of its
    own; a headline's "N. Korea" is the North."""
    from llmclaims.text import gazetteer

    assert gazetteer.country("United Kingdom of Great Britain and Northern Ireland") == ("United Kingdom", "GBR")
    assert gazetteer.country("Russian Federation") == ("Russia", "RUS")
    assert gazetteer.country("N. Korea") == ("North Korea", "PRK")
    assert gazetteer.country("S. Korea") == ("South Korea", "KOR")
    assert gazetteer.country("Wales") is None  # a part of a state is not the state
    d = draft(actors=[actor("United Kingdom", kind="state",
                            aliases=["United Kingdom of Great Britain and Northern Ireland"])],
              weapons=[], claims=[claim("a", "the United Kingdom of Great Britain and Northern Ireland")] * 2)
    text = "Leaders of the United Kingdom of Great Britain and Northern Ireland met. The United Kingdom agreed."
    actors, *_ = run(d, text)
    assert [a.name for a in actors] == ["United Kingdom"]


def test_a_demonym_shared_with_a_territory_belongs_to_the_member_state() -> None:
    """The dataset gives "American" to the Northern Mariana Islands as well, "Indian" to the
    British Indian Ocean Territory, "Norwegian" to Svalbard: the UN member state takes it."""
    from llmclaims.text import gazetteer

    for demonym, iso in [("American", "USA"), ("Indian", "IND"), ("Norwegian", "NOR"),
                         ("French", "FRA"), ("Chinese", "CHN")]:
        assert gazetteer.iso3(demonym) == iso
        assert gazetteer.country_in(f"{demonym} officials") == iso


def test_a_spaced_initialism_is_the_written_one() -> None:
    """The small model writes "U. S." where the text has "U.S.": the same state."""
    text = "The U.S. sent mortars to Chile, the U.S. embassy said on Monday."
    d = draft(actors=[actor("U. S.", kind="government_body"), actor("Chile")], weapons=[],
              claims=[claim("x", "The U.S. sent mortars to Chile")])
    actors, *_ = run(d, text)
    assert sorted(a.name for a in actors) == ["Chile", "United States"]
    assert all(a.grounded for a in actors)


def test_titles_in_a_row_are_all_taken_from_the_name() -> None:
    from llmclaims.resolve.actors import titled_person

    assert titled_person(["Secretary Major General Ana Ruiz"]) == ("Ana Ruiz", "Secretary Major General")
    assert titled_person(["Prime Minister Ana Ruiz"]) == ("Ana Ruiz", "Prime Minister")


def test_a_referenced_state_the_article_never_writes_is_not_added() -> None:
    text = "Chile sent six mortars to Peru on Monday, officials in Lima said."
    weapons = [{"name": "mortars", "category": "artillery", "caliber_mm": None,
                "designation": None, "quantity": "six", "origin": "Norway", "recipient": "Peru",
                "quote": "Chile sent six mortars to Peru"}]
    d = draft(actors=[actor("Chile"), actor("Peru")], weapons=weapons,
              claims=[claim("x", "Chile sent six mortars to Peru")])
    actors, got, _, warnings = run(d, text)
    assert sorted(a.name for a in actors) == ["Chile", "Peru"]  # no Norway
    chile = next(a.id for a in actors if a.name == "Chile")
    assert got[0].origin == chile  # the sentence's supplier (transfer_parties), not the draft's
    assert any(w.reason == "reference_unresolved" and w.fields == {"name": "Norway"} for w in warnings)


def test_two_actors_drafted_as_one_are_split_and_pronouns_are_no_actors() -> None:
    from llmclaims.resolve.actors import conjoined, function_words, split_abbreviation

    # minimal pairs: two full names or two states split; one name with "and" in it stays
    assert conjoined("Ana Ruiz and Mara Lind") == [("Ana Ruiz", "person"), ("Mara Lind", "person")]
    assert conjoined("Chile and Peru") == [("Chile", "state"), ("Peru", "state")]
    assert conjoined("Trinidad and Tobago") is None  # one state
    assert conjoined("Ruiz and Lind") is None  # surnames alone: a firm's name as often as two people
    assert conjoined("Ministry of Defense and Interior") is None
    assert conjoined("Ana Ruiz and Defense Ministry") is None  # an organ is not a person
    assert function_words("Some") and function_words("Many of them")
    assert not function_words("Some Group") and not function_words("Hamas")
    # a named group's members are the group; a demonym's are not a group's name
    assert split_abbreviation("Hamas militants")[0] == "Hamas"
    assert split_abbreviation("Chilean fighters")[0] == "Chilean fighters"
    text = "Ana Ruiz and Mara Lind met in Lima. Some said Chile and Peru would sign."
    d = draft(actors=[actor("Ana Ruiz and Mara Lind", "other"), actor("Some", "other"),
                      actor("Chile and Peru", "other")],
              weapons=[], claims=[claim("a", "Ana Ruiz and Mara Lind met in Lima")])
    actors, _, _, warnings = run(d, text)
    assert sorted((a.name, a.kind) for a in actors) == [
        ("Ana Ruiz", "person"), ("Chile", "state"), ("Mara Lind", "person"), ("Peru", "state")]
    assert any(w.reason == "actor_is_function_word" for w in warnings)


def test_an_abbreviation_the_content_defines_joins_its_full_name() -> None:
    from llmclaims.resolve.context import Context

    text = ("Chile's Defense Intelligence Agency (DIA) said Peru bought drones. "
            "The Andean Drone Programme (ADP) began. The DIA repeated it.")
    ctx = Context.of(clean(text))
    # the shortest run of words whose capitals spell it: not "Chile's Defense ..."
    assert ctx.abbreviations() == [("Defense Intelligence Agency", "DIA"), ("Andean Drone Programme", "ADP")]
    assert Context.of(clean("The Office of Naval Research (NIS) said.")).abbreviations() == []
    # the full name without the possessive it is written with
    assert Context.of(clean("After the Andean People's Republic's (APR) launch, Chile protested.")
                      ).abbreviations() == [("Andean People's Republic", "APR")]
    d = draft(actors=[actor("DIA", "intelligence_agency"), actor("Peru")], weapons=[],
              claims=[claim("a", "Peru bought drones")])
    actors, *_ = run(d, text)
    dia = next(a for a in actors if "DIA" in (a.name, *a.aliases))
    assert dia.name == "Defense Intelligence Agency"  # the full name, the abbreviation an alias
    d = draft(actors=[actor("Chilean Defense Intelligence Agency", "intelligence_agency")],
              weapons=[], claims=[claim("a", "Peru bought drones")])
    actors, *_ = run(d, text)
    assert {"DIA", "Defense Intelligence Agency"} <= set(actors[0].aliases)


@pytest.mark.parametrize(("institution", "dropped"), [
    ("Knesset", True), ("Bundestag", True), ("Kremlin", True), ("Lok Sabha", True),
    ("Kestrel", False),  # the minimal pair: a proper name that names no institution is no actor
])
def test_a_weapon_named_for_a_legislature_or_seat_of_government_is_an_actor(
        institution: str, dropped: bool) -> None:
    text = f"The {institution} approved the purchase of Arrow interceptors from Germany."
    weapon = {"category": "other", "caliber_mm": None, "designation": None, "quantity": None,
              "origin": None, "recipient": None, "quote": ""}
    d = draft(actors=[actor("Germany")],
              weapons=[{**weapon, "name": institution}, {**weapon, "name": "Arrow interceptors"}],
              claims=[claim("a", "approved the purchase")] * 2)
    _, weapons, _, warnings = run(d, text)
    assert [w.name for w in weapons] == ["Arrow interceptors"]
    assert [w.fields["name"] for w in warnings if w.reason == "weapon_is_actor"] == ([institution] if dropped else [])


def test_a_states_demonym_and_side_stay_its_aliases_another_states_name_is_its_own_actor() -> None:
    text = ("Danish officials said Denmark will send tanks. Our Danish partners agree, Sweden said. The "
            "Government of Denmark confirmed it.")
    d = draft(actors=[actor("Denmark", aliases=["Danish", "Danish partners", "Government of Denmark", "Sweden"])],
              weapons=[],
              claims=[claim("Denmark will send tanks.", "Denmark will send tanks")])
    actors, *_ = run(d, text)
    assert sorted((a.name, a.kind) for a in actors) == [("Denmark", "state"), ("Sweden", "state")]
    denmark = next(a for a in actors if a.name == "Denmark")
    assert {"Danish", "Danish partners", "Government of Denmark"} <= set(denmark.aliases)


def test_a_states_alias_needs_a_noun_a_state_is_written_by() -> None:
    """"Danish opposition" or "Copenhagen Post" write Denmark but name no state: their own actors."""
    text = ("Denmark will send tanks, the Danish regime said. The Danish opposition and the Copenhagen Post "
            "said so too.")
    d = draft(actors=[actor("Denmark", aliases=["Danish regime", "Danish opposition", "Copenhagen Post"])],
              weapons=[], claims=[claim("Denmark will send tanks.", "Denmark will send tanks")])
    actors, *_ = run(d, text)
    denmark = next(a for a in actors if a.name == "Denmark")
    assert "Danish regime" in denmark.aliases
    assert not {"Danish opposition", "Copenhagen Post"} & set(denmark.aliases)
    assert {"Danish opposition", "Copenhagen Post"} <= {a.name for a in actors}


def test_a_lower_case_alias_that_rewords_all_the_names_words_stays_a_description_does_not() -> None:
    text = "An official at the defense ministry of Chile said it. The country said more."
    d = draft(actors=[actor("Ministry of Defense of Chile", "government_body",
                            aliases=["defense ministry", "the country"])],
              weapons=[], claims=[claim("a", "An official at the defense ministry of Chile said it")])
    actors, *_ = run(d, text)
    ministry = next(a for a in actors if a.name == "Ministry of Defense of Chile")
    assert ministry.aliases == []  # "defense ministry" drops Chile: a description
    d = draft(actors=[actor("Ministry of Defense", "government_body", aliases=["defense ministry"])],
              weapons=[], claims=[claim("a", "An official at the defense ministry of Chile said it")])
    actors, *_ = run(d, text)
    assert next(a for a in actors if a.name == "Ministry of Defense").aliases == ["defense ministry"]  # its words


def test_a_name_with_and_drafted_as_a_body_is_not_split_into_two_persons() -> None:
    text = "The missile was designed by the Naval Science and Technological Laboratory in Arda."
    body = actor("Naval Science and Technological Laboratory", "government_body")
    d = draft(actors=[body], weapons=[], claims=[claim("a", text[:-1])])
    actors, *_ = run(d, text)
    assert [(a.name, a.kind) for a in actors] == [("Naval Science and Technological Laboratory", "government_body")]
    persons = draft(actors=[actor("Ana Ruiz and Mara Lind", "person")], weapons=[],
                    claims=[claim("a", text[:-1])])
    actors, *_ = run(persons, "Ana Ruiz and Mara Lind met in Lima. " + text)
    assert sorted(a.name for a in actors) == ["Ana Ruiz", "Mara Lind"]  # drafted as persons: split


def _weapon(name: str, quote: str, origin: str | None = None, recipient: str | None = None) -> dict[str, Any]:
    return {"name": name, "category": "artillery", "caliber_mm": None, "designation": None, "quantity": None,
            "origin": origin, "recipient": recipient, "quote": quote}


def test_a_draft_that_answers_parties_keeps_its_empty_ones_a_draft_that_leaves_them_all_is_filled() -> None:
    text = "Chile sent six mortars to Peru. The Peruvian navy sold two old frigates to Chile in May."
    mortars = _weapon("mortars", "Chile sent six mortars to Peru", "Chile", "Peru")
    frigates = _weapon("frigates", "two old frigates")
    claims = [claim("x", "Chile sent six mortars to Peru")]
    answered = draft(actors=[actor("Chile"), actor("Peru")], weapons=[mortars, frigates], claims=claims)
    _, got, _, _ = run(answered, text)
    assert (got[1].origin, got[1].recipient) == (None, None)  # the draft's answer: it gave the mortars' parties
    one = draft(actors=[actor("Chile"), actor("Peru")],
                weapons=[mortars, frigates, _weapon("old frigates", "two old frigates", recipient="Chile")],
                claims=claims)
    actors, got, _, _ = run(one, text)
    assert got[-1].origin is None  # one party drafted in an answering draft: its gap stands too
    left = draft(actors=[actor("Chile"), actor("Peru")], weapons=[_weapon("mortars", "six mortars"), frigates],
                 claims=claims)
    actors, got, _, _ = run(left, text)
    names = {a.id: a.name for a in actors}
    assert names.get(got[1].recipient or "") == "Chile"  # no parties drafted at all: read from the sentence
    # parties drafted differently (a recipient alone beside both) answer too: the gap stands
    text = "Chile sent six mortars to Peru. Peru sold two old frigates to Chile in May."
    shaped = draft(actors=[actor("Chile"), actor("Peru")],
                   weapons=[mortars, _weapon("frigates", "two old frigates", recipient="Chile")], claims=claims)
    _, got, _, _ = run(shaped, text)
    assert got[1].origin is None
    same = draft(actors=[actor("Chile"), actor("Peru")],
                 weapons=[_weapon("mortars", "six mortars", recipient="Peru"),
                          _weapon("frigates", "two old frigates", recipient="Chile")], claims=claims)
    actors, got, _, _ = run(same, text)
    names = {a.id: a.name for a in actors}
    assert names.get(got[1].origin or "") == "Peru"  # every weapon a recipient alone: filled


def test_a_short_name_two_states_share_is_the_state_its_alias_names() -> None:
    text = "Congo's government met the rebels. Kinshasa said talks would go on."
    d = draft(actors=[actor("Congo", aliases=["Kinshasa", "Congo's government"])], weapons=[],
              claims=[claim("x", "Kinshasa said talks would go on")])
    actors, *_ = run(d, text)
    assert [(a.name, a.country) for a in actors] == [("Democratic Republic of the Congo", "COD")]
    assert {"Congo", "Kinshasa", "Congo's government"} <= set(actors[0].aliases)
    d = draft(actors=[actor("Congo", aliases=["Congo's government"])], weapons=[],
              claims=[claim("x", "Congo's government met the rebels")])
    actors, *_ = run(d, text)
    assert [(a.name, a.country) for a in actors] == [("Republic of the Congo", "COG")]


def test_a_list_of_a_heads_modifiers_is_one_weapon_a_list_of_weapons_is_split() -> None:
    text = "Chile sent Peru Sea-Launched, Wire-Guided (SWG) missiles, 40 mortars, 12 howitzers and 9 drones."
    d = draft(actors=[actor("Chile"), actor("Peru")], weapons=[
        _weapon("Sea-Launched, Wire-Guided (SWG) missiles", "Sea-Launched, Wire-Guided (SWG) missiles"),
        _weapon("40 mortars, 12 howitzers and 9 drones", "40 mortars, 12 howitzers and 9 drones")],
        claims=[claim("x", "Chile sent Peru")])
    _, got, _, _ = run(d, text)
    assert [w.name for w in got] == ["Sea-Launched, Wire-Guided (SWG) missiles", "mortars", "howitzers", "drones"]
    d = draft(actors=[actor("Chile")], weapons=[_weapon("152 mm shells", "152 mm shells")],
              claims=[claim("x", "Chile sent Peru")])
    _, got, _, _ = run(d, "Chile sent Peru 152 mm shells.")
    assert (got[0].name, got[0].caliber_mm, got[0].quantity) == ("152 mm shells", 152, None)


@pytest.mark.parametrize(("body", "kind"), [("Velor Defense Forces", "military"),
                                             ("Velor Security Agency", "government_body")])
def test_a_body_named_after_a_state_is_its_own_actor(body: str, kind: str) -> None:
    text = (f"Kestria shelled the border on Monday. The {body} said Kestria fired 40 rockets at "
            "Velor's northern towns overnight.\n\nVelor recalled its ambassador.\n")
    d = draft(actors=[actor("Velor"), actor("Kestria")], weapons=[],
              claims=[claim("Kestria fired rockets.", "Kestria fired 40 rockets at Velor's northern towns overnight",
                            type="attack", claimant="Velor")])
    actors, _, claims, _ = run(d, text)
    body_actor = next(a for a in actors if a.name == body)
    assert body_actor.kind == kind
    # the body the sentence names says it, not the state its name begins with
    assert claims[0].claimant == body_actor.id


@pytest.mark.parametrize(("end", "added"), [("", 0), (".", 1)])
def test_a_headline_is_no_reported_speech_its_sentence_is(end: str, added: int) -> None:
    text = (f"Velor sends 300 more troops to Kestria, a Velor lawmaker says; Ostia reports a launch{end}\n\n"
            "VELOR CITY, May 2 - Velor has sent about 300 more troops to Kestria since early May, "
            "a lawmaker said on Tuesday.\n")
    d = draft(actors=[actor("Velor"), actor("Kestria"), actor("Ostia")], weapons=[],
              claims=[claim("Velor sent 300 more troops.", "Velor has sent about 300 more troops to Kestria",
                            type="deployment")])
    _, _, claims, warnings = run(d, text, reported=True)
    new = [c for c in claims if any(w.reason == "reported_speech_added" and w.item == c.id for w in warnings)]
    assert len(new) == added
    assert all(c.evidence[0].text.startswith("Velor sends 300") for c in new)


def test_a_body_named_office_of_is_no_titled_person() -> None:
    text = ("The Office of Foreign Trade Control said Kestria shipped 40 rockets to Velor in May.\n\n"
            "Velor denied it.\n")
    d = draft(actors=[actor("Office of Foreign Trade Control", "government_body"), actor("Kestria"), actor("Velor")],
              weapons=[], claims=[claim("Kestria shipped rockets.", "Kestria shipped 40 rockets to Velor in May",
                                        type="transfer", claimant="Office of Foreign Trade Control")])
    actors, _, claims, _ = run(d, text)
    office = next(a for a in actors if a.name == "Office of Foreign Trade Control")
    assert office.kind == "government_body" and claims[0].claimant == office.id


_BROADCAST = """ANCHOR: Strikes hit Velor overnight. Our correspondent Ana Brik is there. Ana, what do you see?

BRIK: The search is still going on. The whole middle section of the building collapsed overnight.

(BEGIN VIDEO CLIP)

MARA LIND, DEPUTY MAYOR OF VELOR (through translator): There is no military target in this district at all.

(END VIDEO CLIP)

BRIK: Kestria says it hit a drone workshop in the district.
"""


def test_a_broadcasts_correspondent_is_its_voice_and_a_captioned_soundbite_is_its_speakers() -> None:
    d = draft(actors=[actor("Velor"), actor("Kestria"), actor("Ana Brik", "person"), actor("Mara Lind", "person")],
              weapons=[], claims=[
                  claim("The building collapsed.", "The whole middle section of the building collapsed overnight",
                        type="attack"),
                  claim("No military target.", "There is no military target in this district at all", type="denial")])
    actors, _, claims, _ = run(d, text=_BROADCAST)
    by = {a.id: a.name for a in actors}
    # the correspondent's own report is the writer's, the captioned speaker's words hers
    assert claims[0].claimant is None
    assert by[claims[1].claimant] == "Mara Lind"


@pytest.mark.parametrize(("where", "stands"), [("before", True), ("after", False)])
def test_a_drafted_source_a_description_stands_for_stays_when_named_before(where: str, stands: bool) -> None:
    filler = "Kestria has denied shipping any weapons to Ostia this year. " * 12  # beyond a pronoun's reach
    named = "The Velor Trade Office published a designation of three firms on Monday.\n\n"
    text = ((named if where == "before" else "") + filler + "\n\nAccording to the designation, Kestria "
            "shipped 40 rockets to Ostia in May.\n\n" + (filler + "\n\n" + named if where == "after" else ""))
    d = draft(actors=[actor("Velor Trade Office", "government_body"), actor("Kestria"), actor("Ostia")],
              weapons=[], claims=[claim("Kestria shipped rockets to Ostia.",
                                        "Kestria shipped 40 rockets to Ostia in May",
                                        type="transfer", claimant="Velor Trade Office")])
    actors, _, claims, _ = run(d, text)
    office = next(a for a in actors if a.name == "Velor Trade Office")
    assert (claims[0].claimant == office.id) is stands
    assert stands or claims[0].claimant is None


@pytest.mark.parametrize(("text", "added"), [
    # a bare singular is one munition, not a system; a bare plural or a modified one is named
    ("Kestria said a missile hit a school in Velor on Monday.", []),
    ("Kestria said missiles hit a school in Velor on Monday.", ["missiles"]),
    ("Kestria said a cruise missile hit a school in Velor on Monday.", ["cruise missile"]),
    # a heading's title-case words name nothing its sentences do not
    ("Kestria Targets Network Supplying Velor Drones\n\nKestria said the network sold parts in May.", []),
    ("Kestria targets a network supplying Velor drones.\n\nKestria said the network sold parts in May.",
     ["Velor drones"]),
])
def test_a_weapon_the_content_names_is_no_bare_singular_and_no_headings_caps(text: str, added: list[str]) -> None:
    d = draft(actors=[actor("Kestria"), actor("Velor")], weapons=[],
              claims=[claim("Kestria said something.", text.split("\n")[-1].rstrip("."), claimant="Kestria")])
    _, weapons, _, warnings = run(d, text)
    assert [w.name for w in weapons if any(x.reason == "weapon_named_in_content" and x.fields.get("name") == w.name
                                           for x in warnings)] == added


@pytest.mark.parametrize(("sentence", "quote", "drafted", "source"), [
    # the drafted source is the content's actor; the sentence's source a description the text resolves
    ("Kestria shipped 40 rockets to Velor in May, the lawmaker said, citing the agency.",
     "Kestria shipped 40 rockets to Velor in May", "Kestria", "Velor Intelligence Agency"),
    # the drafted source speaks inside the evidence: it stands
    ("The agency said Kestria fired on Velor's posts twice, an accusation Kestria rejected.",
     "an accusation Kestria rejected", "Kestria", "Kestria"),
])
def test_a_drafted_source_that_is_only_the_contents_actor_yields_to_the_described_source(
        sentence: str, quote: str, drafted: str, source: str) -> None:
    text = f"The Velor Intelligence Agency briefed lawmakers on Monday.\n\n{sentence}\n"
    d = draft(actors=[actor("Kestria"), actor("Velor"), actor("Velor Intelligence Agency", "intelligence_agency")],
              weapons=[], claims=[claim(quote + ".", quote, claimant=drafted)])
    actors, _, claims, _ = run(d, text)
    by = {a.id: a.name for a in actors}
    assert by[claims[0].claimant] == source


def test_a_state_drafted_as_a_body_alias_is_an_actor_of_its_own() -> None:
    text = ("Mongolia's Central Broadcasting Office (CBO) said on Monday that Mongolia will buy "
            "radars from Japan. The Mongolian government, in Ulaanbaatar, confirmed the order.")
    body = actor("Central Broadcasting Office", "government_body", ["CBO", "Mongolia"])
    acts, _, _, warns = run(draft(actors=[body, actor("Japan")], weapons=[], claims=[]), text)
    cbo = next(a for a in acts if a.name == "Central Broadcasting Office")
    assert cbo.aliases == ["CBO"]
    assert [a.kind for a in acts if a.name == "Mongolia"] == ["state"]
    assert any(w.reason == "state_alias_apart" for w in warns)
    # a capital written for a government, and a government described by its state, stay
    gov = actor("Mongolian government", "government_body", ["Ulaanbaatar", "Mongolia"])
    acts, _, _, warns = run(draft(actors=[gov, actor("Japan")], weapons=[], claims=[]), text)
    assert sorted(a.name for a in acts) == ["Japan", "Mongolian government"]
    assert not any(w.reason == "state_alias_apart" for w in warns)


def test_a_title_runs_to_its_last_title_word() -> None:
    text = "Chief Cabinet Secretary Ana Ruiz said Chile will buy radars."
    person = actor("Chief Cabinet Secretary Ana Ruiz", "government_body")
    acts, _, _, _ = run(draft(actors=[person, actor("Chile")], weapons=[], claims=[]), text)
    ruiz = next(a for a in acts if a.name == "Ana Ruiz")
    assert (ruiz.kind, ruiz.role) == ("person", "Chief Cabinet Secretary")
    # an office's name with a title word in it is no person's
    office = actor("Office of the Chief Cabinet Secretary", "government_body")
    acts, _, _, _ = run(draft(actors=[office, actor("Chile")], weapons=[], claims=[]),
                        "The Office of the Chief Cabinet Secretary said Chile will buy radars.")
    assert "Office of the Chief Cabinet Secretary" in [a.name for a in acts]


def test_a_titled_name_of_a_state_is_the_person_and_a_titled_surname_is_that_person() -> None:
    text = ("President Ana Ruiz of Chile met President Tomas Erd of Peru. President Ruiz said "
            "Chile will buy radars; the Ministry of Defence of Chile will pay.")
    d = draft(actors=[actor("President Ana Ruiz of Chile", "person"), actor("Chile"),
                      actor("President Ruiz", "person"), actor("Ministry of Defence of Chile", "government_body"),
                      actor("General Staff", "military")],
              weapons=[], claims=[claim("Chile will buy radars.", "Chile will buy radars",
                                        claimant="President Ruiz")])
    acts, _, claims, _ = run(d, text)
    ruiz = next(a for a in acts if a.name == "Ana Ruiz")
    assert ruiz.role == "President" and {"President Ana Ruiz of Chile", "President Ruiz"} <= set(ruiz.aliases)
    assert claims[0].claimant == ruiz.id
    # a body named "of" its state, and a title word before a body's name, stay the body
    assert {"Ministry of Defence of Chile", "General Staff"} <= {a.name for a in acts}


def test_a_body_whose_name_opens_with_a_title_word_is_no_titled_surname() -> None:
    text = "General Dana Staff met Peru's General Staff. The General Staff said Chile sent radars."
    d = draft(actors=[actor("Dana Staff", "person"), actor("General Staff", "military")],
              weapons=[], claims=[])
    acts, _, _, _ = run(d, text)
    assert sorted(a.name for a in acts) == ["Dana Staff", "General Staff"]


@pytest.mark.parametrize(("name", "kept"), [
    ("Witnesses", False), ("two local residents", False), ("Officials", False),
    ("U.S. officials", True),  # the body is named: the state speaks
    ("Analysts", True),  # the gold keeps analysts as a source
])
def test_an_unnamed_group_is_no_actor_and_its_claim_keeps_no_source(name: str, kept: bool) -> None:
    text = f"{name[0].upper()}{name[1:]} said drones hit the market in Velor. Chile sent radars."
    draft = Draft.model_validate({"actors": [{"name": name, "kind": "other"}, {"name": "Chile", "kind": "state"}],
                                  "weapons": [], "claims": [{"quote": "drones hit the market in Velor",
                                                             "claimant": name, "certainty": "asserted"}]})
    actors, _, [claim], _ = resolve(draft, clean(text), reported=False)
    assert (claim.claimant is not None) == kept
    assert any(name.lower() in a.name.lower() or a.name == "United States" for a in actors) == kept


@pytest.mark.parametrize(("claimant", "drafted"), [
    ("Lind and Erd", [{"name": "Mara Lind", "kind": "person"}, {"name": "Tomas Erd", "kind": "person"}]),
    ("Mara Lind and Tomas Erd", []),  # two full names: each added where the text writes it
])
def test_two_people_referenced_as_one_source_are_the_first_named(claimant: str, drafted: list[dict[str, str]]
                                                                 ) -> None:
    text = ("Mara Lind and Tomas Erd, both with a research institute in Lima, said Velor had bought "
            "drones. Lind and Erd published their findings in May.")
    draft = Draft.model_validate({"actors": [{"name": "Velor", "kind": "state"}, *drafted], "weapons": [],
                                  "claims": [{"quote": "Velor had bought drones", "claimant": claimant,
                                              "certainty": "asserted"}]})
    actors, _, [claim], _ = resolve(draft, clean(text), reported=False)
    name = {a.id: a.name for a in actors}
    assert name[claim.claimant or ""] == "Mara Lind"
    assert {"Mara Lind", "Tomas Erd"} <= set(name.values()) and claimant not in name.values()
