"""The HTML viewer in a real browser (Debian's chromium + chromium-driver, driven by Selenium).

Pages are generated from replayed results (the reference article's cassette) and from a hostile
article served by the loopback adversary; the browser opens them from file://.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llmclaims import Extraction, extract
from llmclaims.export.viewer import page, segments, write_pages

from .adversary import actor, adversary, claim
from .conftest import LOCAL_MODEL, LOCAL_URL, cassette_for, replay

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "nk-artillery-rocket-launchers-russia.txt").read_text("utf-8")
BROWSER, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (BROWSER and DRIVER):
    if os.environ.get("CI"):
        raise RuntimeError("CI needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
By = pytest.importorskip("selenium.webdriver.common.by").By
Select = pytest.importorskip("selenium.webdriver.support.select").Select


@pytest.fixture(scope="module")
def seed_result() -> Extraction:
    with replay(cassette_for("eval/llmclaims", "seed")):
        return extract(SEED, base_url=LOCAL_URL, api_key="sk-fake-test-key", model=LOCAL_MODEL)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8")
    browser.get(path.as_uri())


def active_marks(browser: Any) -> list[Any]:
    return browser.find_elements(By.CSS_SELECTOR, "mark.span.active")


def check_offsets(browser: Any, text: str, marks: list[Any]) -> None:
    for m in marks:
        start, end = int(m.get_attribute("data-start")), int(m.get_attribute("data-end"))
        assert browser.execute_script("return arguments[0].textContent", m) == text[start:end]


def test_every_highlight_is_the_article_slice_at_its_offsets(browser: Any, seed_result: Extraction,
                                                             tmp_path: Path) -> None:
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.span")
    assert len(marks) >= len([c for c in seed_result.claims if c.grounded])
    check_offsets(browser, SEED, marks)
    article = browser.find_element(By.ID, "article")
    assert browser.execute_script("return arguments[0].textContent", article) == SEED
    browser.save_screenshot(str(tmp_path / "seed.png"))
    assert (tmp_path / "seed.png").stat().st_size > 10_000


def test_selecting_a_claim_shows_its_evidence_and_chain(browser: Any, seed_result: Extraction,
                                                        tmp_path: Path) -> None:
    names = {a.id: a.name for a in seed_result.actors}
    relayed = next(c for c in seed_result.claims if c.via and c.grounded)
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    browser.find_element(By.CSS_SELECTOR, f'li.claim[data-id="{relayed.id}"]').click()
    marks = active_marks(browser)
    assert marks
    check_offsets(browser, SEED, marks)
    covered = "".join(browser.execute_script("return arguments[0].textContent", m) for m in marks)
    assert relayed.evidence[0].text in covered
    chain = browser.find_element(By.CSS_SELECTOR, "#detail-body .chain").text
    expected = " \u2192 ".join([names[relayed.claimant or ""], *(names[v] for v in relayed.via), "the article"])
    assert chain == expected  # e.g. National Intelligence Service -> Lee Seong-kweun -> the article
    assert f"cue: {relayed.cue}" in browser.find_element(By.ID, "detail-body").text


def test_selecting_an_actor_shows_its_mentions(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    actor_ = max(seed_result.actors, key=lambda a: len(a.mentions))
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    browser.find_element(By.CSS_SELECTOR, f'li.actor[data-id="{actor_.id}"]').click()
    marks = active_marks(browser)
    pieces = [(int(m.get_attribute("data-start")), int(m.get_attribute("data-end"))) for m in marks]
    for mention in actor_.mentions:  # each mention is covered, exactly, by highlighted pieces
        inside = sorted(p for p in pieces if mention.start <= p[0] and p[1] <= mention.end)
        assert "".join(SEED[a:b] for a, b in inside) == mention.text
    check_offsets(browser, SEED, marks)
    assert browser.find_element(By.CSS_SELECTOR, "#detail-body .chain").text == actor_.name


def test_filters_hide_the_other_claims(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    Select(browser.find_element(By.ID, "f-certainty")).select_by_visible_text("probable")
    shown = [li.get_attribute("data-id") for li in browser.find_elements(By.CSS_SELECTOR, "li.claim")
             if li.is_displayed()]
    assert shown == [c.id for c in seed_result.claims if c.certainty == "probable"]
    lee = next(a for a in seed_result.actors if a.name == "Lee Seong-kweun")
    Select(browser.find_element(By.ID, "f-certainty")).select_by_index(0)
    Select(browser.find_element(By.ID, "f-actor")).select_by_visible_text(lee.name)
    shown = {li.get_attribute("data-id") for li in browser.find_elements(By.CSS_SELECTOR, "li.claim")
             if li.is_displayed()}
    assert shown == {c.id for c in seed_result.claims if lee.id in (c.claimant, *c.via, *c.actors)}


HOSTILE = ("Officials said 5 drones were shot down <script>window.__pwned = 1</script> near Kharkiv.\n\n"
           "The ministry said <img src=x onerror=\"window.__pwned = 2\"> the attack failed "
           "</div></mark><b onclick=\"window.__pwned = 3\">.\n")


def test_a_hostile_article_runs_nothing(browser: Any, tmp_path: Path) -> None:
    first = HOSTILE.splitlines()[0]
    draft = {"actors": [actor("Officials", "other")], "weapons": [],
             "claims": [claim(f"<script>window.__pwned = 4</script>{first}", first)] * 2}
    with adversary(lambda req: draft) as server:
        result = extract(HOSTILE, base_url=server.base_url, api_key="k", model="m", repair=False)
    open_page(browser, tmp_path / "hostile.html", page(HOSTILE, result))
    browser.find_element(By.CSS_SELECTOR, "li.claim").click()
    assert browser.execute_script("return window.__pwned === undefined")
    article = browser.find_element(By.ID, "article")
    assert browser.execute_script("return arguments[0].textContent", article) == HOSTILE
    assert not browser.find_elements(By.CSS_SELECTOR, "#article script, #article img, #article b")


def test_a_corpus_gets_an_index(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    pages = write_pages([("seed article", SEED, seed_result)], tmp_path / "site")
    browser.get(pages[-1].as_uri())
    link = browser.find_element(By.CSS_SELECTOR, "a")
    assert link.text == "seed article"
    link.click()
    assert browser.find_element(By.TAG_NAME, "strong").text == "seed article"


def test_segments_cover_the_text_exactly(seed_result: Extraction) -> None:
    parts = segments(SEED, seed_result)
    assert "".join(p.text for p in parts) == SEED
    assert all(SEED[p.start:p.end] == p.text for p in parts)


def test_the_warnings_panel_shows_each_warnings_reason(seed_result: Extraction) -> None:
    html = page(SEED, seed_result)
    assert seed_result.warnings
    for w in seed_result.warnings:
        assert f'<span class="tag" title="reason">{w.reason}</span> {w.item}' in html
