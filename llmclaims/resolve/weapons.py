"""Weapon systems: drafted weapons checked against the words written. Pure.

Actors drafted as weapons and echoed category lists are dropped (with a warning); weapons
drafted as actors are taken in; lists split into items, counts leave the names, calibers
and quantities must be written next to the weapon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import cast, get_args

from ..schema import DraftWeapon, ItemWarning, Quantity, Reason, Span, WeaponCategory
from ..text import gazetteer, wordlists
from ..text.quantities import parse_caliber, parse_quantity, quantity_at_start, quantity_before
from . import attribution, catalogue, lexicon
from .actors import ActorRec, ActorTable, organ_of, titled_person, weapon_named
from .attribution import TITLE_WORDS, org_kind
from .context import Context, key
from .lists import split_list

_CATEGORY_NAMES = frozenset(get_args(WeaponCategory)) | {
    f"{c}s" for c in get_args(WeaponCategory)}


@dataclass(frozen=True)
class WeaponRec:
    name: str
    key: str
    category: WeaponCategory
    caliber_mm: float | None
    designation: str | None
    quantity: Quantity | None
    origin: int | None
    recipient: int | None
    mentions: list[Span]
    answered: bool = False  # the draft answers its parties (a gap: no such party is written)


def resolve_weapons(
    drafts: list[DraftWeapon], ctx: Context, actors: ActorTable, warnings: list[ItemWarning],
    *, from_actors: Sequence[tuple[str, DraftWeapon]] = (),
) -> list[WeaponRec]:
    """Check drafted weapons, then ``from_actors`` (weapons the model drafted as actors,
    with their draft labels), against the text; merge duplicates."""
    out: list[WeaponRec] = []
    by_key: dict[str, int] = {}
    echo = _category_echo(drafts)
    answers = reads_parties(drafts)
    as_actors = {id(w) for _, w in from_actors}
    for n, w in [*_split_lists(drafts, warnings), *from_actors]:
        answered = answers and id(w) not in as_actors
        label = f"w{len(out) + 1}"
        name = w.name.strip()
        count = quantity_at_start(name)  # the name as written, without its count
        if count and name[len(count):].strip(" -"):
            name = name[len(count):].strip(" -")
            w = w.model_copy(update={"quantity": w.quantity or count})
        why = _not_a_weapon(name, w.category, ctx, actors, echo and not _quote_writes(name, w.quote, ctx))
        if why is not None:
            reason, message = why
            warnings.append(ItemWarning(code="dropped", item=n, reason=reason, fields={"name": name},
                                        message=message))
            continue
        k = key(name)
        quote_span = ctx.locate(w.quote)
        if quote_span is not None and not ctx.in_content(quote_span):
            quote_span = None
        mentions = _weapon_mentions(name, quote_span, ctx)
        # the caliber is usually written just before the name: "170mm self-propelled artillery"
        windows = [_modifiers(ctx.text, m.start) + ctx.text[m.start:m.end] for m in mentions]
        evidence_text = " ".join([*windows, quote_span.text if quote_span else ""])
        written = parse_caliber(name) or parse_caliber(evidence_text) or \
            _caliber_near(w.caliber_mm, name, ctx.text)
        if w.caliber_mm is not None and written != w.caliber_mm:
            warnings.append(ItemWarning(
                code="adjusted", item=label, reason="caliber_not_written",
                fields={"name": name, "drafted": f"{w.caliber_mm:g}",
                        "written": "" if written is None else f"{written:g}"},
                message=f"caliber {w.caliber_mm:g} mm is not written for {name!r}; "
                        f"set to {written if written is not None else 'null'}"))
        if k in by_key:
            rec = out[by_key[k]]
            out[by_key[k]] = replace(rec, mentions=sorted(set(rec.mentions) | set(mentions),
                                                          key=lambda s: s.start))
            warnings.append(ItemWarning(code="merged", item=n, reason="weapon_duplicate",
                                        fields={"name": name, "into": f"w{by_key[k] + 1}"},
                                        message=f"duplicate of w{by_key[k] + 1} {name!r}"))
            continue
        spans = mentions
        if not spans:
            warnings.append(ItemWarning(
                code="ungrounded", item=label, reason="weapon_not_found", fields={"name": name},
                message=f"weapon {name!r} is not found in the article's content"))
        by_key[k] = len(out)
        out.append(WeaponRec(
            name=name, key=k, category=_category(name, w.category), caliber_mm=written,
            designation=w.designation if w.designation and ctx.mentions(w.designation) else None,
            quantity=_quantity(w.quantity, name, mentions, quote_span, ctx),
            origin=actors.ref(w.origin, label), recipient=actors.ref(w.recipient, label),
            mentions=spans, answered=answered))
    return out


def reads_parties(drafts: Sequence[DraftWeapon]) -> bool:
    """Whether a draft answers its weapons' parties: it gives some weapon both a supplier and
    a recipient and another one or neither (a model that reads who supplies whom; its empty
    parties are its answer). A draft that gives every weapon the same parties (both, only a
    recipient, or none), or none both, leaves them to the rules (measured on dev: the 1.5B
    model's drafts give every weapon both, or every weapon a recipient)."""
    shapes = {(bool(w.origin), bool(w.recipient)) for w in drafts}
    return (True, True) in shapes and len(shapes) > 1


def _not_a_weapon(name: str, drafted: WeaponCategory, ctx: Context, actors: ActorTable,
                  echo: bool) -> tuple[Reason, str] | None:
    """Why a drafted weapon is none (reason, message), or None."""
    if not name:
        return "weapon_unnamed", "weapon without a name"
    if _is_category(name) and (echo or not ctx.mentions(name)):
        if echo:
            return "category_echo", f"{name!r}: the draft lists the schema's categories as weapons"
        return "weapon_is_category", f"{name!r} names a category, not a weapon system"
    if generic_weapon(name):
        return "weapon_generic", f"{name!r} is generic, not a weapon system"
    if _names_an_actor(name, actors):
        return "weapon_is_actor", f"{name!r} names an actor, not a weapon system"
    if not named_as_weapon(name, ctx, drafted):
        return ("weapon_not_named_as_weapon", f"{name!r}: no weapon word, designation or catalogue "
                "entry in its name, not a weapon system")
    return None


def _quote_writes(name: str, quote: str | None, ctx: Context) -> bool:
    """The drafted quote is in the content and writes the name: the article's own words,
    not an echo of the schema's categories ("air defenses and artillery" quoted)."""
    span = ctx.locate(quote)
    return (span is not None and ctx.in_content(span)
            and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", span.text, re.I) is not None)


def _split_lists(drafts: list[DraftWeapon], warnings: list[ItemWarning]
                 ) -> Iterable[tuple[str, DraftWeapon]]:
    for n, w in enumerate(drafts, 1):
        parts = [w.name.strip()] if _expands_acronym(w.name.strip()) else [
            p for part in _listed(w.name.strip()) for p in _split_with(part)]
        if len(parts) == 1:
            yield f"draft weapon {n}", w
            continue
        warnings.append(ItemWarning(code="adjusted", item=f"draft weapon {n}", reason="weapon_list_split",
                                    fields={"name": w.name, "parts": "; ".join(parts)},
                                    message=f"a list, split into {len(parts)} weapons: {parts}"))
        for part in parts:
            yield f"draft weapon {n}", w.model_copy(update={
                "name": part, "quantity": quantity_at_start(part), "designation": None})

def _listed(name: str) -> list[str]:
    """The items of a list drafted as one weapon; one name where the items before the last are
    modifiers of its head ("Tube-Launched, Optically-Tracked, Wire-Guided (TOW) missiles"):
    an item whose last word is no noun names nothing alone."""
    parts = split_list(name)
    if len(parts) > 1 and any(not wordlists.noun(re.sub(r"\W+$", "", p.split()[-1]).split("-")[-1])
                              for p in parts[:-1] if p.split()):
        return [name]
    return parts


_ACRONYM = re.compile(r"^(.*?)\s*\(([A-Z][A-Z-]*[A-Z])\)")


def _expands_acronym(name: str) -> bool:
    """Whether the list in ``name`` is the expansion of the acronym after it: its letters are
    the initials of the list's words, or of their hyphenated parts ("Counter-Rocket, Artillery,
    and Mortar (C-RAM) system", "Tube-Launched, Optically-Tracked, Wire-Guided (TOW)
    missiles"): one system's name, no list."""
    m = _ACRONYM.match(name)
    if m is None:
        return False
    letters = m.group(2).replace("-", "")
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", m.group(1)) if w[0].isupper()]
    parts = [p for w in words for p in w.split("-") if p]
    return letters in ("".join(w[0] for w in words), "".join(p[0] for p in parts))


_JOINED = re.compile(rf"^(.+?)\s+(?:{lexicon.alt('weapons', 'joiners')})\s+(.+)$")


def _split_with(name: str) -> list[str]:
    """ "HIMARS with battlefield munitions", "a Patriot battery and Patriot missiles": two
    weapons when both sides name one ("Patriot and AMRAAM missiles" share their head: one)."""
    m = _JOINED.match(name)
    if m and all(weapon_named(p) or category_of(p) != "other" for p in m.groups()):
        return [m[1], m[2]]
    return [name]


def _is_category(name: str) -> bool:
    """A name that is one of the schema's categories ("artillery", "armored_vehicles")."""
    return key(name).replace(" ", "_") in _CATEGORY_NAMES


def _category_echo(drafts: list[DraftWeapon]) -> bool:
    """A draft that lists the schema's categories as weapons (three or more of them, or one
    written with the schema's underscore): the model echoed its instructions."""
    names = [w.name.strip() for w in drafts if _is_category(w.name.strip())]
    return len({key(n) for n in names}) >= 3 or any("_" in n for n in names)


# a weapon's category by a word of its name, in order (data/lexicon.toml [weapons.category_words])
_CATEGORY_WORDS: tuple[tuple[str, WeaponCategory], ...] = tuple(
    ("|".join(e.text for e in wordlists.group_entries(group)), cast(WeaponCategory, group["category"]))
    for group in lexicon.lexicon()["weapons"]["category_words"])
# equipment of the register's kind that has no category of its own ("tracking radars")
_OTHER_WEAPON_WORDS = lexicon.pattern("weapons", "other_equipment")
# a head noun that is people or a unit: "F-16 pilots", "air defense units", "special forces"
_PEOPLE_HEAD = re.compile(rf"\b(?:{lexicon.alt('weapons', 'people_heads')})$", re.I)
# "units" of a catalogued system are its equipment ("Patriot fire units", "Javelin Command
# Launch Units"); of anything else, a formation ("air defense units")
_EQUIPMENT_UNIT = re.compile(r"\bunits?$", re.I)
_GENERIC = re.compile(rf"\b({lexicon.alt('weapons', 'generic_heads')})$", re.I)
_HEAD_END = re.compile(rf"\s+(?:{lexicon.alt('weapons', 'head_ends')})\s+")
_ITEM_MARK = re.compile(r"(?:^|\n)\s*(?:[-*•]|\d+[.)])$")
# a token that is a designation: letters with digits ("Mi-17", "AT-4", "M777", "TB2")
_DESIGNATION = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[\w/.-]+$")


def generic_weapon(name: str) -> bool:
    """ "weapons", "U.S. arms", "military equipment": no system named (evals/GUIDELINES.md);
    "anti-tank weapons" names a category and is not generic."""
    return bool(_GENERIC.search(name.strip().rstrip("."))) and category_of(name) == "other"


def _category(name: str, drafted: WeaponCategory) -> WeaponCategory:
    """The category the name's own words say ("Tactical Unmanned Aerial Systems" -> drone),
    else the drafted one."""
    said = category_of(name)
    return drafted if said == "other" else said


def named_as_weapon(name: str, ctx: Context, drafted: WeaponCategory = "other") -> bool:
    """Whether the words of ``name`` say it is a weapon system: a weapon word
    ("howitzers", "anti-armor systems", "radars"), a designation ("AT-4", "Mi-17"), a
    catalogue entry, or, where the draft gives it a weapon category, an acronym or a proper
    name written inside a sentence ("HMMWVs", "2,000 Piorun"). Not a weapon: a name whose
    head noun is people or a unit ("F-16 pilots", "special forces"; but the "units" of a
    catalogued system are its equipment: "Patriot fire units"), and "helmets", "body
    armor", "secure communications" or "satellite imagery", which say none of the above. A
    capital that only starts a sentence, a list item or a country's name is not a proper
    name. Limit: gear with a brand name ("Kevlar helmets") is kept when the draft calls it
    a weapon, its proper name read as a designation."""
    head = _HEAD_END.split(name.strip(), maxsplit=1)[0]
    if _PEOPLE_HEAD.search(head.rstrip(".")) and not (
            _EQUIPMENT_UNIT.search(head.rstrip(".")) and catalogue.candidates(name, "other", None, None)):
        return False
    if category_of(name) != "other" or _OTHER_WEAPON_WORDS.search(name):
        return True
    words = re.findall(r"[\w/.'’-]+", name)
    if any(_DESIGNATION.match(w) for w in words) or catalogue.candidates(name, "other", None, None):
        return True
    if drafted == "other":
        return False  # an acronym or a proper name alone: "NATO", "Azov"
    if any(len(w) >= 3 and w.rstrip("s").isupper() for w in words):
        return True
    for m in ctx.mentions(name):
        before = ctx.text[:m.start].rstrip(" \t\"'“‘(")
        at_start = not before or before[-1] in ".!?:;\n\u2014" or bool(_ITEM_MARK.search(before))
        tokens = [(t.start(), t.group()) for t in re.finditer(r"[\w.'’-]+", m.text)]
        for i, (_, t) in enumerate(tokens):
            if (i == 0 and at_start) or not t[:1].isupper() or gazetteer.country(t.rstrip("'’s")) \
                    or gazetteer.of_demonym(t):
                continue
            return True
    return False


def category_of(name: str) -> WeaponCategory:
    """The category a weapon's name says ("anti-personnel land mines" -> mine), else other."""
    said = re.sub(r"\bcounter-[\w-]+", "", name)  # "counter-mortar radars" are no mortars
    for pattern, category in _CATEGORY_WORDS:
        if re.search(pattern, said, re.I):
            return category
    return "other"


_NAME_CONNECTORS = lexicon.words("weapons", "name_connectors")
# legislatures, seats of government and armed services by name ("House", "Knesset", "Kremlin")
_INSTITUTION = lexicon.pattern("institutions", "names", flags=0)


def _names_an_actor(name: str, actors: ActorTable) -> bool:
    """A 'weapon' that is an actor: a known actor's name, a country, an organization
    ("U.S. House of Representatives"), a titled person, or a name the text writes after a
    title ("Senator Chuck Schumer")."""
    if key(name) in actors.index or gazetteer.country(name) or titled_person([name]):
        return True
    if weapon_named(name):
        return False
    proper = all(w[:1].isupper() for w in name.split() if w.lower() not in _NAME_CONNECTORS)
    if proper and (org_kind(name) or _INSTITUTION.search(name)):
        return True
    text = actors.ctx.text
    return any(text[max(0, m.start - 30):m.start].split()[-1:] and
               text[max(0, m.start - 30):m.start].split()[-1].lower() in TITLE_WORDS
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


_PHRASE_EDGE = re.compile(rf".*(?:[,;:.()\u2014]|\b(?:{lexicon.alt('weapons', 'phrase_edges')})\b)", re.S | re.I)


def _modifiers(text: str, start: int, most: int = 3) -> str:
    """The words written just before a name inside its noun phrase, at most ``most`` ("170mm
    self-propelled " before "artillery"; nothing across "and", "of" or a comma: "155mm
    shells and artillery" gives artillery no caliber)."""
    before = text[max(0, start - 60):start]
    edge = _PHRASE_EDGE.match(before)
    words = before[edge.end() if edge else 0:].split()[-most:]
    return " ".join(words) + " " if words else ""


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


_HEADS = lexicon.pattern("weapons", "heads", end=True)
_MODIFIERS = lexicon.words("weapons", "modifiers")
_GOES_ON = lexicon.words("weapons", "continuations")
_LEADING = lexicon.words("weapons", "leading")
_OTHER_SENSE = lexicon.words("weapons", "other_senses")
_TANK = re.compile(r"tanks?", re.I)


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens its sentence (or a line)."""
    return at == 0 or re.search(r"(?:^|\n|[.!?][\"\u201d]?\s+)[\"\u201c]?$", text[max(0, at - 5):at]) is not None


def _phrase(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The weapon phrase ending with the head at ``start:end``: up to three modifiers before
    it (capitalized words, numbers and designations, or lower-case weapon modifiers); None
    when the head goes on as a longer phrase ("missile tests")."""
    after = re.match(r"\s+([a-z][\w-]*)", text[end:end + 30])
    if (after and after.group(1) in _GOES_ON) or _modifier(text, start, end) or _HYPHENATED.match(text, end):
        return None
    before = re.search(r"([a-z]+)\s+$", text[max(0, start - 20):start])
    if before and before.group(1) in _OTHER_SENSE and _TANK.fullmatch(text[start:end]):
        return None  # "fuel tanks", "a think tank": a vessel or a group, no weapon
    unit = _UNIT_NAME.match(text, end)
    if text[start:start + 1].isupper() and unit and _UNIT_WORD.fullmatch(unit.group(1).lower()):
        return None  # a unit's name ("18th Artillery Regiment", "Naval Missile Unit")
    words = list(re.finditer(r"[\w.'’-]+", text[max(0, start - 60):start]))
    base = max(0, start - 60)
    first = start
    for m in reversed(words[-3:]):
        w = m.group().rstrip(".")
        gap = text[base + m.end():first]
        sentence_end = m.group().endswith(".") and "." not in m.group()[:-1]  # not "U.S."
        if gap.strip() or "\n" in gap or sentence_end or w.lower() in _LEADING:
            break
        if not (w[:1].isupper() or w[:1].isdigit() or w.lower() in _MODIFIERS):
            break
        if w[:1].isupper() and wordlists.finite_verb(w.lower()) and _opens_sentence(text, base + m.start()):
            break  # "Moving rocket launchers to the border ...": a verb in capitals, no name
        first = base + m.start()
    return first, text[first:end]


_COMPOUND = re.compile(r"\s+(?:(?:and|or)\s+([a-z][\w-]*)\s+)?([a-z][\w-]*)(\s+(?:of|on|against|by)\b)?")
_TITLE_COMPOUND = re.compile(r"\s+(?:(?:and|or)\s+([A-Z][\w-]*)\s+)?([A-Z][\w-]*)(\s+(?:of|on|against|by)\b)?")
# a head joined by a hyphen to the word after it is that compound's first part, no head:
# "a rocket-launching network", "missile-defense radars"
_HYPHENATED = re.compile(r"-[A-Za-z]")


def _modifier(text: str, start: int, end: int) -> bool:
    """Whether the head at ``start:end`` is singular and modifies a noun after it, alone or
    coordinated ("drone programmes", "missile production", "missile and drone programmes"),
    or in a title's capitals ("Missile Strike on Dnipro"): English compounds take the
    singular; "drones hit" and "a missile hit" are clauses (a word that is also a verb counts
    as a noun only in the plural, "strikes", "attacks"; after two bare singulars joined by
    "and", which are no subject without a determiner: "the missile and drone attack"; or before
    the preposition of a noun's agent or target, where the verb would take its object: "a
    missile strike on Dnipro")."""
    head = text[start:end].lower()
    title = text[start:start + 1].isupper()
    m = (_TITLE_COMPOUND if title else _COMPOUND).match(text, end, min(len(text), end + 40))
    if m is None or head not in wordlists.noun_lemmas(head):
        return False
    middle, word = (g.lower() if g else g for g in m.groups()[:2])
    if middle is not None and middle not in wordlists.noun_lemmas(middle):
        return False  # "missiles and drones attack": plural, a clause
    return (middle is None or wordlists.noun(middle)) and wordlists.noun(word) and (
        not wordlists.verb(word) or word.endswith("s") or middle is not None or m.group(3) is not None)


_UNIT_NAME = re.compile(r"\s+([A-Z][a-z]+)\b")
_UNIT_WORD = re.compile(rf"(?:{lexicon.alt('weapons', 'people_heads')})")


def named_weapons(ctx: Context, found: list[WeaponRec], actors: ActorTable,
                  warnings: list[ItemWarning]) -> list[WeaponRec]:
    """Weapons the content names that the draft left out (warning ``added``): a weapon head
    noun ("missiles", "air defenses", "artillery") with its modifiers ("Russian missiles",
    "naval drones"), in a sentence where the draft found no weapon (one where it found some it
    read fully). A phrase inside a drafted weapon's mention, a generic one ("weapons") or an
    actor's name is not added; a bare head only when no weapon has that head already, and a
    bare mass noun ("ammunition") only to a draft with no weapon."""
    taken = [(m.start, m.end) for w in found for m in [*w.mentions, *_designated(w.name, ctx)]]
    keys = {w.key for w in found}
    heads = {_stem(key(w.name).split()[-1]) for w in found if w.name.split()}
    out: list[WeaponRec] = []
    candidates: list[tuple[int, int, str]] = []
    for a, b in ctx.regions:
        for m in _HEADS.finditer(ctx.text, a, b):
            got = _phrase(ctx.text, m.start(), m.end())
            if got is not None:
                candidates.append((got[0], m.end(), got[1]))
    longer = {_stem(key(n).split()[-1]) for s, e, n in candidates if len(n.split()) > 1}
    read = {attribution.sentence_bounds(ctx.text, ts, te) for ts, te in taken}
    for s, e, name in candidates:
        count = quantity_at_start(name)
        k = key(name[len(count):].strip() if count and name[len(count):].strip() else name)
        # a bare head: not where a weapon has it already, nor a mass noun beside drafted weapons
        whole = key(name)  # with its count: "14 rockets" is not a bare head
        bare = (len(whole.split()) == 1 and (_stem(whole) in heads or _stem(whole) in longer
                                            or (bool(found) and whole in _MASS)
                                            or (whole not in _MASS and not whole.endswith("s"))
                                            or (bool(found) and _DEFINITE.search(
                                                ctx.text, max(0, s - 4), s) is not None))) \
            or (bool(found) and _POSSESSED.fullmatch(name) is not None) \
            or (bool(found) and not count and _unspecific(name) and not _in_transfer(ctx.text, s, e))
        # a bare singular is one munition ("a missile hit the building"), no system
        if k in keys or any(ts <= s < te or ts < e <= te for ts, te in taken) or \
                attribution.sentence_bounds(ctx.text, s, e) in read or \
                generic_weapon(name) or _names_an_actor(name, actors) or bare or _echoes(k, found) \
                or _in_heading(ctx.text, s):
            continue
        keys.add(k)
        heads.add(k.split()[-1])
        mentions = ctx.mentions(name)
        count = quantity_at_start(name)  # "26 missiles": the count leaves the name
        if count and name[len(count):].strip():
            name = name[len(count):].strip()
        out.append(WeaponRec(name=name, key=key(name), category=category_of(name),
                             caliber_mm=parse_caliber(name), designation=None,
                             quantity=parse_quantity(count) if count else None,
                             origin=None, recipient=None, mentions=mentions))
        warnings.append(ItemWarning(code="added", item=f"w{len(found) + len(out)}",
                                    reason="weapon_named_in_content", fields={"name": name},
                                    message=f"{name!r} is a weapon the content names, not in "
                                            "the draft"))
    return out


def _unspecific(name: str) -> bool:
    """Whether a weapon phrase names no particular system: a head alone or after demonyms
    ("missiles", "Russian artillery"), or a category's own name ("air defenses", "Ukrainian air
    defense systems"); not with a modifier of its class ("short-range ballistic missiles"), a
    designation or a number ("Patriot interceptors", "KN-23 missiles"). A draft
    that read weapons left such a mention out by choice (evals/GUIDELINES.md: generic mentions
    are no weapon systems)."""
    if any(ch.isdigit() for ch in name):
        return False
    words = [w for w in name.split() if not gazetteer.of_demonym(w)]
    if len(words) > 1 and words[-1].lower() in ("system", "systems"):  # "air defense systems"
        words = words[:-1]
    return len(words) <= 1 or _is_category(" ".join(words))


def _in_transfer(text: str, start: int, end: int) -> bool:
    """Whether the sentence of ``text[start:end]`` writes a transfer ("approved the transfer of
    helicopters", "will send missiles"): what is handed over is a weapon system, however bare."""
    lo, hi = attribution.sentence_bounds(text, start, end)
    return bool(_TRANSFER.search(text, lo, hi) or _TRANSFER_NOUN.search(text, lo, hi))


_MASS = lexicon.words("weapons", "mass_nouns")
# "the interceptors" after the draft's weapons: the head with the definite article points back
_DEFINITE = re.compile(r"\b[Tt]he\s+$")
# "our missiles", "Russia's drones": a possessor and a bare head, the owner's weapons in general
_POSSESSED = re.compile(rf"(?:{lexicon.alt('weapons', 'possessive_determiners')}|[\w.-]+[\u2019']s)\s+[\w-]+")


def _in_heading(text: str, at: int) -> bool:
    """Whether ``at`` lies in a heading: a line in title case without sentence punctuation, no
    list item ("Treasury Targets Network Supplying Iranian Drones to Russia"), whose capitals
    join words that are no one name; the article's sentences name its weapons again."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:len(text) if end < 0 else end].strip()
    words: list[str] = re.findall(r"[A-Za-z][\w'\u2019-]*", line)
    if len(words) < 4 or re.search(r"[.!?\"\u201d]$", line) or re.match(r"[-*\u2022\u2013\d]", line):
        return False
    long = [w for w in words if len(w) > 3]
    return sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def _designated(name: str, ctx: Context) -> list[Span]:
    """Where a weapon is written by its designation alone as the subject of "is" ("The Kh-22
    is a Soviet-era anti-ship missile with a warhead ..." for "a Kh-22 cruise missile"): that
    sentence describes this weapon, it names no other (a designation beside other words, "30
    KN-23 missiles and 122mm rockets", may share its sentence with weapons the draft missed)."""
    return [m for w in name.split() if _DESIGNATION.match(w) and parse_caliber(w) is None
            for m in ctx.mentions(w) if _DESCRIBED_AS.match(ctx.text, m.end)]


_DESCRIBED_AS = re.compile(r"\s+(?:is|was|are|were)\s+(?:an?|the)\b")


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


_MADE_IN = re.compile(r"-(?:made|produced|built|designed|supplied|provided)$")


def _origin(words: str) -> bool:
    """Whether ``words`` are exactly a state's name or demonym."""
    return gazetteer.of_demonym(words) is not None or gazetteer.country(words) is not None


def _without_origin(words: list[str]) -> list[str]:
    """The words without those that say where a weapon comes from: a state's name or demonym
    ("north korean", "iranian"), or "-made" ("polish-made")."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and _origin(f"{words[i]} {words[i + 1]}"):
            i += 2
            continue
        if not _origin(words[i]) and not _MADE_IN.search(words[i]):
            out.append(words[i])
        i += 1
    return out


def _echoes(k: str, found: Sequence[WeaponRec]) -> bool:
    """A phrase whose words are all words of a weapon already found, with the same head noun
    ("rocket launchers" beside "long-range 240mm rocket launchers"), its origin words aside
    ("North Korean missiles" beside "KN-23 ballistic missiles"), or by its family ("Geran drones"
    or "Geran-type drones" beside "Geran-2 drones", "Iskander missiles" beside "Iskander-M
    ballistic missiles"): the same weapon, written shorter or by where it comes from, not
    another one."""
    words = {_stem(_KIND_OF.sub("", w)) for w in _without_origin(k.split())}
    head = _stem(k.split()[-1]) if k.split() else ""
    for w in found:
        theirs = [_stem(x) for x in w.key.split()]
        family = {x.split("-")[0] for x in theirs if _MEMBER.search(x)}  # "geran" of "geran-2"
        family |= {_VARIANT.sub(r"\1", x) for x in theirs if _VARIANT.search(x)}  # "mi-24" of "mi-24p"
        if theirs and theirs[-1] == head and words <= set(theirs) | family:
            return True
    return False


# a variant's letters after its model number: "Mi-24P", "Su-25SM", "T-72B3" (the model: "Mi-24")
_VARIANT = re.compile(r"(-\d+)[a-z]+\d*$")
# a family's member: its name with a number or a letter or two ("Geran-2", "Iskander-M")
_MEMBER = re.compile(r"-(?:\w*\d|[a-z]{1,2}$)")
# a family written for one of its members: "Geran-type drones", "Kilo-class submarines"
_KIND_OF = re.compile(r"-(?:type|class|series)$")  # not "-like": a look-alike is another weapon


_TRANSFER = lexicon.pattern("transfer", "verbs")


_TRANSFER_PARTICIPLE = re.compile(rf"-(?:{lexicon.alt('weapons', 'transfer_participles')})\b")  # "U.S.-provided"
_WE = re.compile(rf"\b(?:{lexicon.alt('weapons', 'first_person')})\b")


def _speaker_state(actors: ActorTable, voice: int | None, item: str) -> int | None:
    """The state of a statement's speaker (a president speaks for the United States), when
    the article writes it; else None."""
    if voice is None:
        return None
    name = gazetteer.state_name(gazetteer.iso3(actors.records[voice].country))
    if name is None or not any(actors.ctx.mentions(f) for f in (name, *gazetteer.forms(name))):
        return None
    found = actors.find(name)
    return found if found is not None else actors.ref(name, item)


def transfer_parties(ctx: Context, weapons: Sequence[WeaponRec], actors: ActorTable,
                     warnings: list[ItemWarning], voice: int | None = None) -> list[WeaponRec]:
    """A weapon's missing supplier or recipient, read from a sentence that writes a transfer
    of it: the actor named last before the transfer verb supplies it ("Iran sent drones"),
    or, in a statement of ``voice`` (the speaker's actor), a first person written after that
    actor ("To help Ukraine, I decided to provide ...": the speaker's state); the actor right
    after the verb ("provided Ukraine with") or after "to" receives it ("... to Russia").
    Only what the draft left empty is filled (warning ``adjusted``). Returns new records."""
    spans = actors.mentions()
    out = []
    for n, w in enumerate(weapons, 1):
        longer = [(x.start, x.end) for o in weapons if o is not w for x in o.mentions]
        for m in w.mentions:
            if (w.origin is not None and w.recipient is not None) or w.answered:
                break
            if any(a <= m.start and m.end <= b and b - a > m.end - m.start for a, b in longer):
                continue  # "drones" inside "jet-powered drones supplied by Iran": that weapon's
            found = _sentence_parties(ctx, m, spans, actors, voice, f"w{n}")
            if found is None:
                continue
            origin, recipient = found
            if w.origin is None and origin is not None and origin not in (recipient, w.recipient):
                w = replace(w, origin=origin)
                warnings.append(ItemWarning(
                    code="adjusted", item=f"w{n}", reason="supplier_from_sentence",
                    fields={"supplier": actors.records[origin].name},
                    message=f"supplier {actors.records[origin].name!r} read from the sentence"))
            if w.recipient is None and recipient is not None and recipient != w.origin:
                w = replace(w, recipient=recipient)
                warnings.append(ItemWarning(
                    code="adjusted", item=f"w{n}", reason="recipient_from_sentence",
                    fields={"recipient": actors.records[recipient].name},
                    message=f"recipient {actors.records[recipient].name!r} read from the sentence"))
        out.append(w)
    return out


_UNSURE = re.compile("|".join(p.pattern for p in (
    lexicon.pattern("certainty", "denied"), lexicon.pattern("certainty", "possible"),
    lexicon.pattern("stated", "negation"))), re.I)


def _sentence_parties(ctx: Context, m: Span, spans: dict[int, list[tuple[int, int]]],
                      actors: ActorTable, voice: int | None, item: str
                      ) -> tuple[int | None, int | None] | None:
    """(supplier, recipient) the sentence of mention ``m`` writes around its transfer verb;
    None when the sentence writes no transfer."""
    lo, hi = attribution.sentence_bounds(ctx.text, m.start, m.end)
    verb = _TRANSFER.search(ctx.text, lo, hi)
    if verb is None or _UNSURE.search(ctx.text[lo:verb.start()]):
        return None  # no transfer, or one denied or hedged ("denied that X sent", "may be sending")
    named = sorted((s, e, slot) for slot, found in spans.items() for s, e in found
                   if lo <= s and e <= hi)
    before = [x for x in named if x[1] <= verb.start()]
    after = [x for x in named if x[0] >= verb.end()]
    origin = before[-1][2] if before else None
    last = before[-1][1] if before else lo
    quoted = re.search(r"[\"\u201c\u201d]", ctx.text[lo:hi])  # someone else's words
    if voice is not None and not quoted and _WE.search(ctx.text, last, verb.start()):
        origin = _speaker_state(actors, voice, item)
    recipient = None
    for s, _e, slot in after:
        gap = ctx.text[verb.end():s]
        if re.fullmatch(r"\s+by\s+(?:the\s+)?", gap):  # a passive's agent: "drones supplied by Iran"
            return slot, None
        if not gap.strip() or re.search(r"\bto\s+(?:the\s+)?$", gap):
            recipient = slot
            break
    return origin, recipient


_ROLE = {"origin": "supplier", "recipient": "recipient"}


def _with_party(w: WeaponRec, role: str, slot: int) -> WeaponRec:
    """A new record with ``slot`` as its ``role`` ("origin" or "recipient")."""
    return replace(w, origin=slot) if role == "origin" else replace(w, recipient=slot)


_TRANSFER_NOUN = lexicon.pattern("transfer", "nouns")


def package_parties(ctx: Context, weapons: Sequence[WeaponRec], actors: ActorTable,
                    warnings: list[ItemWarning]) -> list[WeaponRec]:
    """A transfer's missing party from the article's one package: when every weapon with a
    supplier and a recipient has the same two (two weapons or more), a weapon with one of
    them, whose sentence writes a transfer ("approved the transfer of additional
    helicopters", "U.S.-provided missiles"), gets the other (warning ``adjusted``). Articles
    with two suppliers or two recipients get nothing. Returns new records."""
    pairs = {(w.origin, w.recipient) for w in weapons if w.origin is not None and w.recipient is not None}
    if len(pairs) != 1 or sum(1 for w in weapons if w.origin is not None and w.recipient is not None) < 2:
        return list(weapons)
    origin, recipient = next(iter(pairs))
    out = list(weapons)
    for n, w in enumerate(weapons, 1):
        if (w.origin is None) == (w.recipient is None) or w.origin not in (None, origin) or \
                w.recipient not in (None, recipient) or w.answered:
            continue
        sentences = [ctx.text[slice(*attribution.sentence_bounds(ctx.text, m.start, m.end))]
                     for m in w.mentions]
        if not any(_TRANSFER.search(x) or _TRANSFER_NOUN.search(x) or
                   _TRANSFER_PARTICIPLE.search(x) for x in sentences):
            continue
        role, slot = ("origin", origin) if w.origin is None else ("recipient", recipient)
        out[n - 1] = _with_party(w, role, slot)
        warnings.append(ItemWarning(code="adjusted", item=f"w{n}", reason="party_from_package",
                                    fields={"role": _ROLE[role], "actor": actors.records[slot].name},
                                    message=(
            f"{_ROLE[role]} {actors.records[slot].name!r} "
            "read from the article's one package (every other transfer has the same parties)")))
    return out


_ORGANS = lexicon.words("transfer", "organs")


def _state_of(rec: ActorRec) -> str | None:
    """The state a government body or the armed forces of a state stand for: a
    ``government_body`` or ``military`` actor of a known country, or an actor written as a
    state's name or demonym and an organ ("Ukraine's military", "United States government").
    A non-state group ("Ukrainian rebels", "Hezbollah") stands for no state."""
    if rec.kind == "state":
        return None
    code = gazetteer.iso3(rec.country)
    if code is None:
        return None
    if rec.kind in ("government_body", "military"):
        return gazetteer.state_name(code)
    return gazetteer.state_name(code) if organ_of(rec.name, _ORGANS) == code else None


def state_parties(weapons: Sequence[WeaponRec], actors: ActorTable, warnings: list[ItemWarning]
                  ) -> list[WeaponRec]:
    """Suppliers and recipients at the level of states, as SIPRI's register records a transfer:
    a state's government body or armed forces ("Department of Defense" of the United States,
    "Ukraine's military") is replaced by its state when the article writes that state
    (warning ``adjusted``). Returns new records."""
    out = []
    for n, w in enumerate(weapons, 1):
        for role in ("origin", "recipient"):
            slot = getattr(w, role)
            if slot is None:
                continue
            rec = actors.records[slot]
            state = _state_of(rec)
            if state is None:
                continue
            found = actors.find(state)
            if found is None and any(actors.ctx.mentions(f) for f in (state, *gazetteer.forms(state))):
                found = actors.ref(state, f"w{n}")  # written in the article: added
            other = w.recipient if role == "origin" else w.origin
            if found is None or found in (slot, other):
                continue  # never a transfer from a state to itself
            w = _with_party(w, role, found)
            warnings.append(ItemWarning(code="adjusted", item=f"w{n}", reason="party_at_state_level",
                                        fields={"role": _ROLE[role], "organ": rec.name,
                                                "state": actors.records[found].name},
                                        message=(
                f"{_ROLE[role]} {rec.name!r} taken at the "
                f"level of its state: {actors.records[found].name!r}")))
        out.append(w)
    return out
