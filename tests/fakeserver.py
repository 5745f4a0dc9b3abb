"""A real HTTP server on 127.0.0.1 that replays scripted responses (for transport tests).

Successful bodies are taken from a recorded cassette (a real model response), never typed.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml


@dataclass
class Reply:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False


def recorded_body(cassette: Path, index: int = 0) -> str:
    data = yaml.safe_load(cassette.read_text("utf-8"))
    body = data["interactions"][index]["response"]["body"]["string"]
    return body if isinstance(body, str) else body.decode("utf-8")


def truncated_completion(body: str, keep: float = 0.5) -> str:
    """The same real completion, its content cut (to ``keep`` of it) and marked as cut off."""
    data = json.loads(body)
    choice = data["choices"][0]
    content = choice["message"]["content"]
    choice["message"]["content"] = content[: int(len(content) * keep)]
    choice["finish_reason"] = "length"
    return json.dumps(data)


@dataclass
class Server:
    replies: list[Reply]
    requests: list[bytes] = field(default_factory=list)
    port: int = 0
    listed: int = 0  # GET /v1/models asked

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


Post = Callable[[BaseHTTPRequestHandler, bytes], None]
Get = Callable[[BaseHTTPRequestHandler], None]


def send_json(handler: BaseHTTPRequestHandler, status: int, data: bytes) -> None:
    handler.send_response(status)
    handler.send_header("content-type", "application/json")
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def loopback(post: Post, models: list[str] | None = None, listed: Callable[[], None] | None = None,
             get: Get | None = None, host: str = "127.0.0.1") -> Iterator[int]:
    """A real HTTP server on ``host`` (127.0.0.1; 127.0.0.2 is loopback too but not to
    llmclaims, which then treats it as a remote endpoint) and a free port (yielded) whose POSTs
    go to ``post(handler, body)`` and GETs to ``get(handler)``; without ``get``, with
    ``models``, ``GET /v1/models`` lists them (as llama.cpp's server does) and calls
    ``listed``; any other GET is 404. Shut down on exit. Every test server of this suite is
    built on it."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            post(self, self.rfile.read(int(self.headers.get("content-length", 0))))

        def do_GET(self) -> None:
            if get is not None:
                get(self)
                return
            if models is None or self.path != "/v1/models":
                send_json(self, 404, b'{"error": "not found"}')
                return
            if listed is not None:
                listed()
            rows = [{"id": m, "object": "model", "owned_by": "me"} for m in models]
            send_json(self, 200, json.dumps({"object": "list", "data": rows}).encode())

    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@contextmanager
def serve(replies: list[Reply], models: list[str] | None = None) -> Iterator[Server]:
    state = Server(list(replies))

    def listed() -> None:
        state.listed += 1

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        state.requests.append(body)
        reply = state.replies.pop(0) if len(state.replies) > 1 else state.replies[0]
        if reply.delay:
            time.sleep(reply.delay)
        data = reply.body.encode("utf-8")
        handler.send_response(reply.status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data) * (2 if reply.truncate else 1)))
        for k, v in reply.headers.items():
            handler.send_header(k, v)
        handler.end_headers()
        try:
            handler.wfile.write(data[: len(data) // 2] if reply.truncate else data)
            handler.wfile.flush()
        except OSError:
            pass
        if reply.truncate:
            handler.close_connection = True

    with loopback(post, models=models, listed=listed) as port:
        state.port = port
        yield state
