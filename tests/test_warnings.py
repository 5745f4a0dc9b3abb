"""Warnings as codes: every warning the package builds names a stable reason and the words
that decided it (``ItemWarning.reason``, ``fields``); texts written for these tests."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from llmclaims.resolve import resolve
from llmclaims.schema import REASONS, Draft, ItemWarning, Reason
from llmclaims.text.clean import clean

from .helpers import draft_actor, draft_claim

PACKAGE = Path(__file__).resolve().parent.parent / "llmclaims"


def _reasons_built() -> list[tuple[str, str | None]]:
    """(file:line, the reason literal or None) of every ``ItemWarning(...)`` in the package."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ItemWarning":
                kw = {k.arg: k.value for k in node.keywords}
                value = kw.get("reason")
                literal = value.value if isinstance(value, ast.Constant) else "computed" if value else None
                out.append((f"{path.name}:{node.lineno}", literal))
    return out


def test_every_warning_the_package_builds_names_a_known_reason() -> None:
    built = _reasons_built()
    assert len(built) >= 30
    assert [where for where, reason in built if reason is None] == []
    assert {r for _, r in built if r != "computed"} <= set(REASONS)
    assert get_args(Reason) == REASONS and len(set(REASONS)) == len(REASONS)


def test_every_reason_is_given_somewhere_in_the_package() -> None:
    strings = {node.value for path in PACKAGE.rglob("*.py") if path.name != "schema.py"
               for node in ast.walk(ast.parse(path.read_text("utf-8")))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert sorted(set(REASONS) - strings) == ["unspecified"]  # only results written before reasons


def _resolve(text: str, **parts: list[dict[str, object]]) -> list[ItemWarning]:
    d = Draft.model_validate({"actors": [], "weapons": [], "claims": [], **parts})
    return resolve(d, clean(text))[3]


def test_a_source_read_from_the_text_is_a_reason_with_the_source_and_cue() -> None:
    text = "The defense ministry of Finland said Belarus had moved tanks to the border."
    warnings = _resolve(text, actors=[draft_actor("defense ministry of Finland", "government_body"),
                                      draft_actor("Belarus")],
                        claims=[draft_claim("Belarus moved tanks to the border.", text[:-1])])
    found = [w for w in warnings if w.reason == "source_from_text"]
    assert [(w.item, w.fields) for w in found] == [
        ("c1", {"source": "defense ministry of Finland", "cue": "said", "via": ""})]


def test_certainty_from_the_statements_words_alone_names_no_cue_and_no_none() -> None:
    text = "Serbia could buy twelve fighter jets next year."
    warnings = _resolve(text, actors=[draft_actor("Serbia")],
                        claims=[draft_claim(text[:-1] + ".", text[:-1], certainty="asserted")])
    found = [w for w in warnings if w.reason == "certainty_from_cue"]
    assert [w.fields for w in found] == [{"drafted": "asserted", "certainty": "possible", "cue": ""}]
    assert all("None" not in w.message for w in warnings)


def test_evidence_that_does_not_state_the_number_names_the_number() -> None:
    text = "Officials said Iran delivered 200 drones to Russia in May."
    warnings = _resolve(text, actors=[draft_actor("Iran"), draft_actor("Russia")],
                        claims=[draft_claim("Iran delivered 900 drones to Russia.",
                                            "Iran delivered 200 drones to Russia")])
    found = [w for w in warnings if w.reason.startswith("not_stated:")]
    assert [(w.code, w.reason, w.fields["number"]) for w in found] == [
        ("ungrounded", "not_stated:number", "900")]


def test_reported_speech_added_names_its_cue_and_source() -> None:
    text = ("Japan and Peru signed a trade pact on Monday. The agreement covers fishing rights "
            "for ten years, Peru's foreign minister Ana Cruz said.")
    warnings = _resolve(text, actors=[draft_actor("Japan"), draft_actor("Peru"),
                                      draft_actor("Ana Cruz", "person")],
                        claims=[draft_claim("Japan and Peru signed a trade pact.",
                                            "Japan and Peru signed a trade pact")])
    found = [w for w in warnings if w.reason == "reported_speech_added"]
    assert [(w.item, w.fields) for w in found] == [("c2", {"cue": "said", "source": "Ana Cruz"})]
