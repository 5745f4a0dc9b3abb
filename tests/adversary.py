"""A loopback server that plays a *wrong* or *obedient* model, for the trust suites.

These answers are adversarial fixtures, not model output and never presented as such: the
envelope of each completion is a real recorded response (``tests/cassettes/eval/llmclaims/
seed.yaml``), and only its content is replaced with the draft a test composes (a reversed
claim, changed numbers, swapped actors, an invented claim, a claim an injected instruction
asked for). The library's own code is not mocked: requests go over HTTP through openai + instructor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from .conftest import cassette_for
from .fakeserver import loopback, recorded_body, send_json
from .helpers import draft_actor, draft_claim

Answer = Callable[[dict[str, Any]], dict[str, Any]]


claim = draft_claim  # the drafted-claim and drafted-actor builders of tests/helpers.py
actor = draft_actor


def floor(request: dict[str, Any]) -> int:
    """The claim floor the request's schema asks for (``minItems`` of ``claims``)."""
    schema = request.get("response_format", {}).get("schema", {})
    return int(schema.get("properties", {}).get("claims", {}).get("minItems", 1))


def is_repair(request: dict[str, Any]) -> bool:
    schema = request.get("response_format", {}).get("schema", {})
    return "fixes" in schema.get("properties", {})


@dataclass
class Adversary:
    answer: Answer
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def completion(content: dict[str, Any]) -> bytes:
    envelope = json.loads(recorded_body(cassette_for("eval/llmclaims", "seed")))
    envelope["choices"][0]["message"]["content"] = json.dumps(content)
    envelope["choices"][0]["finish_reason"] = "stop"
    return json.dumps(envelope).encode("utf-8")


@contextmanager
def adversary(answer: Answer) -> Iterator[Adversary]:
    state = Adversary(answer)

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        request = json.loads(body)
        state.requests.append(request)
        send_json(handler, 200, completion({"fixes": []} if is_repair(request) else state.answer(request)))

    with loopback(post) as port:
        state.port = port
        yield state
