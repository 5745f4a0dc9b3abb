from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from llmclaims.llm import prompts
from llmclaims.schema import Draft
from llmclaims.text.grounding import locate


def example_names() -> list[str]:
    return sorted(p.stem for p in (prompts.prompts_dir() / "examples").glob("*.yaml"))


def example_problems(example: dict[str, Any]) -> list[str]:
    """Quotes of an example that do not occur verbatim in its own text."""
    text = example["text"]
    problems = []
    for section in ("actors", "weapons", "claims"):
        for item in example["answer"].get(section, []):
            span = locate(item["quote"], text)
            if span is None or span.match != "exact":
                problems.append(f"{section}: {item['quote']!r}")
    return problems


def test_every_few_shot_example_quotes_its_own_text_verbatim() -> None:
    names = example_names()
    assert names
    for name in names:
        example = prompts.load_example(name)
        assert example_problems(example) == [], name
        Draft.model_validate(example["answer"])


def test_example_checker_catches_a_paraphrase() -> None:
    example = prompts.load_example()
    bad = {"text": example["text"], "answer": {**example["answer"], "claims": [
        {**example["answer"]["claims"][0], "quote": "Iran gave Russia drones"}]}}
    assert example_problems(bad) == ["claims: 'Iran gave Russia drones'"]


def test_rendering_is_strict() -> None:
    with pytest.raises(jinja2.UndefinedError):
        prompts.render("extract.user", title=None)  # 'article' missing


def test_article_goes_in_as_data_and_metadata_is_used() -> None:
    messages = prompts.extract_messages("SEOUL: text {{ not_a_variable }}", title="T",
                                        published="2024-11-20")
    assert messages[0]["role"] == "system" and messages[1]["role"] == "user"
    assert "{{ not_a_variable }}" in messages[1]["content"]  # never re-parsed as a template
    assert "<article>" in messages[1]["content"] and "Title: T" in messages[1]["content"]
    assert "2024-11-20" in messages[1]["content"]


def test_system_message_is_the_same_for_every_article() -> None:
    """Nothing article-specific (date, title, text) before the static parts: a server's
    prompt cache can reuse the whole system message across articles."""
    one = prompts.extract_messages("KYIV: first text.", title="A", published="2024-01-02")
    two = prompts.extract_messages("SEOUL: another text.", title=None, published=None)
    assert one[0] == two[0]
    assert "2024-01-02" not in one[0]["content"] and "first text" not in one[0]["content"]


def test_prompt_version_changes_with_a_template_and_only_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version is a hash of the templates: a copy of them gives the same version, one
    changed character a different one."""
    real = prompts.prompt_version()
    copy = tmp_path / "prompts"
    shutil.copytree(prompts.prompts_dir(), copy)
    monkeypatch.setattr(prompts, "prompts_dir", lambda: copy)

    def version() -> str:
        prompts.prompt_version.cache_clear()
        return prompts.prompt_version()

    same = version()
    system = copy / "extract.system.j2"
    system.write_text(system.read_text("utf-8") + " ", "utf-8")
    changed = version()
    prompts.prompt_version.cache_clear()  # the real templates' version for later tests
    assert same == real and len(same) == 12 and int(same, 16) >= 0 and changed != same


def test_the_example_answer_leaves_out_what_the_draft_does_not_need() -> None:
    """The answer the model imitates writes no restatement (the evidence is the statement)
    and no field at its default: an actor with no role, a claim with no denial."""
    shown = prompts.drafted({
        "actors": [{"name": "Freedonia", "kind": "state", "country": None, "role": None,
                    "aliases": [], "quote": "Freedonia"}],
        "weapons": [],
        "claims": [{"statement": "Freedonia sold rifles.", "type": "transfer",
                    "claimant": None, "certainty": "asserted", "not_confirmed_by": [],
                    "denied_by": ["Sylvania"], "quote": "Freedonia sold rifles"}],
    })
    assert shown["actors"] == [{"name": "Freedonia", "kind": "state"}]
    assert shown["claims"] == [{"quote": "Freedonia sold rifles", "certainty": "asserted",
                                "denied_by": ["Sylvania"]}]
    assert list(shown["claims"][0]) == ["quote", "certainty", "denied_by"]  # draft's order


def test_an_answer_without_the_optional_fields_is_a_valid_draft() -> None:
    draft = Draft.model_validate({
        "actors": [{"name": "Freedonia", "kind": "state"}],
        "weapons": [{"name": "rifles", "category": "small_arms", "quote": "rifles"}],
        "claims": [{"quote": "Freedonia sold rifles", "certainty": "asserted"}]})
    claim = draft.claims[0]
    assert (claim.claimant, claim.denied_by, claim.statement) == (None, [], None)
    assert claim.said == "Freedonia sold rifles"
    assert draft.actors[0].aliases == [] and draft.weapons[0].origin is None
