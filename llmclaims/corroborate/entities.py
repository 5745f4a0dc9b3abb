"""Actors and weapon systems resolved across articles.

Actors: every actor of every article is a node; two nodes are one entity when they share a key:
the state they name (the gazetteer: "Pyongyang", "DPRK" and "North Korea" are PRK), a name or
alias as written (case, "the" and possessives aside), the name without its country prefix
qualified by the country ("South Korean National Intelligence Service" -> "national
intelligence service@KOR"), the initials of such a name for organisations ("NIS@KOR"), or one
country's intelligence service ("Seoul's spy agency"). Weapons: the keys two mentions may
share (designation and catalogue candidates, caliber, category and head noun)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..schema import Actor, WeaponSystem
from ..text import gazetteer, wordlists

_LEXICON = ("llmclaims.corroborate", "data/lexicon.toml")
_STOP = frozenset(wordlists.entries(*_LEXICON, "entities", "stop_words"))
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_DESIGNATION = re.compile(r"[A-Z0-9]")  # "Patriot", "M777"; not a model's "missile"
_INTEL = re.compile(rf"\b(?:{wordlists.alt(*_LEXICON, 'entities', 'intelligence_words')})\b", re.IGNORECASE)


class UnionFind:
    def __init__(self, n: int = 0):
        self.parent = list(range(n))

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def norm(name: str) -> str:
    """Casefolded words of a name: no leading "the", no possessive 's, no punctuation."""
    words = re.sub(r"[^\w\s]", " ", _POSSESSIVE.sub("", gazetteer.tidy(name))).casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _country_prefix(name: str) -> tuple[str | None, str]:
    """("KOR", "National Intelligence Service") for "South Korean National Intelligence
    Service"; (None, name) when no state starts it."""
    words = _POSSESSIVE.sub("", name).split()
    for n in (3, 2, 1):
        if len(words) > n:
            code = gazetteer.country_in(" ".join(words[:n]))
            if code and len(" ".join(words[:n]).split()) == n and _starts_with_state(words[:n]):
                return code, " ".join(words[n:])
    return None, name


def _starts_with_state(words: list[str]) -> bool:
    head = " ".join(words)
    return gazetteer.country(head) is not None or gazetteer.of_demonym(head) is not None


def _initials(name: str) -> str | None:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _STOP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).casefold()


def _state(actor: Actor) -> str | None:
    return _state_of(actor.name, tuple(actor.aliases), actor.kind, actor.country)


@lru_cache(maxsize=65536)
def _state_of(name: str, aliases: tuple[str, ...], kind: str, country: str | None) -> str | None:
    for form in (name, *aliases):
        hit = gazetteer.country(form)
        if hit:
            return hit[1]
    return gazetteer.iso3(country) if kind == "state" else None


def actor_keys(actor: Actor) -> set[str]:
    """The keys an actor shares with the same actor written in another article."""
    return set(_keys(actor.name, tuple(actor.aliases), actor.kind, actor.country))


@lru_cache(maxsize=65536)  # the same names recur in every article of a corpus
def _keys(name: str, aliases: tuple[str, ...], kind: str, country_value: str | None) -> frozenset[str]:
    state = _state_of(name, aliases, kind, country_value)
    if state:
        return frozenset({f"iso:{state}"})
    actor = Actor(id="", name=name, aliases=list(aliases), kind=kind, country=country_value)
    keys: set[str] = set()
    country = gazetteer.iso3(actor.country)
    for form in (actor.name, *actor.aliases):
        keys.add(f"n:{norm(form)}")
        prefix, rest = _country_prefix(form)
        code = prefix or country
        if code and rest:
            keys.add(f"n:{norm(rest)}@{code}")
            initials = _initials(rest) if actor.kind != "person" else None
            if initials:
                keys.add(f"n:{initials}@{code}")
        elif actor.kind != "person" and code and len(form) <= 6 and form.isupper():
            keys.add(f"n:{form.casefold()}@{code}")  # an acronym written alone ("NIS")
    if actor.kind == "intelligence_agency" or _INTEL.search(actor.name):
        code = country or _country_prefix(actor.name)[0] or _country_in_name(actor.name)
        if code:
            keys.add(f"intel@{code}")
    keys.discard("n:")
    return frozenset(keys)


def _country_in_name(name: str) -> str | None:
    for word in _POSSESSIVE.sub("", name).split():
        code = gazetteer.iso3(word) if word[:1].isupper() else None
        if code:
            return code
    return None


@dataclass
class Entities:
    """Actor -> entity over a corpus: ``of[(article_id, actor_id)]`` is the entity's id (an
    int), ``names[entity]`` its display name."""

    of: dict[tuple[str, str], int]
    names: dict[int, str]
    forms: dict[int, set[str]]  # every name and alias written for it, for statement matching


def resolve_actors(articles: Iterable[tuple[str, list[Actor]]]) -> Entities:
    nodes: list[tuple[str, Actor]] = []
    uf = UnionFind()
    by_key: dict[str, int] = {}
    for aid, actors in articles:
        for actor in actors:
            node = uf.add()
            nodes.append((aid, actor))
            for key in actor_keys(actor):
                if key in by_key:
                    uf.union(node, by_key[key])
                else:
                    by_key[key] = node
    members: dict[int, list[Actor]] = defaultdict(list)
    of: dict[tuple[str, str], int] = {}
    for node, (aid, actor) in enumerate(nodes):
        root = uf.find(node)
        of[(aid, actor.id)] = root
        members[root].append(actor)
    names = {root: _display(actors) for root, actors in members.items()}
    forms = {root: {f for a in actors for f in (a.name, *a.aliases) if f.strip()}
             for root, actors in members.items()}
    return Entities(of, names, forms)


def _display(actors: list[Actor]) -> str:
    state = next((s for a in actors if (s := _state(a))), None)
    if state:
        return gazetteer.state_name(state) or state
    counts = Counter(a.name for a in actors)
    return max(counts, key=lambda n: (counts[n], len(n)))


# ---------------------------------------------------------------------------------------
# Weapons
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WeaponKey:
    category: str
    designations: frozenset[str]
    caliber: float | None
    head: str

    def matches(self, other: WeaponKey) -> bool:
        """The same system: a shared designation; else (no designation on one side) the same
        caliber where both are written; else the same head noun or the same category."""
        if self.designations and other.designations:
            return bool(self.designations & other.designations)
        if self.caliber is not None and other.caliber is not None:
            return self.caliber == other.caliber
        return self.head == other.head or self.category == other.category


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def weapon_key(weapon: WeaponSystem) -> WeaponKey:
    written = [weapon.designation] if weapon.designation and _DESIGNATION.search(weapon.designation) else []
    designations = {norm(d) for d in (*written, *(c.designation for c in weapon.candidates[:3]))}
    words = [w for w in norm(weapon.name).split() if not w[:1].isdigit()]
    head = _singular(words[-1]) if words else weapon.category
    return WeaponKey(weapon.category, frozenset(d for d in designations if d), weapon.caliber_mm, head)
