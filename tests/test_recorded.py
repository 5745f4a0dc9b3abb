"""End-to-end extraction replayed from cassettes recorded from the real local model
(Qwen2.5-Coder-1.5B-Instruct Q4_K_M on llama.cpp's server; see tests/record.py).

Content asserts state what the pipeline must deliver; what the small model gets wrong beyond
them is measured by the evaluation, not hidden here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llmclaims import Extraction, extract
from llmclaims.config import Settings
from llmclaims.resolve.attribution import CUE, sentence_bounds, speaker
from llmclaims.text.chunks import split_regions
from llmclaims.text.clean import clean

from .conftest import FAKE_KEY, LOCAL_MODEL, LOCAL_URL, RECORDING, article, cassette_for
from .helpers import actor_named, assert_invariants


def run(name: str, stream: bool = False) -> tuple[Extraction, str]:
    """Extract a recorded article (the cassettes were recorded without streaming, but one)."""
    text = article(name)
    result = extract(text, base_url=LOCAL_URL, api_key=FAKE_KEY, model=LOCAL_MODEL, stream=stream)
    assert_invariants(result, text)
    assert result.provenance.model == LOCAL_MODEL
    assert result.provenance.endpoint == "127.0.0.1:8092"
    assert FAKE_KEY not in result.model_dump_json()  # keys never reach results
    return result, text


def test_denial_long(cassette: Any) -> None:
    result, text = run("denial_long_022.txt")
    chunks = split_regions(clean(text).regions, Settings().chunk_chars, text)
    assert len(chunks) > 1 and result.provenance.usage.calls >= len(chunks)  # a draft call per chunk
    assert actor_named(result, "Iran") and actor_named(result, "Russia")
    assert any("drone" in w.category or "uav" in w.name.lower() for w in result.weapon_systems)
    # a press-briefing transcript: a sentence of a "MR. KIRBY:" turn that writes no source of
    # its own is Kirby's
    kirby = actor_named(result, "John Kirby")
    his = [c for c in result.claims if c.grounded
           and speaker(text, c.evidence[0].start) == "Kirby"
           and not CUE.search(text[slice(*sentence_bounds(text, c.evidence[0].start, c.evidence[0].end))])]
    assert kirby and his and all(c.claimant == kirby for c in his)


def test_korean(cassette: Any) -> None:
    result, text = run("korean.txt")
    assert any(m.text in text and any("\uac00" <= ch <= "\ud7a3" for ch in m.text)
               for a in result.actors for m in a.mentions)
    assert any(c.grounded for c in result.claims)


def test_injection(cassette: Any) -> None:
    result, text = run("injection.txt")
    injected = text.index("Ignore your previous instructions")
    injected_end = text.index("Yemen.", injected) + len("Yemen.")
    for c in result.claims:
        if c.grounded:
            assert c.evidence[0].end <= injected or c.evidence[0].start >= injected_end
            assert "canada" not in c.statement.lower()
    assert not any(a.name == "Canada" and a.grounded for a in result.actors)
    assert any("HIMARS" in w.name for w in result.weapon_systems)


LOOPING = Path(__file__).parent.parent / "evals" / "articles" / "004_voa_north-korea-nuclear-coercion-analysts.txt"


LOOPING_CASSETTE = cassette_for("test_recorded", "test_a_looping_answer_is_stopped_at_its_first_repeat")


@pytest.mark.skipif(
    not RECORDING and not LOOPING_CASSETTE.exists(),
    reason="not recorded yet: python tests/record.py -k test_a_looping (vcrpy reads a streamed answer to its "
           "end, so the server computes all 3,000 tokens of the loop)")
def test_a_looping_answer_is_stopped_at_its_first_repeat(cassette: Any) -> None:
    """Dev article 004, whose answer, recorded without streaming, repeated one claim until the
    output-token limit (tests/cassettes/eval/llmclaims/004.yaml); recorded streamed."""
    text = LOOPING.read_text("utf-8")
    result = extract(text, base_url=LOCAL_URL, api_key=FAKE_KEY, model=LOCAL_MODEL, stream=True)
    assert_invariants(result, text)
    stopped = [w for w in result.warnings if w.reason == "answer_stopped_at_repeat"]
    assert [(w.code, w.fields["list"]) for w in stopped] == [("truncated", "claims")]
    assert not [w for w in result.warnings if w.reason == "answer_cut_off"]
    assert result.provenance.usage.completion_tokens < Settings().max_output_tokens
    assert len({c.statement for c in result.claims}) == len(result.claims)  # no item twice
    assert len({a.name for a in result.actors}) == len(result.actors)
