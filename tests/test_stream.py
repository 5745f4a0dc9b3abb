"""A streamed answer stopped at its first repeated list item: the detector
(``llm.stream.RepeatWatch``) on invented items, then the whole path over a loopback server
that streams an oracle draft (built from the gold) whose last claim repeats."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from llmclaims import Extraction, aextract, extract
from llmclaims.config import Settings
from llmclaims.evaluate import load_gold
from llmclaims.evaluate.oracle import MODEL_ID, completion, for_chunk, oracle_draft, send_sse, sse
from llmclaims.llm.salvage import salvage
from llmclaims.llm.stream import Repeat, RepeatWatch
from llmclaims.schema import Draft

from .fakeserver import loopback, send_json

CHILE = {"name": "Chile", "kind": "state", "aliases": ["Santiago"]}
PERU = {"name": "Peru", "kind": "state", "aliases": []}
RADARS = {"name": "radars", "category": "radar", "quote": "twelve \"radars\" {sic}"}


def watched(answer: str, size: int = 3) -> Repeat | None:
    """The first repeat of ``answer``, fed in pieces of ``size`` characters, as a stream."""
    watch = RepeatWatch()
    for at in range(0, len(answer), size):
        if watch.feed(answer[at:at + size]):
            break
    return watch.found


def test_a_loop_is_cut_where_its_third_copy_begins() -> None:
    head = '{"actors": [' + (json.dumps(CHILE) + ", " + json.dumps(PERU) + ", ") * 2
    answer = head + json.dumps(CHILE) + ", " + json.dumps(PERU) + "]"
    assert watched(answer) == Repeat("actors", 4, len(head))
    kept = salvage(Draft, answer[:len(head)])  # cut there, then read as a cut-off answer
    assert kept is not None and [a.name for a in kept[0].actors] == ["Chile", "Peru"]  # duplicates collapse


def test_one_duplicate_is_no_loop() -> None:
    # a fact sheet may list one weapon twice: the answer goes on to its claims
    item = json.dumps(RADARS)
    answer = '{"weapons": [' + item + ", " + item + '], "claims": [{"quote": "twelve radars"}]}'
    assert watched(answer) is None


def test_an_item_that_differs_in_one_field_is_not_a_repeat() -> None:
    near = {**CHILE, "aliases": ["Santiago de Chile"]}
    assert watched('{"actors": [' + json.dumps(CHILE) + ", " + json.dumps(near) + "]}") is None


def test_repeats_are_counted_within_one_list() -> None:
    same = json.dumps(RADARS)  # braces and quotes inside strings are text, not structure
    assert watched('{"weapons": [' + same + ", " + same + '], "claims": [' + same + "]}") is None
    answer = '{"weapons": [' + same + '], "claims": [' + same + ", " + same + ", " + same + "]}"
    assert watched(answer) == Repeat("claims", 2, answer.rindex(same))


def test_white_space_and_key_order_do_not_hide_a_repeat() -> None:
    again = json.dumps(dict(reversed(CHILE.items())), indent=2)
    answer = '{"actors":[' + json.dumps(CHILE, separators=(",", ":")) + ",\n " + again + ", " + again + "]}"
    assert watched(answer, size=1) == Repeat("actors", 2, answer.rindex(again))


def test_an_item_that_is_not_json_repeats_by_its_words() -> None:
    broken = '{"quote": "he said "no" twice", "claimant": "Kim"}'  # quotes left unescaped
    answer = '{"claims": [' + broken + ", " + broken + ", " + broken.replace(", ", ",\n  ") + "]}"
    assert watched(answer) == Repeat("claims", 2, answer.rindex('{"quote"'))
    other = broken.replace("twice", "once")
    assert watched('{"claims": [' + broken + ", " + other + "]}") is None


def test_lists_the_watch_is_not_given_are_not_watched() -> None:
    item = json.dumps({"item": "claim 1", "quote": None})
    assert watched('{"fixes": [' + item + ", " + item + "]}") is None


# -- the whole path ----------------------------------------------------------------------------
GOLD = next(g for g in load_gold(Path("evals/gold")) if g.name == "018")
LOOPS = 400


def slowly(events: list[bytes]) -> Iterator[bytes]:
    for data in events:
        time.sleep(0.001)
        yield data


def run(mode: str, draft: dict[str, Any], stream: bool, is_async: bool,
        served: list[tuple[int, int]]) -> Extraction:
    """Extract GOLD's article from a loopback endpoint answering with ``draft`` (streamed when
    asked); ``served`` gets (events of the answer, events written) per streamed answer."""

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        request = json.loads(body)
        assert request.get("stream", False) is stream
        if not stream:
            send_json(handler, 200, json.dumps(completion(request, draft)).encode())
            return
        assert request["stream_options"] == {"include_usage": True}
        events = list(sse(completion(request, draft)))
        served.append((len(events), send_sse(handler, slowly(events))))

    with loopback(post) as port:
        settings = Settings.resolve(base_url=f"http://127.0.0.1:{port}/v1", model=MODEL_ID,
                                    api_key="sk-oracle", mode=mode, stream=stream, env={})
        if is_async:
            return asyncio.run(aextract(GOLD.text, settings=settings))
        return extract(GOLD.text, settings=settings)


@pytest.mark.parametrize(("mode", "is_async"), [("json", False), ("tools", False), ("tools", True)])
def test_a_looping_answer_is_read_only_to_its_first_repeat(mode: str, is_async: bool) -> None:
    draft = oracle_draft(GOLD)
    claims = for_chunk(draft, GOLD.text)["claims"]
    looping = {**draft, "claims": draft["claims"] + [draft["claims"][-1]] * LOOPS}
    served: list[tuple[int, int]] = []
    result = run(mode, looping, True, is_async, served)
    events, written = served[0]
    assert written < events / 2  # the client closed the stream: the server stopped early
    stopped = [w for w in result.warnings if w.reason == "answer_stopped_at_repeat"]
    assert [(w.code, w.fields["list"], w.fields["index"]) for w in stopped] == [
        ("truncated", "claims", str(len(claims) + 1))]  # the last claim's third copy
    assert stopped[0].fields["usage"] == "estimated"  # the usage event comes last: never read
    assert 0 < result.provenance.usage.completion_tokens < written  # the chunks read
    assert result.provenance.usage.prompt_tokens > 1000  # estimated from the request's size
    whole = run(mode, draft, False, is_async, [])  # the same draft without its loop
    assert [c.statement for c in result.claims] == [c.statement for c in whole.claims]
    assert [a.name for a in result.actors] == [a.name for a in whole.actors]
