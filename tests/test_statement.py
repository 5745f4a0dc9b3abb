"""A claim's statement and its actors and weapons come from its evidence (minimal pairs)."""

from __future__ import annotations

from llmclaims.resolve.claims import drafted, stated_as, written_in
from llmclaims.schema import DraftClaim, Span

TEXT = "Freedonia sold 40 rifles to Sylvania, its minister said. Sylvania denied it."


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start=start, end=start + len(part), text=part, match="exact")


def test_without_a_restatement_the_statement_is_the_evidence() -> None:
    draft = DraftClaim(quote="Freedonia sold 40 rifles  to Sylvania", certainty="asserted")
    span = _span("Freedonia sold 40 rifles to Sylvania")
    assert stated_as(draft, span) == "Freedonia sold 40 rifles to Sylvania"  # the article's words
    assert stated_as(draft, None) == "Freedonia sold 40 rifles  to Sylvania"  # ungrounded: as drafted


def test_a_restatement_is_kept_unverified_never_as_the_grounded_statement() -> None:
    draft = DraftClaim(quote="Freedonia sold 40 rifles to Sylvania", certainty="asserted",
                       statement="Freedonia supplied rifles to Sylvania.")
    assert stated_as(draft, _span(draft.quote)) == "Freedonia sold 40 rifles to Sylvania"
    assert stated_as(draft, None) == "Freedonia supplied rifles to Sylvania."  # ungrounded: as drafted
    assert drafted(draft, TEXT) == "Freedonia supplied rifles to Sylvania."
    same = DraftClaim(quote="Freedonia sold 40 rifles", certainty="asserted",
                      statement="Freedonia sold 40 rifles to Sylvania")
    assert drafted(same, TEXT) is None  # the evidence's own words: no restatement


def test_the_items_written_in_the_evidence_in_their_order() -> None:
    mentions = {0: [(TEXT.index("Sylvania"), TEXT.index("Sylvania") + 8),
                    (TEXT.rindex("Sylvania"), TEXT.rindex("Sylvania") + 8)],
                1: [(0, 9)], 2: [(200, 210)]}
    assert written_in(_span("Freedonia sold 40 rifles to Sylvania"), mentions) == [1, 0]
    assert written_in(_span("Sylvania denied it"), mentions) == [0]
    assert written_in(_span("its minister said"), mentions) == []
    assert written_in(None, mentions) == []


def _content(sentence: str, *names: str) -> str:
    """The content ``attribution.asserted`` finds in a one-sentence evidence, the given names
    being the known actors (each name's mentions)."""
    from llmclaims.resolve import attribution
    mentions = {i: [(m, m + len(n)) for m in range(len(sentence)) if sentence.startswith(n, m)]
                for i, n in enumerate(names)}
    persons = [i for i, n in enumerate(names) if " " in n]
    found = attribution.sources(sentence, 0, len(sentence), mentions, persons)
    a, b = attribution.asserted(sentence, 0, len(sentence), found, mentions)
    return sentence[a:b]


def test_the_content_follows_the_cue() -> None:
    assert _content("The Freedonian ministry said on Monday that Sylvania had bought 40 tanks.",
                    "Freedonian ministry", "Sylvania") == "Sylvania had bought 40 tanks"
    assert _content("Ana Ruiz said Sylvania had bought 40 tanks.", "Ana Ruiz", "Sylvania") \
        == "Sylvania had bought 40 tanks"
    assert _content("Ana Ruiz told reporters that Sylvania had bought 40 tanks.", "Ana Ruiz",
                    "Sylvania") == "Sylvania had bought 40 tanks"


def test_a_hedge_before_that_stays_with_the_content() -> None:
    got = _content("Ana Ruiz said it was likely that Sylvania had bought 40 tanks.", "Ana Ruiz")
    assert got.startswith("it was likely")


def test_a_cue_that_takes_no_clause_keeps_the_whole_evidence() -> None:
    sentence = "Sylvania denied buying any tanks from the Freedonian army."
    assert _content(sentence, "Sylvania") == sentence.rstrip(".")


def test_the_content_ends_before_a_closing_reporting_clause() -> None:
    assert _content('"Sylvania will get the tanks in May," she said.', "Sylvania") \
        == "Sylvania will get the tanks in May"
    assert _content("Sylvania bought 40 tanks, said Ana Ruiz, a ministry spokeswoman.",
                    "Ana Ruiz", "Sylvania") == "Sylvania bought 40 tanks"
    assert _content("Sylvania bought 40 tanks, Ana Ruiz, a ministry spokeswoman, said.",
                    "Ana Ruiz", "Sylvania") == "Sylvania bought 40 tanks"


def test_a_quoted_confirmation_relayed_by_someone_ends_at_the_quotation_mark() -> None:
    got = _content('The agency "has confirmed that Sylvania shipped 40 rifles", Ana Ruiz said '
                   "after a briefing.", "agency", "Ana Ruiz", "Sylvania")
    assert got == "Sylvania shipped 40 rifles"


def test_no_frame_no_cut() -> None:
    sentence = "Sylvania bought 40 tanks from Freedonia in May."
    assert _content(sentence, "Sylvania", "Freedonia") == sentence.rstrip(".")


def test_a_quotation_after_a_comma_is_the_content_a_quoted_phrase_is_part_of_it() -> None:
    assert _content('Ana Ruiz told reporters by phone, "Sylvania will get the tanks."', "Ana Ruiz") \
        == "Sylvania will get the tanks"
    assert _content('Ana Ruiz said Sylvanian transfers "would not change the balance".',
                    "Ana Ruiz").startswith("Sylvanian transfers")


def test_an_appositive_before_the_cue_is_not_a_closing_clause() -> None:
    assert _content("Ana Ruiz, a ministry spokeswoman, said Sylvania had bought 40 tanks.",
                    "Ana Ruiz", "Sylvania") == "Sylvania had bought 40 tanks"


def test_a_relay_s_frame_and_a_closing_source_both_go() -> None:
    assert _content("Ana Ruiz said Sylvania had bought 40 tanks, according to the Freedonian "
                    "agency.", "Ana Ruiz", "Sylvania", "Freedonian agency") \
        == "Sylvania had bought 40 tanks"


def test_a_caliber_is_read_from_the_name_s_own_phrase() -> None:
    from llmclaims.resolve.weapons import _modifiers
    text = "It sent 170mm self-propelled artillery. It sent 155mm shells and artillery."
    first, second = text.index("artillery"), text.rindex("artillery")
    assert _modifiers(text, first).endswith("170mm self-propelled ")
    assert "155" not in _modifiers(text, second)
