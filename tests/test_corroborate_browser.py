"""The corroboration page in a real browser (Debian's chromium + chromium-driver, driven by
Selenium), written by ``llmclaims corroborate --format html`` for invented articles: groups,
counts, origins, denials, conflicts and links to each report's article page, checked by content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from llmclaims.cli import app
from llmclaims.export.viewer import write_pages

from .browser import By, Select, chromium
from .corroboration_cases import Said, actor, article, corpus, text_of

HOSTILE = article("https://hostile.example/x", "2030-05-02", [actor("Nobody", "other")],
                  [Said("<script>window.__pwned = 1</script>Officials said <img src=x onerror=\"window.__pwned = 2\">.",
                        "other")])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """results.jsonl, the viewer pages of its articles (times-3's removed: its reports link to
    the URL) and report/corroboration.html written by the CLI."""
    root = tmp_path_factory.mktemp("site")
    articles = {**corpus(), "hostile-1": HOSTILE}
    rows = [{"id": k, "source": k, "extraction": v.model_dump(mode="json")} for k, v in articles.items()]
    (root / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    pages = write_pages([(k, text_of(v), v) for k, v in articles.items()], root / "pages")
    next(p for p in pages if p.name.endswith("-times-3.html")).unlink()
    out = root / "report" / "corroboration.html"
    res = CliRunner().invoke(app, ["corroborate", str(root / "results.jsonl"), "--format", "html",
                                   "--out", str(out), "--pages", str(root / "pages")])
    assert res.exit_code == 0, res.output
    return root


def open_report(browser: Any, site: Path) -> None:
    browser.get((site / "report" / "corroboration.html").as_uri())


def shipment(browser: Any) -> Any:
    return next(s for s in browser.find_elements(By.CSS_SELECTOR, "section.group")
                if "North Korea has shipped 170mm self-propelled guns" in s.find_element(By.TAG_NAME, "h2").text)


def test_counts_groups_and_origins(browser: Any, site: Path) -> None:
    open_report(browser, site)
    assert browser.find_element(By.ID, "count-articles").text == "10 articles"
    assert browser.find_element(By.ID, "count-claims").text == "12 claims"
    groups = browser.find_elements(By.CSS_SELECTOR, "section.group")
    assert browser.find_element(By.ID, "count-groups").text == f"{len(groups)} groups"
    g = shipment(browser)
    assert g.get_attribute("id") == "g1"  # the most independently corroborated first
    assert "2 independent origin(s)" in g.find_element(By.TAG_NAME, "h2").text
    assert g.find_element(By.CSS_SELECTOR, "span.origin-list").text == (
        "South Korean National Intelligence Service, Main Intelligence Directorate")
    rows = g.find_elements(By.CSS_SELECTOR, "tr.report")
    assert [r.get_attribute("data-article") for r in rows] == ["herald-1", "wire-7", "times-3", "post-9"]
    assert rows[0].find_element(By.CSS_SELECTOR, "td.chain").text == (
        "South Korean National Intelligence Service \u2192 Park Min-jae \u2192 dailyherald.example")
    assert [d.text for d in g.find_elements(By.CSS_SELECTOR, "li.denial")] == [
        "denied or not confirmed North Korea (gazette-2 c1)"]


def test_conflicting_figures_side_by_side(browser: Any, site: Path) -> None:
    open_report(browser, site)
    conflict = browser.find_element(By.CSS_SELECTOR, 'li.conflict[data-quantity="troops"]')
    assert [v.text for v in conflict.find_elements(By.CSS_SELECTOR, "span.value")] == ["11000", "12000"]
    assert "(herald-1 c2)" in conflict.text and "(wire-7 c2)" in conflict.text


def test_reports_link_to_their_article_page_else_the_url(browser: Any, site: Path) -> None:
    open_report(browser, site)
    links = {a.text: a.get_attribute("href") for a in shipment(browser).find_elements(By.CSS_SELECTOR, "tr.report a")}
    assert links["times-3"] == "https://www.asiatimes.example/news/3"  # no viewer page for it
    assert links["herald-1"] == (site / "pages" / "0001-herald-1.html").as_uri()
    shipment(browser).find_element(By.LINK_TEXT, "wire-7").click()
    assert browser.find_element(By.TAG_NAME, "strong").text == "wire-7"  # the viewer's page of that article
    assert "Pyongyang shipped 170mm self-propelled guns to Russia" in browser.find_element(By.ID, "article").text


def test_the_origin_filter_hides_less_corroborated_groups(browser: Any, site: Path) -> None:
    open_report(browser, site)
    Select(browser.find_element(By.ID, "f-origins")).select_by_value("2")
    shown = [s.get_attribute("id") for s in browser.find_elements(By.CSS_SELECTOR, "section.group") if s.is_displayed()]
    assert shown == ["g1"]


def test_article_text_runs_nothing(browser: Any, site: Path) -> None:
    open_report(browser, site)
    assert browser.execute_script("return window.__pwned === undefined")
    assert any("<script>window.__pwned = 1</script>" in h.text for h in browser.find_elements(By.TAG_NAME, "h2"))
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")
