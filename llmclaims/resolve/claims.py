"""Claims: evidence that states the claim, the source and cue the text writes, certainty
and type from the words, and the reported speech the model left out. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..schema import Certainty, Claim, ClaimType, DraftClaim, ItemWarning, Reason, Span
from ..text import gazetteer, wordlists
from ..text.support import SUPPORT_MIN, best_sentence, support
from . import attribution, lexicon
from .actors import (
    ActorRec,
    ActorTable,
    described_state,
    organ_of,
    person_like,
    titled_person,
    written_apart,
    written_without_state,
)
from .claimtype import checked_type
from .context import Context, heading_title, key
from .stated import (
    DENIAL,
    NEGATION,
    NON_CONFIRMATION,
    certainty_needs_cue,
    paraphrase,
    under_instruction,
    uniform,
    why_unstated,
)
from .weapons import WeaponRec

_PROBABLE = lexicon.pattern("certainty", "probable")
_POSSIBLE = lexicon.pattern("certainty", "possible")
_DENIED = lexicon.pattern("certainty", "denied")  # "denied the report"; not "reject the annexation"
_UNCONFIRMED = lexicon.pattern("certainty", "unconfirmed")


def certainty_from_cue(cue: str | None, stated: Certainty) -> Certainty:
    """The certainty implied by the reporting words, when they say more than the model did."""
    words = cue or ""
    if _UNCONFIRMED.search(words):
        return "unconfirmed"
    if _DENIED.search(words):
        return "denied"
    if _POSSIBLE.search(words) and (stated == "asserted" or (
            stated == "probable" and not _PROBABLE.search(words))):  # a drafted hedge the words give stands
        return "possible"
    if _PROBABLE.search(words) and stated == "asserted":
        return "probable"
    return stated


def _named_before(claimant: int, lo: int, text: str, mentions: Mapping[int, Sequence[tuple[int, int]]]) -> bool:
    """Whether the drafted source is named in the sentence before ``lo``: in its paragraph; or,
    for a sentence that opens with a personal pronoun ("He pointed to ..."), the last sentence
    of the paragraph before (news writes a paragraph a sentence); or the one before that, when
    the sentence between opens with a definite description that names no one ("Meridian ...
    show ... . The firm estimated ... . Its analysts also identified ...")."""
    end = len(text[:lo].rstrip())
    if end == 0 or ("\n" in text[end:lo] and not (_PERSONAL.match(text, lo) or _repeated(text, lo))):
        return False
    plo, _ = attribution.sentence_bounds(text, end - 1, end)
    if _named_in(claimant, plo, end, mentions):
        return True
    described = _DESCRIBED.match(text, plo)
    if described is None or not attribution.CUE.match(text, described.end()) or any(
            _named_in(a, plo, end, mentions) for a in mentions):
        return False
    before = len(text[:plo].rstrip())
    if before == 0 or "\n" in text[before:plo]:
        return False
    blo, _ = attribution.sentence_bounds(text, before - 1, before)
    return _named_in(claimant, blo, before, mentions)


def _repeated(text: str, lo: int) -> bool:
    """Whether the sentence at ``lo`` opens with a definite description whose noun the sentence
    before writes ("... a report by Conflict Armament Research ... . The report, which ...,
    found that ..."): it points back to what that sentence named, across a paragraph too."""
    m = _THE_NOUN.match(text, lo)
    end = len(text[:lo].rstrip())
    if m is None or end == 0 or not wordlists.noun(m.group(1)):
        return False
    plo, _ = attribution.sentence_bounds(text, end - 1, end)
    return re.search(rf"\b{re.escape(m.group(1))}\b", text[plo:end]) is not None


_THE_NOUN = re.compile(r"The\s+([a-z]+)\b(?!\s+of\b)")


# a definite description as the subject of a cue: "The firm estimated", "The agency also said"
_DESCRIBED = re.compile(r"The\s+[a-z]+\s+(?:(?:also|further|then)\s+)?")


_PERSONAL = lexicon.pattern("attribution", "personal_openers", flags=0)


def _ids(slots: Iterable[int | None], prefix: str) -> list[str]:
    seen: list[str] = []
    for s in slots:
        if s is not None and f"{prefix}{s + 1}" not in seen:
            seen.append(f"{prefix}{s + 1}")
    return seen


def _named_in(slot: int, lo: int, hi: int, mentions: Mapping[int, Sequence[tuple[int, int]]]) -> bool:
    return any(lo <= s and e <= hi for s, e in mentions.get(slot, []))


def _stands(claimant: int | None, slots: Sequence[int | None], lo: int, hi: int,
            written: Sequence[attribution.Source], mentions: Mapping[int, Sequence[tuple[int, int]]],
            sentence: str, voice: int | None, continued: int | None, text: str,
            referent: int | None = None, answers: bool = False, unlike: bool = False) -> bool:
    """Whether the drafted source is consistent with the text, so that it stands: it is written
    as a source of the sentence; or the sentence reports someone it does not name (a pronoun,
    a description: "he said", "the ministry warned", "two analysts wrote") and the drafted
    source is named near it (before it, or in the sentences after, that name the description);
    or the sentence writes no source and the drafted one is the statement's speaker
    (``voice``) or the person quoted in the sentence before (``continued``: a quotation goes
    on), or the sentence points back to the one before that names it ("Its investigators
    have documented ...": ``attribution.anaphoric``; ``text`` is the article), or it opens
    with "He" or "She" and the drafted source is the last person named before it
    (``referent``: "He put the value of the contract at $6 billion"); or the draft answers
    sources (``answers``: it leaves the article's own statements without one, ``reads_sources``)
    and the sentence, writing none, follows a mention of the drafted source within reach
    ("The President condemned ... . The two leaders discussed ..."). Merely being named in the
    sentence (as its subject or object) does not make an actor its source; a sentence that
    names another source contradicts the draft, and so does one whose descriptions the text
    resolves to actors all ``unlike`` the drafted one ("..., the lawmaker said, citing the
    agency": a person and an agency, not the state the draft gives)."""
    if claimant is None:
        return False
    if claimant in slots or any(claimant in w.also for w in written):
        return True  # written as the source, or coordinated with it ("Lind and Erd said")
    names_source = any(((w.actor is None and w.name) or (w.actor is not None
                       and _named_in(w.actor, lo, hi, mentions)))
                       and not attribution.inside_quote(text, w.start) for w in written)
    if names_source:
        return False
    if not attribution.CUE.search(sentence):  # no source written: the speaker's, or the quote's
        if voice is not None and attribution.first_person(sentence):
            return claimant == voice
        return claimant in (voice, continued, referent) or attribution.acts(
            sentence, lo, mentions.get(claimant, [])) or (
            (attribution.anaphoric(sentence) or _repeated(text, lo)) and _named_before(claimant, lo, text, mentions)
        ) or (answers and _named_in(claimant, max(0, lo - attribution.PRONOUN_REACH), hi, mentions))
    reach = attribution.PRONOUN_REACH
    return not unlike and _named_in(claimant, max(0, lo - reach), hi + reach, mentions)


_BODIES = lexicon.words("transfer", "organs") | {
    e for e in lexicon.entries("attribution", "speaking_bodies") if e.isalpha()}


def _speaks_for(claimant: int, slots: Sequence[int | None], via: Sequence[int],
                actors: ActorTable, lo: int, hi: int, span: Span) -> bool:
    """Whether the text's source speaks for the drafted one, so that the draft stands: an organ
    of the drafted state ("the French presidency said" for France; not its intelligence agency,
    whose findings are its own: "according to Chile's naval intelligence service"), or a relay the draft gives
    (the draft: the IDF thinks it, via Makovsky; the text: "..., said Makovsky") when the
    drafted source is named near the sentence, or a drafted relay among the text's sources
    when the drafted source is named in the sentence outside the quoted content."""
    if not slots or slots[-1] is None:
        return False
    source, drafted = actors.records[slots[-1]], actors.records[claimant]
    code = gazetteer.iso3(drafted.name) if drafted.kind == "state" else None
    if code is not None and code in (organ_of(source.name, _BODIES), described_state(source.name)) \
            and attribution.org_kind(source.name) != "intelligence_agency":  # its findings are its own
        return True
    reach = attribution.PRONOUN_REACH
    mentions = actors.mentions()
    if slots[-1] in via and _named_in(claimant, max(0, lo - reach), hi + reach, mentions):
        return True
    # a state's view in an unnamed official's report ("The United States believes ..., the
    # official said"): the body the draft names before it may be the official's (or the state,
    # via the official): the draft's reading stands
    if source.kind == "state" and drafted.kind != "state" and _UNNAMED_AFTER.match(
            actors.ctx.text, span.end, hi) and _named_in(claimant, max(0, lo - reach), lo, mentions):
        return True
    # a drafted relay is written as a source, and the drafted source in the same sentence ("...
    # has agreed to supply ..., according to the Journal, which cited U.S. officials")
    return any(s in via for s in slots[:-1]) and any(
        lo <= a and b <= hi and (b <= span.start or a >= span.end) for a, b in mentions.get(claimant, []))


# a postposed reporting clause with an unnamed official as its subject: ", the official said"
_UNNAMED_AFTER = re.compile(rf"[^.;:]*?,\s+(?:the|an?)\s+(?:[a-z]+\s+)?{attribution.OFFICIALS}"
                            rf"\s+(?:{attribution.CUE.pattern})")


def _quoted_before(text: str, lo: int, mentions: Mapping[int, Sequence[tuple[int, int]]],
                   persons: Sequence[int]) -> int | None:
    """The person the sentence before ``lo`` quotes, when that sentence is in the same
    paragraph (a quotation that goes on across sentences)."""
    if "\n" in text[max(0, lo - 2):lo]:
        return None
    found = attribution._previous_speaker(text, lo, mentions, persons, 1)
    return found[0] if found else None


_HE_SHE_OPENS = re.compile(rf"(?:{lexicon.alt('attribution', 'third_person_singular')})\b", re.I)


def _drafted_relays(claimant: int, slots: Sequence[int | None], via: Sequence[int] | None) -> list[int]:
    """The drafted relays when the draft gives them (``[]``: nobody relays it); where it leaves
    them out (None), the written sources before the drafted one (those that relay it)."""
    if via is not None:
        return [v for v in via if v != claimant]
    k = slots.index(claimant) if claimant in slots else 0
    return [r for r in slots[:k] if r is not None and r != claimant]


def _attribute(span: Span, claimant: int | None, ctx: Context, actors: ActorTable, label: str,
               warnings: list[ItemWarning], voice: int | None = None, via: Sequence[int] | None = None,
               answers: bool = False) -> tuple[int | None, list[int], str | None]:
    """Source, relays and cue of a claim. A drafted source consistent with the text stands
    (``_stands``; or the evidence is no content of the sentence's cue, ``attribution.
    outside_report``: the sentence's source does not contradict it; the text's own reading,
    where it differs, is kept in an ``alternative`` warning); otherwise the source is what the
    evidence's sentence writes (``attribution``): the written source, relays the written
    sources before it, the cue the sentence's reporting word; a first-person sentence of a
    statement is its speaker's (``voice``). ``via``: the
    drafted relays, None where the draft leaves them out; ``answers``: the draft answers
    sources (``reads_sources``)."""
    drafted = via
    via = via or ()
    voice = _voice_at(ctx, actors, span, voice)
    mentions = actors.mentions()
    persons = [i for i, r in enumerate(actors.records) if r.kind == "person"]
    written = attribution.sources(ctx.text, span.start, span.end, mentions, persons, actors.bodies())
    lo, hi = attribution.sentence_bounds(ctx.text, span.start, span.end)
    sentence = ctx.text[lo:hi]
    # a source written in the text but missing from the draft's actors becomes an actor
    slots = [w.actor if w.actor is not None else actors.ref(w.name, label) for w in written]
    if claimant is not None and _overruled(claimant, slots, via, span, ctx.text, lo, hi, mentions, actors, written):
        pass
    elif claimant is not None and (_speaks_for(claimant, slots, via, actors, lo, hi, span) or _refers_to(
            claimant, span, written, actors, ctx.text, lo, voice) or (
            attribution.outside_report(ctx.text, span.start, span.end) and (
                claimant == voice or _named_in(
                claimant, max(0, lo - attribution.PRONOUN_REACH), hi, mentions))) or _stands(
            claimant, slots, lo, hi, written, mentions, sentence, voice,
            _quoted_before(ctx.text, lo, mentions, persons), ctx.text,
            attribution.named_last(lo, mentions, persons) if _HE_SHE_OPENS.match(sentence) else None,
            answers, _unlike(claimant, slots, actors))):
        return _kept(claimant, slots, written, sentence, actors, label, warnings, drafted)
    if claimant is None and via:  # the draft: an unnamed source, relayed ("..., she described
        return None, list(via), None  # as 'unverified reports'"): not empty, nothing to fill
    if written and all(slot is not None for slot in slots) and not (
            claimant is None and attribution.outside_report(ctx.text, span.start, span.end)):
        source = slots[-1]
        assert source is not None
        relays = [r for r in slots[:-1] if r is not None and r != source]
        if (source, relays) != (claimant, []):
            warnings.append(ItemWarning(
                code="adjusted", item=label, reason="source_from_text",
                fields={"source": actors.records[source].name, "cue": written[-1].cue or "",
                        "via": "; ".join(actors.records[r].name for r in relays)},
                message=f"source from the text: {actors.records[source].name!r} "
                        f"({written[-1].cue!r})" + (f" via {[actors.records[r].name for r in relays]}"
                                                    if relays else "")))
        return source, relays, written[-1].cue
    quoted = _unwritten_source(ctx.text, span, lo, actors, persons, label, warnings) \
        if claimant is None and not written else None
    if quoted is not None:
        return quoted, [], None
    named: list[int] = []
    m = attribution.CUE.search(sentence)
    cue = m.group(0) if m else None
    turn = _turn_source(span, claimant, slots, drafted, ctx, actors, label, warnings)
    if turn is not None:
        return turn[0], turn[1], cue
    if voice is not None and attribution.first_person(sentence):
        if voice != claimant:
            warnings.append(ItemWarning(
                code="adjusted", item=label, reason="source_is_speaker",
                fields={"source": actors.records[voice].name},
                message=f"a first-person sentence of {actors.records[voice].name!r}'s "
                        "statement: the speaker is the source"))
        return voice, named, cue
    if claimant is not None and attribution.unnamed_source(sentence) and not any(
            lo <= s and e <= hi for s, e in mentions.get(claimant, [])) and not (
            attribution.described_source(sentence) and any(e <= lo for _, e in mentions.get(claimant, []))
    ) and not (attribution.pronoun_source(sentence) and _written_before(actors.records[claimant], ctx.text, lo)
               ) and not written_without_state(
            actors.records[claimant].name, sentence) and not written_apart(actors.records[claimant].name, sentence):
        warnings.append(ItemWarning(
            code="adjusted", item=label, reason="source_not_an_actor",
            fields={"cue": cue or "", "claimant": actors.records[claimant].name},
            message="the sentence's source is none of the actors"
                    + (f" ({cue!r})" if cue else "") + "; claimant "
                    f"{actors.records[claimant].name!r}, not named there, left out"))
        return None, [], cue
    if claimant is not None and (attribution.unattributed(sentence) or (
            voice is None and attribution.plural_voice(sentence) and actors.records[claimant].kind != "person"
            and not attribution.acts(sentence, lo, mentions.get(claimant, [])))):
        warnings.append(ItemWarning(
            code="adjusted", item=label, reason="source_unwritten",
            fields={"claimant": actors.records[claimant].name},
            message=f"no source is written for this sentence: the article states it "
                    f"(claimant {actors.records[claimant].name!r} left out)"))
        return None, [], None
    return claimant, ([] if claimant is None else _drafted_relays(claimant, slots, drafted)), cue


def _unlike(claimant: int, slots: Sequence[int | None], actors: ActorTable) -> bool:
    """Whether the sentence's sources, all resolved, are persons or bodies while the draft gives
    a state ("..., the lawmaker said, citing the agency", drafted as North Korea, what the
    content is about): a state's own organs speaking for it are ``_speaks_for``'s."""
    return actors.records[claimant].kind == "state" and bool(slots) and all(
        slot is not None and actors.records[slot].kind not in ("state", "other") for slot in slots)


def _overruled(claimant: int, slots: Sequence[int | None], via: Sequence[int], span: Span, text: str,
               lo: int, hi: int, mentions: Mapping[int, Sequence[tuple[int, int]]],
               actors: ActorTable, written: Sequence[attribution.Source] = ()) -> bool:
    """Whether the sentence contradicts the drafted source: the text writes it as relaying
    another's words ("X said the agency has confirmed ...": the agency's, the draft's a relay),
    or it is only an actor of the content (``_content_actor``) and does not fit the description
    the sentence writes as its source (``_described_as``: "U.S. Central Command has seized ...,
    according to the command's own statements" is the command's). A state inside a person's
    report is no such contradiction when it is the person's own ("Chilean Foreign Minister Ana
    Ruiz said Chile welcomed ...": she speaks for her state, or her state via her; the draft's
    reading stands)."""
    if claimant in slots[:-1] and slots[-1] is not None and not via \
            and not _own_state(claimant, slots[-1], actors, text, mentions):
        return True
    return _content_actor(claimant, slots, span, text, lo, hi, mentions) and not _described_as(
        claimant, span, written, actors, text, lo, hi)


def _own_state(person: int, state: int, actors: ActorTable, text: str,
               mentions: Mapping[int, Sequence[tuple[int, int]]]) -> bool:
    """Whether ``state`` is the state the person ``person`` speaks for: drafted as the person's
    country, or written with one of the person's mentions ("Chilean Foreign Minister Ana Ruiz",
    "Chile's foreign minister, Ana Ruiz", "Ana Ruiz of Chile")."""
    rec, own = actors.records[person], actors.records[state]
    code = gazetteer.iso3(own.name)
    if own.kind != "state" or code is None:
        return False
    if gazetteer.iso3(rec.country) == code:
        return True
    for s, e in mentions.get(person, []):
        near = re.sub(r"[\u2019']s\b", "", text[max(0, s - 40):s] + " " + text[e:e + 25])
        starts = [m.start() for m in re.finditer(r"(?<![\w.'\u2019-])[A-Z]", near)]
        if any(gazetteer.country_in(near[i:]) == code for i in starts):
            return True
    return False


def _content_actor(claimant: int, slots: Sequence[int | None], span: Span, text: str, lo: int, hi: int,
                   mentions: Mapping[int, Sequence[tuple[int, int]]]) -> bool:
    """Whether the drafted source is only an actor of the content while the sentence writes
    its source as a description the text resolves ("North Korea shipped ..., the lawmaker said,
    citing the agency": the agency, not North Korea): named in the evidence, never as the
    subject of a reporting word there (", an accusation Yerevan rejected": Yerevan's)."""
    inside = [(a, b) for a, b in mentions.get(claimant, []) if span.start <= a and b <= span.end]
    return bool(slots) and slots[-1] is not None and slots[-1] != claimant and claimant not in slots \
        and attribution.described_source(text[lo:hi]) and bool(inside) \
        and not any(_SUBJECT_OF_CUE.match(text, b) for _, b in inside)


def _refers_to(claimant: int, span: Span, written: Sequence[attribution.Source], actors: ActorTable,
               text: str, lo: int, voice: int | None) -> bool:
    """Whether the sentence writes its source in a form the drafted one is consistent with: the
    subject of the evidence's own cue (``_speaks_in``), a pronoun (``_pronoun_stands``), a
    sentence pointing back to one that writes the drafted source ("It further judges ..."), or
    the first-person speaker who reports it ("I told the Prime Minister that ..."), a title
    that is the drafted person's (``_titled_subject``) or a pair the person is one of
    (``_joint_subject``)."""
    rec = actors.records[claimant]
    sentence = text[slice(*attribution.sentence_bounds(text, span.start, span.end))]
    hi = lo + len(sentence)
    return _described_as(claimant, span, written, actors, text, lo, hi) or _speaks_in(
        claimant, span, text, actors.mentions()) or _titled_subject(
        rec, sentence, text) or _joint_subject(rec, sentence, text, lo) or _pronoun_stands(
        claimant, written, actors, text, lo) or (
        not written and attribution.anaphoric(sentence) and _previous_writes(rec, text, lo)) or (
        claimant == (voice if voice is not None else claimant) and rec.kind == "person"
        and attribution.speaker_reports(text, lo, written))


def _described_as(claimant: int, span: Span, written: Sequence[attribution.Source], actors: ActorTable,
                  text: str, lo: int, hi: int) -> bool:
    """Whether the sentence's source is a description the drafted actor fits, and the text
    names that actor somewhere (``attribution.fits_description``: "the navy said" of the
    Finnish Navy where the U.S. Navy was named last; a lede's "a rights group accused" of the
    group named in the next paragraph): the draft resolved what the text leaves open. A
    source the sentence names is no description."""
    mentions = actors.mentions()
    cues = list(attribution.CUE.finditer(text, lo, hi))
    inside = [m for m in cues if span.start <= m.start() < span.end]
    before = [m for m in cues if m.end() <= span.start]
    cue = inside[0] if inside else before[-1] if before else next(iter(cues), None)
    if cue is None:
        return False
    source = next((w for w in written if w.start == cue.start()),
                  attribution.Source(None, cue.group(0), cue.start(), cue.end()))
    if source.name or (source.actor is not None and _named_in(source.actor, lo, hi, mentions)):
        return False
    rec = actors.records[claimant]
    return bool(mentions.get(claimant)) and attribution.fits_description(rec.kind, rec.name, text, lo, source)


def _pronoun_stands(claimant: int, written: Sequence[attribution.Source], actors: ActorTable, text: str,
                    lo: int) -> bool:
    """Whether the drafted source stands for a pronoun the text writes as the sentence's source
    ("It further judges that ...", "They agreed"): any actor written before the sentence (a
    name in lower case too: "our intelligence community"); for "he" or "she", a person, when the
    sentence before opens with a title the rules cannot name ("The President underscored ... .
    He informed President X that ..."), else the rules' guess (the person named last) stands."""
    if not written or not (attribution.by_pronoun(text, lo, written[-1])
                           or attribution.pronoun_source(text[lo:written[-1].end])):
        return False
    rec = actors.records[claimant]
    if attribution.by_pronoun(text, lo, written[-1]):  # "he": the text's guess is the last person
        return rec.kind == "person" and _titled_before(text, lo) and _written_before(rec, text, lo)
    return _written_before(rec, text, lo)


_THE_TITLE = re.compile(r"The\s+(?:[A-Z][a-z]+\s+){0,2}([A-Z][a-z]+)\s+[a-z]")


def _titled_subject(rec: ActorRec, sentence: str, text: str) -> bool:
    """Whether the sentence opens with a title as its subject ("The President reaffirmed ...",
    a readout's way) that the drafted person holds: as drafted role, or written before the
    person's name in the article ("President Ana Ruiz spoke today with ...")."""
    m = _THE_TITLE.match(sentence.lstrip())
    if m is None or rec.kind != "person" or m.group(1).lower() not in attribution.TITLE_WORDS:
        return False
    title = m.group(0).split()[1:-1]  # "The Vice President reaffirmed": "Vice President"
    title_text = " ".join(title)
    if rec.role and key(rec.role) == key(title_text):
        return True
    return any(re.search(rf"\b{re.escape(title_text)}\s+{re.escape(n)}\b", text, re.I)
               for n in (rec.name, *rec.aliases) if n)


_JOINT_PERSONS = lexicon.alt("claims", "joint_persons")
_JOINT = re.compile(rf"The\s+(?:two|three|four)\s+(?:{_JOINT_PERSONS})\s+[a-z]")
# what may stand before the evidence of a joint subject's own clause: nothing, or the subject
# and its verb ("The two leaders agreed that")
_JOINT_OPENS = re.compile(rf"(?:The\s+(?:two|three|four)\s+(?:{_JOINT_PERSONS})(?:\s+[a-z]+){{1,2}}\s+that)?")


def _joint_subject(rec: ActorRec, sentence: str, text: str, lo: int) -> bool:
    """Whether the sentence opens with a joint subject ("The two leaders agreed ...") and the
    drafted source is a person the article names before it: one of them (a joint subject is
    credited to one participant; which one, the draft says)."""
    return rec.kind == "person" and _JOINT.match(sentence.lstrip()) is not None \
        and _written_before(rec, text, lo)


def _unwritten_source(text: str, span: Span, lo: int, actors: ActorTable, persons: Sequence[int], label: str,
                      warnings: list[ItemWarning]) -> int | None:
    """The source of a sentence that writes none, for a draft that gives none: a joint
    subject's first-named participant (``_joint_source``), else the person whose quotation
    goes on (``_goes_on``)."""
    joint = _joint_source(text, span, lo, actors, persons, label, warnings)
    return joint if joint is not None else _goes_on(text, span, lo, actors, persons, label, warnings)


def _joint_source(text: str, span: Span, lo: int, actors: ActorTable, persons: Sequence[int], label: str,
                  warnings: list[ItemWarning]) -> int | None:
    """A joint subject's first-named participant as the source of its own clause
    (``_first_participant``), with its warning; None where the sentence has no joint subject."""
    first = _first_participant(text, lo, span.start, actors.mentions(), persons)
    return _filled(first, actors, label, warnings, "a joint subject: its first-named participant {} is the source")


def _filled(slot: int | None, actors: ActorTable, label: str, warnings: list[ItemWarning], why: str) -> int | None:
    """``slot`` as a source read from the text where the sentence writes none, with its warning
    (``why``: the reason, ``{}`` the source's name)."""
    if slot is not None:
        name = actors.records[slot].name
        warnings.append(ItemWarning(code="adjusted", item=label, reason="source_from_text",
                                    fields={"source": name, "cue": "", "via": ""},
                                    message=why.format(repr(name))))
    return slot


def _first_participant(text: str, lo: int, start: int, mentions: Mapping[int, Sequence[tuple[int, int]]],
                       persons: Sequence[int]) -> int | None:
    """The participant a joint subject ("The two leaders agreed ...") is credited to
    (evals/GUIDELINES.md: its first-named participant) when the evidence at ``start`` is the
    subject's own clause (not "reports ... that" it discussed): the first person named in the
    last sentence before it that names two persons or more; None for any other sentence."""
    if _JOINT.match(text[lo:lo + 60].lstrip()) is None or not _JOINT_OPENS.fullmatch(text[lo:start].strip()):
        return None
    named = sorted((s, p) for p in persons for s, e in mentions.get(p, []) if e <= lo)
    for s, _ in reversed(named):
        a, b = attribution.sentence_bounds(text, s, s)
        inside = sorted((t, p) for t, p in named if a <= t < b)
        if len({p for _, p in inside}) >= 2:
            return inside[0][1]
    return None


def _sentence_before(text: str, lo: int) -> tuple[int, int] | None:
    """The bounds of the sentence before ``lo`` in its paragraph; None at a paragraph's start."""
    end = len(text[:lo].rstrip())
    if end == 0 or "\n" in text[end:lo]:
        return None
    return attribution.sentence_bounds(text, end - 1, end)[0], end


def _titled_before(text: str, lo: int) -> bool:
    """Whether the sentence before ``lo``, in its paragraph, opens with a person's title as its
    subject ("The President underscored ... . He informed President X that ..."): "he" is that
    person, whom the rules cannot name, not the person named last."""
    before = _sentence_before(text, lo)
    m = _THE_TITLE.match(text, before[0]) if before else None
    return m is not None and m.group(1).lower() in attribution.TITLE_WORDS


def _previous_writes(rec: ActorRec, text: str, lo: int) -> bool:
    """Whether the sentence before ``lo``, in its paragraph, writes the actor's name or an alias
    in any case ("Our intelligence community assesses ... . It further judges ...")."""
    before = _sentence_before(text, lo)
    return before is not None and _written_before(rec, text[slice(*before)], before[1] - before[0])


def _written_before(rec: ActorRec, text: str, lo: int) -> bool:
    """Whether the article writes the actor's name or an alias before ``lo``, in any case, as
    whole words ("Iran", not the "Iran" of "Iranian")."""
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text[:lo], re.I)
               for n in (rec.name, *rec.aliases) if len(n) >= 3)


def _speaks_in(claimant: int, span: Span, text: str, mentions: Mapping[int, Sequence[tuple[int, int]]]) -> bool:
    """Whether the evidence writes the drafted source as the subject of its own reporting word
    (", a charge Velor denies": Velor's, whatever the sentence's main source)."""
    return any(span.start <= a and b <= span.end and _SUBJECT_OF_CUE.match(text, b)
               for a, b in mentions.get(claimant, []))


# a name right before a reporting word (an auxiliary or adverb between): its subject
_SUBJECT_OF_CUE = re.compile(rf"\s+(?:[a-z]+\s+)?(?:{attribution.CUE.pattern})")


def _goes_on(text: str, span: Span, lo: int, actors: ActorTable, persons: Sequence[int], label: str,
             warnings: list[ItemWarning]) -> int | None:
    """The speaker whose quotation the quoted sentence at ``span`` goes on in its paragraph
    ('"...," Lind said. "We will ..."' is Lind's too); None for any other sentence."""
    end = len(text[:lo].rstrip())
    if not attribution.inside_quote(text, span.start) or text[lo:lo + 1] not in ('"', "\u201c") or end == 0:
        return None  # only a sentence that is a quotation, after one that quotes
    plo, _ = attribution.sentence_bounds(text, end - 1, end)
    if not re.search(r"[\"\u201d]", text[plo:end]):
        return None
    return _filled(_quoted_before(text, lo, actors.mentions(), persons), actors, label, warnings,
                   "source from the text: {}, whose quotation this sentence goes on")


def _turn_speaker(ctx: Context, actors: ActorTable, span: Span) -> int | None:
    """The actor whose transcript turn holds ``span`` (None outside a transcript)."""
    turn = attribution.speaker(ctx.text, span.start)
    return turn_actor(turn, ctx, actors) if turn is not None else None


def _voice_at(ctx: Context, actors: ActorTable, span: Span, voice: int | None) -> int | None:
    """Who speaks at ``span``: in a transcript, the speaker of its turn (a statement's speaker
    does not speak another's turn); else the statement's speaker, ``voice``."""
    return _turn_speaker(ctx, actors, span) if attribution.transcript(ctx.text) else voice


def _turn_source(span: Span, claimant: int | None, slots: Sequence[int | None], via: Sequence[int] | None,
                 ctx: Context, actors: ActorTable, label: str, warnings: list[ItemWarning]
                 ) -> tuple[int, list[int]] | None:
    """In a transcript, the source and relays of a turn's sentence: its speaker's; or, where
    the draft has the speaker relay another ("Our partners told us that ..."), the draft's."""
    turn = attribution.speaker(ctx.text, span.start)
    slot = turn_actor(turn, ctx, actors) if turn is not None else None
    if slot is None:
        return None
    if claimant is not None and via is not None and slot in via:
        return claimant, _drafted_relays(claimant, slots, via)
    if slot != claimant:
        warnings.append(ItemWarning(
            code="adjusted", item=label, reason="source_from_transcript",
            fields={"source": actors.records[slot].name},
            message=f"source from the transcript: {actors.records[slot].name!r} speaks"))
    return slot, []


def _kept(claimant: int, slots: Sequence[int | None], written: Sequence[attribution.Source],
          sentence: str, actors: ActorTable, label: str, warnings: list[ItemWarning],
          via: Sequence[int] | None) -> tuple[int, list[int], str | None]:
    """The drafted source kept, with its relays and cue; the text's reading beside it."""
    relays = _drafted_relays(claimant, slots, via)
    if claimant in slots:
        cue: str | None = written[slots.index(claimant)].cue
    else:
        m = attribution.CUE.search(sentence)
        cue = m.group(0) if m else None
    if slots and slots[-1] is not None and slots[-1] != claimant:
        warnings.append(ItemWarning(
            code="alternative", item=label, reason="source_drafted_stands",
            fields={"drafted": actors.records[claimant].name,
                    "text": actors.records[slots[-1]].name, "cue": written[-1].cue or ""},
            message=f"the drafted source {actors.records[claimant].name!r} stands (the text "
                    f"names it); the sentence's own reading: {actors.records[slots[-1]].name!r} "
                    f"({written[-1].cue!r})"))
    return claimant, relays, cue


def turn_actor(turn: str, ctx: Context, actors: ActorTable) -> int | None:
    """The actor a transcript's turn label names: by its name ("MR. KIRBY"); else a label that
    is a title ("THE VICE PRESIDENT") is the person the article's title names with that title
    ("Remarks by Vice President Ana Ruiz ..."), or the one person drafted with it as role."""
    office = re.sub(r"(?i)^the\s+", "", turn).strip()
    if not office or office == turn:  # a name ("MR. KIRBY"), not a title
        slot = actors.find(turn)
        return None if slot is None or _outlet_voice(ctx.text, actors.records[slot]) else slot
    if key(turn) in actors.index:  # a title an actor is drafted as ("the President")
        return actors.index[key(turn)]
    title = ctx.title or heading_title(ctx.text)  # a transcript's own title line, if none is given
    m = re.search(rf"\b(?i:{re.escape(office)})\s+((?:[A-Z][\w.'\u2019-]+\s?){{1,3}})", title)
    slot = actors.find(m.group(1).strip()) if m else None
    if slot is not None:
        return slot
    holders = [i for i, r in enumerate(actors.records)
               if r.kind == "person" and r.role and key(r.role) == key(office)]
    return holders[0] if len(holders) == 1 else None


_CREDIT = lexicon.pattern("claims", "credit_lines")
_OUTLET_ROLE = lexicon.alt("claims", "outlet_roles")


def _outlet_voice(text: str, rec: ActorRec) -> bool:
    """Whether the person speaks for the outlet itself (its anchor, host or correspondent:
    "Our correspondent Ana Ruiz is in Velor"): their report is the writer's, no source's."""
    if rec.kind != "person":
        return False
    if rec.role and re.search(rf"\b(?:{_OUTLET_ROLE})\b", rec.role, re.I):
        return True
    names = "|".join(re.escape(n) for n in (rec.name, *rec.aliases) if n)
    return re.search(rf"\b(?i:{_OUTLET_ROLE})\s+(?:{names})\b|\b(?:{names}),\s+(?i:our|the)\s+(?:[a-z-]+\s+)?"
                     rf"(?i:{_OUTLET_ROLE})\b", text) is not None


def reported_claims(ctx: Context, actors: ActorTable, claims: list[Claim], warnings: list[ItemWarning]
              ) -> list[Claim]:
    """Reported speech the model left out: a content sentence no claim cites, whose source is
    written ("..., said David Maxwell"), becomes a claim with that sentence as its evidence, what
    it asserts as its statement (warning ``added``)."""
    cited = [(e.start, e.end) for c in claims for e in c.evidence]
    out: list[Claim] = []
    voice = statement_speaker(ctx, actors)
    voice = _speaker(ctx, actors, claims) if voice is None else voice
    for lo, hi in attribution.content_sentences(ctx.text, ctx.regions):
        sentence = ctx.text[lo:hi]
        if any(s < hi and lo < e for s, e in cited) or sentence.rstrip("\"\u201d\u2019").endswith("?") \
                or len(sentence.split()) < 6:
            continue
        span = Span(start=lo, end=hi, text=sentence, match="exact")
        if _not_a_claim(ctx.text, span) or under_instruction(sentence, 0, len(sentence)) \
                or _headline(ctx.text, lo, hi):
            continue
        written = attribution.sources(ctx.text, lo, hi, actors.mentions(),
                                      [i for i, r in enumerate(actors.records) if r.kind == "person"],
                                      actors.bodies())
        label = f"c{len(claims) + len(out) + 1}"
        turn = None if written else attribution.speaker(ctx.text, lo)
        turn_slot = turn_actor(turn, ctx, actors) if turn else None
        if turn_slot is not None:  # an interview or transcript: the turn's speaker says it
            certainty = certainty_from_cue(sentence, "asserted")
            added = _spoken(label, span, turn_slot, _reported_type(sentence, certainty), certainty,
                            actors, "turn_added", "a sentence of {}'s turn")
        elif not written and voice is not None and attribution.first_person(sentence):
            certainty = certainty_from_cue(sentence, "asserted")
            added = _spoken(label, span, voice, checked_type("policy", sentence, certainty), certainty,
                            actors, "first_person_added", "a first-person sentence of {}'s statement")
        else:
            added = None
        if added is not None:
            out.append(added[0])
            warnings.append(added[1])
            continue
        slots = [w.actor if w.actor is not None else actors.ref(w.name, label) for w in written]
        if not written or any(slot is None for slot in slots):
            continue
        source = slots[-1]
        cue = written[-1].cue
        certainty = certainty_from_cue(f"{cue} {sentence}", "asserted")
        a, b = attribution.asserted(ctx.text, lo, hi, written, actors.mentions())
        out.append(Claim(
            id=label, statement=ctx.text[a:b], type=_reported_type(sentence, certainty),
            actors=_ids(written_in(span, actors.mentions()), "a"),
            claimant=f"a{source + 1}" if source is not None else None,
            via=_ids((r for r in slots[:-1] if r != source), "a"), cue=cue, certainty=certainty,
            evidence=[span], grounded=True))
        warnings.append(ItemWarning(
            code="added", item=label, reason="reported_speech_added",
            fields={"cue": cue or "", "source": actors.records[source].name if source is not None else ""},
            message="reported speech the model left out" + (f" ({cue!r})" if cue else "")
                    + ": the sentence is the claim"))
    return out


def _headline(text: str, lo: int, hi: int) -> bool:
    """Whether the sentence at ``lo:hi`` is a whole line without sentence punctuation: a
    headline, subheading or caption ("X sends troops, lawmaker says; Y reports launch"), whose
    words the article's sentences state again; reported speech ends its sentence."""
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    line = text[start:len(text) if end < 0 else end].strip()
    return line == text[lo:hi].strip() and re.search(r"[.!?\"\u201d\u2019)]$", line) is None


def _spoken(label: str, span: Span, slot: int, kind: ClaimType, certainty: Certainty,
            actors: ActorTable, reason: Reason, what: str) -> tuple[Claim, ItemWarning]:
    """A sentence the model left out, said by the actor at ``slot`` (a turn's speaker, a
    statement's voice), as a claim and its warning (``what``: how the sentence is theirs)."""
    name = actors.records[slot].name
    claim = Claim(id=label, statement=span.text, type=kind, claimant=f"a{slot + 1}",
                  certainty=certainty, evidence=[span], grounded=True)
    return claim, ItemWarning(code="added", item=label, reason=reason, fields={"source": name},
                              message=what.format(repr(name)) + " the model left out: the sentence is "
                                                                "the claim")


_STATEMENT = lexicon.pattern("claims", "statement_genres", flags=0)
_BY = re.compile(rf"\b(?:{lexicon.alt('claims', 'author_prepositions')})\s+(.+?)"
                 rf"(?=\s+(?:{lexicon.alt('claims', 'title_prepositions')})\s|$)")


def statement_speaker(ctx: Context, actors: ActorTable) -> int | None:
    """The speaker a statement's title names: the one actor the title writes as its author,
    after "by" or before the genre's word ("Statement by President Joe Biden on ...", "G7
    Statement on Ukraine"); else the one person whose name, an alias or surname the title
    writes."""
    genre = _STATEMENT.search(ctx.title)
    if genre is None:
        return None

    def named(r: ActorRec, title: str, single: bool) -> bool:
        words = set(re.findall(r"[\w'\u2019.-]+", title))
        if single and any(n in words for n in (r.name, *r.aliases)):
            return True
        full = any(n in title for n in (r.name, *r.aliases) if len(n.split()) >= 2)
        return full or (len(r.name.split()) >= 2 and r.name.split()[-1] in words)

    # "Statement by President X on a Call with President Y": the speaker is the one after "by"
    by = _BY.search(ctx.title)
    authors = ([by.group(1)] if by else []) + [ctx.title[:genre.start()]]
    for title in [a for a in authors if a.strip()]:
        hits = [i for i, r in enumerate(actors.records) if named(r, title, single=True)]
        if len(hits) == 1:
            return hits[0]
    hits = [i for i, r in enumerate(actors.records) if r.kind == "person" and named(r, ctx.title, False)]
    return hits[0] if len(hits) == 1 else None


def title_author(title: str) -> str | None:
    """The person a statement's title writes as its author, titled, after "by" or "from"
    ("Statement from President Ana Ruiz on ..." -> "Ana Ruiz"); None for any other title."""
    by = _BY.search(title) if _STATEMENT.search(title) else None
    if by is not None and re.search(r"\s(?:and|&)\s", by.group(1)):  # two authors: no one speaker
        return None
    found = titled_person([by.group(1)]) if by else None
    return found[0] if found and person_like(found[0]) else None


def speaker_from_title(ctx: Context, actors: ActorTable, warnings: list[ItemWarning]) -> int | None:
    """The speaker a statement's title names, added as a person where the draft left them out
    and the statement speaks in the first person singular (the speaker of those sentences);
    None where the title names no author, the table already holds the name, or no sentence is
    the speaker's own ("we are announcing" is the government's)."""
    name = title_author(ctx.title)
    if name is None or actors.find(name) is not None or not any(
            attribution.first_person(ctx.text[lo:hi]) for lo, hi in attribution.content_sentences(
                ctx.text, ctx.regions)):
        return None
    slot = actors.add(None, name, "person")
    warnings.append(ItemWarning(
        code="added", item=f"a{slot + 1}", reason="speaker_from_title", fields={"name": name},
        message=f"{name!r}, the author the statement's title names, is not among the drafted actors"))
    return slot


def _speaker(ctx: Context, actors: ActorTable, claims: list[Claim]) -> int | None:
    """The speaker of a statement written in the first person: the one person the drafted
    claims credit with their first-person sentences (two or more, none credited to another)."""
    voices = [c.claimant for c in claims if c.claimant and c.evidence and attribution.first_person(
        ctx.text[slice(*attribution.sentence_bounds(ctx.text, c.evidence[0].start,
                                                   c.evidence[0].end))])]
    if len(voices) < 2 or len(set(voices)) != 1:
        return None
    slot = int(voices[0][1:]) - 1
    return slot if actors.records[slot].kind == "person" else None


def _reported_type(sentence: str, certainty: Certainty) -> ClaimType:
    """Reported speech: hedged, or with no word of an event, it is an assessment."""
    if certainty in ("probable", "possible"):
        return "assessment"
    kind = checked_type("other", sentence, certainty)
    return "assessment" if kind == "other" else kind


def _not_a_claim(text: str, span: Span) -> tuple[Reason, str] | None:
    """A credit line ("... contributed to this report"), a heading (a short line without
    sentence punctuation, "U.S. warning"), a greeting or thanks ("Thank you.") or a line that
    only stamps the text (a time, a dateline) states nothing."""
    if _CREDIT.search(text[slice(*attribution.sentence_bounds(text, span.start, span.end))]):
        return "not_a_claim:credit_line", "a credit line"
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start:len(text) if end < 0 else end].strip()
    if len(line.split()) <= 5 and not re.search(r"[.!?:;\"\u201d]$", line):
        return "not_a_claim:heading", "a heading"
    sentence = text[slice(*attribution.sentence_bounds(text, span.start, span.end))]
    if _SOCIAL.fullmatch(sentence.strip()):
        return "not_a_claim:greeting", "a greeting or thanks"
    if _STAMP.match(line):
        return "not_a_claim:stamp", "a dateline, time or venue line"
    return None


# what a speaker says to the room, not about the world ("Thank you.", "Good afternoon, everyone.")
_SOCIAL = re.compile(rf"(?i)(?:(?:{lexicon.alt('claims', 'social_phrases')})"
                     rf"(?:,? (?:{lexicon.alt('claims', 'social_addressees')}))?[.!,]?\s*)+")
# a line that stamps the text: a time ("1:05 P.M. EST"), or a dateline alone ("WASHINGTON --")
_STAMP = re.compile(r"\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?\b.{0,12}$"
                    r"|[A-Z][A-Z .,'-]{2,40}\s*[-\u2013\u2014]{1,2}\s*$")


@dataclass(frozen=True)
class Note:
    """Why a claim's evidence is not its drafted quote, or why it has none: an
    ``ItemWarning``'s reason, fields and message, given when the claim is built."""

    reason: Reason
    message: str
    fields: Mapping[str, str]


_NOT_STATED: dict[str, Reason] = {
    "polarity": "not_stated:polarity", "number": "not_stated:number", "actor": "not_stated:actor",
    "name": "not_stated:name", "role": "not_stated:role", "words": "not_stated:words"}


def claim_evidence(c: DraftClaim, ctx: Context) -> tuple[Span | None, Note | None]:
    """Evidence for a drafted claim, and a note when the library had to choose it.

    The quote is used when it lies in the content and states the claim (``support``);
    otherwise the content sentence that best states it, when it does; otherwise None."""
    span = ctx.locate(c.quote)
    if span is not None and not ctx.in_content(span):
        return None, Note("evidence_outside_content", "evidence lies outside the article's content "
                          "(boilerplate or text addressing the model)", {"quote": c.quote})
    score = support(c.said, span.text) if span is not None else None
    if span is not None and (score is None or score >= SUPPORT_MIN):
        return span, None
    found = best_sentence(c.said, ctx.text, ctx.regions)
    if found is not None and found[1] >= SUPPORT_MIN:
        (a, b), _ = found
        why = "the quoted text does not state the claim" if span else "quote not found"
        return (Span(start=a, end=b, text=ctx.text[a:b], match="exact"),
                Note("evidence_from_sentence", f"{why}; evidence is the sentence that states it",
                     {"quote": c.quote, "quote_found": "yes" if span else "no"}))
    if span is not None:
        return None, Note("quote_not_stating", f"the quoted text does not state the claim: {c.quote[:80]!r}",
                          {"quote": c.quote})
    return None, Note("quote_not_found", f"quote not found in the article: {c.quote[:80]!r}",
                      {"quote": c.quote})


def _certainty(c: DraftClaim, statement: str, cue: str | None, span: Span | None, ctx: Context,
               no_info: bool, graded: bool, label: str, warnings: list[ItemWarning]) -> Certainty:
    """The certainty the claim's words support: the drafted one where the words support it
    (``supported``); else the cue's or the statement's hedge or denial word
    (``certainty_from_cue``), one that needs a cue only with that cue in the sentence."""
    sentence = after = ""
    if span is not None:
        lo, hi = attribution.sentence_bounds(ctx.text, span.start, span.end)
        sentence = ctx.text[lo:hi]
        after = _sentence_after(ctx.text, hi)
    if not no_info and supported(c.certainty, f"{cue or ''} {statement}", f"{cue or ''} {sentence}", after):
        return c.certainty
    told_certainty: Certainty = "asserted" if no_info else c.certainty
    certainty = certainty_from_cue(" ".join(filter(None, [cue, statement])), told_certainty)
    if span is not None:
        certainty = certainty_needs_cue(certainty, f"{cue or ''} {sentence}")
    if graded and certainty != c.certainty:  # a model that grades certainty: its grade stands
        warnings.append(ItemWarning(
            code="alternative", item=label, reason="certainty_drafted_stands",
            fields={"drafted": c.certainty, "certainty": certainty, "cue": cue or ""},
            message=f"the drafted certainty {c.certainty} stands (the model grades certainty); "
                    f"the words' reading: {certainty}"))
        return c.certainty
    if certainty != c.certainty:
        warnings.append(ItemWarning(
            code="adjusted", item=label, reason="certainty_from_cue",
            fields={"drafted": c.certainty, "certainty": certainty, "cue": cue or ""},
            message=f"certainty {c.certainty} -> {certainty} from "
                    + (f"the words {cue!r} and the statement" if cue else "the statement's words")))
    return certainty


def _sentence_after(text: str, hi: int) -> str:
    """The sentence that follows the one ending at ``hi`` ("" at the article's end)."""
    start = len(text) - len(text[hi:].lstrip())
    return text[slice(*attribution.sentence_bounds(text, start, start + 1))] if start < len(text) else ""


def supported(drafted: Certainty, words: str, sentence: str, after: str = "") -> bool:
    """Whether the words allow the drafted certainty, so that it stands: ``words`` are the cue
    and the statement, ``sentence`` the cue and the evidence's sentence, ``after`` the sentence
    that follows it ("The report could not be independently verified."). Asserted needs no
    hedge, denial or unverified word; probable and possible their hedge; denied a denial word
    or a negation; unconfirmed a word that leaves it unverified, a report, or a negation."""
    if drafted == "asserted":
        return not any(p.search(words) for p in (_UNCONFIRMED, _DENIED, _POSSIBLE, _PROBABLE))
    if drafted == "probable":
        return bool(_PROBABLE.search(words))
    if drafted == "possible":
        return bool(_POSSIBLE.search(words))
    if drafted == "denied":
        return bool(DENIAL.search(sentence) or NEGATION.search(sentence))
    return certainty_needs_cue("unconfirmed", sentence) == "unconfirmed" or bool(
        _REPORTS.search(sentence) or _UNCONFIRMED.search(after) or NON_CONFIRMATION.search(after))


# a report noun with its content ("alarm at reports that ...", "reports of ..."): an unnamed report
_REPORTS = re.compile(r"\breports?\s+(?:that|of)\b", re.I)


def stated_as(c: DraftClaim, span: Span | None) -> str:
    """The words a claim's certainty and type are read from: grounded, the article's own words
    (its evidence), never the model's restatement; ungrounded, what the draft says (its
    restatement, else its quote)."""
    if span is not None:
        return span.text
    return c.said.strip()


def drafted(c: DraftClaim, sentence: str) -> str | None:
    """The model's restatement, kept unverified, when it wrote one other than the words of the
    evidence's ``sentence`` (``stated.paraphrase``)."""
    said = (c.statement or "").strip()
    return said if said and paraphrase(said, sentence) else None


def content(span: Span, ctx: Context, actors: ActorTable) -> str:
    """What the evidence asserts, its reporting frame left out (``attribution.asserted``):
    "X said on Monday that Y bought tanks" states "Y bought tanks", by X."""
    mentions = actors.mentions()
    persons = [i for i, r in enumerate(actors.records) if r.kind == "person"]
    found = attribution.sources(ctx.text, span.start, span.end, mentions, persons, actors.bodies())
    a, b = attribution.asserted(ctx.text, span.start, span.end, found, mentions)
    return ctx.text[a:b]


def written_in(span: Span | None, mentions: Mapping[int, Sequence[tuple[int, int]]]) -> list[int]:
    """The items with a mention inside ``span``, in the order they are first written there."""
    if span is None:
        return []
    first = {i: min(a for a, b in ms if span.start <= a and b <= span.end)
             for i, ms in mentions.items() if any(span.start <= a and b <= span.end for a, b in ms)}
    return sorted(first, key=lambda i: (first[i], i))


@dataclass(frozen=True)
class ClaimRec:
    """A drafted claim on its way to a ``Claim``: what the claim steps have read so far
    (``drafted_claims``, then ``stated``, ``attributed``, ``certain``, ``typed``; each
    returns new records)."""

    label: str
    draft: DraftClaim
    span: Span | None  # the evidence; None: ungrounded
    note: Note | None  # why the evidence is not the drafted quote, or why there is none
    claimant: int | None
    certainty: Certainty
    via: tuple[int, ...] = ()
    via_drafted: bool = False  # the draft gives the relays (``via``, perhaps none)
    cue: str | None = None
    type: ClaimType = "other"
    content: str | None = None  # what the evidence asserts, its reporting frame left out

    @property
    def statement(self) -> str:
        return stated_as(self.draft, self.span)

    def sentence(self, ctx: Context) -> str:
        """The evidence's sentence ("" when ungrounded)."""
        if self.span is None:
            return ""
        return ctx.text[slice(*attribution.sentence_bounds(ctx.text, self.span.start, self.span.end))]


def drafted_claims(drafts: Sequence[DraftClaim], ctx: Context, actors: ActorTable,
                   warnings: list[ItemWarning]) -> list[ClaimRec]:
    """Draft claims with their evidence (``claim_evidence``) and drafted source: a credit line
    or a heading is no claim (``dropped``), a second draft of the same statement on the same
    evidence is a duplicate (``merged``)."""
    out: list[ClaimRec] = []
    seen: dict[tuple[str, str], str] = {}
    for n, c in enumerate(drafts, 1):
        span, note = claim_evidence(c, ctx)
        what = _not_a_claim(ctx.text, span) if span is not None else None
        if what is not None and span is not None:
            warnings.append(ItemWarning(code="dropped", item=f"draft claim {n}", reason=what[0],
                                        fields={"line": span.text},
                                        message=f"{what[1]}, not a claim: {span.text[:60]!r}"))
            continue
        dup = (key(c.said), f"{span.start}:{span.end}" if span else c.quote)
        if dup in seen:
            warnings.append(ItemWarning(code="merged", item=f"draft claim {n}", reason="claim_duplicate",
                                        fields={"into": seen[dup]}, message=f"duplicate of {seen[dup]}"))
            continue
        label = f"c{len(out) + 1}"
        seen[dup] = label
        if span is not None:  # evidence under an instruction is not the article's assertion
            lo, hi = attribution.sentence_bounds(ctx.text, span.start, span.end)
            why = under_instruction(ctx.text[lo:hi], span.start - lo, span.end - lo)
            if why is not None:
                span, note = None, Note("under_instruction", f"{why}: {c.quote[:80]!r}",
                                        {"quote": c.quote})
        via = tuple(v for v in (actors.ref(x, label) for x in c.via or ()) if v is not None)
        out.append(ClaimRec(label=label, draft=c, span=span, note=note, via=via,
                            via_drafted=c.via is not None,
                            claimant=actors.ref(c.claimant, label), certainty=c.certainty,
                            type=c.type or "other"))
    return out


def stated(recs: Sequence[ClaimRec], ctx: Context, actors: ActorTable, voice: int | None
           ) -> list[ClaimRec]:
    """Evidence grounds a claim only when it states it (``stated.why_unstated``); the
    drafted source, and a statement's speaker in a first-person sentence, need not be named
    there."""
    out = []
    for rec in recs:
        if rec.span is not None:
            sentence = rec.sentence(ctx)
            exempt = {x for x in (rec.claimant, *rec.via) if x is not None}
            if voice is not None and attribution.first_person(sentence):
                exempt.add(voice)  # "I am proud ..." of a statement's speaker names the speaker
            restated = bool(rec.draft.statement and rec.draft.statement.strip())
            why = why_unstated(rec.draft.said, rec.span.text, sentence, actors, exempt,
                               restated=restated)
            if why is not None:
                rec = replace(rec, span=None, note=Note(
                    _NOT_STATED[why.check],
                    f"the evidence does not state the claim ({why.message}): {rec.draft.quote[:80]!r}",
                    {"quote": rec.draft.quote, why.check: why.words}))
        out.append(rec)
    return out


def attributed(recs: Sequence[ClaimRec], ctx: Context, actors: ActorTable, voice: int | None,
               warnings: list[ItemWarning]) -> list[ClaimRec]:
    """Source, relays and cue from the evidence's sentence (``_attribute``: a drafted source
    and relays consistent with the text stand), and what the evidence asserts without its
    reporting frame (``content``): a grounded statement is always the article's words."""
    out = []
    answers = reads_sources([rec.draft for rec in recs])
    for rec in recs:
        if rec.span is not None:
            claimant, via, cue = _attribute(rec.span, rec.claimant, ctx, actors, rec.label, warnings,
                                            voice, rec.via if rec.via_drafted else None, answers)
            rec = replace(rec, claimant=claimant, via=tuple(via), cue=cue,
                          content=content(rec.span, ctx, actors))
        out.append(rec)
    return out


def reads_sources(drafts: Sequence[DraftClaim]) -> bool:
    """Whether a draft answers its claims' sources: it gives some claim a source and leaves
    another without one (a model that tells the article's own statements from reported ones;
    measured on dev: the 1.5B model's drafts give every claim a source)."""
    return any(c.claimant for c in drafts) and any(not c.claimant for c in drafts)


# a draft that gives its claims this many different certainties grades them: the model reads
# certainty, and its grade stands (measured on dev: the 1.5B model's drafts use one or two
# values, asserted and the odd denial or hedge; a perfect draft of a long article three or more)
GRADES = 3


def _reads_certainty(recs: Sequence[ClaimRec], ctx: Context) -> bool:
    """Whether a draft shows that its model reads certainty: it departs from ``asserted``
    somewhere, and every claim it departs on is grounded and its words support the grade
    it gave (``supported``). A model that hedges or denies only where the text does is
    taken at its word where it did not."""
    graded = [rec for rec in recs if rec.draft.certainty != "asserted"]
    return bool(graded) and all(rec.span is not None and _words_support(rec, ctx) for rec in graded)


def _words_support(rec: ClaimRec, ctx: Context) -> bool:
    """Whether the claim's cue, statement and sentence support its drafted certainty."""
    assert rec.span is not None
    lo, hi = attribution.sentence_bounds(ctx.text, rec.span.start, rec.span.end)
    cue = rec.cue or ""
    return supported(rec.draft.certainty, f"{cue} {rec.statement}", f"{cue} {ctx.text[lo:hi]}",
                     _sentence_after(ctx.text, hi))


def certain(recs: Sequence[ClaimRec], drafts: Sequence[DraftClaim], ctx: Context,
            warnings: list[ItemWarning]) -> list[ClaimRec]:
    """Certainty from the words (``_certainty``); a certainty the model gave every drafted
    claim (``stated.uniform``) says nothing and is read from the words alone; a draft that
    grades its claims (``GRADES`` different certainties or more) keeps its grades, with the
    words' reading beside each it differs from (an ``alternative`` warning)."""
    told = [c.certainty for c in drafts]
    no_info = uniform(told) and told[0] != "asserted"
    graded = len(set(told)) >= GRADES or _reads_certainty(recs, ctx)
    if no_info:
        warnings.append(ItemWarning(
            code="adjusted", item="draft claims", reason="uniform_certainty",
            fields={"certainty": told[0], "claims": str(len(told))},
            message=f"the model gave all {len(told)} claims certainty {told[0]!r}: that says nothing "
                    "about any one of them; certainty is read from each claim's words"))
    return [replace(rec, certainty=_certainty(rec.draft, rec.statement, rec.cue, rec.span, ctx,
                                              no_info, graded, rec.label, warnings)) for rec in recs]


def typed(recs: Sequence[ClaimRec]) -> list[ClaimRec]:
    """Claim type from the statement's words (``claimtype.checked_type``): a drafted type the
    words support stands."""
    return [replace(rec, type=checked_type(rec.draft.type or "other", rec.statement, rec.certainty))
            for rec in recs]


def claim_records(recs: Sequence[ClaimRec], ctx: Context, actors: ActorTable,
                  weapons: Sequence[WeaponRec], warnings: list[ItemWarning]) -> list[Claim]:
    """The claims: evidence notes as warnings (``adjusted``, or ``ungrounded`` without
    evidence), the actors and weapons written in the evidence, references resolved to ids."""
    out = []
    for rec in recs:
        c, span, label = rec.draft, rec.span, rec.label
        if rec.note:
            warnings.append(ItemWarning(code="adjusted" if span else "ungrounded", item=label,
                                        reason=rec.note.reason, fields=dict(rec.note.fields),
                                        message=rec.note.message))
        statement = rec.content if rec.content is not None else rec.statement
        restated = drafted(c, rec.sentence(ctx)) if span is not None else (c.statement or "").strip() or None
        out.append(Claim(
            id=label, statement=statement, type=rec.type,
            claimant=f"a{rec.claimant + 1}" if rec.claimant is not None else None,
            via=_ids(rec.via, "a"), cue=rec.cue, certainty=rec.certainty,
            not_confirmed_by=_ids((actors.ref(x, label) for x in c.not_confirmed_by), "a"),
            denied_by=_ids((actors.ref(x, label) for x in c.denied_by), "a"),
            actors=_ids(written_in(span, actors.mentions()), "a"),
            weapon_systems=_ids(written_in(span, {i: [(m.start, m.end) for m in w.mentions]
                                                  for i, w in enumerate(weapons)}), "w"),
            place=c.place if c.place and c.place in ctx.text else None,
            time=c.time if c.time and c.time in ctx.text else None,
            evidence=[span] if span is not None else [], grounded=span is not None,
            paraphrase=restated is not None, drafted_statement=restated,
        ))
    return out
