"""Actors: drafted names merged into one record per real-world actor. Pure.

Aliases and capitals merge (Pyongyang = North Korea), titles become roles ("NATO
Secretary-General Jens Stoltenberg" is Jens Stoltenberg), transcript labels ("MR. KIRBY") are
people, and names that are weapons or places are not actors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..schema import Actor, ActorKind, DraftActor, ItemWarning, Span
from ..text import gazetteer, wordlists
from . import attribution, lexicon
from .attribution import org_kind
from .context import Context, key

NAME_FUZZ = 90  # token_set_ratio for matching a referenced name to an actor


_ABBREVIATION = re.compile(r"^(.*\S)\s*\(([^()]{2,12})\)$")


# a sentence's first word copied with the name: "But Democrats", "And Moscow"
_LEADING_WORD = re.compile(rf"^(?:{lexicon.alt('actors', 'leading_words')})\s+(?=\S)")


# a first-person possessive copied with a body's name: "Our Air Force" (a speaker's own side)
_OUR = re.compile(r"^(?:[Oo]ur|[Mm]y)\s+(?=\S)")


# "United Nations officials", "Israeli officials": the body (or state) speaking through them
_OFFICIALS = re.compile(rf"^(.*?[A-Z].*?)\s+{attribution.OFFICIALS}$")
# "Hamas militants", "Houthi fighters": the members of a named armed group are the group
_MEMBERS = re.compile(rf"^([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)\s+(?:{lexicon.alt('actors', 'members')})$")


def split_abbreviation(name: str) -> tuple[str, str | None]:
    """'National Intelligence Service (NIS)' -> ('National Intelligence Service', 'NIS');
    a leading conjunction copied with the name is left out ('But Democrats'), and so is a
    first-person possessive before a body ('Our Air Force' -> 'Air Force'); officials are
    their body ('United Nations officials' -> 'United Nations', 'Israeli officials' ->
    'Israel'); a named group's members are the group ('Hamas militants' -> 'Hamas')."""
    name = _LEADING_WORD.sub("", name.strip())
    own = _OUR.match(name)
    if own and attribution.org_kind(name[own.end():]):  # "Our Air Force": the air force
        name = name[own.end():]
    officials = _OFFICIALS.match(name)
    if officials:
        body = re.sub(r"^(?:an?|the)\s+", "", officials[1], flags=re.I)  # "a U.S. official"
        name = gazetteer.of_demonym(body) or body
    members = _MEMBERS.match(name)
    if members and not gazetteer.of_demonym(members[1]):
        name = members[1]  # "Hamas militants": the group; "Ukrainian fighters" stay as written
    m = _ABBREVIATION.match(name)
    return (m.group(1), m.group(2).strip()) if m else (name, None)


_CONJOINED = re.compile(r"^(.+?)\s+(?:and|&)\s+(.+)$")
_PERSON_LIKE = re.compile(r"^[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3}$")


def conjoined(name: str) -> list[tuple[str, ActorKind]] | None:
    """Two actors drafted as one: two states ("Russia and Iran") or two people's full names
    ("Ana Ruiz and Mara Lind"). None for one name with "and" in it ("Bosnia and Herzegovina",
    "Department of Defense and Veterans Affairs", "Procter and Gamble") or "&" ("Kongsberg
    Defence & Aerospace AS")."""
    m = _CONJOINED.match(name.strip())
    if m is None or gazetteer.country(name) or "&" in name:  # "&" joins words of one name
        return None
    sides = [m.group(1).strip(), m.group(2).strip()]
    if all(gazetteer.country(x) for x in sides):
        return [(x, "state") for x in sides]
    if all(_PERSON_LIKE.match(x) and not org_kind(x) and not gazetteer.country_in(x) for x in sides):
        return [(x, "person") for x in sides]
    return None


# a closed class: determiners and pronouns are never an actor's name ("Some", "They")
_FUNCTION_WORDS = lexicon.words("actors", "function_words")


def function_words(name: str) -> bool:
    """A name made of determiners and pronouns only ("Some", "Many of them"), not a name."""
    words = [w for w in re.findall(r"[\w']+", name.lower()) if w != "of"]
    return bool(words) and all(w in _FUNCTION_WORDS for w in words)


_UNNAMED = lexicon.words("actors", "unnamed_groups")
_GROUP_DETERMINERS = lexicon.words("actors", "unnamed_group_determiners")


# a joint subject drafted as an actor: "The two leaders", "both ministers"
JOINT_NAME = re.compile(rf"^(?:[Tt]he\s+)?(?:[Tt]wo|[Tt]hree|[Ff]our|[Bb]oth)\s+"
                        rf"(?:{lexicon.alt('claims', 'joint_persons')})$")


def unnamed_group(name: str) -> bool:
    """An unnamed group drafted as an actor ("Witnesses", "two local residents"): a plural noun
    of unnamed sources after determiners only, no name of its body ("U.S. officials"); or a
    joint subject ("The two leaders": its participants are the actors)."""
    words = name.lower().split()
    return bool(words) and ((words[-1] in _UNNAMED and all(w in _GROUP_DETERMINERS for w in words[:-1]))
                            or JOINT_NAME.match(name.strip()) is not None)


def defined_as(name: str, aliases: list[str], ctx: Context) -> list[str]:
    """The other half of an abbreviation the content defines, for an actor drafted as
    either half or as the full name after a demonym: "NIS" or "South Korean National
    Intelligence Service" with "National Intelligence Service (NIS)" written -> both."""
    names = {key(x) for x in (name, *aliases)}
    out: list[str] = []
    for full, abbr in ctx.abbreviations():
        k = key(full)
        if names & {k, key(abbr)} or any(n.endswith(" " + k) for n in names):
            out += [x for x in (full, abbr) if key(x) not in names and x not in out]
    return out


def is_name(alias: str) -> bool:
    """A usable alias: not empty, and a proper name (some capital), unless the script has no
    case (Korean, Chinese ...). 'leader' or 'the country' are not names."""
    alias = alias.strip()
    cased = [ch for ch in alias if ch.isalpha() and ch.lower() != ch.upper()]
    return len(alias) >= 2 and (not cased or any(ch.isupper() for ch in cased))


_CONNECTORS = lexicon.words("attribution", "name_connectors")


def _reworded(alias: str, name: str) -> bool:
    """A lower-case alias that writes the name's own words, in any order, leaving out no state
    ("unification ministry" for "Ministry of Unification", "panel of experts" for "U.N. panel
    of experts"): the name, not a description ("the country"; "defense ministry" for "Polish
    Defense Ministry" would be any state's)."""
    words = {w for w in re.findall(r"[a-z]+", alias.lower()) if w not in _CONNECTORS}
    if len(words) < 2 or not words <= {w.lower() for w in re.findall(r"[A-Za-z]+", name)}:
        return False
    dropped = [w for w in re.findall(r"[\w.'\u2019-]+", name) if w.lower().strip(".") not in words]
    return not any(gazetteer.iso3(w.removesuffix("'s").removesuffix("\u2019s")) for w in dropped)


def _state_alias(alias: str) -> bool:
    """Plausible other name of a state: 'the North', an abbreviation ('DPRK')."""
    words = alias.split()
    return alias.lower().startswith("the ") or (len(words) == 1 and alias.isupper())


_TITLE = re.compile(
    rf"^(?:(?:{lexicon.alt('actors', 'titles')})\s+)+"
    r"((?:(?:[A-Z][\w'-]*\.?|[a-z]{1,3}-[A-Z][\w'-]+)\s?){2,4})$")  # "Catherine L. Ashford", "Adnan al-Khafaji"


_TITLE_WORDS = attribution.TITLE_WORDS  # one lexicon, shared with attribution


# a title and one name: the person of that surname the article names in full, if there is one
_TITLED_SURNAME = re.compile(rf"^(?:(?:{lexicon.alt('actors', 'titles')})\s+)+([A-Z][\w'-]+)$")
_HONORIFIC = re.compile(rf"^(?:{lexicon.alt('actors', 'honorifics')})" r"\.?\s+(\S.*)$", re.I)


_ORG_HEAD = re.compile(
    rf"\b({lexicon.alt('actors', 'organization_heads')})s?$")


def _other_body(name: str, other: str) -> bool:
    """Whether one name is a body named after the other ("israel defense forces" of "israel",
    "korean central news agency" of "korean"): the words the longer adds end in an
    organization's head noun, so their token sets' overlap names another actor."""
    short, long = sorted((name.split(), other.split()), key=len)
    extra = [w for w in long if w not in short]
    return bool(extra) and _ORG_HEAD.search(" ".join(long).title()) is not None and \
        _ORG_HEAD.search(" ".join(short).title()) is None


_ORG_FIRST = re.compile(rf"(?:{lexicon.alt('actors', 'organization_heads')})$")


def _title_prefix(name: str) -> tuple[str, str] | None:
    """'NATO Secretary-General Jens Stoltenberg' -> ('Jens Stoltenberg', 'NATO
    Secretary-General'): leading title words, acronyms and nationality adjectives, then a
    2-4 word capitalized name that is not an organization's."""
    words = name.split()
    if words and _ORG_FIRST.match(words[0]):
        return None  # "Office of Foreign Assets Control": a body, its "Foreign" no title
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
    # "U.N. humanitarian chief X"; "Chief Cabinet Secretary X": the title runs to its last title word
    if titles and (n == 0 or titles[-1] >= n or not all(w[:1].isupper() for w in rest)):
        n = titles[-1] + 1
        rest = words[n:]
    if n == 0 or not 2 <= len(rest) <= 4 or not all(w[:1].isupper() for w in rest):
        return None
    if not any(w.lower() in _TITLE_WORDS for w in words[:n]):
        return None  # acronyms and demonyms alone are no title: "WB Electronics S.A." is a company
    person = " ".join(rest)
    if org_kind(person) or _ORG_HEAD.search(person) or any(w.lower() in _TITLE_WORDS for w in rest):
        return None
    return person, " ".join(words[:n])


_PLACED = re.compile(r"^([A-Z][\w'\u2019-]+)((?:\s+[a-z][\w-]*){1,3})$")


def written_forms(name: str) -> tuple[str, ...]:
    """Other ways an article writes a body's name: its state's possessive for a demonym
    ("Ukraine's navy" for "Ukrainian navy", ``gazetteer.possessive_forms``), and its place
    after it for a place before a description ("health ministry in Gaza" for "Gaza health
    ministry")."""
    placed = _PLACED.match(name)
    after = tuple(f"{placed.group(2).strip()} {p} {placed.group(1)}" for p in ("in", "of")) if placed else ()
    return (*gazetteer.possessive_forms(name), *after)


def _disambiguated(name: str, aliases: Sequence[str], canon: tuple[str, str] | None
                   ) -> tuple[str, str] | None:
    """The state a short name shared by two states means, where an alias names the other one
    ("Congo" with "Kinshasa": the Democratic Republic of the Congo): the alias's, when the
    name's words are all words of that state's name; else the name's own."""
    for alias in aliases:
        other = gazetteer.country(alias)
        if canon and other and other != canon and set(key(name).split()) <= set(key(other[0]).split()):
            return other
    return canon


# a body written after a possessive description of its place: "the city's emergency service"
_DESCRIBED_OWNER = re.compile(r"\bthe\s+[a-z]+['\u2019]s\s+$", re.I)


def written_apart(name: str, sentence: str) -> bool:
    """Whether ``sentence`` writes the body ``name`` in two parts: its place's name, and the
    body after a possessive description of that place ("Poltava emergency service" in "a
    missile struck Poltava ..., according to the city's emergency service")."""
    words = name.split()
    for n in (1, 2, 3):
        owner, rest = " ".join(words[:n]), " ".join(words[n:])
        if not rest or not owner[:1].isupper() or \
                not re.search(rf"(?<![\w-]){re.escape(owner)}\b", sentence):
            continue
        if any(_DESCRIBED_OWNER.search(sentence[:m.start()])
               for m in re.finditer(rf"(?<![\w-]){re.escape(rest)}\b", sentence, re.I)):
            return True
    return False


def written_without_state(name: str, sentence: str) -> bool:
    """Whether ``sentence`` writes the body ``name`` without its state, and with no other state
    near it ("defense ministry officials said" for "Polish defense ministry"; not "the Russian
    defense ministry said", "Norway's own defense ministry", "the defense ministry of Norway")."""
    words = name.split()
    for n in (3, 2, 1):
        state = gazetteer.iso3(" ".join(words[:n]).removesuffix("'s").removesuffix("\u2019s"))
        rest = " ".join(words[n:])
        if state is None or not rest:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(rest)}\b", sentence, re.I):
            if _other_state_near(sentence, m.start(), m.end(), state) is None:
                return True
        return False
    return False


_STATE_AFTER = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?((?:[A-Z][\w.'\u2019-]*\s*){1,3})")


def _other_state_near(sentence: str, start: int, end: int, state: str) -> str | None:
    """A state other than ``state`` written right before ``sentence[start:end]`` (past "own":
    "Norway's own defense ministry") or in an "of"/"in" phrase right after it; None when there
    is none."""
    before = sentence[:start].split()[-2:]
    if len(before) == 2 and before[1].lower() != "own":
        before = before[1:]
    codes = [gazetteer.iso3(w.removesuffix("'s").removesuffix("\u2019s")) for w in before]
    after = _STATE_AFTER.match(sentence, end)
    if after:
        codes.append(gazetteer.country_in(after.group(1)))
    return next((c for c in codes if c is not None and c != state), None)


_STATE_HEADS = lexicon.words("actors", "state_heads")
_OF_STATE = re.compile(r"(?:the\s+)?(?:[A-Z][a-z]+\s+)?(\w+)\s+of\s+(?:the\s+)?(.+)", re.I)  # "Federal Government of X"


def _state_written(alias: str) -> str | None:
    """The ISO code of the state ``alias`` names: the state's name, demonym or capital alone
    ("Russian"), or with a noun a state is written by ("our Ukrainian partners", "Government
    of Romania", "Germany's coalition government"). None for any other noun ("Russian
    opposition", "Moscow Times") and for two states."""
    bare = _POSSESSIVE.sub("", alias).strip()
    if (code := gazetteer.iso3(bare)) is not None:
        return code
    of = _OF_STATE.fullmatch(bare)
    if of and of.group(1).lower() in _STATE_HEADS:
        return gazetteer.iso3(of.group(2))
    words = bare.split()
    if len(words) < 2 or words[-1].lower() not in _STATE_HEADS:
        return None
    found = {code for i in range(len(words) - 1) if (code := gazetteer.country_in(" ".join(words[i:-1])))}
    return found.pop() if len(found) == 1 else None


def titled_person(names: list[str]) -> tuple[str, str] | None:
    """``(name, title)`` when a name is written with a person's title ("President Vladimir
    Putin" -> ("Vladimir Putin", "President")); titles in a row are all taken ("Secretary
    Major General Patrick Ryder" -> ("Patrick Ryder", "Secretary Major General"))."""
    for n in names:
        found = _one_title(n.strip())
        if found is None:
            continue
        person, title = found
        while (more := _one_title(person)) is not None:
            person, title = more[0], f"{title} {more[1]}"
        return person, title
    return None


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _one_title(name: str) -> tuple[str, str] | None:
    # "President Bohdan Yarosh of Ukraine", "... of the Republic of the Philippines"
    name = next((name[:m.start()] for m in _OF.finditer(name)
                 if gazetteer.country(name[m.end():])), name)
    m = _TITLE.match(name)
    if m and not org_kind(m.group(1)):
        person = m.group(1).strip()
        return person, name[: -len(person)].strip()
    return _title_prefix(name)


_WEAPON_HEAD = re.compile(
    rf"\b({lexicon.alt('actors', 'weapon_heads')})$", re.I)


def weapon_named(name: str) -> bool:
    """An 'actor' named for a weapon ("U.S.-provided long-range missiles")."""
    return bool(_WEAPON_HEAD.search(name.strip().rstrip(".")))


_LOCATIVE_BEFORE = re.compile(
    rf"\b({lexicon.alt('actors', 'locative_before')}|({lexicon.alt('actors', 'place_nouns')}) of)\s+(the\s+)?$", re.I)
_LOCATIVE_AFTER = re.compile(rf"^\s+({lexicon.alt('actors', 'place_after')})\b", re.I)


def place_like(name: str, ctx: Context) -> bool:
    """A name the text writes as a place ("in Rafah", "the city of Khan Younis"): half
    of its mentions or more follow a locative word. Not for states (the gazetteer's)."""
    if gazetteer.country(name):
        return False
    found = ctx.mentions(name)
    places = sum(1 for m in found if _LOCATIVE_BEFORE.search(ctx.text[max(0, m.start - 25):m.start])
                 or _LOCATIVE_AFTER.match(ctx.text[m.end:m.end + 12]))
    return bool(found) and places * 2 >= len(found)


_PLACEHOLDERS = lexicon.words("actors", "placeholders")  # what a draft writes for no name
_ARTICLE = re.compile(rf"^(?:{lexicon.alt('actors', 'articles')})\s+", re.I)


def description(name: str) -> tuple[str, str] | None:
    """``(ISO3, head noun)`` when ``name`` describes an actor by its country and common nouns
    ("a South Korean lawmaker" -> ("KOR", "lawmaker"), "Seoul's spy agency" -> ("KOR",
    "agency")); None for a proper name ("Lee Seong-kweun", "National Intelligence Service")."""
    words = _ARTICLE.sub("", name.strip()).replace("\u2019", "'").split()
    for n in (3, 2, 1):
        if len(words) <= n:
            continue
        head = " ".join(words[:n])
        head = head[:-2] if head.endswith("'s") else head
        code = gazetteer.iso3(head) if gazetteer.country(head) or gazetteer.of_demonym(head) else None
        rest = words[n:]
        if code and all(re.fullmatch(r"[a-z][a-z-]*", w) for w in rest):
            return code, rest[-1]
    return None


def person_like(name: str) -> bool:
    """Whether a name is written as a person's: two to four capitalized words ("Vladimir
    Putin", "Russian President Vladimir Putin"), whatever kind a draft gave it."""
    return _guess(name) == "person"


def _guess(name: str) -> ActorKind:
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person"
    return "other"


@dataclass
class ActorRec:
    name: str
    kind: ActorKind
    country: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)


_POSSESSIVE = re.compile(r"[\u2019']s\b")


def organ_of(name: str, organs: frozenset[str]) -> str | None:
    """The ISO code of the state whose organ ``name`` writes: a state's name or demonym, then
    only words of ``organs`` ("Ukraine's military", "the French presidency")."""
    name = _POSSESSIVE.sub("", name.removeprefix("the ").removeprefix("The "))
    words = name.split()
    for n in (3, 2, 1):
        code = gazetteer.country_in(" ".join(words[:n]))
        if code is not None and words[n:] and all(w.lower() in organs for w in words[n:]):
            return code
    return None


_DETERMINER = re.compile(r"^(?:the|our|their|its|his|her|my)\s+", re.I)


def described_state(name: str) -> str | None:
    """The ISO code of the state a description of its side writes: a state's name or demonym,
    then only common nouns ("the Ukrainian side", "our Ukrainian counterparts", "Ukraine's
    officials"); a name after it ("Ukrainian President Zelenskyy") is a person, not the state."""
    name = _POSSESSIVE.sub("", _DETERMINER.sub("", name.strip()))
    words = name.split()
    for n in (3, 2, 1):
        code = gazetteer.country_in(" ".join(words[:n]))
        if code is not None and words[n:] and all(w.islower() for w in words[n:]):
            return code
    return None


def headline(name: str, ctx: Context) -> bool:
    """Whether a drafted actor's name is the article's headline (its title, or its first line
    of three words or more), not a name ("North Korea Ships Artillery To Russia")."""
    first = ctx.text.lstrip().split("\n", 1)[0]
    k = key(name)
    return bool(k) and len(name.split()) >= 3 and k in (key(ctx.title), key(first))


_ORGANS_OF_STATE = frozenset({"government_body", "military", "intelligence_agency"})


def _same_kind(a: ActorKind, b: ActorKind) -> bool:
    """The same kind, or both organs of a state (a model may call the NIS a government body
    where a description says "spy agency")."""
    return a == b or (a in _ORGANS_OF_STATE and b in _ORGANS_OF_STATE)


def _fits(head: str, body: ActorRec) -> bool:
    """Whether a body's description can stand for ``body``: unless the two head nouns describe
    different kinds of body ("the army" is no health ministry; "the spy agency" may be the
    National Intelligence Service, whatever kind a draft gave either)."""
    kinds, theirs = attribution.body_kinds(head), attribution.body_kinds(body.name.split()[-1])
    return not kinds or not theirs or bool(kinds & theirs)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _prefer_full_name(rec: ActorRec) -> tuple[str, list[str]]:
    """``(name, aliases)`` with the full name first: 'NIS' with alias 'National Intelligence
    Service' -> the full name, 'NIS' an alias; a person's longest alias that contains the
    name ('Putin' -> 'Vladimir Putin')."""
    if rec.kind == "person" and len(key(rec.name).split()) == 1:
        words = set(key(rec.name).split())
        longer = [a for a in rec.aliases if words < set(key(a).split())
                  and titled_person([a]) is None and not _HONORIFIC.match(a)]
        if longer:
            full = max(longer, key=len)
            return full, [rec.name, *(a for a in rec.aliases if a != full)]
    if rec.name.isupper() and len(rec.name) <= 6:
        for alias in rec.aliases:
            if len(alias.split()) >= 2 and _initials(alias) == rec.name:
                return alias, [rec.name, *(a for a in rec.aliases if a != alias)]
    return rec.name, rec.aliases


_NOT_NAMES = lexicon.words("actors", "not_names")


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens its sentence (``attribution.sentence_bounds``)."""
    lo, _ = attribution.sentence_bounds(text, pos, pos + 1)
    return not text[lo:pos].strip(" \n\"“‘'(:")


_LOCATIVE = re.compile(rf"\b(?:{lexicon.alt('actors', 'locatives')})\s+(?:the\s+)?$", re.I)


# a state's possessive before a name or a place of it: "Yemen's Houthi rebels", "Britain's Royal
# Navy", "Yemen's capital" (the owned body or place is what acts or is meant; not "Russia's war")
_OWNS_PLACE_OR_NAME = re.compile(
    rf"[\u2019']s\s+(?:[A-Z]|(?:{lexicon.alt('actors', 'possessed_places')})\b)")


def _place_or_modifier(text: str, start: int, end: int) -> bool:
    """Whether a state's name at text[start:end] is a place or a modifier, not the state
    acting: after a locative preposition ("in Ukraine", "talks in Cairo"), in a compound
    ("U.S.-Mexico border"), a demonym before a noun ("the Egyptian border"), before another
    name ("the U.S. Congress"), or a possessive before a name or a place it has ("Yemen's
    Houthi rebels", "Yemen's capital")."""
    after = text[end:end + 30]
    if _LOCATIVE.search(text, max(0, start - 20), start) or re.match(r"-[A-Za-z]", after) \
            or re.search(r"[A-Za-z.]-$", text[max(0, start - 2):start]) or _OWNS_PLACE_OR_NAME.match(after):
        return True
    nxt = re.match(r"\s+([A-Za-z][\w'’-]*)", after)
    if nxt is None or nxt[1].lower() in _NOT_NAMES:
        return False
    term = text[start:end]
    demonym = gazetteer.of_demonym(term) not in (None, term)
    return (demonym and nxt[1].islower()) or nxt[1][0].isupper()


def _inside_proper_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer capitalized name: a capitalized word
    (not a sentence start) just before it, or, for a word that is no abbreviation, just
    after it ("Jim Jordan", "Washington Post"; not "U.S. officials", "said Russia")."""
    before = text[max(0, start - 30):start]
    prev = re.search(r"([A-Za-z][\w'’-]*)\s$", before)
    if prev and prev[1][0].isupper() and prev[1].lower() not in _NOT_NAMES \
            and not _starts_sentence(text, max(0, start - 30) + prev.start(1)):
        return True
    # the topic of a body's name: "the Panel of Experts on Yemen", "the Special Envoy for Syria"
    # (not "of": "the Armed Forces of Ukraine" writes the state whose forces they are)
    joined = re.search(r"([A-Z][\w'’-]*)\s+(?:on|for)\s+(?:the\s+)?$", before)
    if joined and joined[1].lower() not in _NOT_NAMES \
            and not _starts_sentence(text, max(0, start - 30) + joined.start(1)):
        return True
    term = text[start:end]
    nxt = re.match(r"\s([A-Z][\w'’-]*)", text[end:end + 30])
    return nxt is not None and not (term.isupper() or "." in term) \
        and nxt[1].lower() not in _NOT_NAMES


def _as_person(name: str, aliases: list[str], a: DraftActor | None, kind: ActorKind
               ) -> tuple[str, list[str], DraftActor | None, ActorKind]:
    """A name written with a title or an honorific is a person's: "President Joe Biden" is
    Joe Biden (role President), "MR. KIRBY" (a transcript's label) is Kirby."""
    titled = titled_person([name, *aliases])
    if titled is not None and a is not None and a.kind != "person":
        a = a.model_copy(update={"kind": "person", "role": a.role or titled[1]})
    honorific = _HONORIFIC.match(name)
    if honorific:
        person = honorific.group(1)
        aliases = [name, *aliases]
        name = person.title() if person.isupper() else person
        a, kind = (a.model_copy(update={"kind": "person"}), kind) if a is not None else (a, "person")
    own_title = titled_person([name])
    if own_title is not None:
        aliases = [name, *aliases]
        name = own_title[0]
        if a is not None:
            a = a.model_copy(update={"kind": "person", "role": a.role or own_title[1]})
        else:
            kind = "person"
    return name, aliases, a, kind


class ActorTable:
    """Union of draft actors, merged by name/alias keys and the country gazetteer.

    A step of resolution never changes a table another step holds: it changes its own
    ``copy`` (``resolve.passes``), whose warnings go to the list the step collects."""

    def __init__(self, ctx: Context, warnings: list[ItemWarning] | None = None):
        self.ctx = ctx
        self.warnings: list[ItemWarning] = [] if warnings is None else warnings
        self.records: list[ActorRec] = []
        self.index: dict[str, int] = {}
        self._mentions: dict[int, list[tuple[int, int]]] | None = None
        self.refused: frozenset[str] = frozenset()  # keys of names that are not actors (places)

    def copy(self, warnings: list[ItemWarning]) -> ActorTable:
        """A table of the same actors that this one never sees change; its warnings go to
        ``warnings``."""
        new = ActorTable(self.ctx, warnings)
        new.records = [replace(r, aliases=list(r.aliases)) for r in self.records]
        new.index = dict(self.index)
        new._mentions = self._mentions
        new.refused = self.refused
        return new

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_mentions": None}  # a cache, not state

    def add(self, a: DraftActor | None, name: str, kind: ActorKind = "other") -> int:
        self._mentions = None
        name, abbreviation = split_abbreviation(gazetteer.tidy(name))
        aliases = [gazetteer.tidy(x.strip()) for x in (a.aliases if a else [])
                   if is_name(x) or _reworded(x, name)]
        if abbreviation:
            aliases.append(abbreviation)
        aliases += defined_as(name, aliases, self.ctx)
        canon = _disambiguated(name, aliases, gazetteer.country(name))
        if a is not None and (a.kind == "state" or canon):
            aliases = self._other_states(aliases, canon, name)
        elif a is not None and a.kind not in ("person", "other") and described_state(name) is None:
            aliases = self._states_apart(name, aliases)
        if not canon:
            name, aliases, a, kind = _as_person(name, aliases, a, kind)
        names = [name, *aliases, *([canon[0]] if canon else [])]
        slot = next((self.index[key(n)] for n in names if key(n) in self.index), None)
        if slot is None and (a.kind if a else kind) == "person":
            slot = self._same_person(name)
        if slot is None and (a.kind if a else kind) in ("person", "other") and (
                surname := _TITLED_SURNAME.match(name)):  # "President Salcedo"; not "General Staff"
            slot = self._same_person(surname.group(1))
        if slot is None:
            slot = len(self.records)
            self.records.append(ActorRec(
                name=canon[0] if canon else name,
                kind="state" if canon else (a.kind if a else kind),
                country=canon[1] if canon else None))
        else:
            self.warnings.append(ItemWarning(
                code="merged", item=name, reason="actor_merged",
                fields={"name": name, "into": self.records[slot].name},
                message=f"merged into actor {self.records[slot].name!r}"))
        self._take(slot, names, a)
        return slot

    def _other_states(self, aliases: list[str], canon: tuple[str, str] | None, name: str = "") -> list[str]:
        """A state's aliases that name that state (by its drafted name too: "Congo's government"
        for "Congo", the Democratic Republic of the Congo); any other is an actor of its own."""
        keep = []
        defined = {key(abbr): full for full, abbr in self.ctx.abbreviations()}
        for alias in aliases:
            other = gazetteer.country(alias)
            spelled = defined.get(key(alias))  # "KCNA", defined as the Korean Central News Agency
            if other == canon or (other is None and _state_alias(alias) and (
                    spelled is None or gazetteer.country(spelled) == canon)):
                keep.append(alias)
            elif canon is not None and other is not None and key(alias) != key(other[0]) and set(
                    key(alias).split()) < set(key(canon[0]).split()):
                keep.append(alias)  # a short name two states share, of the drafted one: "Congo" for
                # the Democratic Republic of the Congo (not "Sudan" for South Sudan: Sudan's own name)
            elif canon is not None and other is None and (
                    _state_written(alias) == canon[1] or (name and _state_written(alias) == _state_written(name))):
                keep.append(alias)  # it names the state: "Russian", "Government of Romania"
            elif other is None and alias[:1].isupper() and set(alias.split()) < set(
                    f"{name} {canon[0] if canon else ''}".split()) and not any(
                    wordlists.known(w.lower()) or gazetteer.of_demonym(w) for w in alias.split()):
                keep.append(alias)  # its name shortened: "Korea" for the Republic of Korea (not "Republic")
            else:
                self.add(None, alias, org_kind(alias) or ("state" if other else _guess(alias)))
        return keep

    def _states_apart(self, name: str, aliases: list[str]) -> list[str]:
        """A body's aliases without a state's own name: "North Korea" drafted as an alias of
        the Korean Central News Agency is the state, an actor of its own (a capital may be
        written for a government: "Baghdad" for the Iraqi government stays)."""
        keep = []
        for alias in aliases:
            state = gazetteer.country(alias)
            if state is None or key(alias) != key(state[0]):
                keep.append(alias)
                continue
            self.add(None, alias, "state")
            self.warnings.append(ItemWarning(
                code="adjusted", item=name, reason="state_alias_apart",
                fields={"name": name, "state": state[0]},
                message=f"{alias!r} names a state, not {name!r}: an actor of its own"))
        return keep

    def _take(self, slot: int, names: list[str], a: DraftActor | None) -> None:
        """Record ``names`` (and the draft's country and role) on the actor at ``slot``."""
        rec = self.records[slot]
        for n in names:
            self.index.setdefault(key(n), slot)
            # another name, or the name as the text writes it in other capitals ("Philippine
            # coast guard" for the Philippine Coast Guard: mentions are found case by case)
            if (key(n) != key(rec.name) or (n != rec.name and n.lower() == rec.name.lower())) \
                    and n not in rec.aliases:
                rec.aliases.append(n)
        if a is not None:
            rec.country = rec.country or gazetteer.iso3(a.country) or \
                gazetteer.country_in(a.role or "")
            if rec.role is None and a.kind == "person" and a.role:
                rec.role = a.role

    def add_named_states(self, minimum: int = 2) -> None:
        """States the content names ``minimum`` times or more (by name, capital or
        abbreviation) that the draft left out: in an article on arms and conflict, a state
        named repeatedly is an actor (warning ``added``). A name inside a longer proper name
        ("Jim Jordan", "Washington Post") does not count, nor one that is part of a person's
        name ("Jordan said", of Jim Jordan)."""
        # where the text writes a state's name of two words or more: a name inside another
        # state's is not that state ("Sudan" in "South Sudan", "Guinea" in "Equatorial Guinea")
        longer = [(m.start, m.end, name) for name, others in gazetteer.states()
                  for n in (name, *others) if " " in n for m in self.ctx.mentions(n)]
        added: set[str | None] = set()
        for name, others in gazetteer.states():
            names = (name, *others)
            if any(key(n) in self.index or key(n) in self.refused for n in names) or (
                    gazetteer.iso3(name) in added):
                continue  # a state the gazetteer lists twice ("Burma", "Myanmar") is added once
            if any(key(name) in key(r.name).split() for r in self.records if r.kind == "person"):
                continue  # "Jordan" of "Jim Jordan"
            found = {n: [m for m in self.ctx.mentions(n)
                         if not _inside_proper_name(self.ctx.text, m.start, m.end)
                         and not _place_or_modifier(self.ctx.text, m.start, m.end)
                         and not any(a <= m.start and m.end <= b and other != name
                                     for a, b, other in longer)]
                     for n in names}
            starts = {m.start for spans in found.values() for m in spans}
            if len(starts) >= minimum:
                added.add(gazetteer.iso3(name))
                slot = self.add(None, name, "state")
                self.records[slot].aliases += [n for n in others if found[n]]
                self.warnings.append(ItemWarning(
                    code="added", item=f"a{slot + 1}", reason="state_named_in_content",
                    fields={"name": name, "times": str(len(starts))},
                    message=f"{name!r} is named {len(starts)} times but is not among the "
                            "drafted actors"))

    def bodies(self) -> dict[int, tuple[str, str]]:
        """Each actor that is no person, as (kind, name): what a description may stand for."""
        return {i: (r.kind, r.name) for i, r in enumerate(self.records) if r.kind != "person"}

    def merge_descriptions(self) -> None:
        """In-article coreference: an actor drafted as a description ("a South Korean
        lawmaker", "Seoul's spy agency", "the Russian envoy": a state's name or demonym, then
        common nouns only) is the one named actor of the same kind and country; a person also
        needs the description's head noun as that person's role or written just before a
        mention of the person ("lawmaker Lee Seong-kweun"). Merged as an alias (warning
        ``merged``); with no such actor, or more than one, the description stays. Never across
        articles: only this table's actors."""
        merged: dict[int, int] = {}
        for i, rec in enumerate(self.records):
            slot = self._described(rec.name, rec.kind, skip={i, *merged})
            if slot is not None:
                merged[i] = slot
        if merged:
            self._fold(merged)

    def _described(self, name: str, kind: ActorKind, skip: set[int] | None = None) -> int | None:
        """The one named actor of ``kind`` the description ``name`` stands for (its state and,
        for a person, its role), or None."""
        found = description(name)
        if found is None:
            return None
        code, head = found
        hits = [j for j, other in enumerate(self.records) if j not in (skip or set())
                and _same_kind(other.kind, kind) and description(other.name) is None
                and (gazetteer.iso3(other.country) or other.country) == code
                and (self._plays(other, head) if kind == "person" else _fits(head, other))]
        return hits[0] if len(hits) == 1 else None

    def _plays(self, person: ActorRec, head: str) -> bool:
        """Whether the text gives ``person`` the role ``head``: as the drafted role, or just
        before a mention of the person's name ("lawmaker Lee", "envoy, Kim Song")."""
        if person.role and head in key(person.role).split():
            return True
        pattern = re.compile(rf"\b{re.escape(head)}s?\W{{1,3}}(?:\w+\W+){{0,1}}$", re.I)
        return any(pattern.search(self.ctx.text[max(0, m.start - 40):m.start])
                   for n in (person.name, *person.aliases) for m in self.ctx.mentions(n))

    def _fold(self, merged: dict[int, int]) -> None:
        """Fold records ``merged`` (description slot -> named slot) into their targets and
        renumber the rest."""
        for src, dst in merged.items():
            rec, target = self.records[src], self.records[dst]
            target.aliases += [n for n in (rec.name, *rec.aliases) if n not in target.aliases]
            self.warnings.append(ItemWarning(
                code="merged", item=rec.name, reason="description_merged",
                fields={"description": rec.name, "into": target.name},
                message=f"the description {rec.name!r} stands for {target.name!r} in this article"))
        keep = [i for i in range(len(self.records)) if i not in merged]
        renumber = {old: new for new, old in enumerate(keep)}
        self.index = {k: renumber[merged.get(v, v)] for k, v in self.index.items()}
        self.records = [self.records[i] for i in keep]
        self._mentions = None

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
            ((fuzz.token_set_ratio(k, kk), i) for kk, i in self.index.items() if not _other_body(k, kk)),
            default=(0, -1))
        return best[1] if best[0] >= NAME_FUZZ else None

    def _joint(self, name: str, item: str) -> int | None:
        """Two actors referenced as one ("Lind and Erd", "Robert Carlin and Siegfried Hecker"):
        the first named, as a joint subject is credited (evals/GUIDELINES.md), when each side
        is an actor of its own, or two persons' full names (each added where the text writes
        it); else None."""
        m = _CONJOINED.match(name.strip())
        if m is None or gazetteer.country(name):
            return None
        first, second = self.find(m.group(1)), self.find(m.group(2))
        if first is not None and second is not None and first != second:
            return first
        parts = conjoined(name)
        if parts is None or parts[0][1] != "person" or not all(self.ctx.mentions(p) for p, _ in parts):
            return None
        first, _ = (self.ref(part, item) for part, _ in parts)
        return first

    def mentions(self) -> dict[int, list[tuple[int, int]]]:
        """Where each actor's names are written (cached until the next ``add``)."""
        if self._mentions is None:
            self._mentions = {
                i: sorted({(m.start, m.end) for n in (r.name, *r.aliases)
                           for f in (n, *written_forms(n)) for m in self.ctx.mentions(f)})
                for i, r in enumerate(self.records)}
        return self._mentions

    def ref(self, name: str | None, item: str) -> int | None:
        """Resolve a referenced name; add the actor when the name is written in the text."""
        if not name or not name.strip() or key(name) in _PLACEHOLDERS or unnamed_group(name):
            return None
        if weapon_named(name) or key(name) in self.refused:
            return None
        slot = self.find(name)
        if slot is not None:
            return slot
        joint = self._joint(name, item)
        if joint is not None:
            return joint
        if self.ctx.mentions(name) or any(self.ctx.mentions(f) for f in gazetteer.forms(name)):
            kind = org_kind(name) or _guess(name)
            slot = self._described(name, kind)  # "Seoul's spy agency": the NIS of the draft
            if slot is None:
                return self.add(None, name, kind)  # written in the article
            self._take(slot, [name], None)
            self._mentions = None
            self.warnings.append(ItemWarning(
                code="merged", item=name, reason="description_merged",
                fields={"description": name, "into": self.records[slot].name},
                message=f"the description {name!r} stands for {self.records[slot].name!r} in this article"))
            return slot
        self.warnings.append(ItemWarning(
            code="unresolved_reference", item=item, reason="reference_unresolved",
            fields={"name": name},
            message=f"{name!r} names no actor in the article; reference left out"))
        return None

    def build(self) -> list[Actor]:
        out = []
        for i, drafted in enumerate(self.records, 1):
            name, aliases = _prefer_full_name(drafted)
            rec = replace(drafted, name=name, aliases=aliases)
            mentions: list[Span] = [m for f in (rec.name, *written_forms(rec.name))
                                    for m in self.ctx.mentions(f)]
            kept_aliases = []
            for alias in rec.aliases:
                found = self.ctx.mentions(alias)
                mentions += found
                if found:
                    kept_aliases.append(alias)
            mentions = sorted(set(mentions), key=lambda s: (s.start, s.end))
            if not mentions:  # named only in the title ("Statement by President Joe Biden")
                mentions = [m for n in (rec.name, *rec.aliases) for m in self.ctx.title_mentions(n)][:1]
            if not mentions:
                self.warnings.append(ItemWarning(
                    code="ungrounded", item=f"a{i}", reason="actor_not_mentioned",
                    fields={"name": rec.name},
                    message=f"actor {rec.name!r} is not mentioned in the article's content"))
            out.append(Actor(
                id=f"a{i}", name=rec.name, kind=rec.kind, country=rec.country, role=rec.role,
                aliases=kept_aliases, mentions=mentions, grounded=bool(mentions)))
        return out
