"""What grouping compares about one claim: its subject entities, weapons, time, words and
figures; whether it denies. Pure functions over one claim and its article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..resolve.lexicon import pattern
from ..schema import Claim, Extraction
from ..text import gazetteer, wordlists
from ..text.quantities import parse_caliber, spelled_out
from .entities import Entities, WeaponKey, weapon_key
from .model import ArticleInfo

# claim types that may state the same thing (the model and the rules mix these up)
TYPE_CLASS = {"transfer": "move", "deployment": "move", "attack": "attack", "casualty": "attack",
              "capability": "capability", "production": "capability", "agreement": "policy",
              "policy": "policy", "assessment": "assessment", "denial": "denial", "other": "other"}
_LEXICON = wordlists.load("llmclaims.corroborate", "data/lexicon.toml")


def _words(section: str, name: str) -> list[str]:
    return wordlists.entries("llmclaims.corroborate", "data/lexicon.toml", section, name)


def _alt(section: str, name: str) -> str:
    return wordlists.alt("llmclaims.corroborate", "data/lexicon.toml", section, name)


_DENIES = pattern("certainty", "denied")
_MONTHS = {m: n for n, m in enumerate(_words("dates", "month_keys"), 1)}
_MONTH = re.compile(rf"\b({_alt('dates', 'months')})(?!\w)" r"(?:\s+(\d{1,2})(?!\d))?", re.IGNORECASE)
_VERB_MONTHS = frozenset(_words("dates", "verb_months"))
_WEEKDAYS = tuple(_words("dates", "weekdays"))
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_SINCE = re.compile(rf"\b(?:{_alt('dates', 'bounds')})" r"\s+\S+(?:\s+\d{1,2}\b)?"
                    r"(?:\s+\d{4})?", re.IGNORECASE)  # a bound, not the claim's own time
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_STOPWORDS = frozenset(_words("words", "stop_words"))
_WORD = re.compile(r"[^\W\d_]+")
# what a figure counts -> the quantity's name
_UNITS = {word: str(group.get("counts", word)) for group in _LEXICON["figures"]["units"]
          for word in str(group["words"]).split()}
_FIGURE = re.compile(r"(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]?\d)(?=\s+[^\W\d_])")
_NOT_COUNTED = frozenset({*_MONTHS, *_words("dates", "month_names"), *_words("figures", "not_counted")})
_NUMBER_WORD = re.compile(rf"\b(?:{_alt('figures', 'number_words')})\b", re.IGNORECASE)
_MONEY_SCALE = {e.text: float(group["value"]) for group in _LEXICON["figures"]["money_scales"]
                for e in wordlists.group_entries(group)}
_MONEY = re.compile(r"\$\s?(\d+(?:\.\d+)?)\s*" rf"({'|'.join(_MONEY_SCALE)})?\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_LONGEST = 5  # words of the longest name replaced
_WINDOW = {"day": 3, "month": 31, "year": 366}


@dataclass
class Item:
    """One claim as grouping sees it."""

    n: int
    article: ArticleInfo
    claim: Claim
    klass: str
    subjects: frozenset[int]
    weapons: tuple[WeaponKey, ...]
    words: str
    tokens: frozenset[str]
    when: tuple[int, int, bool] | None  # first and last day (ordinals), day-precise; None: undated
    origin: str
    origin_entity: int | None
    relays: frozenset[int]
    claimant: str | None
    via: list[str]
    denial: bool
    deniers: list[str] = field(default_factory=list)  # names in its denied_by, not_confirmed_by
    figures: dict[str, float] = field(default_factory=dict)  # what it counts -> the number written


def denies(claim: Claim) -> bool:
    """A claim that denies or does not confirm something: its certainty, its type, its cue."""
    return (claim.certainty in ("denied", "unconfirmed") or claim.type == "denial"
            or bool(claim.cue and _DENIES.search(claim.cue)))


def when(claim_time: str | None, statement: str, published: str | None) -> tuple[int, int, bool] | None:
    """Loose dates of a claim, ``(first day, last day, day-precise)`` as ordinals: the day its
    time words name ("on Wednesday" in an article of Wednesday 2024-01-24 is that day; "Jan.
    14"), else the month ("in November" in an article of January 2024 is November 2023) or the
    year, else the article's date (a few days before it); None when nothing dates it. The time
    words are the claim's ``time``, else its statement's ("since July" dates nothing)."""
    base = date.fromisoformat(published) if published else None
    for words in (claim_time, statement):
        found = _dated(_SINCE.sub(" ", words or ""), base)
        if found is not None:
            return found
    if base:
        return base.toordinal() - _WINDOW["day"], base.toordinal(), False
    return None


def _dated(words: str, base: date | None) -> tuple[int, int, bool] | None:
    year_m, month_m, weekday_m = _YEAR.search(words), _MONTH.search(words), _WEEKDAY.search(words)
    if month_m and month_m[1].lower() in _VERB_MONTHS and not (month_m[2] or year_m):
        month_m = None  # "may" and "march": a verb unless a day or a year dates them
    if month_m and (year_m or base):
        month = _MONTHS[month_m[1].lower()[:3]]
        year = int(year_m[1]) if year_m else _year_of(month, base)
        if month_m[2]:
            named = date(year, month, min(int(month_m[2]), 28 if month == 2 else 30)).toordinal()
            return named, named, True
        lo = date(year, month, 1)
        hi = date(year + (month == 12), month % 12 + 1, 1)
        return lo.toordinal(), hi.toordinal() - 1, False
    if year_m:
        return date(int(year_m[1]), 1, 1).toordinal(), date(int(year_m[1]), 12, 31).toordinal(), False
    if weekday_m and base:
        back = (base.weekday() - _WEEKDAYS.index(weekday_m[1].lower())) % 7
        day = base.toordinal() - back
        return day, day, True
    return None


def _year_of(month: int, base: date | None) -> int:
    assert base is not None
    return base.year if month <= base.month else base.year - 1


@dataclass(frozen=True)
class Forms:
    """Written names -> canonical names: ``table[("pyongyang",)] == "north korea"``; ``firsts``:
    the first words of the names (a word that starts none is passed over at once)."""

    table: dict[tuple[str, ...], str]
    firsts: frozenset[str]


def words_of(statement: str, forms: Forms) -> str:
    """The statement's content words, every written name of an entity replaced by the
    entity's canonical name (so "Pyongyang" and "North Korea" read alike), numbers left out.
    The longest name written at a place wins."""
    tokens = _WORD.findall(_POSSESSIVE.sub("", statement).casefold())
    firsts, table = forms.firsts, forms.table
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in firsts:  # no name starts here
            if tokens[i] not in _STOPWORDS:
                out.append(tokens[i])
            i += 1
            continue
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            canonical = table.get(tuple(tokens[i:i + n]))
            if canonical is not None:
                out.append(canonical)
                i += n
                break
        else:
            if tokens[i] not in _STOPWORDS:
                out.append(tokens[i])
            i += 1
    return " ".join(out)


def form_table(pairs: set[tuple[str, str]]) -> Forms:
    """``{("pyongyang",): "north korea", ...}`` for (written name, canonical name) pairs."""
    table: dict[tuple[str, ...], str] = {}
    for form, canonical in pairs:
        key = _tokens(form)
        if 0 < len(key) <= _LONGEST:
            table.setdefault(key, " ".join(_tokens(canonical)))
    return Forms(table, frozenset(k[0] for k in table))


@lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_POSSESSIVE.sub("", name).casefold()))


def figures(claim: Claim, extraction: Extraction) -> dict[str, float]:
    """The figures a claim states, by what they count: ``{"troops": 11000.0}`` ("roughly
    11,000 North Korean soldiers"; a figure's noun is the first of a few words after it that
    names a count, else the word right after it), amounts of money, calibers of its weapons.
    Vague figures ("thousands of", "dozens") are left out: they contradict no number."""
    text = " ".join(s.text for s in claim.evidence) or claim.statement
    out: dict[str, float] = {}
    bare = spelled_out(text) if _NUMBER_WORD.search(text) else text  # text2num is slow: only where needed
    for m in _FIGURE.finditer(bare):
        after = _WORD.findall(bare[m.end():m.end() + 60].casefold())[:4]
        name = next((_UNITS[w] for w in after if w in _UNITS), None)
        first = after[0] if after else ""
        if name is None and len(first) > 3 and first not in _NOT_COUNTED and first not in _STOPWORDS:
            name = first
        if name and not _is_year(m[1], first):
            out.setdefault(name, float(m[1].replace(",", "")))
    for m in _MONEY.finditer(text):
        out.setdefault("amount (USD)", float(m[1]) * _MONEY_SCALE.get((m[2] or "").lower(), 1))
    weapons = {w.id: w for w in extraction.weapon_systems}
    for w in (weapons[x] for x in claim.weapon_systems if x in weapons):
        caliber = w.caliber_mm or next((c for s in w.mentions if (c := parse_caliber(s.text))), None)
        if caliber is not None:
            out.setdefault(f"caliber (mm) of {w.category.replace('_', ' ')}", caliber)
    return out


def _is_year(number: str, after: str) -> bool:
    return len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100 and after not in _UNITS


def items(articles: list[tuple[ArticleInfo, Extraction]], entities: Entities) -> list[Item]:
    """Every claim of every article, as grouping compares it."""
    out: list[Item] = []
    for info, result in articles:
        ent = {a.id: entities.of[(info.id, a.id)] for a in result.actors}
        forms = form_table({(f, entities.names[e]) for e in ent.values() for f in entities.forms[e]}
                           | _state_forms(result))
        weapons = {w.id: weapon_key(w) for w in result.weapon_systems}
        for claim in result.claims:
            out.append(_item(len(out), info, claim, result, ent, entities, forms, weapons))
    return out


def _item(n: int, info: ArticleInfo, claim: Claim, result: Extraction, ent: dict[str, int],
          entities: Entities, forms: Forms, weapons: dict[str, WeaponKey]) -> Item:
    origin = ent.get(claim.claimant or "")
    relays = frozenset(ent[v] for v in claim.via if v in ent)
    subjects = frozenset(ent[a] for a in claim.actors if a in ent) - {origin, *relays}
    if not subjects and origin is not None and claim.claimant in claim.actors:
        subjects = frozenset({origin})  # "North Korea denied sending troops"
    words = words_of(claim.statement, forms)
    return Item(
        n=n, article=info, claim=claim, klass=TYPE_CLASS[claim.type], subjects=subjects,
        weapons=tuple(weapons[w] for w in claim.weapon_systems if w in weapons),
        words=words, tokens=frozenset(words.split()), when=when(claim.time, claim.statement, info.published),
        origin=entities.names[origin] if origin is not None else info.outlet, origin_entity=origin,
        relays=relays, claimant=entities.names[origin] if origin is not None else None,
        via=[entities.names[ent[v]] for v in claim.via if v in ent], denial=denies(claim),
        figures=figures(claim, result),
        deniers=[entities.names[ent[x]] if x in ent else x for x in (*claim.denied_by, *claim.not_confirmed_by)])


def _state_forms(result: Extraction) -> set[tuple[str, str]]:
    """Demonyms and metonyms of the states an article names ("North Korean" -> "North Korea")."""
    out: set[tuple[str, str]] = set()
    for actor in result.actors:
        out |= _forms_of_state(actor.name)
    return out


@lru_cache(maxsize=4096)
def _forms_of_state(name: str) -> frozenset[tuple[str, str]]:
    hit = gazetteer.country(name)
    return frozenset((f, hit[0]) for f in gazetteer.forms(hit[0]) if len(f) > 3) if hit else frozenset()
