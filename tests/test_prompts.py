from __future__ import annotations

import jinja2
import pytest

from llmclaims.llm import prompts
from llmclaims.schema import Draft


def test_every_few_shot_example_quotes_its_own_text_verbatim() -> None:
    names = prompts.example_names()
    assert names
    for name in names:
        example = prompts.load_example(name)
        assert prompts.example_problems(example) == [], name
        Draft.model_validate(example["answer"])


def test_example_checker_catches_a_paraphrase() -> None:
    example = prompts.load_example()
    bad = {"text": example["text"], "answer": {**example["answer"], "claims": [
        {**example["answer"]["claims"][0], "quote": "Iran gave Russia drones"}]}}
    assert prompts.example_problems(bad) == ["claims: 'Iran gave Russia drones'"]


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


def test_prompt_version_is_a_stable_hash() -> None:
    v = prompts.prompt_version()
    assert len(v) == 12 and int(v, 16) >= 0
    assert prompts.prompt_version() == v
