"""A loopback HTTP server that answers each request with the response recorded for the same
request body in vcrpy cassettes (real model responses, never typed): for code that runs in other
processes (Ray workers), where vcrpy's in-process patching cannot reach."""

from __future__ import annotations

import json
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

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


@contextmanager
def replay_server(cassettes: list[Path]) -> Iterator[Replay]:
    state = Replay(recorded(cassettes))

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        key = _key(body)
        state.asked.append(key)
        answer = state.answers.get(key)
        state.unknown += answer is None
        data = answer or '{"error": {"message": "no recording for this request"}}'
        send_json(handler, 200 if answer is not None else 404, data.encode())

    with loopback(post) as port:
        state.port = port
        yield state
