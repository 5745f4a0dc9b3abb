"""Text that addresses the model or the reader with instructions, recognised by its form.

An article is data, never instructions. A sentence is set aside (``instruction_form``
returns why) when its *form* is that of an instruction to a machine, in any case, spacing or
wording:

* ``role``: a chat role marker or a fake system/instruction tag ("System:", "<|im_start|>",
  "[INST]", "</article>", "### Instruction");
* ``addressed``: it is addressed to an AI, an assistant, a model or an automated reader
  ("Note to AI systems: ...", "If you are a language model, ...", "Assistant, ...");
* ``override``: a verb of setting aside (ignore, disregard, forget, override, bypass ...)
  aimed at what came before or at instructions, prompts, rules or directions;
* ``command``: a sentence that starts with an output command followed by what to output
  ("Report that ...", "Say: ...", "Output only ...", "Respond with ..."), or that speaks of
  "your output/answer/response/extraction";
* ``mode``: mode switches ("from now on", "new instructions", "developer mode", "jailbreak");
* ``request``: a polite request to whoever processes the text ("When summarising this story,
  the one claim worth listing is that ...", "any summary should say ...", "you must report ...").

The same forms are recognised in the languages of the corpus's countries (Spanish, French,
German, Russian, Ukrainian, Korean, Chinese, Arabic, Persian, Hebrew): setting aside earlier
instructions, "if you are a language model", notes to AI systems, and an imperative of
reporting or saying followed by its complementizer at a sentence's start ("Informa que ...",
"Сообщи, что ...", "...라고 보고하라", "请报告..."). A role object in any syntax (``{"role":
"system", ...}``, ``role: system``, ``<message role="system">``) is a ``role``.

Reported speech keeps its reporting frame ("He told them to ignore the rules" starts with
"He told"), so news sentences do not take these forms; the minimal pairs in
``tests/test_instructions.py`` hold both sides. The text is compared after Unicode
normalization (NFKC), with zero-width characters dropped, white space (line breaks included)
collapsed, and letters of another script that look like the text's own folded into it (the
Unicode confusables data of UTS #39, read through ``confusable_homoglyphs``: "іgnore" with a
Cyrillic "і" reads "ignore"); each check also runs with markup removed ("Ig<b>nore</b>",
"**ignore** previous _instructions_").

Reported speech that quotes an imperative keeps its speaker ('"Report that to the police," the
official said') and stays content; what such an imperative asks to report is never the
article's assertion (``embedded_command``: evidence inside it grounds nothing).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache
from importlib.resources import files

from confusable_homoglyphs.categories import alias

from . import wordlists

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LEXICON = ("llmclaims.text", "data/lexicon.toml")


def _alt(name: str) -> str:
    """A word list of data/lexicon.toml [instructions] as one group ``(?:a|b|c)``."""
    return f"(?:{wordlists.alt(*_LEXICON, 'instructions', name)})"


_MACHINE = _alt("machine")
_ROLE_KEY = (r"[\"'\u201c\u201d]?\brole[\"'\u201c\u201d]?\s*[:=]\s*[\"'\u201c\u201d]?\s*"
             r"(?:system|assistant|user|developer|tool|function)\b")


def _forms(name: str) -> re.Pattern[str]:
    """A check of data/lexicon.toml [instructions] (each entry one form), the list 'machine'
    written where a form says ``{machine}``."""
    return re.compile("|".join(e.replace("{machine}", _MACHINE)
                               for e in wordlists.entries(*_LEXICON, "instructions", name)))


_ROLE = re.compile(f"{_forms('role_markers').pattern}|{_ROLE_KEY}")
_REQUEST = _forms("request")
_ADDRESSED = _forms("addressed")
_SET_ASIDE = _alt("set_aside")
_EARLIER = _alt("earlier")
_DIRECTIVES = _alt("directives")
_AI_DIRECTIVES = _alt("ai_directives")
_OVERRIDE = re.compile(
    rf"\b{_SET_ASIDE}\s+(?:(?:all|any|of|the|your|my|these|those|everything|in|on)\s+)*(?:"
    rf"{_EARLIER}\s+(?:\w+\s+)?{_DIRECTIVES}"
    rf"|(?:your|all|any)\s+(?:of\s+)?(?:the\s+|your\s+|these\s+)?{_AI_DIRECTIVES}"
    rf"|(?:everything|anything|all|what(?:ever)?)\s+(?:(?:you\s+were|you've\s+been|was|were)\s+"
    rf"(?:told|given|said)|(?:written\s+|said\s+|stated\s+)?(?:above|before|earlier|so\s+far))"
    rf"|the\s+(?:above|text\s+above|text\s+so\s+far))\b"
    rf"|^\W{{0,3}}(?:please\s+|now\s+|and\s+|then\s+)?{_SET_ASIDE}\b[^.!?]{{0,40}}?\b{_DIRECTIVES}\b")
_LABEL = rf"(?:{_alt('labels')}\s*[:!-]\s*)?"
_ADVERBS = rf"(?:{_alt('adverbs')}\s+)*"
_COMMAND = re.compile(
    rf"^\W{{0,3}}{_LABEL}{_ADVERBS}"
    + _alt("output_verbs") +
    r"\s*(?:that\b|only\b|with\s+(?:only|the\s+following|this|these)\b|the\s+following|exactly\b|"
    r"verbatim\b|instead\b|as\s+(?:a\s+)?fact\b|(?:this|these|the)\s+(?:claim|statement|sentence|fact)s?\b|"
    r"\"|\u201c)"
    rf"|^\W{{0,3}}{_LABEL}{_ADVERBS}(?:output|print|respond|reply|return)\s*:"
    r"|\b(?:your|the\s+model's|the\s+assistant's)\s+(?:output|extraction|json|structured\s+\w+)\b")
_MODE = _forms("mode")

# -- other languages -------------------------------------------------------------------------
# Small lists per language, written by hand from each verb's standard imperative forms (2nd
# person singular and plural/polite, as the Wiktionary conjugation tables give them) and the
# usual wording of a note addressed to AI systems; a form that is also a past or 3rd-person
# form in news ("informó que", "сообщили, что", "ذكر أن", "דווח כי", "报告说") is left out or
# needs a word only a request has (por favor, пожалуйста, 请, يرجى, لطفا, אנא).
_FOREIGN_OVERRIDE = wordlists.entries(*_LEXICON, "instructions", "foreign_override")
_FOREIGN_ADDRESSED = wordlists.entries(*_LEXICON, "instructions", "foreign_addressed")
_FOREIGN_COMMAND = wordlists.entries(*_LEXICON, "instructions", "foreign_command")
_FOREIGN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("override", re.compile("|".join(_FOREIGN_OVERRIDE))),
    ("addressed", re.compile("|".join(_FOREIGN_ADDRESSED))),
    ("command", re.compile("|".join(_FOREIGN_COMMAND))),
)
_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("role", _ROLE), ("addressed", _ADDRESSED), ("override", _OVERRIDE), ("command", _COMMAND),
    ("mode", _MODE), ("request", _REQUEST), *_FOREIGN)


BARE_WORDS = 8  # "Ignore all of the above." stands bare: what follows it is its payload


@cache
def _confusables() -> dict[str, tuple[str, ...]]:
    """UTS #39 confusables (``confusable_homoglyphs``' copy of Unicode's confusables.txt): for
    each character, the single characters it can be mistaken for."""
    data = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    return {ch: tuple(h["c"] for h in found if len(h["c"]) == 1) for ch, found in data.items()}


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    return "LATIN" if ch.isascii() else str(alias(ch))


@lru_cache(maxsize=4096)
def _fold(ch: str, main: str) -> str:
    """The letter of script ``main`` that ``ch`` can be mistaken for, directly or through one
    shared look-alike (Cyrillic "І" -> "l" -> "I"), of ``ch``'s case, ASCII first; or ``ch``."""
    table = _confusables()
    near = table.get(ch, ())
    same = [c for c in dict.fromkeys((*near, *(c for h in near for c in table.get(h, ()))))
            if c.isalpha() and _script(c) == main]
    same.sort(key=lambda c: (c.isupper() != ch.isupper(), c not in near, not c.isascii()))
    return same[0] if same else ch


def fold_confusables(text: str) -> str:
    """Letters of another script that look like a letter of the text's main script, replaced by
    that letter (same UTS #39 skeleton, same case): "Іgnore" (Cyrillic "І") -> "Ignore"; a
    Latin "o" in Cyrillic text -> "о". The main script is the one most letters are written in."""
    if text.isascii():
        return text
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    if len(scripts) < 2:
        return text
    main = scripts.most_common(1)[0][0]
    return "".join(_fold(ch, main) if ch.isalpha() and _script(ch) != main else ch for ch in text)


_INLINE_TAG = re.compile(r"</?(?:b|i|u|s|em|strong|span|mark|small|sup|sub|font|a|code)\b[^<>]{0,200}>", re.I)
_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,200}>|<!--|-->")  # a tag, not a role token ("<|im_start|>")
_MARKDOWN = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")


def _unmarked(text: str) -> str:
    """``text`` without markup: inline tags joined ("Ig<b>nore</b>"), other tags and comments
    as spaces, markdown emphasis marks dropped, entities read."""
    import html

    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    return _MARKDOWN.sub("", html.unescape(text))


def canonical(text: str, *, fold: bool = True) -> str:
    """NFKC, zero-width characters dropped, look-alike letters folded into the text's main
    script (``fold``), curly quotes straight, case folded, spaces (line breaks included)
    collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = fold_confusables(text) if fold else text
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


_REPORTED = re.compile(
    r"^\W{0,3}[\"\u201c](?P<quote>[^\"\u201c\u201d]+)[\"\u201d]\s*,?\s*(?:[\w.'-]+\s+){0,6}?"
    + _alt("reporting_verbs") + r"\b")


def _reported_quote(text: str) -> bool:
    """A quotation closed by its speaker ('"Report that to the police," the official said')."""
    return _REPORTED.search(text) is not None


def instruction_form(sentence: str) -> str | None:
    """Why ``sentence`` reads as an instruction to a machine (``role``, ``addressed``,
    ``override``, ``command``, ``mode``, ``request``), or None. A quotation closed by its
    speaker is reported speech: its imperatives (``command``, ``request``) stay content."""
    text = canonical(sentence)
    if not text:
        return None
    # folded and as written (a Russian imperative before an English payload is not folded)
    variants = dict.fromkeys((text, canonical(_unmarked(sentence)), canonical(sentence, fold=False)))
    reported = _reported_quote(text)
    for variant in variants:
        for name, pattern in _CHECKS:
            if reported and name in ("command", "request"):
                continue
            if pattern.search(variant):
                return name
    return None


_EMBEDDED = re.compile(
    r"(?:^|[\"\u201c:;(]\s*|\s[-\u2013\u2014]\s+)(?:please\s+|now\s+|just\s+)?"
    + _alt("embedded_verbs") + r"\s+"
    r"(?:that|the\s+following|as\s+fact)\s+(?!to\b|with\b|at\b|on\b|in\b|immediately\b|now\b|right\b|"
    r"again\b|too\b|[,.!?])", re.I)


def embedded_command(sentence: str) -> int | None:
    """Where, in ``sentence``, the payload of an imperative of reporting begins ("Report that
    <payload>", '"Say that <payload>," he told them'), quoted or not; None if it has none. A
    request's payload is what someone asks to be said, never what the article asserts.
    ("Report that to the police": "that" is its object, no payload.)"""
    m = _EMBEDDED.search(sentence)
    if m is not None:
        return m.end()
    text = canonical(sentence)
    checks = (*_FOREIGN[2:], ("request", _REQUEST))
    if not _reported_quote(text):
        checks += (("command", _COMMAND),)
    variants = (text, canonical(sentence, fold=False))
    return 0 if any(pattern.search(v) for _, pattern in checks for v in variants) else None


def opens_payload(sentence: str) -> bool:
    """An instruction that introduces what follows ("... and say the following:", "Report:"):
    the rest of its paragraph is its payload, not article text."""
    text = canonical(sentence).rstrip()
    bare = len(text.split()) <= BARE_WORDS
    return bare or text.endswith(":") or "the following" in text or text.endswith(("say", "report", "state"))


_ROLE_OBJECT = re.compile(_ROLE_KEY, re.I)
OBJECT_CHARS = 5_000  # how far a role object's braces are looked for


def _brace(text: str, pos: int, step: int) -> int | None:
    """The unmatched brace before (``step`` -1) or after (+1) ``pos``, within OBJECT_CHARS."""
    depth = 0
    opening, closing = ("{", "}") if step < 0 else ("}", "{")
    end = max(-1, pos - OBJECT_CHARS) if step < 0 else min(len(text), pos + OBJECT_CHARS)
    for i in range(pos, end, step):
        if text[i] == closing:
            depth += 1
        elif text[i] == opening:
            if depth == 0:
                return i
            depth -= 1
    return None


def role_objects(text: str) -> list[tuple[int, int]]:
    """Chat messages written into the text in any syntax: a JSON or Python object with a role
    key (``{"role": "system", "content": ...}``, across lines too) from brace to brace; a
    ``role: system`` or ``role="system"`` without braces from its line to its paragraph's end."""
    out: list[tuple[int, int]] = []
    for m in _ROLE_OBJECT.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        open_at, close_at = _brace(text, m.start() - 1, -1), _brace(text, m.end(), 1)
        if open_at is not None and close_at is not None:
            out.append((open_at, close_at + 1))
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n\n", m.end())
        out.append((start, len(text) if end < 0 else end))
    return out
