"""Draft -> Extraction: ground every item, merge duplicates, resolve names to ids, flag.

Pure (no LLM, no I/O). Nothing the model drafted is dropped silently: an item whose evidence
cannot be located is kept with ``grounded=False`` and named in ``warnings``; a reference to a
name that matches no actor is named in ``warnings`` too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import get_args

from rapidfuzz import fuzz

from . import attribution, gazetteer
from .claimtype import checked_type
from .clean import Cleaned
from .grounding import Normalized, Region, find_mentions, locate, normalize
from .lists import merge_list_items, split_list
from .quantities import parse_caliber, parse_quantity, quantity_at_start, quantity_before
from .schema import (
    Actor,
    ActorKind,
    Certainty,
    Claim,
    Draft,
    DraftActor,
    DraftClaim,
    DraftWeapon,
    ItemWarning,
    Quantity,
    Span,
    WeaponCategory,
    WeaponSystem,
)
from .support import SUPPORT_MIN, best_sentence, support

NAME_FUZZ = 90  # token_set_ratio for matching a referenced name to an actor or weapon

_PROBABLE = re.compile(r"\b(believ\w*|assess\w*|(un)?likely|expect(s|ed)?\s+(that|to|\w+\s+to)\b|"
                       r"suspect\w*|probabl\w*|estimat\w*)\b", re.I)
_POSSIBLE = re.compile(r"\b(may|might|could|possibly|perhaps|potentially)\b", re.I)
# "Tehran denied the report", "rejected the allegations"; not "reject the annexation" (a policy)
_DENIED = re.compile(r"\b(den(y|ied|ies|ial)|(reject|refut|dismiss)\w*\s+(the\s+|these\s+|those\s+|"
                     r"such\s+)?(report|claim|allegation|accusation|account)s?)\b", re.I)
_UNCONFIRMED = re.compile(r"\b(unconfirmed|unverified|not (been )?(independently )?(confirmed|verified))\b", re.I)


def key(name: str) -> str:
    """Comparison key of a name: case-folded, spaces collapsed, leading 'the' dropped."""
    k = " ".join(name.replace("\u2019", "'").split()).casefold().strip(" .,;:'\"")
    return k[4:] if k.startswith("the ") else k


@dataclass
class Context:
    """The text, its content regions and a cache of its normalization."""

    text: str
    regions: tuple[Region, ...]
    norm: Normalized = field(init=False)

    def __post_init__(self) -> None:
        self.norm = normalize(self.text)

    @classmethod
    def of(cls, cleaned: Cleaned) -> Context:
        return cls(cleaned.text, cleaned.regions)

    def locate(self, quote: str | None) -> Span | None:
        return locate(quote or "", self.text, regions=self.regions, normalized_text=self.norm)

    def in_content(self, span: Span) -> bool:
        return any(a <= span.start and span.end <= b for a, b in self.regions)

    def mentions(self, term: str) -> list[Span]:
        return find_mentions(term, self.text, regions=self.regions)


def labels(draft: Draft) -> list[tuple[str, DraftActor | DraftWeapon | DraftClaim]]:
    """Stable labels for draft items, as used in repair requests: 'actor 1', 'claim 3'."""
    out: list[tuple[str, DraftActor | DraftWeapon | DraftClaim]] = []
    out += [(f"actor {i}", a) for i, a in enumerate(draft.actors, 1)]
    out += [(f"weapon {i}", w) for i, w in enumerate(draft.weapons, 1)]
    out += [(f"claim {i}", c) for i, c in enumerate(draft.claims, 1)]
    return out


def needs_repair(draft: Draft, ctx: Context) -> list[tuple[str, str, str]]:
    """(label, summary, quote) of items with no evidence inside the article's content."""
    out = []
    for label, item in labels(draft):
        if isinstance(item, DraftClaim):
            if claim_evidence(item, ctx)[0] is not None:
                continue
            summary = item.statement
        else:
            span = ctx.locate(item.quote)
            if span is not None and ctx.in_content(span):
                continue
            name = item.name
            if any(ctx.mentions(n) for n in (name, *getattr(item, "aliases", []))):
                continue  # the name itself is written in the article: grounded by mentions
            summary = name
        out.append((label, summary, item.quote))
    return out


def certainty_from_cue(cue: str | None, stated: Certainty) -> Certainty:
    """The certainty implied by the reporting words, when they say more than the model did."""
    words = cue or ""
    if _UNCONFIRMED.search(words):
        return "unconfirmed"
    if _DENIED.search(words):
        return "denied"
    if _POSSIBLE.search(words) and stated in ("asserted", "probable"):
        return "possible"
    if _PROBABLE.search(words) and stated == "asserted":
        return "probable"
    return stated


_ORG_KINDS: tuple[tuple[re.Pattern[str], ActorKind], ...] = (
    (re.compile(r"\b(intelligence|spy agency)\b", re.I), "intelligence_agency"),
    (re.compile(r"\b(army|navy|air force|forces|military|corps|brigade|command|troops)\b", re.I),
     "military"),
    (re.compile(r"\b(ministry|department|council|committee|parliament|assembly|office|"
                r"government|cabinet|agency|service|administration)\b", re.I), "government_body"),
)


def org_kind(name: str) -> ActorKind | None:
    """The kind of an organization-like name ("National Intelligence Service"), else None."""
    return next((kind for pattern, kind in _ORG_KINDS if pattern.search(name)), None)


_ABBREVIATION = re.compile(r"^(.*\S)\s*\(([^()]{2,12})\)$")


def split_abbreviation(name: str) -> tuple[str, str | None]:
    """'National Intelligence Service (NIS)' -> ('National Intelligence Service', 'NIS')."""
    m = _ABBREVIATION.match(name.strip())
    return (m.group(1), m.group(2).strip()) if m else (name.strip(), None)


def is_name(alias: str) -> bool:
    """A usable alias: not empty, and a proper name (some capital), unless the script has no
    case (Korean, Chinese ...). 'leader' or 'the country' are not names."""
    alias = alias.strip()
    cased = [ch for ch in alias if ch.isalpha() and ch.lower() != ch.upper()]
    return len(alias) >= 2 and (not cased or any(ch.isupper() for ch in cased))


def _state_alias(alias: str) -> bool:
    """Plausible other name of a state: 'the North', an abbreviation ('DPRK')."""
    words = alias.split()
    return alias.lower().startswith("the ") or (len(words) == 1 and alias.isupper())


_TITLE = re.compile(
    r"^(?:(?:President|Vice President|Prime Minister|Minister|Defense Minister|Foreign Minister|"
    r"Secretary|Secretary of State|Defense Secretary|Chancellor|King|Queen|Supreme Leader|"
    r"leader|Gen\.|General|Lt\.|Col\.|Adm\.|Admiral|Maj\.|Sen\.|Senator|Rep\.|"
    r"Representative|Ambassador|Spokesman|Spokeswoman|spokesperson|Speaker|Chairman)\s+)+"
    r"((?:[A-Z][\w'-]+\s?){2,4})$")


_TITLE_WORDS = attribution.TITLE_WORDS


_HONORIFIC = re.compile(r"^(?:mr|ms|mrs|dr)\.?\s+(\S.*)$", re.I)


def _title_prefix(name: str) -> tuple[str, str] | None:
    """'NATO Secretary-General Jens Stoltenberg' -> ('Jens Stoltenberg', 'NATO
    Secretary-General'): leading title words, acronyms and nationality adjectives, then a
    2-4 word capitalized name that is not an organization's."""
    words = name.split()
    n = 0
    while n < len(words):
        if words[n].lower() in _TITLE_WORDS or words[n].isupper() or \
                gazetteer.iso3(words[n].strip("’'s")) is not None:
            n += 1
        elif gazetteer.iso3(" ".join(words[n:n + 2])) is not None:  # "North Korean leader"
            n += 2
        else:
            break
    rest = words[n:]
    titles = [i for i, w in enumerate(words[:-1]) if w.lower() in _TITLE_WORDS]
    if titles and (n == 0 or not all(w[:1].isupper() for w in rest)):  # "U.N. humanitarian chief X"
        n = titles[-1] + 1
        rest = words[n:]
    if n == 0 or not 2 <= len(rest) <= 4 or not all(w[:1].isupper() for w in rest):
        return None
    person = " ".join(rest)
    if org_kind(person) or any(w.lower() in _TITLE_WORDS for w in rest):
        return None
    return person, " ".join(words[:n])


def titled_person(names: list[str]) -> tuple[str, str] | None:
    """``(name, title)`` when a name is written with a person's title ("President Vladimir
    Putin" -> ("Vladimir Putin", "President"))."""
    for n in names:
        m = _TITLE.match(n.strip())
        if m and not org_kind(m.group(1)):
            person = m.group(1).strip()
            return person, n.strip()[: -len(person)].strip()
        found = _title_prefix(n.strip())
        if found:
            return found
    return None


_WEAPON_HEAD = re.compile(
    r"\b(missiles?|rockets?|mines|drones|launchers|shells|munitions|rounds|warheads|"
    r"howitzers|weapons)$", re.I)


def weapon_named(name: str) -> bool:
    """An 'actor' named for a weapon ("U.S.-provided long-range missiles")."""
    return bool(_WEAPON_HEAD.search(name.strip().rstrip(".")))


_LOCATIVE_BEFORE = re.compile(
    r"\b(in|into|from|near|at|across|around|towards?|outside|inside|(town|city|region|area|"
    r"province|village|port) of)\s+(the\s+)?$", re.I)
_LOCATIVE_AFTER = re.compile(r"^\s+(region|area|city|town|province|border|crossing)\b", re.I)


def place_like(name: str, ctx: Context) -> bool:
    """A name the text writes as a place ("in Rafah", "the city of Khan Younis"): half
    of its mentions or more follow a locative word. Not for states (the gazetteer's)."""
    if gazetteer.country(name):
        return False
    found = ctx.mentions(name)
    places = sum(1 for m in found if _LOCATIVE_BEFORE.search(ctx.text[max(0, m.start - 25):m.start])
                 or _LOCATIVE_AFTER.match(ctx.text[m.end:m.end + 12]))
    return bool(found) and places * 2 >= len(found)


def _guess(name: str) -> ActorKind:
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person"
    return "other"


@dataclass
class _ActorRec:
    name: str
    kind: ActorKind
    country: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _prefer_full_name(rec: _ActorRec) -> None:
    """'NIS' with alias 'National Intelligence Service' -> the full name, 'NIS' an alias;
    a person's longest alias that contains the name ('Putin' -> 'Vladimir Putin')."""
    if rec.kind != "state":
        words = set(key(rec.name).split())
        longer = [a for a in rec.aliases if words < set(key(a).split())
                  and titled_person([a]) is None and not _HONORIFIC.match(a)]
        if longer:
            full = max(longer, key=len)
            rec.aliases = [rec.name, *(a for a in rec.aliases if a != full)]
            rec.name = full
            return
    if not (rec.name.isupper() and len(rec.name) <= 6):
        return
    for alias in rec.aliases:
        if len(alias.split()) >= 2 and _initials(alias) == rec.name:
            rec.aliases = [rec.name, *(a for a in rec.aliases if a != alias)]
            rec.name = alias
            return


class _Actors:
    """Union of draft actors, merged by name/alias keys and the country gazetteer."""

    def __init__(self, ctx: Context, warnings: list[ItemWarning]):
        self.ctx = ctx
        self.warnings = warnings
        self.records: list[_ActorRec] = []
        self.index: dict[str, int] = {}
        self._mentions: dict[int, list[tuple[int, int]]] | None = None
        self.refused: set[str] = set()  # keys of names that are not actors (places)

    def add(self, a: DraftActor | None, name: str, kind: ActorKind = "other") -> int:
        self._mentions = None
        name, abbreviation = split_abbreviation(name)
        aliases = [x.strip() for x in (a.aliases if a else []) if is_name(x)]
        if abbreviation:
            aliases.append(abbreviation)
        canon = gazetteer.country(name)
        if a is not None and (a.kind == "state" or canon):
            # a state's alias that is not a name of that state is an actor of its own
            for alias in list(aliases):
                other = gazetteer.country(alias)
                if other == canon or (other is None and _state_alias(alias)):
                    continue
                aliases.remove(alias)
                self.add(None, alias, org_kind(alias) or ("state" if other else _guess(alias)))
        titled = None if canon else titled_person([name, *aliases])
        if titled is not None and a is not None and a.kind != "person":
            a = a.model_copy(update={"kind": "person", "role": a.role or titled[1]})
        honorific = _HONORIFIC.match(name)
        if honorific and not canon:  # "MR. KIRBY" (a transcript's label): the person Kirby
            person = honorific.group(1)
            aliases = [name, *aliases]
            name = person.title() if person.isupper() else person
            if a is not None:
                a = a.model_copy(update={"kind": "person"})
            else:
                kind = "person"
        own_title = None if canon else titled_person([name])
        if own_title is not None:  # "President Joe Biden": the person is Joe Biden
            aliases = [name, *aliases]
            name = own_title[0]
            if a is not None:
                a = a.model_copy(update={"kind": "person", "role": a.role or own_title[1]})
            else:
                kind = "person"
        names = [name, *aliases, *([canon[0]] if canon else [])]
        slot = next((self.index[key(n)] for n in names if key(n) in self.index), None)
        if slot is None and (a.kind if a else kind) == "person":
            slot = self._same_person(name)
        if slot is None:
            slot = len(self.records)
            self.records.append(_ActorRec(
                name=canon[0] if canon else name,
                kind="state" if canon else (a.kind if a else kind),
                country=canon[1] if canon else None))
        else:
            self.warnings.append(ItemWarning(
                code="merged", item=name,
                message=f"merged into actor {self.records[slot].name!r}"))
        rec = self.records[slot]
        for n in names:
            self.index.setdefault(key(n), slot)
            if key(n) != key(rec.name) and n not in rec.aliases:
                rec.aliases.append(n)
        if a is not None:
            rec.country = rec.country or gazetteer.iso3(a.country) or \
                gazetteer.country_in(a.role or "")
            if rec.role is None and a.kind == "person" and a.role:
                rec.role = a.role
            rec.quotes.append(a.quote)
        return slot

    def _same_person(self, name: str) -> int | None:
        """The one person record whose name shares all the words of the shorter of the two
        ("Lee" and "Lee Seong-kweun"; "Putin" and "Vladimir Putin")."""
        words = set(re.split(r"[\s-]+", key(name)))
        hits = [i for i, r in enumerate(self.records) if r.kind == "person" and (
            words <= (other := set(re.split(r"[\s-]+", key(r.name)))) or other <= words)]
        return hits[0] if len(hits) == 1 else None

    def find(self, name: str) -> int | None:
        k = key(name)
        if not k:
            return None
        if k in self.index:
            return self.index[k]
        hit = gazetteer.country(name)
        if hit and key(hit[0]) in self.index:
            return self.index[key(hit[0])]
        tokens = k.split()
        if len(tokens) == 1:  # a surname or given name: "Lee" -> "Lee Seong-kweun"
            people = [i for i, r in enumerate(self.records)
                      if r.kind == "person" and tokens[0] in re.split(r"[\s-]+", key(r.name))]
            if len(people) == 1:
                return people[0]
        best = max(
            ((fuzz.token_set_ratio(k, kk), i) for kk, i in self.index.items()), default=(0, -1)
        )
        return best[1] if best[0] >= NAME_FUZZ else None

    def mentions(self) -> dict[int, list[tuple[int, int]]]:
        """Where each actor's names are written (cached until the next ``add``)."""
        if self._mentions is None:
            self._mentions = {
                i: sorted({(m.start, m.end) for n in (r.name, *r.aliases)
                           for m in self.ctx.mentions(n)})
                for i, r in enumerate(self.records)}
        return self._mentions

    def ref(self, name: str | None, item: str) -> int | None:
        """Resolve a referenced name; add the actor when the name is written in the text."""
        if not name or not name.strip() or key(name) in ("article", "null", "none", "unknown"):
            return None
        if weapon_named(name) or key(name) in self.refused:
            return None
        slot = self.find(name)
        if slot is not None:
            return slot
        if self.ctx.mentions(name) or gazetteer.country(name):
            return self.add(None, name)
        self.warnings.append(ItemWarning(
            code="unresolved_reference", item=item,
            message=f"{name!r} names no actor in the article; reference left out"))
        return None

    def build(self) -> list[Actor]:
        out = []
        for i, rec in enumerate(self.records, 1):
            _prefer_full_name(rec)
            mentions: list[Span] = list(self.ctx.mentions(rec.name))
            kept_aliases = []
            for alias in rec.aliases:
                found = self.ctx.mentions(alias)
                mentions += found
                if found:
                    kept_aliases.append(alias)
            if not mentions:
                for q in rec.quotes:
                    span = self.ctx.locate(q)
                    if span is not None and self.ctx.in_content(span):
                        mentions.append(span)
                        break
            mentions = sorted(set(mentions), key=lambda s: (s.start, s.end))
            if not mentions:
                self.warnings.append(ItemWarning(
                    code="ungrounded", item=f"a{i}",
                    message=f"actor {rec.name!r} is not mentioned in the article's content"))
            out.append(Actor(
                id=f"a{i}", name=rec.name, kind=rec.kind, country=rec.country, role=rec.role,
                aliases=kept_aliases, mentions=mentions, grounded=bool(mentions)))
        return out


def _ids(slots: Iterable[int | None], prefix: str) -> list[str]:
    seen: list[str] = []
    for s in slots:
        if s is not None and f"{prefix}{s + 1}" not in seen:
            seen.append(f"{prefix}{s + 1}")
    return seen


def resolve(draft: Draft, cleaned: Cleaned, *, repaired: Sequence[str] = (),
            reported: bool = True) -> tuple[
    list[Actor], list[WeaponSystem], list[Claim], list[ItemWarning]
]:
    """Turn a draft into grounded, cross-referenced records and their warnings; with
    ``reported``, add the reported speech the draft left out (``_reported``)."""
    ctx = Context.of(cleaned)
    warnings: list[ItemWarning] = [
        ItemWarning(code="repaired", item=label, message="quote replaced by a repair request")
        for label in repaired
    ]
    actors = _Actors(ctx, warnings)
    for n, a in enumerate(draft.actors, 1):
        if weapon_named(a.name):
            warnings.append(ItemWarning(code="dropped", item=f"draft actor {n}",
                                        message=f"{a.name!r} names a weapon, not an actor"))
        elif a.kind == "other" and place_like(a.name, ctx):
            actors.refused.add(key(a.name))
            warnings.append(ItemWarning(code="dropped", item=f"draft actor {n}",
                                        message=f"{a.name!r} is written as a place, not an actor"))
        elif a.name.strip():
            actors.add(a, a.name)

    weapons = _weapons(draft.weapons, ctx, actors, warnings)
    claims = merge_list_items(_claims(draft.claims, ctx, actors, weapons, warnings), ctx.text,
                              warnings)
    if reported:
        claims += _reported(ctx, actors, claims, warnings)
    actor_list = actors.build()
    weapon_list = [
        WeaponSystem(
            id=f"w{i}", name=w.name, category=w.category, caliber_mm=w.caliber_mm,
            designation=w.designation, quantity=w.quantity,
            origin=None if w.origin is None else f"a{w.origin + 1}",
            recipient=None if w.recipient is None else f"a{w.recipient + 1}",
            mentions=w.mentions, grounded=bool(w.mentions))
        for i, w in enumerate(weapons, 1)
    ]
    return actor_list, weapon_list, claims, warnings


_CATEGORY_NAMES = frozenset(get_args(WeaponCategory)) | {
    f"{c}s" for c in get_args(WeaponCategory)}


@dataclass
class _WeaponRec:
    name: str
    key: str
    category: WeaponCategory
    caliber_mm: float | None
    designation: str | None
    quantity: Quantity | None
    origin: int | None
    recipient: int | None
    mentions: list[Span]


def _weapons(
    drafts: list[DraftWeapon], ctx: Context, actors: _Actors, warnings: list[ItemWarning]
) -> list[_WeaponRec]:
    out: list[_WeaponRec] = []
    by_key: dict[str, int] = {}
    for n, w in _split_lists(drafts, warnings):
        label = f"w{len(out) + 1}"
        name = w.name.strip()
        count = quantity_at_start(name)  # the name as written, without its count
        if count and name[len(count):].strip(" -"):
            name = name[len(count):].strip(" -")
            w = w.model_copy(update={"quantity": w.quantity or count})
        if not name or key(name).replace(" ", "_") in _CATEGORY_NAMES:
            warnings.append(ItemWarning(
                code="dropped", item=f"draft weapon {n}",
                message=f"{name!r} names a category, not a weapon system" if name
                else "weapon without a name"))
            continue
        if _names_an_actor(name, actors):
            warnings.append(ItemWarning(code="dropped", item=f"draft weapon {n}",
                                        message=f"{name!r} names an actor, not a weapon system"))
            continue
        k = key(name)
        quote_span = ctx.locate(w.quote)
        if quote_span is not None and not ctx.in_content(quote_span):
            quote_span = None
        mentions = _weapon_mentions(name, quote_span, ctx)
        # the caliber is usually written just before the name: "170mm self-propelled artillery"
        windows = [ctx.text[max(0, m.start - 12):m.end] for m in mentions]
        evidence_text = " ".join([*windows, quote_span.text if quote_span else ""])
        written = parse_caliber(name) or parse_caliber(evidence_text) or \
            _caliber_near(w.caliber_mm, name, ctx.text)
        if w.caliber_mm is not None and written != w.caliber_mm:
            warnings.append(ItemWarning(
                code="adjusted", item=label,
                message=f"caliber {w.caliber_mm:g} mm is not written for {name!r}; "
                        f"set to {written if written is not None else 'null'}"))
        if k in by_key:
            rec = out[by_key[k]]
            rec.mentions = sorted(set(rec.mentions) | set(mentions), key=lambda s: s.start)
            warnings.append(ItemWarning(code="merged", item=f"draft weapon {n}",
                                        message=f"duplicate of w{by_key[k] + 1} {name!r}"))
            continue
        spans = mentions
        if not spans:
            warnings.append(ItemWarning(
                code="ungrounded", item=label,
                message=f"weapon {name!r} is not found in the article's content"))
        by_key[k] = len(out)
        out.append(_WeaponRec(
            name=name, key=k, category=w.category, caliber_mm=written,
            designation=w.designation if w.designation and ctx.mentions(w.designation) else None,
            quantity=_quantity(w.quantity, name, mentions, quote_span, ctx),
            origin=actors.ref(w.origin, label), recipient=actors.ref(w.recipient, label),
            mentions=spans))
    return out


def _split_lists(drafts: list[DraftWeapon], warnings: list[ItemWarning]
                 ) -> Iterable[tuple[int, DraftWeapon]]:
    for n, w in enumerate(drafts, 1):
        parts = split_list(w.name.strip())
        if len(parts) == 1:
            yield n, w
            continue
        warnings.append(ItemWarning(code="adjusted", item=f"draft weapon {n}",
                                    message=f"a list, split into {len(parts)} weapons: {parts}"))
        for part in parts:
            yield n, w.model_copy(update={"name": part, "quantity": quantity_at_start(part),
                                          "designation": None})


def _names_an_actor(name: str, actors: _Actors) -> bool:
    """A 'weapon' that is an actor: a known actor's name, a country, an organization
    ("U.S. House of Representatives"), a titled person, or a name the text writes after a
    title ("Senator Chuck Schumer")."""
    if key(name) in actors.index or gazetteer.country(name) or titled_person([name]):
        return True
    if weapon_named(name):
        return False
    proper = all(w[:1].isupper() for w in name.split() if w.lower() not in ("of", "the", "and", "for"))
    if proper and (org_kind(name) or re.search(r"\b(Senate|House|Congress|Pentagon)\b", name)):
        return True
    text = actors.ctx.text
    return any(text[max(0, m.start - 30):m.start].split()[-1:] and
               text[max(0, m.start - 30):m.start].split()[-1].lower() in _TITLE_WORDS
               for m in actors.ctx.mentions(name))


def _weapon_mentions(name: str, quote: Span | None, ctx: Context) -> list[Span]:
    """Where the weapon is written: its name; else its last words ("rocket launchers" for
    "long-range rocket launchers"); else the quote, if the quote names its head noun."""
    found = ctx.mentions(name)
    words = name.split()
    for n in range(len(words) - 1, 1, -1):
        if found:
            break
        found = ctx.mentions(" ".join(words[-n:]))
    if not found and quote is not None and words and words[-1].lower() in quote.text.lower():
        found = [quote]
    return found


def _caliber_near(caliber: float | None, name: str, text: str, window: int = 60) -> float | None:
    """The model's caliber, if that caliber is written close to the weapon's head noun
    ("long-range 240mm rocket launchers" for a weapon named "rocket launchers")."""
    words = name.split()
    if caliber is None or not words:
        return None
    head = words[-1]
    value = f"{caliber:g}"
    for m in re.finditer(rf"(?<![\d.]){re.escape(value)}\s?-?(?:mm|millimet(?:er|re))\b", text, re.I):
        if head in text[max(0, m.start() - window):m.end() + window]:
            return caliber
    return None


def _quantity(words: str | None, name: str, mentions: list[Span], quote: Span | None,
              ctx: Context) -> Quantity | None:
    """The model's count when written next to the weapon (before a mention, or in its
    quote), else the count written at the start of the name or just before it."""
    before = [ctx.text[max(0, m.start - 40):m.end] for m in mentions]
    if quote is not None:
        before.append(quote.text[: quote.text.index(name)] if name in quote.text else quote.text)
    if words and re.search(r"\d|[a-z]{3}", words) and any(
            re.search(rf"(?<![\w.,]){re.escape(words)}(?![\w,])", b) for b in before):
        return parse_quantity(words)
    at_start = quantity_at_start(name)
    if at_start:
        return parse_quantity(at_start)
    before = [ctx.text[max(0, m.start - 40):m.start] for m in mentions]
    if quote is not None and name in quote.text:
        before.append(quote.text[: quote.text.index(name)])
    for chunk in before:
        found = quantity_before(chunk)
        if found:
            return parse_quantity(found)
    return None


def _weapon_ref(name: str, weapons: list[_WeaponRec]) -> int | None:
    k = key(name)
    best = max(
        ((100 if k == w.key else fuzz.token_set_ratio(k, w.key), i)
         for i, w in enumerate(weapons)),
        default=(0, -1),
    )
    return best[1] if best[0] >= NAME_FUZZ else None


def _attribute(span: Span, claimant: int | None, via: list[int], cue: str | None,
               ctx: Context, actors: _Actors, label: str, warnings: list[ItemWarning],
               ) -> tuple[int | None, list[int], str | None]:
    """Check the drafted source, relays and cue against what the evidence's sentence writes
    (``attribution``): a written source wins; a relay must be named in the sentence; a cue
    must be written there."""
    mentions = actors.mentions()
    persons = [i for i, r in enumerate(actors.records) if r.kind == "person"]
    written = attribution.sources(ctx.text, span.start, span.end, mentions, persons)
    lo, hi = attribution.sentence_bounds(ctx.text, span.start, span.end)
    sentence = ctx.text[lo:hi]
    # a source written in the text but missing from the draft's actors becomes an actor
    slots = [w.actor if w.actor is not None else actors.ref(w.name, label) for w in written]
    if written and all(slot is not None for slot in slots):
        source = slots[-1]
        assert source is not None
        relays = [r for r in slots[:-1] if r is not None and r != source]
        if (source, relays) != (claimant, via):
            warnings.append(ItemWarning(
                code="adjusted", item=label,
                message=f"source from the text: {actors.records[source].name!r} "
                        f"({written[-1].cue!r})" + (f" via {[actors.records[r].name for r in relays]}"
                                                    if relays else "")))
        return source, relays, written[-1].cue
    named = [v for v in via if any(lo <= s and e <= hi for s, e in mentions.get(v, []))]
    if named != via:
        warnings.append(ItemWarning(
            code="adjusted", item=label,
            message="relay not named in the evidence's sentence, left out: "
                    + ", ".join(repr(actors.records[v].name) for v in via if v not in named)))
    if cue is None or cue.lower() not in sentence.lower():
        m = attribution.CUE.search(sentence)
        cue = m.group(0) if m else None
    turn = attribution.speaker(ctx.text, span.start)
    if turn is not None:  # a transcript: the speaker of the turn says it
        slot = actors.find(turn)
        if slot is not None:
            if slot != claimant:
                warnings.append(ItemWarning(
                    code="adjusted", item=label,
                    message=f"source from the transcript: {actors.records[slot].name!r} speaks"))
            return slot, named, cue
    if claimant is not None and attribution.unnamed_source(sentence) and not any(
            lo <= s and e <= hi for s, e in mentions.get(claimant, [])):
        warnings.append(ItemWarning(
            code="adjusted", item=label,
            message=f"the sentence's source is none of the actors ({cue!r}); claimant "
                    f"{actors.records[claimant].name!r}, not named there, left out"))
        return None, [], cue
    if claimant is not None and attribution.unattributed(sentence):
        warnings.append(ItemWarning(
            code="adjusted", item=label,
            message=f"no source is written for this sentence: the article states it "
                    f"(claimant {actors.records[claimant].name!r} left out)"))
        return None, [], None
    return claimant, named, cue


_CREDIT = re.compile(r"\b(contributed to this report|information for this (report|story) came "
                     r"from|this report was (written|produced))\b", re.I)


def _reported(ctx: Context, actors: _Actors, claims: list[Claim], warnings: list[ItemWarning]
              ) -> list[Claim]:
    """Reported speech the model left out: a content sentence no claim cites, whose source is
    written ("..., said David Maxwell"), becomes a claim with that sentence as its evidence and
    statement (warning ``added``)."""
    cited = [(e.start, e.end) for c in claims for e in c.evidence]
    out: list[Claim] = []
    for lo, hi in attribution.content_sentences(ctx.text, ctx.regions):
        sentence = ctx.text[lo:hi]
        if any(s < hi and lo < e for s, e in cited) or sentence.rstrip("\"\u201d\u2019").endswith("?") \
                or len(sentence.split()) < 6:
            continue
        span = Span(start=lo, end=hi, text=sentence, match="exact")
        if _not_a_claim(ctx.text, span):
            continue
        written = attribution.sources(ctx.text, lo, hi, actors.mentions(),
                                      [i for i, r in enumerate(actors.records) if r.kind == "person"])
        label = f"c{len(claims) + len(out) + 1}"
        slots = [w.actor if w.actor is not None else actors.ref(w.name, label) for w in written]
        if not written or any(slot is None for slot in slots):
            continue
        source = slots[-1]
        cue = written[-1].cue
        certainty = certainty_from_cue(f"{cue} {sentence}", "asserted")
        out.append(Claim(
            id=label, statement=sentence, type=checked_type("other", sentence, certainty),
            claimant=f"a{source + 1}" if source is not None else None,
            via=_ids((r for r in slots[:-1] if r != source), "a"), cue=cue, certainty=certainty,
            evidence=[span], grounded=True))
        warnings.append(ItemWarning(
            code="added", item=label,
            message=f"reported speech the model left out ({cue!r}): the sentence is the claim"))
    return out


def _not_a_claim(text: str, span: Span) -> str | None:
    """A credit line ("... contributed to this report") or a heading (a short line without
    sentence punctuation, "U.S. warning") states nothing."""
    if _CREDIT.search(text[slice(*attribution.sentence_bounds(text, span.start, span.end))]):
        return "a credit line"
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start:len(text) if end < 0 else end].strip()
    if len(line.split()) <= 5 and not re.search(r"[.!?:;\"\u201d]$", line):
        return "a heading"
    return None


def claim_evidence(c: DraftClaim, ctx: Context) -> tuple[Span | None, str | None]:
    """Evidence for a drafted claim, and a note when the library had to choose it.

    The quote is used when it lies in the content and states the claim (``support``);
    otherwise the content sentence that best states it, when it does; otherwise None."""
    span = ctx.locate(c.quote)
    if span is not None and not ctx.in_content(span):
        return None, ("evidence lies outside the article's content "
                      "(boilerplate or text addressing the model)")
    score = support(c.statement, span.text) if span is not None else None
    if span is not None and (score is None or score >= SUPPORT_MIN):
        return span, None
    found = best_sentence(c.statement, ctx.text, ctx.regions)
    if found is not None and found[1] >= SUPPORT_MIN:
        (a, b), _ = found
        why = "the quoted text does not state the claim" if span else "quote not found"
        return (Span(start=a, end=b, text=ctx.text[a:b], match="exact"),
                f"{why}; evidence is the sentence that states it")
    if span is not None:
        return None, f"the quoted text does not state the claim: {c.quote[:80]!r}"
    return None, f"quote not found in the article: {c.quote[:80]!r}"


def _claims(
    drafts: list[DraftClaim], ctx: Context, actors: _Actors,
    weapons: list[_WeaponRec], warnings: list[ItemWarning],
) -> list[Claim]:
    out: list[Claim] = []
    seen: dict[tuple[str, str], str] = {}
    for n, c in enumerate(drafts, 1):
        span, note = claim_evidence(c, ctx)
        what = _not_a_claim(ctx.text, span) if span is not None else None
        if what is not None and span is not None:
            warnings.append(ItemWarning(code="dropped", item=f"draft claim {n}",
                                        message=f"{what}, not a claim: {span.text[:60]!r}"))
            continue
        dup = (key(c.statement), f"{span.start}:{span.end}" if span else c.quote)
        if dup in seen:
            warnings.append(ItemWarning(code="merged", item=f"draft claim {n}",
                                        message=f"duplicate of {seen[dup]}"))
            continue
        label = f"c{len(out) + 1}"
        seen[dup] = label
        if note:
            warnings.append(ItemWarning(code="adjusted" if span else "ungrounded",
                                        item=label, message=note))
        claimant = actors.ref(c.claimant, label)
        via = [s for v in c.via if (s := actors.ref(v, label)) is not None and s != claimant]
        cue = c.cue.strip() if c.cue and c.cue.strip() else None
        if span is not None:
            claimant, via, cue = _attribute(span, claimant, via, cue, ctx, actors, label, warnings)
        certainty = certainty_from_cue(" ".join(filter(None, [cue, c.statement])), c.certainty)
        if certainty != c.certainty:
            warnings.append(ItemWarning(
                code="adjusted", item=label,
                message=f"certainty {c.certainty} -> {certainty} from the words {cue!r} / "
                        "the statement"))
        wrefs = [_weapon_ref(w, weapons) for w in c.weapons]
        kind = checked_type(c.type, c.statement, certainty)
        if kind != c.type:
            warnings.append(ItemWarning(code="adjusted", item=label,
                                        message=f"type {c.type} -> {kind} from the statement's words"))
        out.append(Claim(
            id=label, statement=c.statement.strip(), type=kind,
            claimant=f"a{claimant + 1}" if claimant is not None else None,
            via=_ids(via, "a"), cue=cue, certainty=certainty,
            not_confirmed_by=_ids((actors.ref(x, label) for x in c.not_confirmed_by), "a"),
            denied_by=_ids((actors.ref(x, label) for x in c.denied_by), "a"),
            actors=_ids((actors.ref(x, label) for x in c.actors), "a"),
            weapon_systems=_ids(wrefs, "w"),
            place=c.place if c.place and c.place in ctx.text else None,
            time=c.time if c.time and c.time in ctx.text else None,
            evidence=[span] if span is not None else [], grounded=span is not None,
        ))
    return out
