"""Invented articles for the corroboration tests, built as Extractions by hand (no model): one
intelligence briefing relayed by a lawmaker and reported by three outlets, a second intelligence
service, a denial, conflicting troop figures, and claims that must stay apart."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from llmclaims import Actor, ArticleMeta, Claim, Extraction, Provenance, Span, Usage, WeaponSystem

PROVENANCE = Provenance(llmclaims_version="0", model="hand-built", endpoint="none", mode="json",
                        prompt_version="0", usage=Usage(), seconds=0.0)


@dataclass
class Said:
    """A claim of an invented article: its sentence and who said it (names of actors)."""

    sentence: str
    type: str
    claimant: str | None = None
    via: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    certainty: str = "asserted"
    cue: str | None = None
    time: str | None = None


def actor(name: str, kind: str = "state", country: str | None = None, *aliases: str) -> dict[str, Any]:
    return {"name": name, "kind": kind, "country": country, "aliases": list(aliases)}


def article(url: str | None, published: str | None, actors: list[dict[str, Any]],
            claims: list[Said], weapons: list[dict[str, Any]] | None = None) -> Extraction:
    """An Extraction whose text is its claims' sentences; every span slices back."""
    text = " ".join(c.sentence for c in claims)
    ids = {a["name"]: f"a{n}" for n, a in enumerate(actors, 1)}
    wids = {w["name"]: f"w{n}" for n, w in enumerate(weapons or [], 1)}
    out_actors = [Actor(id=ids[a["name"]], mentions=[], grounded=False, **a) for a in actors]
    out_weapons = [WeaponSystem(id=wids[w["name"]], mentions=_spans(text, w["name"]), **w) for w in weapons or []]
    out_claims = []
    for n, c in enumerate(claims, 1):
        start = text.index(c.sentence)
        out_claims.append(Claim(
            id=f"c{n}", statement=c.sentence, type=c.type,  # type: ignore[arg-type]
            claimant=ids[c.claimant] if c.claimant else None, via=[ids[v] for v in c.via],
            cue=c.cue, certainty=c.certainty,  # type: ignore[arg-type]
            actors=[ids[a] for a in c.about], weapon_systems=[wids[w] for w in c.weapons], time=c.time,
            evidence=[Span(start=start, end=start + len(c.sentence), text=c.sentence, match="exact")],
            grounded=True))
    return Extraction(actors=out_actors, weapon_systems=out_weapons, claims=out_claims, warnings=[],
                      provenance=PROVENANCE, text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                      meta=ArticleMeta(url=url, published=published))


def _spans(text: str, name: str) -> list[Span]:
    at = text.find(name)
    return [Span(start=at, end=at + len(name), text=name, match="exact")] if at >= 0 else []


NK = actor("North Korea", "state", "PRK", "Pyongyang")
RU = actor("Russia", "state", "RUS", "Moscow")
GUNS = {"name": "170mm self-propelled guns", "category": "artillery", "caliber_mm": 170.0}
DRONES = {"name": "Shahed-136 drones", "category": "drone", "designation": "Shahed-136"}
MISSILES = {"name": "ballistic missiles", "category": "missile"}


def briefing_outlets() -> dict[str, Extraction]:
    """The spy agency's briefing, relayed by lawmaker Park Min-jae, in three outlets; the troop
    figure differs between two of them (11,000 against 12,000)."""
    return {
        "herald-1": article(
            "https://www.dailyherald.example/world/guns", "2030-05-02",
            [NK, RU, actor("National Intelligence Service", "intelligence_agency", "KOR", "NIS"),
             actor("Park Min-jae", "person", "KOR")],
            [Said("North Korea has shipped 170mm self-propelled guns to Russia in recent weeks.", "transfer",
                  "National Intelligence Service", ["Park Min-jae"], ["North Korea", "Russia"],
                  ["170mm self-propelled guns"], cue="told"),
             Said("About 11,000 North Korean troops are now stationed in the Kursk region of Russia.",
                  "deployment", "National Intelligence Service", ["Park Min-jae"], ["North Korea", "Russia"])],
            [GUNS]),
        "wire-7": article(
            "https://koreawire.example/a/7", "2030-05-03",
            [actor("Pyongyang", "state", "PRK"), RU, actor("NIS", "intelligence_agency", "KOR"),
             actor("Park Min-jae", "person", "KOR")],
            [Said("Pyongyang shipped 170mm self-propelled guns to Russia, the lawmaker said.", "transfer",
                  "NIS", ["Park Min-jae"], ["Pyongyang", "Russia"], ["170mm self-propelled guns"]),
             Said("Some 12,000 troops from Pyongyang are now stationed in the Kursk region of Russia.",
                  "deployment", "NIS", ["Park Min-jae"], ["Pyongyang", "Russia"])],
            [GUNS]),
        "times-3": article(
            "https://www.asiatimes.example/news/3", "2030-05-04",
            [NK, RU, actor("South Korean National Intelligence Service", "government_body", "KOR")],
            [Said("North Korea sent 170mm self-propelled guns to Russia this spring.", "transfer",
                  "South Korean National Intelligence Service", [], ["North Korea", "Russia"],
                  ["170mm self-propelled guns"])],
            [GUNS]),
    }


def second_service() -> dict[str, Extraction]:
    """Another country's intelligence service reports the same shipment."""
    return {"post-9": article(
        "https://pacificpost.example/9", "2030-05-05",
        [NK, RU, actor("Main Intelligence Directorate", "intelligence_agency", "UKR")],
        [Said("North Korea delivered 170mm self-propelled guns to Russia, according to the directorate.",
              "transfer", "Main Intelligence Directorate", [], ["North Korea", "Russia"],
              ["170mm self-propelled guns"])],
        [GUNS])}


def denial() -> dict[str, Extraction]:
    """The accused state denies the shipment, in another outlet."""
    return {"gazette-2": article(
        "https://www.gazette.example/2", "2030-05-06",
        [NK, RU],
        [Said("Pyongyang denied that it has shipped any guns to Russia.", "denial", "North Korea", [],
              ["North Korea", "Russia"], certainty="denied", cue="denied")])}


def apart() -> dict[str, Extraction]:
    """Claims that must not join the shipment or one another: other weapons (Iranian drones),
    another shipment a year later, two launches a week apart."""
    iran = actor("Iran", "state", "IRN")
    pentagon = actor("Pentagon", "government_body", "USA")
    return {
        "herald-5": article(
            "https://www.dailyherald.example/world/drones", "2030-05-03", [iran, RU, pentagon],
            [Said("Iran has shipped Shahed-136 drones to Russia in recent weeks.", "transfer", "Pentagon", [],
                  ["Iran", "Russia"], ["Shahed-136 drones"])],
            [DRONES]),
        "wire-40": article(
            "https://koreawire.example/a/40", "2031-09-20", [NK, RU],
            [Said("North Korea has shipped 170mm self-propelled guns to Russia again.", "transfer", None, [],
                  ["North Korea", "Russia"], ["170mm self-propelled guns"])],
            [GUNS]),
        "times-11": article(
            "https://www.asiatimes.example/news/11", "2030-06-04", [NK],
            [Said("North Korea fired two ballistic missiles into the sea on Tuesday.", "attack", None, [],
                  ["North Korea"], ["ballistic missiles"])],
            [MISSILES]),
        "times-12": article(
            "https://www.asiatimes.example/news/12", "2030-06-08", [NK],
            [Said("North Korea fired two ballistic missiles into the sea on Saturday.", "attack", None, [],
                  ["North Korea"], ["ballistic missiles"])],
            [MISSILES]),
    }


def corpus() -> dict[str, Extraction]:
    return {**briefing_outlets(), **second_service(), **denial(), **apart()}


def text_of(result: Extraction) -> str:
    """The text :func:`article` built the result from."""
    return " ".join(c.statement for c in result.claims)
