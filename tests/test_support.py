from __future__ import annotations

from llmclaims.text.support import support


def test_cross_script_is_not_compared() -> None:
    assert support("North Korea sent artillery to Russia", "북한은 러시아에 포병을 보냈다.") is None
