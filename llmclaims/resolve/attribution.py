"""Who says so, read from the text: source and cue around a claim's evidence. Pure, no LLM.

A small model copies one claimant and one relay onto every claim of an article (measured on
the evaluation set: 17 invented relays and 11 wrong claimants in 7 articles). The written
attribution is usually plain (after PARC's source-cue-content): "X said ...", "..., said X",
"according to X", "X has confirmed that ...", "..., he said". This module finds those patterns
in the evidence's sentence, between actor mentions the caller already knows, so the library
can check what the model filled in:

* the source nearest to the content is the claimant; sources written before it, in the same
  sentence, relay it ("Lee said the NIS has confirmed that ..." -> NIS, via Lee);
* nothing is guessed: no known actor at a cue means no source.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..schema import ActorKind
from ..text import gazetteer, sentences, wordlists
from . import lexicon

Mention = tuple[int, int]  # start, end of an actor's name in the text

_ORG_KINDS: tuple[tuple[re.Pattern[str], ActorKind], ...] = (
    (lexicon.pattern("actors", "intelligence_words"), "intelligence_agency"),
    (lexicon.pattern("actors", "military_words"), "military"),
    (lexicon.pattern("actors", "government_words"), "government_body"),
)


def org_kind(name: str) -> ActorKind | None:
    """The kind of an organization-like name ("National Intelligence Service"), else None."""
    return next((kind for pattern, kind in _ORG_KINDS if pattern.search(name)), None)


_AGENT_NOUNS = lexicon.alt("reporting", "agent_nouns")  # "claims by X": first, before the verb "claim"
# case-sensitive: "Said Jaber" is a name
CUE = re.compile(rf"\b({_AGENT_NOUNS}|{lexicon.alt('reporting', 'cues')})\b")
_NEGATED = re.compile(rf"({lexicon.alt('attribution', 'negation')})\s+(\w+\s+)?$"
                      rf"|\b({lexicon.alt('attribution', 'negation_pair')})\b(\s+\S+){{0,4}}\s+$", re.I)
_HE_SHE = lexicon.alt("attribution", "third_person_singular")
_PRONOUN = re.compile(rf"\b({_HE_SHE})\s+(\w+\s+)?$", re.I)
SUBJECT_REACH = 90  # characters between a source's name and its verb ("Kirby, ..., said")
PRONOUN_REACH = 600


@dataclass(frozen=True)
class Source:
    actor: int | None  # a known actor, or None: ``name`` is written there and not yet known
    cue: str
    start: int  # where the cue is written
    end: int
    name: str = ""
    also: tuple[int, ...] = ()  # the other names of a coordinated subject ("Lind and Erd said")


_JOIN = lexicon.alt("attribution", "name_connectors")
_NAME = re.compile(rf"(?:the\s+)?((?:[A-Z][\w.\u2019'-]*)(?:\s+(?:{_JOIN}|[A-Z][\w.\u2019'-]*)){{0,7}})")
_ENDS_CLAUSE = re.compile(
    rf"\s*([,;:)\n]|$|\.(\s+[A-Z\"\u201c]|\s*$)|({lexicon.alt('attribution', 'name_enders')})\b)")
_CONNECTOR = re.compile(rf"(\s+({_JOIN}))+$")


def written_name(text: str, start: int, end: int, *, possessive: bool) -> str | None:
    """A proper name written at ``start`` ('said Robert Peters, a fellow ...'); with
    ``possessive``, the owned name ("South Korea's Joint Chiefs of Staff" -> the Chiefs)."""
    m = _NAME.match(text, start, end)
    if m is None:
        return None
    name = _CONNECTOR.sub("", m.group(1))
    if possessive:
        if re.search(r"[\u2019']s$", name):  # "Seoul's spy agency": the owned noun phrase
            owned = re.match(r"\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)", text[m.end(1):end])
            return f"{name} {owned.group(1)}" if owned else None
        name = re.split(r"[\u2019']s\s+", name)[-1]
    name = name.rstrip(".")
    return name if len(name) >= 3 and name[0].isupper() else None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) the span ``start:end`` lies in, as the one segmenter reads them
    (``text.sentences``: a quotation's inner full stops do not end its statement)."""
    return sentences.bounds(text, start, end)


def inside_quote(text: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened earlier in its paragraph?"""
    para = text[text.rfind("\n", 0, pos) + 1:pos + 1]
    return para.count("\u201c") > para.count("\u201d") or para.count('"') % 2 == 1


_AUX = rf"(?:{lexicon.alt('attribution', 'between_subject_and_cue')})"
_SUBJECT_GAP = re.compile(rf"\s*(?:{_AUX}\s+)*")
# a coordinated subject: "Kestria and Velor said", "Kestria, Velor and Ostia have said" (a
# comma joins names only in a list that ends with "and": '..., Velor, Zhao Wen said' is none)
_AND = re.compile(r"\s+and\s+(?:the\s+)?((?:[A-Z][\w.\u2019'-]*\s+){0,4})")  # "... and Japanese Defense Minister"
_LIST_COMMA = re.compile(r",\s+(?:the\s+)?")
_CONJUNCTS = re.compile(r"(?:(?:,\s+(?:the\s+)?[A-Z][\w.\u2019'-]*(?:\s+(?:of\s+)?[A-Z][\w.\u2019'-]*)*)*"
                        r"\s+and\s+(?:the\s+)?[A-Z][\w.\u2019'-]*(?:\s+(?:of\s+)?[A-Z][\w.\u2019'-]*)*)?")


def conjuncts(text: str, s: int, lo: int, mentions: Mapping[int, Sequence[Mention]]) -> list[int]:
    """The actors named in a list that ends with the name at ``s``, last first ("Kestria,
    Velor and Ostia said": at Ostia, [Velor, Kestria]); empty when it ends no list."""
    out: list[int] = []
    joint = _AND
    while True:
        hit = next(((actor, a) for actor, spans in mentions.items() for a, b in spans
                    if lo <= a and b < s and _joins(joint, text, b, s)), None)
        if hit is None or hit[0] in out:
            return [] if out and _object_before(text, s, lo) else out
        out.append(hit[0])
        s, joint = hit[1], _LIST_COMMA


def _object_before(text: str, s: int, lo: int) -> bool:
    """Whether the list that starts at ``s`` is an object: right after a verb ("the drones hit
    Kestria and Defense Minister Tomas Erd said": Erd alone speaks); after a preposition it is
    the subject's own ("The foreign ministers of Kestria and Velor said")."""
    before = re.search(r"([a-z]+)\s+(?:the\s+)?$", text[max(lo, s - 30):s])
    if before is None:
        return False
    word = before.group(1)
    return word not in _NOT_NAMES and wordlists.verb(word) and _IN_PHRASE.search(word + " ") is None


def _joins(joint: re.Pattern[str], text: str, b: int, s: int) -> bool:
    """Whether ``text[b:s]`` joins two names of a list; the words after "and" before the second
    name are its title, with its state or one other word before it ("and Japanese Defense
    Minister", "and Kestrian Defense Minister", "and Japan's"), never a name of their own ("and
    Velor Tomas Erd")."""
    m = joint.fullmatch(text, b, s)
    if m is None or joint is not _AND:
        return m is not None
    words = (m.group(1) or "").split()
    if words and words[-1].lower() in TITLE_WORDS and words[0].lower() not in TITLE_WORDS:
        words = words[1:]  # the title's modifier
    return all(w.lower() in TITLE_WORDS or gazetteer.iso3(re.sub(r"[\u2019']s$", "", w)) is not None
               for w in words)


_POSSESSIVE = re.compile(
    rf"[\u2019']s\s+((?:\w+\s+)?(?:{lexicon.alt('attribution', 'speaking_bodies')}))\s+(?:{_AUX}\s+)*$", re.I)
# "U.S. officials have said", "U.S. and Western officials said": the state (or body) speaks
# through its officials (evals/GUIDELINES.md, unnamed sources)
# the people a state or body speaks through (also used by actors.py for "X officials")
OFFICIALS = (rf"(?:(?:{lexicon.alt('attribution', 'official_modifiers')})\s+)?"
             rf"(?:{lexicon.alt('attribution', 'officials')})")
_OFFICIALS = re.compile(rf"\s+(?:(?:and\s+)?[A-Z][\w.-]*\s+)?{OFFICIALS}\s+(?:{_AUX}\s+)*")
_RELATIVE = re.compile(r"\b(?:that|who|which)\s+[a-z]+(?:s|ed)\s+(?:the\s+)?$")  # "that assists X"
_IN_PHRASE = re.compile(rf"\b({lexicon.alt('attribution', 'prepositions')})\s+(the\s+)?$", re.I)


_CLAUSE_WORD = re.compile(r"\b(?:who|whom|whose|which|that|where|when)\b")


def _apposed(text: str, lo: int, s: int) -> bool:
    """Whether the name at ``s`` stands in apposition to the noun phrase before it: "Its
    spokesperson, Col. Baek, said"; not the name of a prepositional phrase ("in a statement
    signed by its director, Mr. Alabi, dismissed")."""
    before = text[lo:s]
    if not before.endswith(", "):
        return False
    head = re.split(r"[,;]\s+", before[:-2])[-1].strip()
    first = head.split()[0] if head else ""
    return bool(head) and not _IN_PHRASE_OPENS.match(head) and not _CLAUSE_WORD.search(head) \
        and not (first.islower() and wordlists.verb(first))  # "speaking beside his counterpart, X,"


def _subject(text: str, cue_start: int, lo: int, mentions: Mapping[int, Sequence[Mention]]
             ) -> tuple[int | None, str, tuple[int, ...]] | None:
    """The source named just before a verb cue: 'Kirby said', 'John Kirby, the spokesman,
    said', 'the NIS has confirmed'; "Netanyahu's office said" is the office (a written name,
    ``(None, name)``). A name inside a phrase ('hostages held by Hamas said') is not it."""
    best: tuple[int, int, int] | None = None
    for actor, spans in mentions.items():
        for s, e in spans:
            if e > cue_start or s < lo or cue_start - e > SUBJECT_REACH:
                continue
            if _IN_PHRASE.search(text[max(lo, s - 12):s]) or _RELATIVE.search(text[max(lo, s - 40):s]):
                continue  # inside a phrase or a relative clause ("the agency that assists X said")
            gap = text[e:cue_start]
            # an opening quote may stand before the verb: 'the NIS "has confirmed that ...'
            gap = re.sub(r"[\"\u201c]((?:\w+\s+)?)$", r"\1", gap.removeprefix(")"))
            if re.search(r"[.!?;:\"\u201c\u201d]", gap):
                continue
            words = gap.strip()
            appositive = (len(words) > 2 and words.startswith(",") and words.endswith(",")) or (
                words == "," and _apposed(text, lo, s))
            if not (appositive or _SUBJECT_GAP.fullmatch(gap) or _POSSESSIVE.match(gap)
                    or _OFFICIALS.fullmatch(gap)):
                continue
            if best is None or e > best[0]:
                best = (e, actor, s)
    if best is None:
        return None
    e, actor, s = best
    owned = _POSSESSIVE.match(text[e:cue_start])
    if owned:
        return None, text[s:e] + text[e:e + owned.end(1)], ()
    listed = conjuncts(text, s, lo, mentions)  # "Carlin and Hecker said": Carlin, the first
    if listed:
        return listed[-1], "", (actor, *listed[:-1])
    first = _named_and(text, s, lo)  # "The White House and the CIA declined": the White House
    return (None, first, (actor,)) if first else (actor, "", ())


# a name first in a subject of two, the second a known actor: "The White House and the CIA"
_NAME_AND = re.compile(r"(?:^|(?<=[\s,(\"\u201c]))(?:[Tt]he\s+)?((?:[A-Z][\w.\u2019'-]*\s+){0,3}[A-Z][\w.\u2019'-]*)"
                       r"\s+and\s+(?:the\s+)?$")


def _named_and(text: str, s: int, lo: int) -> str | None:
    """The name joined by "and" before the actor named at ``s``, first in their subject; None
    when there is none, or it is a common word by its position ("Officials and X"), or the pair
    is a verb's object ("the drones hit Kestria and X said")."""
    m = _NAME_AND.search(text, max(lo, s - 80), s)
    if m is None or m.start(1) < lo:
        return None
    words = m.group(1).split()
    if words[0].lower() in _NOT_NAMES or words[-1].lower() in _SUBJECT_PRONOUNS or _object_before(text, m.start(), lo):
        return None
    if len(words) == 1 and not text[lo:m.start()].strip(" \"\u201c") and _capital_by_position(text, words[0]):
        return None
    return m.group(1)


def _after(text: str, cue_end: int, hi: int, mentions: Mapping[int, Sequence[Mention]],
           *, noun_phrase: bool) -> tuple[int | None, str] | None:
    """The source named right after a cue: '..., said Robert Peters'; with ``noun_phrase``,
    the head of 'according to South Korea's Joint Chiefs of Staff'. A known actor's mention
    that covers the name wins; else the written name (``(None, name)``)."""
    stop = next((m for m in re.finditer(r"[,;:!?()\n]|\.\s", text[cue_end:hi])
                 if not _title_stop(text, cue_end + m.start())), None)  # not "according to Rep. Han"
    limit = cue_end + (stop.start() if stop else hi - cue_end)
    lead = (_DOCUMENT_BY if noun_phrase else _SPACE).match(text, cue_end, limit)
    at = lead.end() if lead else cue_end
    name = written_name(text, at, limit, possessive=noun_phrase)
    if not noun_phrase and (name is None or not _ENDS_CLAUSE.match(
            text, text.find(name, at) + len(name))):
        titled = _titled_name(text[at:limit])  # "said Pentagon deputy press secretary Ana Ruiz"
        if titled is None and name:
            return None  # "X, the spokesman, said the U.S. is watching": the U.S. is not the source
        name = titled or name
    found = [(s, e, actor) for actor, spans in mentions.items() for s, e in spans
             if at <= s and e <= limit]
    if name:
        head_start = text.find(name, at, limit)
        head_end = head_start + len(name)
        # "Chile's naval intelligence service": its findings are its own, not Chile's (a ministry
        # the article names nowhere else stands for its state: "Kestria's defense ministry")
        owner = re.match(r".*[\u2019']s\s", name)
        head_start += owner.end() if owner and org_kind(name) == "intelligence_agency" else 0
        covering = [f for f in found if (f[0] <= head_start and head_end <= f[1] + 1)
                    or (head_start <= f[0] and f[1] <= head_end)]
        if covering:
            return max(covering, key=lambda f: f[1] - f[0])[2], name
        return None, name
    if found and re.fullmatch(r"(the\s+)?", text[at:min(found)[0]], re.I) and (
            noun_phrase or _ENDS_CLAUSE.match(text, min(found)[1])):
        return min(found)[2], ""  # "..., said the RSF."; not "..., urged the RSF to halt": its object
    return None


_SPACE = re.compile(r"\s*")
# a document before its author: "citing an assessment by the agency", "according to a report
# from X": the author is the source
_DOCUMENT_BY = re.compile(rf"\s*(?:(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?"
                          rf"(?:{lexicon.alt('attribution', 'source_documents')})s?\s+(?:by|from|of)\s+)?")


def _title_stop(text: str, at: int) -> bool:
    """Whether the full stop at ``at`` ends an abbreviated title ("Rep.", "Gen.", "Dr.")."""
    word = re.search(r"(\w+)$", text[max(0, at - 12):at])
    return text[at] == "." and word is not None and (f"{word.group(1).lower()}." in TITLE_WORDS or re.search(
        r"(?:^|[^\w.])(?:[A-Z]\.)+[A-Z]$", text[max(0, at - 12):at]) is not None)  # "U.S."


def _titled_name(phrase: str) -> str | None:
    """The name that ends a phrase of title words and capitalized words ("Pentagon deputy
    press secretary Ana Ruiz" -> "Ana Ruiz"): two to four capitalized words that are no title
    words, after at least one title word; None for any other phrase."""
    words = phrase.rstrip(" .").split()
    n = len(words)
    while n > 0 and words[n - 1][:1].isupper() and words[n - 1].lower() not in TITLE_WORDS:
        n -= 1
    name, lead = words[n:], words[:n]
    if not 2 <= len(name) <= 4 or not any(w.lower() in TITLE_WORDS for w in lead):
        return None
    if not all(w.lower() in TITLE_WORDS or w[:1].isupper() for w in lead):
        return None
    return " ".join(name)


def _pronoun(text: str, before: int, persons: Mapping[int, Sequence[Mention]]) -> int | None:
    """'he said': the person named last before this sentence, within reach."""
    hits = [(e, actor) for actor, spans in persons.items() for s, e in spans
            if before - PRONOUN_REACH <= s and e <= before]
    return max(hits)[1] if hits else None


def _previous_speaker(text: str, lo: int, mentions: Mapping[int, Sequence[Mention]],
                      persons: Sequence[int], depth: int, *, body: bool = False
                      ) -> tuple[int | None, str] | None:
    """'"...," she said': the speaker of the nearest sentence before ``lo`` (within reach) that
    writes a source, when that source is a person: a person actor, or a name written as a
    source that is no actor ("said deputy press secretary Ana Ruiz"). None when that sentence's
    source is no person ("The ministry said ...") or no earlier sentence writes a source."""
    at = lo
    while depth > 0 and at > 0 and lo - at < PRONOUN_REACH:
        prev = text[:at].rstrip()
        if not prev:
            return None
        a, b = sentence_bounds(text, len(prev) - 1, len(prev))
        at = a
        found = _sources_in(text, a, b, mentions, persons, depth - 1)
        if body and not found:
            return None  # "It" is the body of the sentence right before, or none
        if not found and CUE.search(text, a, b):
            return None  # that sentence reports someone this reading cannot name
        if found:
            last = found[-1]
            if body:  # "It said ...": the body that spoke in the sentence before
                return (last.actor, last.name) if last.actor is not None and last.actor not in persons else None
            if last.actor in persons or (last.actor is None and last.name):
                return last.actor, last.name
            return None
    return None


_ADDRESSEE = lexicon.words("attribution", "addressee_verbs")
_OBJECT_VERBS = lexicon.words("attribution", "object_verbs")
# "Ukraine said X, while in Belgorod officials said Y": a cue before a contrast governs its own
# clause, not the content after it; nor does a cue after a colon report what comes before it
# ("Moscow has not confirmed this: its spokesman said ..."); nor a clause in the first person
# after it (", and we expect ...": the writer's own voice, not the source's)
_CLAUSE_BREAK = re.compile(rf"[,;][\"\u201d]?\s+(?:(?:{lexicon.alt('attribution', 'contrast_conjunctions')})\b"
                           rf"|(?:and|but)\s+(?:{lexicon.alt('attribution', 'first_person')})\b)", re.I)


# a cue in the passive reports nothing of its subject ("Ukraine was expected to receive ...",
# "he was told", "are believed to hold")
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$")


# a cue's -s form before a coordinator is a plural noun in a list ("The E3 states and the EU")
_LISTED_NOUN = re.compile(r"\s+(?:and|or)\b")


def sources(text: str, start: int, end: int, mentions: Mapping[int, Sequence[Mention]],
            persons: Sequence[int] = (), bodies: Mapping[int, tuple[str, str]] | None = None) -> list[Source]:
    """The written sources of the evidence ``text[start:end]``, outermost first: relays,
    then the claimant (the source whose cue is nearest the content). ``bodies``: each actor
    that is no person as (kind, name), for a definite description ("the agency said")."""
    lo, hi = sentence_bounds(text, start, end)
    found = [s for s in _sources_in(text, lo, hi, mentions, persons, 3, bodies or {})
             if not (s.end <= start and (_CLAUSE_BREAK.search(text, s.end, min(end, start + _OPENER))
                                         or _narration_after(text, lo, s, start, end)
                                         or _beyond_infinitive(text, s, start)))
             and not (s.start >= end and (":" in text[end:s.start] or (
                 _IN_RELATIVE.search(text, end, s.start) and not _cited(text, s))))
             and not (_AGENT_NOUN.fullmatch(s.cue) and s.start >= start)  # "We reject the claims by X that"
             and not _beyond_postposed(text, end, hi, s) and not _unpostposed(text, end, s)]
    finder = _finder(text, start, end, lo, mentions, bodies or {})
    if finder is not None and all((s.actor, s.name) != (finder.actor, finder.name) for s in found):
        found.append(finder)
    people = frozenset(w for p in persons for a, b in mentions.get(p, []) for w in text[a:b].split())
    return _chain(text, found, start, end, persons, people)


# an intelligence body's finding, the subject and verb of the evidence's own clause: "the NIS had
# tracked the troops", "The agency has not detected any shipments"
_FINDS = [v for group in lexicon.lexicon()["attribution"]["finding_verbs"] for v in group["verbs"]]  # base forms
_FINDING = re.compile(rf"\s+(?:(?:has|had|have)\s+)?(?:not\s+)?(?:also\s+)?(?:been\s+able\s+to\s+(?:{'|'.join(_FINDS)})"
                      rf"|(?:{lexicon.alt('attribution', 'finding_verbs')}))\b")
_THAT = re.compile(r"\bthat\s+")


def _finder(text: str, start: int, end: int, lo: int, mentions: Mapping[int, Sequence[Mention]],
            bodies: Mapping[int, tuple[str, str]]) -> Source | None:
    """The intelligence body whose finding the evidence states: the subject of a verb of
    perception or discovery that opens the evidence ("Lee said the NIS had tracked the troops
    to Kursk": the NIS's, via Lee; "The agency has not detected any shipments"), an actor of
    that kind, a description of one, or a body's name the text writes; None otherwise."""
    verb = _FINDING.match(text, start - 1) if start > lo and text[start - 1].isspace() else None
    if verb is not None:  # the evidence opens with the verb, its subject before it
        found = _intelligence_subject(text, lo, verb.start(), mentions, bodies)
        return None if found is None else Source(found[0], verb.group(0).split()[-1], verb.start(),
                                                 verb.end(), found[1])
    # the evidence, or a content clause in it ("told reporters that the NIS had tracked"),
    # opens with the subject
    for at in (start, *(m.end() for m in _THAT.finditer(text, start, end))):
        verb = _FINDING.search(text, at, min(end, at + 80))
        found = _intelligence_subject(text, at, verb.start(), mentions, bodies) if verb else None
        if verb is not None and found is not None:
            return Source(found[0], verb.group(0).split()[-1], verb.start(), verb.end(), found[1])
    return None


def _intelligence_subject(text: str, lo: int, at: int, mentions: Mapping[int, Sequence[Mention]],
                          bodies: Mapping[int, tuple[str, str]]) -> tuple[int | None, str] | None:
    """The intelligence body written as the subject that ends at ``at``: an actor of that kind
    named there, a definite description of one ("the spy agency"), or a body's name the text
    writes ("the National Intelligence Service (NIS)"); None otherwise."""
    named = [(a, s) for a, spans in mentions.items() for s, e in spans
             if lo <= s and e <= at and re.fullmatch(r"\)?\s*", text[e:at])
             and bodies.get(a, ("", ""))[0] == "intelligence_agency"]
    if named:
        body, at0 = named[0]
        spelled = [b for b, e, _ in body_names(text, lo, at0) if text[e:at0] in (" (", "(")]
        return (body, "") if _opens_clause(text, spelled[-1] if spelled else at0) else None  # "... (NIS)"
    described = _DESCRIPTION_END.search(text, lo, at)
    if described is not None and "intelligence_agency" in (
            _BODY_KINDS[described.group(2)] | {org_kind(described.group(1) + described.group(2))}):
        actor, name = _referent(text, described, lo, mentions, bodies)
        kind = bodies.get(actor, ("", ""))[0] if actor is not None else org_kind(name) if name else None
        return (actor, name) if kind == "intelligence_agency" and _opens_clause(text, described.start()) else None
    written = [(n, s) for s, e, n in body_names(text, lo, at)
               if re.fullmatch(r"(?:\s*\([A-Z]{2,8}\))?\s*", text[e:at])]
    return (None, written[-1][0]) if written and org_kind(written[-1][0]) == "intelligence_agency" \
        and _opens_clause(text, written[-1][1]) else None


# what may stand before a finding's subject: a sentence's start or a break, "that" or a reporting
# verb, then an article; not a preposition ("interviewed by the NIS") nor a clause another's
# denial or report governs ("Velor denied that the NIS had tracked", "a report that the NIS ...")
_CLAUSE_LEAD = re.compile(rf"(?:^|[.,;:\n\"\u201c]\s*|\bthat\s+|\b(?:{CUE.pattern})\s+)(?:[Tt]he\s+)?$")
_NOT_OWN = re.compile(rf"\b(?:{lexicon.alt('certainty', 'denied')}|reports?|claims?)\b[^.;:]*$", re.I)


def _opens_clause(text: str, at: int) -> bool:
    """Whether the subject at ``at`` opens its clause, and that clause is no one's denial or
    report of it."""
    lo = sentences.bounds(text, at, at)[0]
    lead = text[max(lo, at - 60):at]
    return _CLAUSE_LEAD.search(lead) is not None and _NOT_OWN.search(text, lo, at) is None




_INFINITIVE_CUE = lexicon.pattern("attribution", "infinitive_cues")
# a coordinated main clause with a subject of its own: ", and Italy and France will send ..."
_NEW_SUBJECT = re.compile(r",\s+and\s+(?:the\s+)?[A-Z]")


def _beyond_infinitive(text: str, s: Source, start: int) -> bool:
    """Whether the content at ``start`` lies beyond the clause of a cue whose complement is an
    infinitive ("X and Y have agreed to fund a battery, and Z will send a system": Z's clause
    is no part of what X and Y agreed to), past a coordinated clause with its own subject."""
    return _INFINITIVE_CUE.fullmatch(s.cue) is not None and _INFINITIVE.match(text, s.end) is not None \
        and _NEW_SUBJECT.search(text, s.end, start + 1) is not None


# a reporting clause right after the content: a comma (or a closing quote), a few words, a cue
_POSTPOSED_AFTER = re.compile(rf"\s*[,\u201d\"]+\s*(?!(?:{lexicon.alt('attribution', 'no_subject_openers')})\b)"
                              r"(?:[^\s,;:\"\u201c\u201d]+\s+){1,5}$")
# the clause a cue opens, back to the last break before it: a comma, a quotation mark, a dash
_CLAUSE_TO_CUE = re.compile(r"[,;:\"\u201c\u201d(\u2014\u2013]\s*(?:[^,;:\"\u201c\u201d(\u2014\u2013\s]+\s+){0,6}$")


def _unpostposed(text: str, end: int, s: Source) -> bool:
    """Whether the source ``s``, written after the content at ``end``, is inside a clause of its
    own that is no reporting clause written after the content: a content's source after it
    opens a short clause after a comma or a quotation mark ("..., the ministry said", '...,"
    Lind said'), or names it after "according to" / "citing"; a cue deep in a clause ("...,
    and I told the minister that the United States expects ...") reports that clause."""
    if s.start < end or _names_after(s.cue) or _cited(text, s):
        return False
    return _CLAUSE_TO_CUE.search(text, max(0, end - 2), s.start) is None  # the evidence may end on its comma


# a cue that reports the clause after it: "that" or a quotation within a few words
_OWN_COMPLEMENT = re.compile(r"(?:\s+[^\s,;:\"\u201c]+){0,6}?\s+(?:that\b|[\"\u201c])")
# a source that goes with the reporting clause before it: "..., Lee said, citing the agency"
_WITH_CLAUSE = re.compile(r"(?:\s+[^\s,;:]+){0,8},\s*(?:which|who)?\s*")


def _beyond_postposed(text: str, end: int, hi: int, s: Source) -> bool:
    """Whether the source ``s`` is written after the reporting clause that follows the content
    at ``end`` and in another clause ("..., the regional governor said, hours after drones hit
    a depot in an attack that officials said killed two": the officials report the attack, not
    the content before the governor's cue), so the content is not its report, whether or not
    the rules can name the source of that first clause; a source citing in the clause that
    follows it stays ("..., the official said, citing the agency")."""
    if s.start < end:
        return False
    if _OWN_COMPLEMENT.match(text, s.end) and not _names_after(s.cue):
        return True  # "..., but its spokesman acknowledged on television that ...": what follows
    for m in CUE.finditer(text, end, s.start):
        if m.start() >= s.start or _no_report(text, m, end):
            continue
        if not any(_POSTPOSED_AFTER.match(text, at, m.start()) for at in (end, max(0, end - 2))):
            return False
        return not (_WITH_CLAUSE.fullmatch(text, m.end(), s.start) and (_names_after(s.cue) or _cited(text, s)))
    return False


# the contrast may open the evidence itself ("The ministry said ..., but did not provide evidence")
_OPENER = len("whereas ")


# "X killed 38, the ministry said Monday, as troops pushed into the camp": a reporting clause
# written after its content does not report the temporal clause that follows it
_NARRATION = re.compile(rf"(?:\s+[\w-]+){{0,3}},\s+(?:{lexicon.alt('attribution', 'temporal_subordinators')})\b",
                        re.I)


def _narration_after(text: str, lo: int, s: Source, start: int, end: int) -> bool:
    """Whether the evidence at ``start:end`` is the temporal clause after the postposed
    reporting clause of ``s`` (the writer's, not the source's)."""
    m = _NARRATION.match(text, s.end, end)
    if m is None or "," not in text[lo:s.start]:
        return False
    # the evidence opens with the conjunction, or right after it
    return not text[m.end():start].strip() if m.end() <= start else \
        re.fullmatch(r"\s*\w+", text[start:m.end()]) is not None


# a cue inside a relative clause after the quote reports that clause, not the quote before it
# ("The leaders condemned the launch, which the ministry said flew for 71 minutes")
_IN_RELATIVE = re.compile(r",\s+(?:which|who|whom|whose|where)\b[^,;:]*$")


def _sources_in(text: str, lo: int, hi: int, mentions: Mapping[int, Sequence[Mention]],
                persons: Sequence[int], depth: int,
                bodies: Mapping[int, tuple[str, str]] | None = None) -> list[Source]:
    """The sources the sentence ``text[lo:hi]`` writes, in the order of their cues."""
    found: list[Source] = []
    for m in CUE.finditer(text, lo, hi):
        if _no_report(text, m, lo):
            continue
        cue = m.group(0)
        actor: int | None = None
        name = ""
        also: tuple[int, ...] = ()
        opener = _opening_subject(text, lo, m.start(), mentions)
        inverted = re.search(r"[,\"\u201d]\s*$", text[lo:m.start()]) is not None \
            and cue.split()[0].lower() not in _ADDRESSEE | _OBJECT_VERBS and opener is None
        before = _names_after(cue) or (cue in _CITED and re.search(
            r",\s+(?:which|who)\s+$", text[max(lo, m.start() - 10):m.start()]) is not None)
        if before or inverted:  # "according to X", "claims by X that", '..., said X'
            hit = _after(text, m.end(), hi, mentions, noun_phrase=before)
            # "according to the European Union's naval mission": the mission
            hit = _owned(text, m.end(), lo, hi, mentions, bodies or {}, before) or hit
            described = _DESCRIPTION_AFTER.match(text, m.end(), hi) if before and hit is None else None
            if hit is not None:
                actor, name = hit
            elif described is not None:  # "citing the country's spy agency"
                actor, name = _referent(text, described, lo, mentions, bodies or {})
        if actor is None and not name and not before:
            subject = (opener, "", ()) if opener is not None else _subject(text, m.start(), lo, mentions)
            if subject is not None:
                actor, name, also = subject
                joint = _PRONOUN_AND.search(text, lo, m.start())
                first = named_last(joint.start(), mentions, persons) if joint and actor is not None else None
                if first is not None and actor is not None and first != actor:  # "he and X warned"
                    actor, also = first, (actor, *also)
            else:
                name = _name_before(text, m.start(), lo) or _ours(text, m.start(), lo) or ""
            if actor is None and not name:
                actor, name = _described(text, m.start(), lo, mentions, bodies or {})
            if actor is None and not name:
                actor, name = _pointed_back(text, lo, hi, m, inverted, found, mentions, persons, depth)
        if actor is not None or name:
            found.append(Source(actor, cue, m.start(), m.end(), full_name(text, name), also))
    return found


# the sentence's subject, a name after its title, then a phrase between commas before the cue:
# "Prime Minister Getachew Mulugeta, answering lawmakers' questions in a session broadcast live
# on state television, said Ethiopia ..." (not "..., said X": no content comes before the cue)
_OPENING_TITLE = re.compile(r"(?:[A-Z][\w.\u2019'-]*\s+){0,4}")
_APPOSED_PHRASE = re.compile(r",\s[^\"\u201c\u201d;:]{3,200},\s*")


def _opening_subject(text: str, lo: int, cue_start: int, mentions: Mapping[int, Sequence[Mention]]
                     ) -> int | None:
    """The actor that opens the sentence as its subject, a phrase between commas before its
    cue, with no reporting word in that phrase."""
    opening = _OPENING_TITLE.match(text, lo, cue_start)
    for actor, spans in mentions.items():
        for s, e in spans:
            if lo <= s <= (opening.end() if opening else lo) and e < cue_start \
                    and _APPOSED_PHRASE.fullmatch(text, e, cue_start) and not CUE.search(text, e, cue_start):
                return actor
    return None


_AGENT_NOUN = re.compile(_AGENT_NOUNS)
_CITING = lexicon.words("attribution", "citing")
_CITED = lexicon.words("attribution", "cited")


def _cited(text: str, s: Source) -> bool:
    """Whether ``s`` is the object of a relative clause on a source that cites it ("according to
    the Journal, which cited U.S. officials": the officials, via the Journal)."""
    return s.cue in _CITED and re.search(r",\s+(?:which|who)\s+$", text[max(0, s.start - 10):s.start]) is not None


def _names_after(cue: str) -> bool:
    """Whether the cue names its source after it: "according to X", "citing X", "claims by X"."""
    return cue.lower() == "according to" or cue in _CITING or _AGENT_NOUN.fullmatch(cue) is not None

_BODY_KINDS: dict[str, set[str]] = {}
for _group in lexicon.lexicon()["attribution"]["described_bodies"]:
    for _word in _group["words"].split():
        _BODY_KINDS.setdefault(_word, set()).add(_group["kind"])


_GROUP_KINDS: dict[str, set[str]] = {}
for _group in lexicon.lexicon()["attribution"]["described_groups"]:
    for _word in _group["words"].split():
        _GROUP_KINDS.setdefault(_word, set()).add(_group["kind"])


def body_kinds(noun: str) -> frozenset[str]:
    """The kinds of body a head noun describes ("army": military); empty for another noun."""
    return frozenset(_BODY_KINDS.get(noun.lower(), ()))

_DESCRIBED = rf"[Tt]he\s+((?:[a-z\u2019'-]+\s+){{0,3}})({'|'.join(_BODY_KINDS)})"
_DESCRIPTION_END = re.compile(rf"(?:^|(?<=[\s,(])){_DESCRIBED}\s*$")
_DESCRIPTION = re.compile(rf"(?:^|(?<=[\s,(])){_DESCRIBED}(?:\s+{_AUX})*\s+$")
# after a cue that names its source after it: "citing the country's spy agency"
_DESCRIPTION_AFTER = re.compile(rf"\s*{_DESCRIBED}\b(?!\s+(?:of|for)\b)")
# a body described by its owner's name: "the European Union's naval mission", "Kestria's defense
# ministry" (the owner is not the body)
_OWNED_AFTER = re.compile(rf"\s*(?:the\s+)?(?:[A-Z][\w.-]*\s+){{0,3}}[A-Z][\w.-]*[\u2019']s\s+"
                          rf"((?:[a-z\u2019'-]+\s+){{0,2}})({'|'.join(_BODY_KINDS)})\b(?!\s+(?:of|for)\b)")


def fits_description(kind: str, name: str, text: str, lo: int, s: Source) -> bool:
    """Whether an actor (``kind``, ``name``) is one the description the text writes as the
    source ``s`` may stand for: "the navy said", "according to the command's statements"
    (a body of the noun's kind, or with the noun in its name), "a rights group accused" (a
    group), "an elder in the village told VOA", "the prime minister said" (a person: a noun
    that describes no body). The rules' own guess of the referent is the body named last; a
    draft that names another that fits is consistent with the text."""
    m = _DESCRIPTION.search(text, lo, s.start) or _ANY_DESCRIPTION.search(text, lo, s.start)
    if m is None and (_names_after(s.cue) or s.cue in _CITED):
        m = _DESCRIPTION_AFTER.match(text, s.end)
    if m is None:
        return False
    noun = m.group(2).lower()
    kinds = set(_BODY_KINDS.get(noun, ())) | _GROUP_KINDS.get(noun, set())
    if not kinds:  # a noun of a person ("elder", "prime minister"); a plural is a group of them
        return kind == "person" and not noun.endswith("s")
    if m.group(1).strip():
        own = org_kind(m.group(1) + noun)
        kinds = kinds & {own} if own else kinds
    return kind in kinds or noun in name.lower().split()


# a description of one, definite or not, as the subject of a cue: "a rights group accused",
# "an elder in the targeted area told VOA", "the prime minister said"
_ANY_DESCRIPTION = re.compile(
    rf"(?:^|(?<=[\s,(\"\u201c]))(?:[Aa]n?|[Tt]he)\s+((?:[\w\u2019'-]+\s+){{0,3}}?)([a-z]+)"
    rf"(?:\s+(?:in|of|at|from|for|with)\s+[^,.;:\"\u201c\u201d]{{1,40}}?)?(?:\s+{_AUX})*\s+$")


def _described(text: str, cue_start: int, lo: int, mentions: Mapping[int, Sequence[Mention]],
               bodies: Mapping[int, tuple[str, str]]) -> tuple[int | None, str]:
    """The body a definite description before the cue stands for ("The agency said", "the
    ministry has said"); ``(None, "")`` when there is no description or no such body."""
    m = _DESCRIPTION.search(text, lo, cue_start)
    return _referent(text, m, lo, mentions, bodies) if m else (None, "")


def _owned(text: str, at: int, lo: int, hi: int, mentions: Mapping[int, Sequence[Mention]],
           bodies: Mapping[int, tuple[str, str]], after_cue: bool) -> tuple[int | None, str] | None:
    """The body a description with its owner's name at ``at`` stands for ("the European
    Union's naval mission": the mission the text names, not the Union), after a cue that
    names its source after it (``after_cue``); None if none."""
    owned = _OWNED_AFTER.match(text, at, hi) if after_cue else None
    ref = _referent(text, owned, lo, mentions, bodies, owned.span()) if owned else (None, "")
    return None if ref == (None, "") else ref


def _referent(text: str, described: re.Match[str], lo: int, mentions: Mapping[int, Sequence[Mention]],
              bodies: Mapping[int, tuple[str, str]], owner: tuple[int, int] = (0, 0)) -> tuple[int | None, str]:
    """What "the <noun>" in the sentence at ``lo`` stands for: of the bodies of the noun's kind,
    or with the noun in their name, the one named last before the sentence, else the first
    named after it within reach (a lead's "the country's spy agency", named in the next
    paragraph): an actor (``(actor, "")``), or a body's name the text writes that no actor has
    (``(None, name)``: "the National Intelligence Service (NIS) ... The agency said"). Its
    modifiers narrow the kind ("the spy agency": an intelligence agency; "the city's emergency
    service": no intelligence service, none of the noun's kinds); an actor named in ``owner``
    (the description's owner: "the European Union's naval mission") is not what it describes."""
    noun = described.group(2)
    kinds = _BODY_KINDS[noun]
    if described.group(1).strip():
        own = org_kind(described.group(1) + noun)
        kinds = kinds & {own} if own else kinds
    if not kinds:
        return None, ""
    modified = bool(described.group(1).strip())  # its kind only; else also a name with the noun
    # a body whose name writes the whole description ("the country's military intelligence
    # agency": "Ukrainian military intelligence agency"), named in the text or not, is it
    mods = [w for w in described.group(1).split() if not re.search(r"[\u2019']s$", w)]  # not "country's"
    phrase = re.compile(rf"\b{re.escape(' '.join([*mods, noun]))}\b", re.I)
    whole = [a for a, (_, name) in bodies.items() if mods and phrase.search(name)
             and not any(owner[0] <= s and e <= owner[1] for s, e in mentions.get(a, []))]
    if len(whole) == 1:
        return whole[0], ""
    fits = [a for a, (kind, name) in bodies.items()
            if (kind in kinds or (not modified and noun in name.lower().split()))
            and not any(owner[0] <= s and e <= owner[1] for s, e in mentions.get(a, []))]
    hi = sentence_bounds(text, lo, lo)[1]
    covered = [span for spans in mentions.values() for span in spans]
    reach = min(len(text), hi + PRONOUN_REACH)
    named: list[tuple[int, int, int | None, str]] = [(s, e, None, name) for s, e, name in body_names(text, 0, reach)
             if (org_kind(name) in kinds or (not modified and noun in name.lower().split()))
             and not any(a <= s and e <= b for a, b in covered)]
    named += [(s, e, a, "") for a in fits for s, e in mentions.get(a, [])]
    before = [n for n in named if n[1] <= lo]
    if before:
        hit = max(before, key=lambda n: n[1])
    else:
        after = [n for n in named if n[0] >= hi]
        if not after:
            return None, ""
        hit = min(after, key=lambda n: n[0])
    return hit[2], hit[3]


# a capitalized word, abbreviations' full stops in it ("U.S."), not a sentence's
_TOKEN = r"[A-Z](?:[\w'\u2019-]|\.(?=\w))*(?:(?<=[A-Z])\.)?"
# the name of a body ("National Intelligence Service", "Ministry of National Defense"): capitalized
# words ending in an organization's head noun, and the "of" phrase after it; a possessive
# before it is its owner's ("South Korea's National Intelligence Service")
_BODY_NAME = re.compile(
    rf"(?<![\w.'\u2019-])(?:{_TOKEN}\s+(?:(?:of|for|and)\s+)?){{0,6}}"
    rf"(?:{lexicon.alt('actors', 'organization_heads')})(?![\w'\u2019-])"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:(?:and|of)\s+)?[A-Z][\w'\u2019-]*){{0,3}})?")
_OWNER = re.compile(r"^.*[\w.][\u2019']s\s+")


def body_names(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The names of bodies written in ``text[lo:hi]``, in order, as (start, end, name)."""
    out = []
    for m in _BODY_NAME.finditer(text, lo, hi):
        owner = _OWNER.match(m.group(0))
        start = m.start() + (owner.end() if owner else 0)
        lead = re.match(r"(?:The|An?)\s+", text[start:m.end()])
        start += lead.end() if lead else 0
        name = text[start:m.end()]
        if len(name.split()) >= 2:
            out.append((start, m.end(), name))
    return out


def _no_report(text: str, m: re.Match[str], lo: int) -> bool:
    """Whether the cue ``m`` reports nothing here: negated, passive, a plural noun in a list or
    after a determiner, the quoted words' own, in its other sense with a noun-phrase object, or
    the verb of a relative clause whose object is the noun before it (``_GAP``)."""
    if m.group(0).endswith(" of") and not _AGENT_OF.match(text, m.end()):
        return True  # "claims of abuse": no agent; "the claims of the British side that": its agent
    if _no_content(text, m, lo) or _reduced_relative(text, m, lo):
        return True
    return bool(_NEGATED.search(text[max(lo, m.start() - 30):m.start()]) or _BE_BEFORE.search(
        text, max(lo, m.start() - 25), m.start()) or (_LISTED_NOUN.match(text, m.end())
                                                      and m.group(0).endswith("s"))
        or _noun(text, m.start(), m.group(0), lo)
        or (_ENDS_QUOTATION.match(text, m.end()) and inside_quote(text, m.start()))
        or (_OBJECT_SENSE.fullmatch(m.group(0)) and (_NOUN_OBJECT.match(text, m.end())
                                                     or _BARE_OBJECT.match(text, m.end())))
        or (_OBJECT_AS_SENSE.fullmatch(m.group(0)) and (
            _OBJECT_AS.match(text, m.end()) or _OBJECT_PART.match(text, m.end())
            or (_GAPPED_OBJECT.search(text, max(lo, m.start() - 60), m.start()) is not None
                and _NO_OBJECT.match(text, m.end()) is not None)))
        or _GAP.match(text, m.end()) is not None
        or (_ASSERTION_GAP.search(text, lo, m.start()) is not None and _CLAUSE_END.match(text, m.end()) is not None))


# what a verb of telling reports follows it: "that", a quotation, a colon, an infinitive, or a
# clause of its own with no "that" ("told us they are preparing ...": its auxiliary)
_TOLD_CONTENT = re.compile(r".*?(?:\bthat\b|[\"\u201c:]|\bto\s+[a-z]+|\b(?:is|are|was|were|has|have|had|"
                           r"will|would|could|can|may|might|must|should|did|does|do)\b)", re.S)


def _no_content(text: str, m: re.Match[str], lo: int) -> bool:
    """Whether a verb of telling ("informed", "told") reports no content here: nothing it
    reports follows it in its sentence (no "that", quotation, colon, infinitive or clause: "India had
    informed the United States of the test"; the telling is an event another reports) and no
    content comes before it ("..., an elder told VOA")."""
    if m.group(0).split()[0].lower() not in _ADDRESSEE:
        return False
    hi = sentence_bounds(text, m.start(), m.end())[1]
    return _TOLD_CONTENT.match(text, m.end(), hi) is None and \
        _CLAUSE_TO_CUE.search(text, lo, m.start()) is None and not inside_quote(text, m.start())


_AGENT_OF = re.compile(r"\s+(?:the\s+)?[A-Z][^,.;:]{0,40}?\s+that\b")
# "..., an accusation Yerevan rejected.": the cue of a relative clause on a noun of assertion
# after the content, its object that noun (the content's own source is another)
_ASSERTION_GAP = re.compile(rf",\s+(?:an?|the|this|that)\s+(?:[a-z-]+\s+)?"
                            rf"(?:{lexicon.alt('attribution', 'assertion_nouns')})s?\s+"
                            r"(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){1,4}$")
_CLAUSE_END = re.compile(r"\s*(?:[.;,]|$)")
# a cue right before a finite verb has its object in the noun before it, a relative clause with
# no "that" ("the attack Ruiz described did not happen", "what he said was wrong"): no report
_GAP = re.compile(r"\s*[\"\u201c]?(?:did|does|was|were|is|are|had|has|would|will|could|can|might|must)\b")


def _pointed_back(text: str, lo: int, hi: int, m: re.Match[str], inverted: bool, found: Sequence[Source],
                  mentions: Mapping[int, Sequence[Mention]], persons: Sequence[int], depth: int
                  ) -> tuple[int | None, str]:
    """The source a pronoun before the cue ``m`` points back to: "X said he expects": X;
    '"...," he said': the speaker of the sentence before, else the person named last before
    the quote; "It said ...": the body that spoke in the sentence before."""
    people = {a: mentions[a] for a in persons if a in mentions}
    pronoun_before = _PRONOUN.search(text[max(lo, m.start() - 20):m.start()])
    pronoun_after = inverted and re.match(rf"\s+({_HE_SHE})\b", text[m.end():hi], re.I)
    if pronoun_before or pronoun_after:
        earlier = [f.actor for f in found if f.actor in people]
        if earlier:
            return earlier[-1], ""
        before = _previous_speaker(text, lo, mentions, persons, depth)
        return before if before is not None else (_pronoun(text, lo, people), "")
    if _IT.fullmatch(text, lo, m.start()):
        body = _previous_speaker(text, lo, mentions, persons, depth, body=True)
        if body is not None:
            return body
    return None, ""


# "It said ...", "It also said ...": a body's report goes on (the body that spoke before)
_IT = re.compile(rf"\s*It\s+(?:{_AUX}\s+)*")


# a pronoun first in a coordinated subject: "as he and President Ramon Dela Cruz warned"
_PRONOUN_AND = re.compile(rf"\b(?i:{_HE_SHE})\s+and\s+(?:[A-Z][\w.\u2019'-]*\s+)*[A-Z][\w.\u2019'-]*,?\s+"
                          rf"(?:{_AUX}\s+)*$")


def named_last(at: int, mentions: Mapping[int, Sequence[Mention]], persons: Sequence[int]) -> int | None:
    """The person named last before ``at``, within reach: whom "he" or "she" there means."""
    ends = {p: max((e for _, e in mentions.get(p, []) if e <= at), default=-1) for p in persons}
    found = max(ends, key=lambda p: ends[p], default=None)
    return found if found is not None and ends[found] >= max(0, at - PRONOUN_REACH) else None


_DETERMINED = re.compile(r"\b(?:the|a|an|its|their|his|her|our|these|those|such)\s+(?:([\w-]+)\s+)?$", re.I)


_OBJECT_SENSE = lexicon.pattern("reporting", "object_senses")
_OBJECT_AS_SENSE = lexicon.pattern("reporting", "object_as_senses")
# an object with no determiner before a preposition ("added X-ray scanners for outbound cargo";
# not "added the weapons were old", a clause)
_BARE_OBJECT = re.compile(r"\s+(?:[\w-]+\s+){0,2}[a-z-]+s\s+(?:in|on|at|for|with|from|to)\b")
# an object that is a part of a place ("claims almost all of the South China Sea")
_OBJECT_PART = re.compile(r"\s+(?:almost\s+|nearly\s+)?(?:all|most|much|parts?|some)\s+of\b")
# a relative clause whose object is the noun before it ("the zone that the Philippines claims
# under the convention"): the verb has no object of its own after it
_GAPPED_OBJECT = re.compile(r"\b[a-z]+\s+(?:that|which)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){1,3}$")
# a relative clause with no relative word, a pronoun its subject: "the movements he described"
_REDUCED_RELATIVE = re.compile(r"\b([a-z]{3,})\s+(?:he|she|they|we|it)\s+(?:had\s+|has\s+|have\s+)?$")


def _reduced_relative(text: str, m: re.Match[str], lo: int) -> bool:
    """Whether the cue ``m`` is the verb of a relative clause with no relative word whose
    object is the noun before it ("He gave no details of the troop movements he described."):
    a noun, a pronoun, the cue, and no object after it."""
    r = _REDUCED_RELATIVE.search(text, max(lo, m.start() - 40), m.start())
    return r is not None and wordlists.noun(r.group(1)) and not wordlists.finite_verb(r.group(1)) \
        and _NO_OBJECT.match(text, m.end()) is not None
_NO_OBJECT = re.compile(r"\s*(?:[.,;:]|\s(?:under|in|since|for|as|at)\b)")
# an object and "as" ("claims Taiwan as its own territory")
_OBJECT_AS = re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){1,3}as\b")
# the object a short noun phrase that ends its clause or meets a preposition ("observed the truce
# in Yemen"; not "maintains its position that ...", "recalled the day Velor fired ...")
_NOUN_OBJECT = re.compile(r"\s+(?:the|a|an|its|their|his|her|our|this|these|those)\s+(?:[a-z-]+\s+)?[a-z-]+"
                          r"(?=\s*(?:[,.;]|$)|\s+(?:in|on|at|since|for|with|from|during|until)\b)")

# a cue word right before a closing quotation mark is the quoted words' own ('"... what we
# said," she said'): a reporting verb of that quotation is written outside it (not 'he said:"')
_ENDS_QUOTATION = re.compile(r"[,.;:!?]?[\"\u201d]")


# after a plural noun, not a verb: a comma and a relative word ("Gulf states, which operate ...")
_NOUN_AFTER = re.compile(r",?\s+(?:which|who|that\s+(?:are|were|have|had))\b")


def _noun(text: str, at: int, cue: str, lo: int) -> bool:
    """Whether the cue word at ``at`` is a noun: its plural after a determiner, alone or with
    a lower-case adjective or a demonym ("the claims", "these reports", "the Russian claims");
    "the ministry claims" is a verb (its subject a name of a body, not a demonym)."""
    if " " in cue or not cue.endswith("s"):
        return False
    if _NOUN_AFTER.match(text, at + len(cue)) and at > lo and text[:at].rstrip()[-1:].isalpha():
        return True  # "Gulf states, which operate ports": a noun its clause goes on after
    m = _DETERMINED.search(text, max(lo, at - 40), at)
    if m is None:
        return False
    word = m.group(1)
    return word is None or gazetteer.of_demonym(word) is not None or (
        word.islower() and wordlists.adjective(word))


def _outer(text: str, s: Source, found: Sequence[Source] = (), persons: Sequence[int] = (),
           people: frozenset[str] = frozenset()) -> bool:
    """A reporting clause after a comma or a closing quote, ending its sentence ('...,"
    he said.', '..., Lee Seong-kweun, who serves on a committee, said after a briefing.'); or
    "according to" a person after such a clause of a body (of ``found``): the person relays
    the body's report ("..., the agency told lawmakers, according to Lee": the agency's, via
    Lee; but "..., Lee told reporters, according to the agency": the agency's, via Lee)."""
    lo, hi = sentence_bounds(text, s.start, s.end)
    before = text[lo:s.start]
    if _cited(text, s):  # "..., according to X, who cited Y": Y's, via X
        return False
    if _names_after(s.cue):  # "X said ..., according to Y", "X said, citing Y": Y is the source
        rest = _OWN_RELATIVE.sub("", text[s.end:hi])  # "according to Lee, who briefed reporters"
        reported = [f for f in found if lo <= f.start and f.end <= s.start]
        return s.cue.lower() == "according to" and _POSTPOSED.search(before) is not None \
            and not CUE.search(rest) and _person(s, persons, people) and bool(reported) \
            and not _person(reported[-1], persons, people)
    cut = max(before.rfind(","), before.rfind("\u201d"), before.rfind('"'))
    rest = text[s.end:hi]
    return (cut >= 0 and len(before[cut + 1:].split()) <= 4 and not CUE.search(rest)
            and len(rest.split()) <= 8)


_OWN_RELATIVE = re.compile(r",\s+(?:who|which)\b.*$", re.S)
def _person(s: Source, persons: Sequence[int], people: frozenset[str] = frozenset()) -> bool:
    """Whether the source is a person: a known one, a name after a title ("Rep. Han"), or a
    name whose words are all of known persons' names (``people``: "Yoon" of "Yoon Ha-jin");
    never a body's name ("National Intelligence Service")."""
    if s.actor is not None:
        return s.actor in persons
    if not s.name or org_kind(s.name) is not None or body_names(s.name, 0, len(s.name)):
        return False
    return _titled_name(s.name) is not None or set(s.name.split()) <= people


# a reporting clause written after its content, then a comma: "..., the agency told lawmakers, "
_POSTPOSED = re.compile(rf"[,\u201d\"]\s+(?:\S+\s+){{1,4}}(?:{CUE.pattern})(?:\s+[^\s,;:]+){{0,8}},\s*$")


def _chain(text: str, found: list[Source], start: int, end: int, persons: Sequence[int] = (),
           people: frozenset[str] = frozenset()) -> list[Source]:
    """Relays then claimant: cues inside or before the content, in order (the last is the
    claimant); a source written after the content, or in an inverted clause, reports all of
    it ('the NIS "has confirmed ...", Lee said': NIS via Lee; '..., said X': X)."""
    # a cue inside quotation marks is the quoted source's ('the NIS "has confirmed ...", Lee
    # said'): it is inner to the cues outside them
    # and a sentence-final reporting clause ("..., he said.") is outer to all it follows
    before = sorted((s for s in found if s.start < end),
                    key=lambda s: (not _outer(text, s, found, persons, people), inside_quote(text, s.start), s.start))
    after = _after_content(text, [s for s in found if s.start >= end], persons, people)
    if before and len(after) == 1 and _names_after(after[0].cue) and not _outer(text, after[0], found, persons, people):
        chain = before + after  # "X said ..., according to Y": Y's, via X (as the sentence reads)
    else:
        chain = after + before
    if chain:  # relays are written in the claimant's sentence
        lo, hi = sentence_bounds(text, chain[-1].start, chain[-1].end)
        chain = [s for s in chain[:-1] if lo <= s.start < hi] + chain[-1:]
    # a relay reports a clause: an act with its infinitive ("X has agreed to supply ...,
    # according to Y") is part of the content, X no relay
    chain = [s for s in chain[:-1] if not _INFINITIVE.match(text, s.end)] + chain[-1:]
    out: list[Source] = []
    for s in chain:  # one source once: its last cue ("X said ... X added")
        out = [o for o in out if (o.actor, o.name) != (s.actor, s.name)] + [s]
    return out


_INFINITIVE = re.compile(r"\s+to\s+[a-z]+")


def _after_content(text: str, after: list[Source], persons: Sequence[int], people: frozenset[str]
                   ) -> list[Source]:
    """Of the sources written after the content, the first, outermost first with the one that
    goes with its clause: the source it cites ("..., Lee said, citing the agency": the agency,
    via Lee; "..., according to the agency"), or the relay of its report ("..., the agency
    told lawmakers, according to Lee", ``_outer``)."""
    if len(after) < 2 or not (_names_after(after[1].cue) or _cited(text, after[1])) or not re.fullmatch(
            r"(?:\s+[^\s,;:]+){0,8},\s*(?:which|who)?\s*", text[after[0].end:after[1].start]):
        return after[:1]
    # a citing cue is never outer: "..., Lee said, citing the agency" and "..., Lee told
    # reporters, according to the agency" are the agency's, via Lee
    return [after[1], after[0]] if _outer(text, after[1], after, persons, people) else after[:2]


_FIRST_PERSON = re.compile(rf"\b({lexicon.alt('attribution', 'first_person')})\b")
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")
_SINGULAR = re.compile(rf"\b({lexicon.alt('attribution', 'first_person_singular')})\b")


# "I told the Prime Minister that", "I have made clear that": the speaker as a cue's subject
_I_REPORT = re.compile(rf"(?<![\w\"\u201c])I\s+(?:[a-z]+\s+){{0,2}}?(?:{CUE.pattern})")


def speaker_reports(text: str, lo: int, written: Sequence[Source]) -> bool:
    """Whether the sentence at ``lo`` opens its report with the first-person speaker as the
    subject of a reporting word, before any source it writes ("I told the Prime Minister that
    the United States expects ...": the statement's speaker reports it), outside a quotation."""
    hi = min((w.start for w in written), default=sentence_bounds(text, lo, lo)[1])
    m = _I_REPORT.search(text, lo, hi)
    return m is not None and not inside_quote(text, m.start())


def plural_voice(sentence: str) -> bool:
    """A sentence in the first person plural, with no cue and no quotation ("The United States
    will stand with our partners"): a government's or group's own voice, no one's report."""
    return bool(_FIRST_PERSON.search(sentence)) and not _SINGULAR.search(sentence) \
        and not _QUOTE_MARKS.search(sentence) and not CUE.search(sentence)


def first_person(sentence: str) -> bool:
    """A sentence in the first person singular outside any quotation: the voice of a
    statement's speaker ("I have directed my Administration to ...")."""
    return bool(_SINGULAR.search(sentence)) and not _QUOTE_MARKS.search(sentence)


_ALL_FORMS = ("VB", "VBD", "VBZ", "VBG", "VBN")
_ACT = re.compile(
    r"(?:not\s+)?(?:" + "|".join(sorted(
        {f for e in lexicon.sourced("reporting", "cues") if e.lemma
         for f in wordlists.inflections(e.lemma, _ALL_FORMS)}
        | set(lexicon.entries("attribution", "stance_verbs")), key=len, reverse=True))
    + rf"|(?:{lexicon.alt('claim_types', 'policy')})\w*)\b", re.I)


_PUBLISHED = re.compile(
    rf"(?:{lexicon.alt('attribution', 'publication_verbs')})\b[^.;:!?]{{0,60}}?"
    rf"\b(?:{lexicon.alt('attribution', 'display_words')})\b", re.I)


def acts(sentence: str, lo: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a name at one of ``spans`` (article offsets; the sentence starts at ``lo``) is the subject of a verb of
    speech, stance or decision ("The Department of Defense is announcing", "the President has
    authorized", "Trump opposed"), or who makes a record public ("Washington released photos
    showing"): the act's source is written though no reporting cue is."""
    for s, e in spans:
        if lo <= s and e - lo <= len(sentence) and _AGENT_BEFORE.search(sentence, 0, s - lo):
            return True  # the agent of a passive: "This stance is viewed by some analysts as ..."
        if lo <= s and e - lo <= len(sentence):
            also = _CONJUNCTS.match(sentence, e - lo)  # "Kestria and Velor reaffirmed"
            after = also.end() if also else e - lo
            gap = _SUBJECT_GAP.match(sentence, after)
            if gap and (_ACT.match(sentence, gap.end()) or _PUBLISHED.match(sentence, gap.end())
                        or _says_that(sentence, gap.end())):
                return True
            if _says_that(sentence, after + len(sentence[after:]) - len(sentence[after:].lstrip())):
                return True  # "X has information that": "has" the verb, not an auxiliary
            if s - lo <= 4 and _coordinated_act(sentence, e - lo):
                return True
    return False


_AND_ACT = re.compile(rf"\band\s+(?:{_AUX}\s+)*(?=\w)")


def _coordinated_act(sentence: str, after: int) -> bool:
    """Whether the sentence's subject, ending at ``after``, has a verb of speech, stance or
    decision coordinated with its first verb ("Lai, the island's president, is a critic of
    the party and has rejected its claim"): no other name is a subject between them."""
    for m in _AND_ACT.finditer(sentence, after):
        if _ACT.match(sentence, m.end()) and not _OTHER_SPEAKER.search(sentence, after, m.start()):
            return True
    return False


_OTHER_SPEAKER = re.compile(rf"[;:]|\b[A-Z][a-z]+\s+{CUE.pattern}")  # "..., but Tomas Berg argued that"


_AGENT_BEFORE = re.compile(r"\b[a-z]+(?:ed|en)\s+by\s+(?:(?:the|some|many|several|most|other)\s+)?$")
# a verb, its object if any, then its content clause: "underscored that", "has established that",
# "informed the President that", "has information that"
_INFORMATION = lexicon.alt("attribution", "information_nouns")
_THAT_CLAUSE = re.compile(r"(?:not\s+)?(?:[a-z]+ly\s+)?([a-z]+)\s+(?:[a-z]+ly\s+)?"
                          rf"(?:(?:the\s+)?(?:[A-Z][\w.'-]*\s+){{1,3}}|(?:{_INFORMATION})\s+)?"
                          r"that\s+([a-z]+)?")


def _says_that(sentence: str, pos: int) -> bool:
    """A finite verb with a content clause right after the subject, or after an addressee or
    a noun of information ("X underscored that", "X has established that", "X informed the
    President that", "X has information that"): the subject is the source of what the clause
    says, whatever the verb (the syntax, not a word list); not a relative clause ("fired 30
    drones that hit a plant")."""
    m = _THAT_CLAUSE.match(sentence, pos)
    if m is None or (m.group(2) and wordlists.verb(m.group(2))):
        return False  # "fired 30 drones that hit a plant": a relative clause, no content
    return wordlists.finite_verb(m.group(1))


_PASSIVE_REPORT = lexicon.pattern("attribution", "passive_evidentials")
_ADVERBIAL_BEFORE = re.compile(rf"\b(?:{lexicon.alt('attribution', 'adverbial_openers')})\s+$", re.I)


def outside_report(text: str, start: int, end: int) -> bool:
    """Whether the quote ``text[start:end]`` is not the content its sentence's cue reports: it
    reports with its own passive ("are believed to hold") or its own unnamed subject and cue
    ("opposition lawmakers accused her of ..."); it opens after an adverbial preposition
    ("..., following the launch of ...") or after the cue and a comma ("..., the ministry said,
    in one of the deadliest attacks ..."); or it is a relative clause between the subject and
    its cue ("The EU, which has sanctioned ..., said"); or it is the writer's aside after a comma: an
    appositive with its relative clause (", a militia that is armed by ...") or a
    non-restrictive relative clause (", which Beijing seized in 2012", ", where an embargo
    bans ...") or its measure of the event (", in the most serious clash since ...", ", one of
    the largest shows of force this year") that reports no one (", which witnesses said killed
    eight" is the witnesses')."""
    before = text[max(0, start - 40):start]
    lo, hi = sentence_bounds(text, start, end)
    return bool(_PASSIVE_REPORT.search(text, start, end)
                or _ADVERBIAL_BEFORE.search(text, max(0, start - 20), start)
                or _own_report(text, start, end)
                or (before.endswith(", ") and (
                    (_RELATIVE_OPENS.match(text, start) and _SUBJECTS_CUE.match(text, end)) or
                    (_CUE_COMMA.search(before) and (_IN_PHRASE_OPENS.match(text, start)
                                                   or _TEMPORAL_NP.match(text, start))) or (
                        (_ASIDE.match(text, start, end) or _measure(text, start, hi))
                        and not CUE.search(text, start, _aside_end(text, start, hi))
                        and CUE.search(text, lo, start) is not None))))


def _own_report(text: str, start: int, end: int) -> bool:
    """The quote opens with its own unnamed plural subject and cue ("opposition lawmakers
    accused her"): a plural noun before the cue, no reduced relative ("the losses reported by")."""
    m = _OWN_REPORT.match(text, start, end)
    if m is None or re.match(r"\s+by\b", text[m.end():]):
        return False
    word = m.group("noun").lower()
    return word not in _NOT_NAMES and word.rstrip("s") in wordlists.noun_lemmas(word)


# an unnamed plural subject and its cue ("opposition lawmakers accused"; not "said they believe")
_OWN_REPORT = re.compile(rf"(?!(?:{CUE.pattern}))(?:[a-z][\w-]*\s+){{0,3}}(?P<noun>[a-z][\w-]*s)\s+(?:{CUE.pattern})")
# a relative clause between a subject and its cue ("The EU, which has sanctioned the firm, said
# in a statement ..."): about the subject, not what it says ('..., said Mara Lind' is inverted)
_RELATIVE_OPENS = re.compile(r"(?:which|who)\b")
_SUBJECTS_CUE = re.compile(rf",\s+(?:{_AUX}\s+)*(?:{CUE.pattern})\b(?!\s+(?:the\s+)?[A-Z])")
_IN_PHRASE_OPENS = re.compile(rf"(?:{lexicon.alt('attribution', 'prepositions')})\s", re.I)
# "..., CENTCOM said Sunday, a day after the rebels fired ...": the cue, a time, a comma
_DAYS = "|".join(n for n in (*calendar.day_name, "today", "yesterday", "tonight") if n)
_CUE_COMMA = re.compile(rf"(?:{CUE.pattern})(?:\s+(?:on\s+)?(?:{_DAYS}))?,\s$")
# an adverbial noun phrase of time ("a day after the rebels fired", "hours before the vote")
_TEMPORAL_NP = re.compile(r"(?:(?:a|an|one|two|three|four|five|several|some|\d+)\s+)?"
                          r"(?:days?|hours?|weeks?|months?|years?|minutes?)\s+(?:after|before|since)\b")
_ASIDE = re.compile(rf"(?:(?:an?\s+(?:(?!(?:{CUE.pattern}))[\w-]+\s+){{1,3}}(?:that|which|who)\b)"
                    r"|(?:(?:under|in|by|for|with|through|from|of|at|on|to)\s+)?(?:which|whom|whose)\b"
                    r"|(?:who|where)\b)")
# the writer's measure of the event after a comma: "..., in the most serious clash since ...",
# "..., one of the largest shows of force this year" (a superlative, "most" and an adjective)
_MEASURE = re.compile(r"(?:in\s+)?(?:what\s+\w+\s+)?(?:one\s+of\s+)?the\s+(?:most\s+[a-z]+|([a-z]+est))\b")


def _measure(text: str, start: int, hi: int) -> bool:
    m = _MEASURE.match(text, start, hi)
    return m is not None and (m.group(1) is None or wordlists.superlative(m.group(1)))


def _aside_end(text: str, start: int, hi: int) -> int:
    """Where the aside at ``start`` ends: its sentence's end, or the comma that closes a
    measure of the event (", one of the largest ..., after X announced ...")."""
    if not _measure(text, start, hi):
        return hi
    comma = text.find(",", start, hi)
    return hi if comma < 0 else comma


_ANAPHORIC = re.compile(rf"\s*(?:{lexicon.alt('attribution', 'anaphoric_openers')})")


def anaphoric(sentence: str) -> bool:
    """Whether the sentence opens by pointing back to the one before ("Its investigators
    have now documented ...", "The same imagery shows ..."): it goes on with its source."""
    return _ANAPHORIC.match(sentence) is not None


def unattributed(sentence: str) -> bool:
    """The article's own statement: no reporting cue, no quotation (a quoted sentence goes
    on with the previous speaker) and no first person (a statement's speaker says "I")."""
    return not (CUE.search(sentence) or _QUOTE_MARKS.search(sentence)
                or _FIRST_PERSON.search(sentence))


_TURN = re.compile(r"^(?:(?:MR|MS|MRS|DR|Mr|Ms|Mrs|Dr)\.\s+)?"
                   r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})"
                   # a caption's title and note after a name in capitals: "ANA RUIZ, DEPUTY
                   # MAYOR, VELOR (through translator):"
                   r"(?:(?<=[A-Z]),\s+[A-Z][A-Z0-9 ,.'\u2019&-]*[A-Z.])?(?:\s+\([^()\n]{1,40}\))?"
                   r":[ \t]+(\S.*)$", re.M)
_QUESTION = re.compile(r"^Q(?:\s|:)", re.M)


def _turns(text: str) -> list[tuple[int, str]]:
    """Turn labels of a transcript or interview ("MR. KIRBY:", "Rasmussen:", "VOA:"): a layout,
    so capital-letter labels count where there are two or more of them, and labels in mixed case
    where one opens two or more lines. A label whose turns are mostly questions is the
    interviewer's: its turns, like "Q" lines, have no speaker."""
    found = [(m.start(), m.group(1), m.group(2).rstrip()) for m in _TURN.finditer(text)]
    counts: dict[str, list[str]] = {}
    for _, label, said in found:
        counts.setdefault(label, []).append(said)
    capitals = {label for label in counts if label.isupper()}
    repeated = {label for label, said in counts.items() if len(said) >= 2}
    repeated |= capitals if len([f for f in found if f[1] in capitals]) >= 2 else set()
    if not repeated:
        return []
    asks = {label for label, said in counts.items()
            if sum(x.endswith("?") for x in said) * 2 >= len(said)}
    return [(pos, "" if label in asks else label.title() if label.isupper() else label)
            for pos, label, _ in found if label in repeated]


def transcript(text: str) -> bool:
    """Whether the text is laid out as a transcript or interview (turn labels)."""
    return bool(_turns(text))


def speaker(text: str, pos: int) -> str | None:
    """In a transcript or interview, the speaker whose turn ``pos`` lies in (a question turn,
    'Q ...' or the interviewer's, has none); None outside such a layout."""
    turns = _turns(text)
    if not turns:
        return None
    questions = [(m.start(), "") for m in _QUESTION.finditer(text)]
    before = [t for t in sorted(turns + questions) if t[0] <= pos]
    return (before[-1][1] or None) if before else None


def unnamed_source(sentence: str) -> bool:
    """A reporting cue written in the sentence (not in the first person: a statement's
    speaker): its source, found by no pattern, is not one of the known actors ("witnesses and
    hospital officials said")."""
    cues = [m for m in CUE.finditer(sentence)
            if not _NEGATED.search(sentence[max(0, m.start() - 30):m.start()])]
    return bool(cues) and not _FIRST_PERSON.search(sentence)


_PRONOUN_CUE = re.compile(rf"\b(?:{lexicon.alt('attribution', 'third_person')})\s+(?:[a-z]+\s+)?"
                          rf"(?:{CUE.pattern})", re.I)


def by_pronoun(text: str, lo: int, s: Source) -> bool:
    """Whether the text writes the source ``s`` as "he" or "she" before its cue ("He informed
    President X that ...": whom the pronoun stands for, the rules guess)."""
    return _PRONOUN.search(text, max(lo, s.start - 30), s.start) is not None


def pronoun_source(sentence: str) -> bool:
    """Whether the sentence's reporting word has a pronoun for its subject ("They agreed to
    ...", "He also said"): its source is one the text named before."""
    return _PRONOUN_CUE.search(sentence) is not None


def described_source(sentence: str) -> bool:
    """Whether the sentence's source is a definite description ("According to the designation",
    "the report warned", "The ministry said"): it stands for an actor named before it."""
    return _DESCRIBED_SOURCE.search(sentence) is not None


_DESCRIBED_SOURCE = re.compile(
    rf"\b(?:[Aa]ccording\s+to|citing)\s+(?:the|its|their)\s+(?:[a-z-]+\s+){{0,2}}[a-z-]+\b(?!\s+(?:of|by|from)\b)"
    rf"|(?:^|(?<=[\s,\"\u201c]))(?:[Tt]he|Its|Their)\s+(?:[a-z-]+\s+){{0,2}}[a-z-]+\s+(?:{_AUX}\s+)*(?:{CUE.pattern})")


_BEFORE_CUE = re.compile(
    r"(?:^|(?<=[\s,(]))((?:[A-Z][\w.\u2019'-]*\s+(?:(?:and|of|for|the)\s+)?){0,4}[A-Z][\w.\u2019'-]*"
    r"(?:\s+\([A-Z][\w.-]{1,10}\))?)"  # its abbreviation: "the National Intelligence Service (NIS) said"
    rf"(?:\s+{_AUX})*\s+$")
_APPOSED_NAME = re.compile(rf",\s+((?:[A-Z][\w.\u2019'-]*\s+){{0,3}}[A-Z][\w\u2019'-]*),\s*(?:{_AUX}\s+)*$")
_LEADING_APPOSITIVE = re.compile(
    r"\s*((?:[A-Z][\w.\u2019'-]*\s+){0,3}[A-Z][\w\u2019'-]*),[^.;:!?\"\u201c\u201d]{3,120},\s*$")
_CLAUSE_APPOSITIVE = re.compile(
    r"[,\"\u201d]\s+((?:[A-Z][\w.\u2019'-]*\s+){0,3}[A-Z][\w\u2019'-]*),[^.;:!?\"\u201c\u201d]{3,120},\s*$")
_NOT_NAMES = lexicon.words("attribution", "not_names")
_PREPOSITIONS = lexicon.words("attribution", "prepositions")
_SUBJECT_PRONOUNS = lexicon.words("attribution", "subject_pronouns")


_DESCRIPTOR = re.compile(rf"\w-({lexicon.alt('attribution', 'descriptor_participles')})$")  # "Hamas-run"
# "Ukrainian officials on Tuesday also said": the state speaking through its officials
_OFFICIALS_BEFORE_CUE = re.compile(
    rf"(?:^|(?<=[\s,(]))((?:[A-Z][\w.\u2019'-]*\s+){{1,3}}{OFFICIALS})(?:\s+{_AUX})*\s+$")
_BODY_BEFORE_CUE = re.compile(
    r"(?:^|(?<=[\s,(]))((?:[A-Z][\w.\u2019'-]*\s+){1,3}"
    rf"(?:{lexicon.alt('attribution', 'owned_bodies')}))"
    r"(?:\s+in\s+[A-Z][\w.\u2019'-]*)?"  # where it sits: "the Hamas-run health ministry in Gaza said"
    rf"(?:\s+{_AUX})*\s+$")


# a time is never a source: day and month names (the calendar module's, English) and the
# deictic days ("Officials Wednesday said", "Lind today said")
_TIME = frozenset(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n) | {
    "today", "yesterday", "tomorrow", "tonight"}


def _name_before(text: str, cue_start: int, lo: int) -> str | None:
    """A capitalized name written just before a verb cue that no known actor covers
    ('Guterres said', 'The Pentagon has said'), or a body named by its owner ('the Israeli
    military says', 'the Gaza health ministry said')."""
    officials = _state_officials(text, lo, cue_start)
    if officials is not None:
        return officials
    m = _BODY_BEFORE_CUE.search(text, lo, cue_start) or _BEFORE_CUE.search(text, lo, cue_start)
    if m is None:  # "Maksym Kozytskyi, the regional governor of Lviv, said", also after the
        # content it reports ('"...", Lee Seong-kweun, who serves on a committee, said')
        m = _LEADING_APPOSITIVE.match(text, lo, cue_start) or \
            _CLAUSE_APPOSITIVE.search(text, lo, cue_start)
    if m is None:  # "Germany's defense minister, Katrin Vollmer, said": the name in apposition
        m = _APPOSED_NAME.search(text, lo, cue_start)
        m = m if m is not None and _apposed(text, lo, m.start(1)) else None
    if m is None:
        return None
    if _IN_PHRASE.search(text[max(lo, m.start(1) - 12):m.start(1)]) or \
            _RELATIVE.search(text[max(lo, m.start(1) - 40):m.start(1)]):
        return None
    words = re.split(r"(?<=[a-z]{2})\.\s+", m.group(1))[-1].split()  # "June. They" -> "They"
    while words and (words[0].lower() in _NOT_NAMES or (
            _DESCRIPTOR.search(words[0]) and any(w[:1].isupper() for w in words[1:]))):
        words = words[1:]  # "the Hamas-run Gaza health ministry": the Gaza health ministry; but
        # "the Hamas-run health ministry" is named by its descriptor alone
    while words and words[-1].lower().rstrip(".,") in _TIME:  # "Officials Wednesday said"
        words = words[:-1]
    if not words or (len(words) == 1 and words[0].lower() in _NOT_NAMES) or \
            words[-1].lower() in _SUBJECT_PRONOUNS or words[0].lower() in _PREPOSITIONS:
        return None  # a phrase of place or time that opens the sentence: "In Brussels, a spokesperson ..."
    if len(words) == 1 and text[lo:m.start(1)].strip(" \"\u201c") == "" and _capital_by_position(text, words[0]):
        return None  # "Diplomats said", "Reacting, the senator ... alleged": a common word
    return _first_state(" ".join(words).rstrip(".,"))


# a body of the speaker's own side as the subject of a cue: "Our intelligence community
# assesses", "Our military intelligence, the HUR, reports" (its name in apposition)
_OURS_BEFORE_CUE = re.compile(
    rf"(?:^|(?<=[\s(\"\u201c]))[Oo]ur\s+((?:[\w-]+\s+){{0,2}}[\w-]+)"
    rf"(?:,\s+(?:the\s+)?((?:{_TOKEN}\s+){{0,3}}{_TOKEN}),)?(?:\s+{_AUX})*\s+$")


def _ours(text: str, cue_start: int, lo: int) -> str | None:
    """The body a first-person possessive subject names ("Our intelligence community assesses":
    the intelligence community, not the speaker; "Our military intelligence, the HUR,
    reports": the HUR); None when the phrase names no body ("Our hope is")."""
    m = _OURS_BEFORE_CUE.search(text, lo, cue_start)
    if m is None or org_kind(m.group(1)) is None:
        return None
    if m.group(2) is None and len(m.group(1).split()) == 1 and m.group(1).islower():
        return None  # "Our forces say", "our navy": a common noun names no body; the speaker's
    return m.group(2) or m.group(1)


def _first_state(name: str) -> str:
    """A joint subject of two states ("Moscow and Pyongyang have denied"): the first named
    (evals/GUIDELINES.md); a state's own name with "and" ("Bosnia and Herzegovina") stays."""
    first, joint, second = name.partition(" and ")
    if joint and gazetteer.country(name) is None and gazetteer.country(first) and gazetteer.country(second):
        return first
    return name


def _state_officials(text: str, lo: int, cue_start: int) -> str | None:
    """ "Senior Ukrainian military officials on Tuesday said": the state's officials, from its
    name on ("Ukrainian military officials"); None where no state is written ("Western
    officials") or two are ("U.S. and Israeli officials": the list is read elsewhere)."""
    m = _OFFICIALS_BEFORE_CUE.search(text, lo, cue_start)
    if m is None or re.search(r"\band\s+$", text[max(lo, m.start(1) - 5):m.start(1)]):
        return None
    words = m.group(1).split()
    at = next((i for i, w in enumerate(words) if gazetteer.iso3(w)), None)
    return None if at is None else " ".join(words[at:])


def _capital_by_position(text: str, word: str) -> bool:
    """Whether ``word``, first in its sentence, is a common English word (lemminflect knows it
    in lower case: a plural noun, an adverb, a participle; not a singular noun, which may be a
    name: "Shell") that the text never writes with a capital inside a sentence ("Diplomats",
    "However", "Reacting"; not "Democrats" after "House", nor "Hamas", which no dictionary has)."""
    word = word.rstrip(".,")
    if not wordlists.known(word) or not word[:1].isupper() or word.isupper() or gazetteer.iso3(word) \
            or wordlists.singular_noun(word):
        return False  # "China": a state; "Shell", "Congress": a singular noun may be a name
    for m in re.finditer(rf"\b{re.escape(word)}\b", text):
        before = text[:m.start()].rstrip(" \t\u00a0\"\u201c\u2018'(")
        if (before and before[-1] not in ".!?:\n") or re.match(r"\s+[A-Z][a-z]", text[m.end():]):
            return False  # inside a sentence, or in a name ("Lee Seong-kweun")
    return True


def full_name(text: str, name: str) -> str:
    """The fullest form of a one-word name written in the text ('Guterres' -> 'Antonio
    Guterres', after 'U.N. Secretary-General Antonio Guterres'); else the name."""
    if not name or len(name.split()) != 1:
        return name
    if name.isupper() and len(name) <= 6:  # "National Intelligence Council (NIC)"
        m = re.search(rf"((?:[A-Z][\w.\u2019'-]*\s+(?:(?:of|for|and|the)\s+)?){{1,6}})\({re.escape(name)}\)",
                      text)
        return f"{m.group(1).strip()} ({name})" if m else name
    for m in re.finditer(rf"((?:[A-Z][\w\u2019'-]+\s+){{1,2}}){re.escape(name)}\b", text):
        words = [w for w in m.group(1).split()
                 if w.lower() not in TITLE_WORDS and w.lower() not in _NOT_NAMES]
        if words and all(w[:1].isupper() for w in words):
            return " ".join([*words[-2:], name])
    return name


def content_sentences(text: str, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences (``text.sentences``) inside the content regions, cut at their edges."""
    out: list[tuple[int, int]] = []
    for a, b in regions:
        for lo, hi in sentences.spans(text):
            lo, hi = max(lo, a), min(hi, b)
            while lo < hi and text[lo].isspace():
                lo += 1
            if hi > lo:
                out.append((lo, hi))
    return out


TITLE_WORDS = lexicon.words("titles", "words")


_CLAUSE_CUE = lexicon.pattern("reporting", "clause_cues", flags=0)
# between a cue and its "that": a few words, no clause of their own ("said on Monday that",
# "told reporters that"; not "said it was likely that", whose hedge belongs to the content)
_TO_THAT = re.compile(rf"(?:\s+(?!(?:{lexicon.alt('attribution', 'clause_openers')})\b)[\w\u2019'-]+)"
                      r"{0,4}?,?\s+that\s+")
# 'said: "', 'told VOA via email, "' (words before the quotation end with a comma or colon:
# 'said Russian transfers "would ..."' quotes a part of the content)
_TO_QUOTE = re.compile(r"(?:(?:\s+[\w\u2019'-]+){1,4}?\s*[,:]|\s*[,:]?)\s*[\"\u201c]")
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]")
_PRONOUN_CLAUSE = re.compile(
    rf"[,\"\u201d]\s*(?:{_HE_SHE}|they)\s+(?:{CUE.pattern})\b[^,;:\"\u201c\u201d]*$", re.I)
_EDGES = " \t\n,;:.\"\u201c\u201d'"


def asserted(text: str, start: int, end: int, found: Sequence[Source],
             mentions: Mapping[int, Sequence[Mention]]) -> tuple[int, int]:
    """Where, in the evidence ``text[start:end]``, its content is: what the source asserts,
    without the reporting frame (PARC's content). ``found``: the evidence's written sources
    (``sources``).

    The content follows the innermost cue written before it ("X said on Monday that CONTENT",
    "X said CONTENT", "Lee said the NIS has confirmed that CONTENT", 'X "has confirmed that
    CONTENT", Y said' up to the closing quotation mark) and ends before a reporting clause
    after it ("CONTENT, X said", '"CONTENT," she said', "CONTENT, said X", "CONTENT, according
    to X"). Where no frame is found, or what is left would be under three words, the content
    is the whole evidence."""
    a, b = start, end
    after = [s for s in found if start <= s.start < end and _trailing(text, s, mentions)]
    before = [s for s in found if start <= s.start < end and s not in after]
    if before:
        inner = max(before, key=lambda s: s.start)
        a, b = _after_cue(text, inner, start, end)
    for s in after:
        if a < s.start < b:
            cut = _clause_start(text, a, s, mentions)
            if cut is not None:
                b = min(b, cut)
    tail = _PRONOUN_CLAUSE.search(text, a, b)  # '..." she said', whoever she is
    if tail is not None:
        b = min(b, tail.start() + 1)
    while a < b and text[a] in _EDGES:
        a += 1
    while b > a and text[b - 1] in _EDGES:
        b -= 1
    if a > start and text[a - 1] in "\"\u201c" and _QUOTE_MARK.search(text, a, b):
        a -= 1  # 'that "casualties are occurring" among ...': the quotation stays whole
    if len(text[a:b].split()) < 3:
        return start, end
    return a, b


def _after_cue(text: str, s: Source, start: int, end: int) -> tuple[int, int]:
    """The content after the cue of a source written before it; (start, end) when the cue
    takes no clause ("denied buying", "told reporters")."""
    rest = text[s.end:end]
    if s.cue.lower() == "according to":
        m = re.match(r"[^,;]*,\s*", rest)  # "according to X, CONTENT"
    else:
        m = _TO_THAT.match(rest) or _TO_QUOTE.match(rest)
        if m is None and _CLAUSE_CUE.fullmatch(s.cue) and re.match(r"\s+\w", rest):
            m = re.match(r"\s+", rest)
    if m is None:
        return start, end
    a, b = s.end + m.end(), end
    if (m.re is _TO_QUOTE) or inside_quote(text, s.start):
        close = _QUOTE_MARK.search(text, a, end)
        b = close.start() if close else end
    return a, b


def _trailing(text: str, s: Source, mentions: Mapping[int, Sequence[Mention]]) -> bool:
    """A reporting clause after its content: sentence-final ('..., he said.') or inverted, its
    source written after the cue ('..., said Robert Peters, a fellow at ...', '..., according
    to Tass'), not an appositive before it ('John Kirby, the spokesman, said ...')."""
    lo, _ = sentence_bounds(text, s.start, s.end)
    subject = _subject_at(text, lo, s, mentions)
    if subject is not None and not text[lo:subject].strip(" \"\u201c"):
        return False  # the source opens the sentence: nothing before it to report
    if _outer(text, s):
        return True
    if re.search(r"[,\"\u201d]\s*$", text[lo:s.start]) is None:
        return False
    reach = s.end + 40
    if s.actor is not None:
        return any(s.end <= m0 < reach for m0, _ in mentions.get(s.actor, ()))
    return bool(s.name) and text.find(s.name.split()[0], s.end, reach) >= 0


def _subject_at(text: str, lo: int, s: Source, mentions: Mapping[int, Sequence[Mention]]
                ) -> int | None:
    """Where the source ``s`` is written before its cue (from ``lo``), if it is."""
    if s.actor is not None:
        written = [m0 for m0, _ in mentions.get(s.actor, ()) if lo <= m0 < s.start]
        return max(written) if written else None
    if s.name:
        at = text.rfind(s.name.split()[0], lo, s.start)
        return at if at >= 0 else None
    return None


def _clause_start(text: str, lo: int, s: Source, mentions: Mapping[int, Sequence[Mention]]
                  ) -> int | None:
    """Where the reporting clause of the sentence-final source ``s`` begins: the comma or
    closing quotation mark before its subject ("..., Ana Ruiz, a spokeswoman, said") or before
    its cue ("..., said Ana Ruiz"; '..." she said')."""
    subject = _subject_at(text, lo, s, mentions)
    pronoun = re.search(rf"\b({lexicon.alt('attribution', 'third_person')})\s+$", text[lo:s.start], re.I)
    if pronoun:
        subject = lo + pronoun.start()
    if subject is None:
        subject = s.start
    cut = max(text.rfind(",", lo, subject), text.rfind('"', lo, subject),
              text.rfind("\u201d", lo, subject))
    return cut if cut > lo else None
