"""The README's screenshot: the reference article's page (replayed result) in headless chromium,
with the NIS claim relayed by Lee selected.

    python scripts/viewer_screenshot.py   # -> docs/viewer-seed.png, docs/viewer-seed.html
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from llmclaims import extract  # noqa: E402
from llmclaims.export.viewer import page  # noqa: E402
from tests.conftest import LOCAL_MODEL, LOCAL_URL, cassette_for, replay  # noqa: E402


def main() -> None:
    text = (ROOT / "examples" / "nk-artillery-rocket-launchers-russia.txt").read_text("utf-8")
    with replay(cassette_for("eval/llmclaims", "seed")):
        result = extract(text, base_url=LOCAL_URL, api_key="sk-fake-test-key", model=LOCAL_MODEL)
    html = ROOT / "docs" / "viewer-seed.html"
    html.write_text(page(text, result, title="examples/nk-artillery-rocket-launchers-russia.txt"),
                    encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")),
                              options=options)
    try:
        driver.get(html.as_uri())
        relayed = next(c for c in result.claims if c.via and c.grounded)
        driver.find_element(By.CSS_SELECTOR, f'li.claim[data-id="{relayed.id}"]').click()
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(ROOT / "docs" / "viewer-seed.png"))
    finally:
        driver.quit()
    print(ROOT / "docs" / "viewer-seed.png")


if __name__ == "__main__":
    main()
