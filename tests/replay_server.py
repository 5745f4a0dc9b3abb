"""A loopback HTTP server that answers each request with the response recorded for the same
request body in vcrpy cassettes (real model responses, never typed): for code that runs in other
processes (Ray workers), where vcrpy's in-process patching cannot reach."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import yaml

from .fakeserver import loopback, send_json


def _key(body: str | bytes) -> str:
    return json.dumps(json.loads(body), sort_keys=True)


def recorded(cassettes: list[Path]) -> dict[str, str]:
    out = {}
    for path in cassettes:
        for i in yaml.safe_load(path.read_text("utf-8"))["interactions"]:
            body = i["response"]["body"]["string"]
            out[_key(i["request"]["body"])] = body if isinstance(body, str) else body.decode()
    return out


@dataclass
class Replay:
    answers: dict[str, str]
    port: int = 0
    asked: list[str] = field(default_factory=list)
    unknown: int = 0
    most_in_flight: int = 0  # the most requests it was answering at once
    in_flight: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@contextmanager
def replay_server(cassettes: list[Path], *, routes: dict[str, object] | None = None,
                  hold: int = 1) -> Iterator[Replay]:
    """``routes``: JSON answers to GET paths (``{"/props": {"total_slots": 4}}``; others: 404).
    ``hold``: each request waits (at most 10 s) until ``hold`` are in flight, until that has
    happened once: a test of parallel requests need not rely on timing."""
    state = Replay(recorded(cassettes))

    def get(handler: BaseHTTPRequestHandler) -> None:
        found = (routes or {}).get(handler.path.split("?")[0])
        send_json(handler, 404 if found is None else 200, json.dumps(found).encode())

    def enter() -> None:
        with state.lock:
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
            state.lock.notify_all()
            state.lock.wait_for(lambda: state.most_in_flight >= hold, timeout=10)

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        enter()
        try:
            answer_with(handler, body)
        finally:
            with state.lock:
                state.in_flight -= 1

    def answer_with(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        key = _key(body)
        state.asked.append(key)
        answer = state.answers.get(key)
        state.unknown += answer is None
        data = answer or '{"error": {"message": "no recording for this request"}}'
        send_json(handler, 200 if answer is not None else 404, data.encode())

    with loopback(post, get=get) as port:
        state.port = port
        yield state
