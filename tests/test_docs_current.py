"""Committed docs that are generated stay what their generator writes today."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import viewer_screenshot as shot  # noqa: E402


def test_the_viewer_page_in_the_docs_is_what_the_script_writes_now() -> None:
    """docs/viewer-seed.html (and the screenshot taken of it, docs/viewer-seed.png) come from
    ``python scripts/viewer_screenshot.py``: after a change to the viewer, the result or the
    recordings, run it again and commit both files."""
    committed = shot.HTML.read_text("utf-8")
    result = shot.seed_result()
    assert shot.seed_page(result) == committed, "stale: run python scripts/viewer_screenshot.py"
    assert f"{len(result.claims)} claims</span>" in committed
