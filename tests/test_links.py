"""Links from claims to the actors and weapon systems their evidence names (``resolve.links``):
invented minimal pairs. The same property over every replayed dev result is in test_export.py."""

from __future__ import annotations

from llmclaims.resolve.links import Link, claim_links, link_claims, named_by
from llmclaims.schema import Actor, ArticleMeta, Claim, Extraction, Provenance, Span, Usage, WeaponSystem
from llmclaims.text.grounding import find_mentions

TEXT = ("Asked about the Kestrel drones, the Ruritanian ministry said Ruritania delivered 40 Kestrel "
        "drones to Freedonia. Freedonian officials said the talks with Ruri ended. "
        "Osterlich denied the report.")


def span(sub: str, text: str = TEXT, nth: int = 0) -> Span:
    at = -1
    for _ in range(nth + 1):
        at = text.index(sub, at + 1)
    return Span(start=at, end=at + len(sub), text=sub, match="exact")


def mentions(*names: str) -> list[Span]:
    return sorted((m for n in names for m in find_mentions(n, TEXT)), key=lambda m: m.start)


RURITANIA = Actor(id="a1", name="Ruritania", kind="state", aliases=["Ruri"],
                  mentions=mentions("Ruritania", "Ruri"))
FREEDONIA = Actor(id="a2", name="Freedonia", kind="state", mentions=mentions("Freedonia"))
MINISTRY = Actor(id="a3", name="Ruritanian ministry", kind="government_body",
                 mentions=mentions("Ruritanian ministry"))
OSTERLICH = Actor(id="a4", name="Osterlich", kind="state", mentions=mentions("Osterlich"))
KESTREL = WeaponSystem(id="w1", name="Kestrel drones", category="drone", origin="a1",
                       recipient="a2", mentions=mentions("Kestrel drones"))
ACTORS, WEAPONS = [RURITANIA, FREEDONIA, MINISTRY, OSTERLICH], [KESTREL]

DELIVERY = "the Ruritanian ministry said Ruritania delivered 40 Kestrel drones to Freedonia."
TALKS = "Freedonian officials said the talks with Ruri ended."


def claim(words: str, cid: str = "c1", **fields: object) -> Claim:
    base: dict[str, object] = {"statement": words, "type": "other", "certainty": "asserted",
                               "evidence": [span(words)], "grounded": True}
    return Claim(id=cid, **(base | fields))  # type: ignore[arg-type]


def result(*claims: Claim) -> Extraction:
    return Extraction(
        actors=ACTORS, weapon_systems=WEAPONS, claims=list(claims), warnings=[],
        provenance=Provenance(llmclaims_version="0", model="m", endpoint="e", mode="text",
                              prompt_version="p", usage=Usage(), seconds=0.0),
        text_sha256="0" * 64, meta=ArticleMeta())


def test_a_claim_lists_every_item_its_evidence_names_first_written_first() -> None:
    [linked] = link_claims(ACTORS, WEAPONS, [claim(DELIVERY)])
    assert linked.actors == ["a3", "a1", "a2"]  # ministry, Ruritania, Freedonia, as written
    assert linked.weapon_systems == ["w1"]


def test_an_item_written_outside_the_evidence_is_not_linked() -> None:
    [linked] = link_claims(ACTORS, WEAPONS, [claim("Osterlich denied the report.")])
    assert linked.actors == ["a4"] and linked.weapon_systems == []


def test_a_mention_that_runs_past_the_evidence_is_not_named_by_it() -> None:
    cut = "delivered 40 Kestrel"  # the evidence ends inside "Kestrel drones"
    assert named_by([span(cut)], WEAPONS) == []
    assert named_by([span(cut + " drones")], WEAPONS) == ["w1"]


def test_an_alias_written_in_the_evidence_links_the_actor_but_a_longer_word_does_not() -> None:
    # "Ruri" is Ruritania's alias, written in the evidence; "Freedonian" is not "Freedonia"
    [linked] = link_claims(ACTORS, WEAPONS, [claim(TALKS)])
    assert linked.actors == ["a1"]


def test_a_name_written_without_a_recorded_mention_still_links() -> None:
    unmentioned = KESTREL.model_copy(update={"mentions": []})  # e.g. past the mention limit
    [linked] = link_claims(ACTORS, [unmentioned], [claim(DELIVERY)])
    assert linked.weapon_systems == ["w1"]
    lower = KESTREL.model_copy(update={"mentions": [], "name": "kestrel drones"})
    [linked] = link_claims(ACTORS, [lower], [claim(DELIVERY)])  # names match case-sensitively
    assert linked.weapon_systems == []


def test_a_link_already_made_is_kept_after_those_the_evidence_names() -> None:
    [linked] = link_claims(ACTORS, WEAPONS, [claim(TALKS, actors=["a4"])])
    assert linked.actors == ["a1", "a4"]


def test_an_ungrounded_claim_links_nothing_new_and_an_unchanged_claim_is_the_same_object() -> None:
    ungrounded = claim(DELIVERY, evidence=[], grounded=False)
    linked = link_claims(ACTORS, WEAPONS, [ungrounded])
    assert linked[0] is ungrounded and linked[0].actors == []


def test_roles_of_a_reported_transfer() -> None:
    delivery = link_claims(ACTORS, WEAPONS, [claim(
        DELIVERY, claimant="a3", cue="said", type="transfer",
        statement="Ruritania delivered 40 Kestrel drones to Freedonia", denied_by=["a4"])])
    actor_links, weapon_links = claim_links(result(*delivery))
    assert sorted(actor_links) == sorted([
        Link("c1", "a3", "claimant"),
        Link("c1", "a1", "subject"), Link("c1", "a1", "supplier"),
        Link("c1", "a2", "subject"), Link("c1", "a2", "recipient"),
        Link("c1", "a4", "denied_by")])
    assert weapon_links == [Link("c1", "w1", "subject")]


def test_an_actor_named_only_in_the_frame_is_mentioned_and_a_relay_is_a_relay() -> None:
    # minimal pair of the test above: the ministry is not the source here but a relay, and
    # the weapon is named only in the question before the report, not in what is asserted
    evidence = "Asked about the Kestrel drones, the Ruritanian ministry said Ruritania delivered 40 Kestrel"
    c = link_claims(ACTORS, WEAPONS, [claim(evidence, claimant="a1", via=["a3"],
                                            statement="Ruritania delivered 40 Kestrel")])
    actor_links, weapon_links = claim_links(result(*c))
    assert sorted(actor_links) == [Link("c1", "a1", "claimant"), Link("c1", "a1", "supplier"),
                                   Link("c1", "a3", "relay")]  # the source is the supplier too
    assert weapon_links == [Link("c1", "w1", "mentioned")]
    plain = link_claims(ACTORS, WEAPONS, [claim(TALKS)])
    assert claim_links(result(*plain))[0] == [Link("c1", "a1", "subject")]
    framed = link_claims(ACTORS, WEAPONS, [claim(TALKS, statement="the talks ended")])
    assert claim_links(result(*framed))[0] == [Link("c1", "a1", "mentioned")]


def test_a_restated_claim_names_its_subjects_by_their_names_in_the_statement() -> None:
    restated = link_claims(ACTORS, WEAPONS, [claim(
        DELIVERY, statement="Freedonia received Kestrel drones", paraphrase=True)])
    actor_links, weapon_links = claim_links(result(*restated))
    assert Link("c1", "a2", "subject") in actor_links
    assert Link("c1", "a1", "subject") not in actor_links  # not in the restatement
    assert weapon_links == [Link("c1", "w1", "subject")]
