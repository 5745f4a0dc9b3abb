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

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_MACHINE = (r"(?:ai|a\.i\.|artificial intelligence|assistants?|(?:large\s+)?language\s+models?|llms?|"
            r"models?|chat\s*bots?|chatgpt|gpt[-\s]?\d*\w*|claude|gemini|bots?|crawlers?|scrapers?|"
            r"summari[sz]ers?|extract\w*|parsers?|annotators?|automated\s+\w+|machines?|systems?|"
            r"agents?|tools?)")
_ROLE_KEY = (r"[\"'\u201c\u201d]?\brole[\"'\u201c\u201d]?\s*[:=]\s*[\"'\u201c\u201d]?\s*"
             r"(?:system|assistant|user|developer|tool|function)\b")
_ROLE = re.compile(
    r"^\W{0,3}(?:system|assistant|user|developer|human|instructions?|prompt|sys)\s*[:>\]|]"
    r"|<\|?\s*/?\s*(?:im_start|im_end|system|endoftext|user|assistant|eot_id|start_header_id)\s*\|?>"
    r"|\[/?\s*(?:inst|sys|system)\s*\]|<<\s*/?\s*sys\s*>>"
    r"|</?\s*(?:system|instructions?|prompt|assistant|user|article|document|context|input)\s*>"
    r"|#{2,}\s*(?:instruction|system|response|new task)"
    rf"|{_ROLE_KEY}")
_REQUEST = re.compile(
    r"\b(?:when|while|if|before|after|in)\s+(?:you\s+(?:are\s+)?)?(?:summari[sz]|extract|process|pars|analy[sz]|"
    r"index|annotat|condens|digest|ingest)\w*\s+(?:this|the)\s+(?:story|article|text|document|page|piece|"
    r"report|passage|content|item)\b"
    r"|\b(?:only|one|single|sole|main|key|real|true)\s+(?:claim|fact|statement|point|takeaway)s?\s+"
    r"(?:worth|to|that\s+(?:should|must)\s+be)\s+(?:list|report|extract|record|includ|mention|keep|highlight|"
    r"summari)\w*"
    r"|\b(?:any|every|each|your)\s+(?:summary|summaries|extraction|digest|analysis)\s+(?:of\s+this\s+\w+\s+)?"
    r"(?:should|must|needs?\s+to|has\s+to)\b"
    r"|\byou\s+(?:should|must|need\s+to|have\s+to|are\s+to)\s+(?:now\s+|only\s+|also\s+)?(?:report|say|state|"
    r"write|list|output|answer|respond|include|record|declare|extract|summari[sz]e|ignore|disregard)\b")
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

# -- other languages -------------------------------------------------------------------------
# Small lists per language, written by hand from each verb's standard imperative forms (2nd
# person singular and plural/polite, as the Wiktionary conjugation tables give them) and the
# usual wording of a note addressed to AI systems; a form that is also a past or 3rd-person
# form in news ("informó que", "сообщили, что", "ذكر أن", "דווח כי", "报告说") is left out or
# needs a word only a request has (por favor, пожалуйста, 请, يرجى, لطفا, אנא).
_START = r"^\W{0,3}"
_FOREIGN_OVERRIDE = (
    # es, fr, de
    r"(?:ignora|ignore|ignoren|olvida|olvide|olviden|descarta|descarte|omite|omita)\s+(?:todas?\s+)?"
    r"(?:las\s+|tus\s+|sus\s+)?(?:instrucciones|indicaciones|órdenes|directrices)\s+(?:anteriores|previas)",
    r"(?:ignore|ignorez|oublie|oubliez)\s+(?:toutes\s+)?(?:les\s+|tes\s+|vos\s+)?(?:instructions|consignes|"
    r"directives)\s+(?:précédentes|antérieures|ci-dessus)",
    r"(?:ignoriere|ignorier|ignorieren\s+sie|vergiss|vergessen\s+sie)\s+(?:alle\s+)?(?:bisherigen\s+|"
    r"vorherigen\s+|vorigen\s+|obigen\s+)?(?:anweisungen|instruktionen|anordnungen)",
    # ru, uk
    r"(?:проигнорируй|игнорируй|забудь)(?:те)?\s+(?:все\s+)?(?:предыдущие\s+|прежние\s+)?(?:инструкции|указания)",
    r"(?:проігноруй|ігноруй|забудь)(?:те)?\s+(?:усі\s+|всі\s+)?(?:попередні\s+)?(?:інструкції|вказівки)",
    # ko, zh
    r"(?:이전|앞의|위의|기존)\s*(?:의\s*)?(?:모든\s*)?(?:지시|지침|명령|프롬프트)\S*\s*(?:을|를)?\s*(?:무시|잊)",
    r"(?:忽略|无视|忘记|忘掉|不要理会)(?:之前|以上|上面|前面|先前|此前)?的?(?:所有)?(?:指令|指示|提示词)",
    # ar, fa, he
    r"(?:تجاهل|تجاهلوا|انس|انسوا)\s+(?:كل\s+|جميع\s+)?(?:ال)?(?:تعليمات|أوامر|إرشادات)\s+(?:ال)?سابقة",
    r"(?:دستور|دستورالعمل|فرمان)\S*\s+(?:های\s+)?(?:قبلی|پیشین)\s+را\s+نادیده\s+بگیر",
    r"(?:התעלם|התעלמו|התעלמי)\s+מ(?:כל\s+)?ה(?:הוראות|הנחיות)\s+הקודמות",
)
_FOREIGN_ADDRESSED = (
    r"\bsi\s+(?:eres|usted\s+es)\s+(?:un|una)\s+(?:ia|inteligencia\s+artificial|modelo\s+de\s+lenguaje|asistente)\b",
    r"\b(?:nota|mensaje|aviso)\s+para\s+(?:la\s+|las\s+|los\s+|el\s+)?(?:ia|inteligencia\s+artificial|"
    r"modelos?\s+de\s+lenguaje|sistemas\s+de\s+ia)\b",
    r"\bsi\s+(?:tu\s+es|vous\s+êtes)\s+(?:un|une)\s+(?:ia|intelligence\s+artificielle|modèle\s+de\s+langage)\b",
    r"\b(?:note|message|avis)\s+(?:aux|à\s+l'|pour\s+les)\s*(?:ia|intelligences?\s+artificielles?|"
    r"modèles?\s+de\s+langage)\b",
    r"\b(?:wenn|falls)\s+du\s+(?:ein|eine)\s+(?:ki|sprachmodell|ki-assistent)\s+bist\b",
    r"\bhinweis\s+(?:an|für)\s+(?:alle\s+|die\s+)?(?:ki|ki-systeme|sprachmodelle)\b",
    r"\bесли\s+ты\s+(?:[-\u2014]\s+)?(?:ии|языковая\s+модель|нейросеть|чат-?бот)\b",
    r"\b(?:примечание|сообщение|заметка)\s+для\s+(?:ии|нейросет\w*|языков\w+\s+модел\w*)",
    r"\bякщо\s+ти\s+(?:[-\u2014]\s+)?(?:ші|мовна\s+модель|нейромережа|чат-?бот)\b",
    r"\b(?:примітка|повідомлення)\s+для\s+(?:ші|нейромереж\w*|мовн\w+\s+модел\w*)",
    r"(?:당신|너)\s*(?:이|가|는)?\s*(?:ai|인공지능|언어\s*모델|챗봇)\s*(?:이)?라면",
    r"(?:ai|인공지능|언어\s*모델)\s*(?:에게|에\s*대한)\s*(?:알림|메모|지시|참고)",
    r"如果你是(?:一个|一名)?(?:ai|人工智能|语言模型|聊天机器人)",
    r"(?:致|给)(?:所有)?(?:ai|人工智能|语言模型)(?:系统)?的?(?:说明|提示|注意)",
    r"إذا\s+كنت\s+(?:نموذجا?\s+لغويا?|ذكاء\s+اصطناعيا?)",
    r"(?:ملاحظة|رسالة|تنبيه)\s+(?:إلى|ل)\s*(?:أنظمة\s+)?(?:ال)?ذكاء\s+(?:ال)?اصطناعي",
    r"اگر\s+(?:تو|شما)\s+(?:یک\s+)?(?:هوش\s+مصنوعی|مدل\s+زبانی)\s+(?:هستی|هستید)",
    r"(?:توجه|یادداشت|پیام)\s+(?:به|برای)\s+(?:سامانه\S*\s+|سیستم\S*\s+)?هوش\s+مصنوعی",
    r"אם\s+את(?:ה)?\s+(?:מודל\s+שפה|בינה\s+מלאכותית)",
    r"(?:הערה|הודעה)\s+ל(?:מערכות\s+)?(?:ה)?בינה\s+(?:ה)?מלאכותית",
)
_FOREIGN_COMMAND = (
    # a sentence that starts with the imperative (or please + imperative) and its complementizer
    rf"{_START}(?:por\s+favor,?\s+)?(?:informa|informe|informen|reporta|reporte|di|diga|digan|escribe|escriba|"
    r"indica|indique|afirma|afirme|declara|declare|menciona|mencione|añade|añada|agrega|agregue|responde|"
    r"responda|enumera|enumere|señala|señale|registra|registre|incluye|incluya)\s+que\b",
    rf"{_START}(?:s'il\s+(?:te|vous)\s+plaît,?\s+)?(?:indique|indiquez|dis|dites|écris|écrivez|rapporte|rapportez|"
    r"signale|signalez|affirme|affirmez|déclare|déclarez|mentionne|mentionnez|ajoute|ajoutez|réponds|"
    r"répondez|énumère|énumérez)\s+qu(?:e\b|')",
    rf"{_START}(?:bitte\s+)?(?:berichte|berichten\s+sie|melde|melden\s+sie|sage|sag|sagen\s+sie|schreibe|schreib|"
    r"schreiben\s+sie|antworte|antworten\s+sie|nenne|nennen\s+sie|erkläre|erklären\s+sie|behaupte|"
    r"behaupten\s+sie)\s*(?:,\s*)?(?:dass\b|:)",
    rf"{_START}(?:пожалуйста,?\s+)?(?:сообщи|скажи|напиши|укажи|перечисли|выведи|ответь|добавь|заяви|доложи)(?:те)?"
    r"\s*(?:,\s*что\b|:|\s+что\b)",
    rf"{_START}(?:будь\s+ласка,?\s+)?(?:повідом(?:те)?|скажи|скажіть|напиши|напишіть|вкажи|вкажіть|виведи|"
    r"виведіть|додай(?:те)?|заяви|заявіть)\s*(?:,\s*що\b|:|\s+що\b)",
    r"(?:라고|다고)\s*(?:보고|말|작성|기록|출력|답변|응답|명시)\s*(?:하라|해라|하세요|하십시오|하시오|해\s*주세요|해주세요)",
    r"(?:请|請)(?:你|您)?(?:报告|報告|说明|写|寫|列出|输出|輸出|回答|声明|聲明|注明|记录|記錄)",
    rf"{_START}(?:你|您)(?:必须|应该|需要)(?:报告|说|写|列出|输出|回答|声明)",
    r"(?:يرجى|الرجاء|من\s+فضلك)\s+(?:ال)?(?:إبلاغ|ابلاغ|ذكر|كتابة|إدراج|تسجيل|أبلغ|اذكر|اكتب)",
    rf"{_START}(?:أبلغ|ابلغ|اذكر|قل|اكتب|أدرج|أعلن)\s+(?:أن|بأن)\b",
    r"(?:لطفا|لطفاً)\s*(?:گزارش\s+(?:کن|کنید|بده|بدهید)|بنویس|بگو|ذکر\s+کن|اعلام\s+کن)",
    rf"{_START}(?:گزارش\s+(?:کن|کنید|بده|بدهید)|بنویسید|بنویس|بگویید|بگو)\s+(?:که\b|:)",
    r"(?:^\W{0,3}|\s)(?:אנא|נא)\s+(?:דווח|דווחי|דווחו|כתוב|כתבי|כתבו|ציין|צייני|ציינו|רשום|רשמי|רשמו|אמור)",
    r"עליך\s+(?:לדווח|לכתוב|לציין|לרשום|לומר|להתעלם)",
)
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
_TAG = re.compile(r"<[^<>]{1,200}>|<!--|-->")
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
    r"(?:said|says|told|added|urged|warned|wrote|asked|stated|explained|insisted|ordered|instructed|"
    r"shouted|recalled|dijo|afirmó|declaró|a\s+dit|sagte|сказал\w*|заявил\w*)\b")


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
    r"(?:report|say|state|write|list|output|print|declare|record|add|include|mention|tell\s+\w+)\s+"
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
