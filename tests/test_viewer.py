"""The HTML viewer in a real browser (Debian's chromium + chromium-driver, driven by Selenium).

Pages are generated from replayed results (the reference article's cassette) and from a hostile
article served by the loopback adversary; the browser opens them from file://.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from llmclaims import Extraction, extract
from llmclaims.export.viewer import page, segments, write_pages

from .adversary import actor, adversary, claim
from .browser import By, Select, chromium
from .conftest import LOCAL_MODEL, LOCAL_URL, cassette_for, replay

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "nk-artillery-rocket-launchers-russia.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def seed_result() -> Extraction:
    with replay(cassette_for("eval/llmclaims", "seed")):
        return extract(SEED, base_url=LOCAL_URL, api_key="sk-fake-test-key", model=LOCAL_MODEL)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


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


def detail_claims(browser: Any) -> list[tuple[str, str]]:
    """(claim id, tag) of each claim listed in the detail panel."""
    return [(li.get_attribute("data-claim"), " ".join(t.text for t in li.find_elements(By.CSS_SELECTOR, ".tag")))
            for li in browser.find_elements(By.CSS_SELECTOR, "#detail-body ul.item-claims li")]


def test_an_actors_detail_lists_the_claims_it_makes_or_relays(browser: Any, seed_result: Extraction,
                                                               tmp_path: Path) -> None:
    lee = seed_result.actor("Lee Seong-kweun")
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    browser.find_element(By.CSS_SELECTOR, f'li.actor[data-id="{lee.id}"]').click()
    expected = [(c.id, "source" if c.claimant == lee.id else "relay") for c in seed_result.claims_by(lee)]
    assert detail_claims(browser) == expected
    assert {"source", "relay"} <= {tag for _, tag in expected}  # Lee says some, relays the NIS's
    relayed = next(cid for cid, tag in expected if tag == "relay")
    browser.find_element(By.CSS_SELECTOR, f'#detail-body li[data-claim="{relayed}"]').click()
    assert browser.find_element(By.CSS_SELECTOR, "li.claim.active").get_attribute("data-id") == relayed
    assert browser.find_element(By.CSS_SELECTOR, "#detail-body .chain").text.split(" \u2192 ")[1] == lee.name
    silent = next(a for a in seed_result.actors if not seed_result.claims_by(a))
    browser.find_element(By.CSS_SELECTOR, f'li.actor[data-id="{silent.id}"]').click()
    assert detail_claims(browser) == []
    assert "makes or relays no claim" in browser.find_element(By.ID, "detail-body").text


def test_a_weapons_detail_lists_its_claims(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    launchers = next(w for w in seed_result.weapon_systems if w.caliber_mm == 240)
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    browser.find_element(By.CSS_SELECTOR, f'li.weapon[data-id="{launchers.id}"]').click()
    listed = [cid for cid, _ in detail_claims(browser)]
    assert listed == [c.id for c in seed_result.claims_about(launchers)]
    transfer = next(c for c in seed_result.claims if c.via and "240mm" in c.statement)
    assert transfer.id in listed  # the NIS's finding, relayed by Lee, names the launchers


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


def names_of(result: Extraction) -> dict[str, str]:
    return {a.id: a.name for a in result.actors} | {w.id: w.name for w in result.weapon_systems}


def test_a_weapon_shows_an_arrow_from_supplier_to_recipient(browser: Any, seed_result: Extraction,
                                                            tmp_path: Path) -> None:
    names = names_of(seed_result)
    weapon = next(w for w in seed_result.weapon_systems if w.origin and w.recipient)
    html = page(SEED, seed_result)
    assert "\\u2192" not in html  # no escape left unrendered
    open_page(browser, tmp_path / "seed.html", html)
    browser.find_element(By.CSS_SELECTOR, f'li.weapon[data-id="{weapon.id}"]').click()
    chain = browser.find_element(By.CSS_SELECTOR, "#detail-body .chain").text
    assert chain == f"{names[weapon.origin or '']} \u2192 {names[weapon.recipient or '']}"  # North Korea → Russia


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_the_selected_box_covers_no_heading(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    """A claim selected (its detail shown), then each list heading scrolled to the top of the
    lists: the detail box and the heading never overlap, and the heading is what shows there."""
    relayed = next(c for c in seed_result.claims if c.via and c.grounded)
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    browser.find_element(By.CSS_SELECTOR, f'li.claim[data-id="{relayed.id}"]').click()
    detail = browser.find_element(By.ID, "detail")
    headings = browser.find_elements(By.CSS_SELECTOR, "aside h2")
    assert [h.text for h in headings] == ["Selected", "Filter claims", "Claims", "Actors", "Weapon systems",
                                          "Ungrounded items and warnings"]
    for h in headings[1:]:
        browser.execute_script("arguments[0].scrollIntoView(true)", h)
        assert not overlap(h.rect, detail.rect), h.text
        on_top = browser.execute_script(
            "var r = arguments[0].getBoundingClientRect();"
            "return document.elementFromPoint(r.left + 5, r.top + r.height / 2);", h)
        assert on_top == h, h.text


def style(browser: Any, element: Any, prop: str, pseudo: str | None = None) -> str:
    return str(browser.execute_script(
        "return getComputedStyle(arguments[0], arguments[2]).getPropertyValue(arguments[1])",
        element, prop, pseudo))


def test_a_legend_names_each_highlight_colour(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    legend = {s.text: s for s in browser.find_elements(By.CSS_SELECTOR, "#legend .swatch")}
    assert list(legend) == ["claim evidence", "an actor or weapon named", "the selected item",
                            "set aside by cleaning (not sent to the model)"]
    evidence = browser.find_element(By.CSS_SELECTOR, "#article mark.span.evidence")
    mention = browser.find_element(By.CSS_SELECTOR, "#article mark.span:not(.evidence)")
    assert style(browser, legend["claim evidence"], "background-color") == style(browser, evidence, "background-color")
    assert (style(browser, legend["an actor or weapon named"], "background-color")
            == style(browser, mention, "background-color"))
    assert style(browser, evidence, "background-color") != style(browser, mention, "background-color")
    browser.find_element(By.CSS_SELECTOR, "li.claim").click()
    (active, *_) = active_marks(browser)
    assert style(browser, legend["the selected item"], "background-color") == style(browser, active, "background-color")
    aside = browser.find_element(By.CSS_SELECTOR, "#article .aside")
    swatch = legend["set aside by cleaning (not sent to the model)"]
    for prop in ("color", "text-decoration-line"):
        assert style(browser, swatch, prop) == style(browser, aside, prop)


def test_each_claim_row_names_its_claimant(browser: Any, seed_result: Extraction, tmp_path: Path) -> None:
    names = names_of(seed_result)
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    rows = {li.get_attribute("data-id"): li.find_element(By.CSS_SELECTOR, ".who").text
            for li in browser.find_elements(By.CSS_SELECTOR, "li.claim")}
    expected = {c.id: (names[c.claimant] if c.claimant else "the article")
                + "".join(f" via {names[v]}" for v in c.via) + ":" for c in seed_result.claims}
    assert rows == expected
    relayed = next(c for c in seed_result.claims if c.via and c.grounded)
    assert rows[relayed.id] == "South Korean National Intelligence Service via Lee Seong-kweun:"


def test_text_set_aside_by_cleaning_is_marked_as_such(browser: Any, seed_result: Extraction,
                                                      tmp_path: Path) -> None:
    from llmclaims.text.clean import clean

    removed = clean(SEED).removed
    open_page(browser, tmp_path / "seed.html", page(SEED, seed_result))
    asides = browser.find_elements(By.CSS_SELECTOR, "#article .aside")
    text = "".join(browser.execute_script("return arguments[0].textContent", a) for a in asides)
    assert text == "".join(SEED[r.start:r.end] for r in sorted(removed, key=lambda r: r.start))
    assert "2 min read" in text and "Updated on:" in text  # the page's boilerplate
    firsts = browser.find_elements(By.CSS_SELECTOR, "#article .aside.first")
    assert [style(browser, f, "content", "::before") for f in firsts] == [
        f'"set aside: {r.reason}"' for r in sorted(removed, key=lambda r: r.start)]
    article = browser.find_element(By.ID, "article")
    assert style(browser, asides[0], "color") != style(browser, article, "color")  # not shown like content
    assert style(browser, asides[0], "text-decoration-line") == "line-through"


def test_segments_carry_why_cleaning_set_text_aside(seed_result: Extraction) -> None:
    empty = seed_result.model_copy(update={"actors": [], "weapon_systems": [], "claims": []})
    kept = "Officials said the convoy reached the border.\nThe ministry said it arrived late.\n"
    assert [s.aside for s in segments(kept, empty)] == [None]
    text = "Officials said the convoy reached the border.\nAdvertisement\nThe ministry said it arrived late.\n"
    parts = segments(text, empty)
    assert [(p.text, p.aside, p.aside_starts) for p in parts if p.aside] == [("Advertisement", "boilerplate", True)]
    assert "".join(p.text for p in parts) == text


def test_the_warnings_panel_shows_each_warnings_reason(seed_result: Extraction) -> None:
    html = page(SEED, seed_result)
    assert seed_result.warnings
    for w in seed_result.warnings:
        assert f'<span class="tag" title="reason">{w.reason}</span> {escape(w.item)}' in html
