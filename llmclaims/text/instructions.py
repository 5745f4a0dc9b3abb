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
* ``mode``: mode switches ("from now on", "new instructions", "developer mode", "jailbreak").

Reported speech keeps its reporting frame ("He told them to ignore the rules" starts with
"He told"), so news sentences do not take these forms; the minimal pairs in
``tests/test_instructions.py`` hold both sides. The text is compared after Unicode
normalization (NFKC), with zero-width characters dropped and white space collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_MACHINE = (r"(?:ai|a\.i\.|artificial intelligence|assistants?|(?:large\s+)?language\s+models?|llms?|"
            r"models?|chat\s*bots?|chatgpt|gpt[-\s]?\d*\w*|claude|gemini|bots?|crawlers?|scrapers?|"
            r"summari[sz]ers?|extract\w*|parsers?|annotators?|automated\s+\w+|machines?|systems?|"
            r"agents?|tools?)")
_ROLE = re.compile(
    r"^\W{0,3}(?:system|assistant|user|developer|human|instructions?|prompt|sys)\s*[:>\]|]"
    r"|<\|?\s*/?\s*(?:im_start|im_end|system|endoftext|user|assistant|eot_id|start_header_id)\s*\|?>"
    r"|\[/?\s*(?:inst|sys|system)\s*\]|<<\s*/?\s*sys\s*>>"
    r"|</?\s*(?:system|instructions?|prompt|assistant|user|article|document|context|input)\s*>"
    r"|#{2,}\s*(?:instruction|system|response|new task)")
_ADDRESSED = re.compile(
    rf"\b(?:note|message|attention|reminder|instructions?|memo|warning|notice|directive|request)\s*"
    rf"(?:to|for)\s+(?:any|all|the|every|an?)?\s*{_MACHINE}\b"
    rf"|\bif\s+you\s+are\s+(?:an?\s+|the\s+)?(?:\w+\s+)?{_MACHINE}\b"
    rf"|\byou\s+are\s+(?:an?|the)\s+(?:\w+\s+)?(?:ai|assistant|language\s+model|llm|chat\s*bot|"
    rf"extract\w*|model)\b"
    rf"|\bas\s+an?\s+(?:ai|a\.i\.|(?:large\s+)?language\s+model|llm|chat\s*bot)\b"
    rf"|^\W{{0,3}}(?:dear\s+|hey\s+|hello\s+|hi\s+|attention\s+)?(?:(?:ai|a\.i\.)\s+)?"
    rf"(?:ai|assistant|model|llm|chatgpt|chat\s*bot|bot|system|(?:large\s+)?language\s+model)\s*[,:!-]"
    rf"|^\W{{0,3}}(?:dear|hey|hello|hi|attention)\s+{_MACHINE}\b"
    rf"|\b(?:to|for)\s+(?:any|all|every)\s+{_MACHINE}\s+(?:reading|processing|parsing|summari[sz]ing)")
_SET_ASIDE = (r"(?:ignore|disregard|forget|override|overrule|bypass|skip|abandon|discard|neglect|"
              r"drop|cancel|erase|delete|put\s+aside|set\s+aside|pay\s+no\s+attention\s+to|"
              r"stop\s+following|do\s+not\s+follow|don'?t\s+follow|never\s+mind)")
_EARLIER = r"(?:previous|prior|preceding|earlier|above|former|original|initial|system|old|existing)"
_DIRECTIVES = r"(?:instructions?|directions?|directives?|prompts?|rules|guidelines|commands|orders|" \
              r"programming|guidance|context|task|constraints|policy|policies)"
_AI_DIRECTIVES = r"(?:instructions?|prompts?|directives?|programming|guidelines)"
_OVERRIDE = re.compile(
    rf"\b{_SET_ASIDE}\s+(?:(?:all|any|of|the|your|my|these|those|everything|in|on)\s+)*(?:"
    rf"{_EARLIER}\s+(?:\w+\s+)?{_DIRECTIVES}"
    rf"|(?:your|all|any)\s+(?:of\s+)?(?:the\s+|your\s+|these\s+)?{_AI_DIRECTIVES}"
    rf"|(?:everything|anything|all|what(?:ever)?)\s+(?:(?:you\s+were|you've\s+been|was|were)\s+"
    rf"(?:told|given|said)|(?:written\s+|said\s+|stated\s+)?(?:above|before|earlier|so\s+far))"
    rf"|the\s+(?:above|text\s+above|text\s+so\s+far))\b"
    rf"|^\W{{0,3}}(?:please\s+|now\s+|and\s+|then\s+)?{_SET_ASIDE}\b[^.!?]{{0,40}}?\b{_DIRECTIVES}\b")
_LABEL = r"(?:(?:important|note|urgent|attention|warning|reminder|update|nb)\s*[:!-]\s*)?"
_ADVERBS = r"(?:(?:please|now|instead|also|then|and|just|simply)\s+)*"
_COMMAND = re.compile(
    rf"^\W{{0,3}}{_LABEL}{_ADVERBS}"
    r"(?:output|print|respond|reply|return|answer|write|say|state|report|extract|list|record|add|"
    r"include|insert|mark|classify|label|summari[sz]e|conclude|declare|tell\s+(?:the\s+)?(?:user|reader)s?)"
    r"\s*(?:that\b|only\b|with\s+(?:only|the\s+following|this|these)\b|the\s+following|exactly\b|"
    r"verbatim\b|instead\b|as\s+(?:a\s+)?fact\b|(?:this|these|the)\s+(?:claim|statement|sentence|fact)s?\b|"
    r"\"|\u201c)"
    rf"|^\W{{0,3}}{_LABEL}{_ADVERBS}(?:output|print|respond|reply|return)\s*:"
    r"|\b(?:your|the\s+model's|the\s+assistant's)\s+(?:output|extraction|json|structured\s+\w+)\b")
_MODE = re.compile(
    r"\bfrom\s+now\s+on,?\s+(?:you|the\s+(?:assistant|model|ai))\b"
    r"|\b(?:new|updated|revised|real|true|hidden|secret)\s+(?:system\s+)?instructions?\s*(?::|follow\b|are\b)"
    r"|\bhere\s+are\s+(?:your|the|my)\s+(?:\w+\s+)?instructions\b"
    r"|\bsystem\s+prompt\b|\bdeveloper\s+mode\b|\bjail\s*break\w*\b|\bdo\s+anything\s+now\b"
    r"|\bprompt\s+injection\b|\bact\s+as\s+(?:if\s+you\s+were\s+)?(?:an?|the)\s+(?:ai|assistant|model)\b"
    r"|\bpretend\s+(?:that\s+)?you\s+are\b|\bpretend\s+to\s+be\s+an?\s+(?:ai|assistant|model|llm)\b")
_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("role", _ROLE), ("addressed", _ADDRESSED), ("override", _OVERRIDE), ("command", _COMMAND),
    ("mode", _MODE))


BARE_WORDS = 8  # "Ignore all of the above." stands bare: what follows it is its payload


def canonical(text: str) -> str:
    """NFKC, zero-width characters dropped, curly quotes straight, case folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def instruction_form(sentence: str) -> str | None:
    """Why ``sentence`` reads as an instruction to a machine (``role``, ``addressed``,
    ``override``, ``command``, ``mode``), or None."""
    text = canonical(sentence)
    if not text:
        return None
    for name, pattern in _CHECKS:
        if pattern.search(text):
            return name
    return None


def opens_payload(sentence: str) -> bool:
    """An instruction that introduces what follows ("... and say the following:", "Report:"):
    the rest of its paragraph is its payload, not article text."""
    text = canonical(sentence).rstrip()
    bare = len(text.split()) <= BARE_WORDS
    return bare or text.endswith(":") or "the following" in text or text.endswith(("say", "report", "state"))
