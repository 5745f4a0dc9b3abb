from __future__ import annotations

import pytest

from llmclaims import InputError
from llmclaims.text.clean import check_text, clean

from .conftest import article


def test_reference_article_boilerplate_is_set_aside() -> None:
    text = article("seed.txt")
    c = clean(text)
    removed = {text[r.start:r.end]: r.reason for r in c.removed}
    assert removed["Updated on:"] == "boilerplate"
    assert removed["2 min read"] == "boilerplate"
    assert removed["Related Stories"] == "trailer"
    assert removed["No stories found."] == "trailer"
    assert removed["www.newindianexpress.com"] == "trailer"
    assert sum(1 for r in c.removed if r.reason == "caption") == 2
    content = c.content()
    assert "In this photo" not in content and "Related Stories" not in content
    assert "170mm self-propelled artillery" in content
    assert content.count("Seoul has accused the North") == 1
    for a, b in c.regions:  # offsets refer to the caller's text
        assert text[a:b].strip() == text[a:b] and text[a:b]


def test_header_block_is_metadata_not_content() -> None:
    text = article("aid_package_018.txt")
    c = clean(text)
    assert c.header["date"] == "2022-03-16"
    assert c.header["title"].startswith("Fact Sheet on U.S. Security Assistance")
    assert "License:" not in c.content()
    assert c.content().startswith("President Biden today announced")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("  \n\t ", "empty"),
        (b"bytes", "must be str"),
        ("abc\x00\x01\x02def" * 10, "binary"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "looks like HTML"),
        ("x" * 2_000_001, "more than"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_error(value: object, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        check_text(value)


def test_non_english_text_is_accepted() -> None:
    text = article("korean.txt")
    assert check_text(text) == text
    assert "국가정보원" in clean(text).content()


def test_only_boilerplate_is_an_input_error_before_any_call() -> None:
    from llmclaims import extract

    page = "Updated on:\n2 min read\nRelated Stories\nNo stories found.\n"
    with pytest.raises(InputError, match="only boilerplate"):
        extract(page, base_url="http://127.0.0.1:9/v1", api_key="k")  # port 9: nothing listens
