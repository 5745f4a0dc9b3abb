"""List items: bullets are evidence of the claim that introduces them (llmclaims.resolve.lists).

Regression tests moved from tests/test_lists.py: the fact sheet below is copied from a corpus
article (evals/articles/018), so they pin behaviour on real text; the specifying minimal pair
is tests/test_passes.py's list_merge test."""

from __future__ import annotations

from llmclaims.resolve.lists import list_intro, merge_list_items, renumbered
from llmclaims.schema import Claim, ItemWarning, Span

TEXT = ("President Biden announced a package today.\n\n"
        "The new $800 million assistance package includes:\n\n"
        "- 800 Stinger anti-aircraft systems;\n"
        "- 2,000 Javelin;\n\n"
        "The package follows earlier aid.\n"
        "- a stray dash line\n")


def claim(cid: str, evidence: str) -> Claim:
    start = TEXT.index(evidence)
    return Claim(id=cid, statement=evidence, type="transfer", certainty="asserted",
                 evidence=[Span(start=start, end=start + len(evidence), text=evidence,
                                match="exact")], grounded=True)




def test_list_intro_is_the_colon_line_above_the_bullets() -> None:
    intro = list_intro(TEXT, TEXT.index("2,000 Javelin"))
    assert intro is not None and TEXT[intro[0]:intro[1]].endswith("includes:")
    assert list_intro(TEXT, TEXT.index("announced")) is None  # not a bullet
    assert list_intro(TEXT, TEXT.index("a stray dash")) is None  # above it: no colon


def test_bullet_claims_merge_into_the_introducing_claim_and_ids_follow() -> None:
    claims = [claim("c1", "President Biden announced a package today."),
              claim("c2", "The new $800 million assistance package includes:"),
              claim("c3", "- 800 Stinger anti-aircraft systems;"),
              claim("c4", "- 2,000 Javelin;"),
              claim("c5", "The package follows earlier aid.")]
    new: list[ItemWarning] = []
    out, new_id = merge_list_items(claims, TEXT, new)
    warnings = renumbered([ItemWarning(code="adjusted", item="c5", message="x"), *new], new_id)
    assert [c.id for c in out] == ["c1", "c2", "c3"]
    assert [e.text for e in out[1].evidence] == [
        "The new $800 million assistance package includes:",
        "- 800 Stinger anti-aircraft systems;", "- 2,000 Javelin;"]
    assert out[2].statement == "The package follows earlier aid."
    assert warnings[0].item == "c3"  # the warning follows its claim's new id
    assert [(w.code, w.item) for w in warnings[1:]] == [("merged", "c2")] * 2  # merged items follow too
    assert [(w.reason, w.fields) for w in warnings[1:]] == [("list_item_merged", {"into": "c2"})] * 2
    for c in out:
        assert all(TEXT[e.start:e.end] == e.text for e in c.evidence)


def test_bullets_without_a_claim_for_their_intro_stay_claims() -> None:
    claims = [claim("c1", "- 800 Stinger anti-aircraft systems;"), claim("c2", "- 2,000 Javelin;")]
    assert merge_list_items(claims, TEXT, []) == (claims, {})
