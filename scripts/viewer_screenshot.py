"""The README's screenshot: the reference article's page (replayed result) in headless chromium,
with the NIS claim relayed by Lee selected.

    python scripts/viewer_screenshot.py   # -> docs/viewer-seed.png, docs/viewer-seed.html

The page is the same bytes on every run (the replay reports the seconds measured when the
answer was recorded, as ``llmclaims eval`` does); ``tests/test_viewer.py`` checks that
docs/viewer-seed.html is what this script writes today, so neither can go stale.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims import Extraction, extract  # noqa: E402
from llmclaims.evaluate.run import recorded_seconds  # noqa: E402
from llmclaims.export.viewer import page  # noqa: E402
from tests.conftest import LOCAL_MODEL, LOCAL_URL, cassette_for, replay  # noqa: E402

EXAMPLE = "examples/nk-artillery-rocket-launchers-russia.txt"
HTML, PNG = ROOT / "docs" / "viewer-seed.html", ROOT / "docs" / "viewer-seed.png"


def seed_result() -> Extraction:
    """The reference article's result, replayed, with the seconds of its recording."""
    text = (ROOT / EXAMPLE).read_text("utf-8")
    with replay(cassette_for("eval/llmclaims", "seed")):
        result = extract(text, base_url=LOCAL_URL, api_key="sk-fake-test-key", model=LOCAL_MODEL,
                         stream=False)
    seconds = recorded_seconds(ROOT / "tests" / "cassettes" / "eval", "llmclaims")["seed"]
    return result.model_copy(update={"provenance": result.provenance.model_copy(update={"seconds": seconds})})


def seed_page(result: Extraction) -> str:
    return page((ROOT / EXAMPLE).read_text("utf-8"), result, title=EXAMPLE)


def screenshot(result: Extraction) -> None:
    from selenium import webdriver
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")),
                              options=options)
    try:
        driver.get(HTML.as_uri())
        relayed = next(c for c in result.claims if c.via and c.grounded)
        item = driver.find_element(By.CSS_SELECTOR, f'li.claim[data-id="{relayed.id}"]')
        driver.execute_script("arguments[0].click(); arguments[0].scrollIntoView({block: 'center'});"
                              "window.scrollTo(0, 0)", item)
        driver.save_screenshot(str(PNG))
    finally:
        driver.quit()


def main() -> None:
    result = seed_result()
    HTML.write_text(seed_page(result), encoding="utf-8")
    screenshot(result)
    print(PNG)


if __name__ == "__main__":
    main()
