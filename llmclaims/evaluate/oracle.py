"""The oracle: the draft a perfect model would give, built from the gold, served on loopback.

An instrument, not a model. ``oracle_draft`` turns a gold annotation into the answer a perfect
model would write (every quote verbatim, every source, relay, certainty and weapon party right);
``OracleServer`` answers the library's requests with it over a real OpenAI-compatible HTTP
endpoint on 127.0.0.1, so the whole path (transport, structured-output mode, salvage,
grounding, every resolution pass) runs as it does for a real model. What resolution does to a
perfect draft is then measured by the same scorer as any system: a rule that makes a correct
answer wrong shows as a figure below 1.0. ``noise`` drops and blanks a seeded share of items
(a capable but imperfect model), which is where rules should help.

Chunks: a long article is sent in several requests; each answer holds the items whose quote
(or, for an actor, a name) is written in that request's article text, as a model reading only
that chunk would. A repair request gets an empty answer (the oracle's quotes are verbatim). A
request with ``stream: true`` gets its answer as server-sent events (``sse``), as llama.cpp's
server sends it.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .gold import GoldArticle
from .score import Scores, score_article, summarize

MODEL_ID = "oracle"


def _claim(c: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"quote": c.quote, "certainty": c.certainty, "type": c.type}
    if c.claimant:
        out["claimant"] = c.claimant
    if c.claimant or c.via:  # a perfect model names the relays, [] where nobody relays the source
        out["via"] = list(c.via)
    return out


def _weapon(w: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": w.name, "category": w.category, "quote": w.quote}
    for field in ("caliber_mm", "origin", "recipient"):
        if getattr(w, field) is not None:
            out[field] = getattr(w, field)
    return out


def oracle_draft(gold: GoldArticle, *, noise: float = 0.0, seed: int = 0) -> dict[str, Any]:
    """The answer a perfect model would give for ``gold``'s article (Draft-shaped dict).

    ``noise`` (0..1): that share of claims is dropped and, of the claims kept, that share of
    claimants is left out (seeded by ``seed`` and the article's name, so runs repeat)."""
    rng = random.Random(f"{seed}:{gold.name}")
    claims = []
    for c in gold.claims:
        if noise and rng.random() < noise:
            continue
        item = _claim(c)
        if noise and "claimant" in item and rng.random() < noise:
            del item["claimant"]
            item.pop("via", None)
        claims.append(item)
    return {
        "actors": [{"name": a.name, "kind": a.kind, **({"aliases": list(a.aliases)} if a.aliases else {})}
                   for a in gold.actors],
        "weapons": [_weapon(w) for w in gold.weapons],
        "claims": claims,
    }


def _written(words: str, text: str) -> bool:
    return " ".join(words.split()) in text


def for_chunk(draft: dict[str, Any], chunk: str, title: str = "") -> dict[str, Any]:
    """The part of ``draft`` a model reading only ``chunk`` (under its ``title``) would give:
    the items whose quotes the chunk writes, and the actors it names or those items cite (a
    source the article names by a description: "Gaza health ministry" for "the health
    ministry in Gaza")."""
    flat = " ".join(chunk.split())
    seen = f"{title} {flat}"
    weapons = [w for w in draft["weapons"] if _written(w["quote"], flat)]
    claims = [c for c in draft["claims"] if _written(c["quote"], flat)]
    cited = {n for c in claims for n in (c.get("claimant"), *c.get("via", []))} | {
        w.get(k) for w in weapons for k in ("origin", "recipient")}
    return {
        "actors": [a for a in draft["actors"] if a["name"] in cited
                   or any(_written(n, seen) for n in (a["name"], *a.get("aliases", [])))],
        "weapons": weapons,
        "claims": claims,
    }


def _article_of(messages: list[dict[str, Any]]) -> tuple[str, str]:
    """The article text of a request and what it says before it (its title line)."""
    user = next((m.get("content") or "" for m in messages if m.get("role") == "user"), "")
    start, end = user.rfind("<article>"), user.rfind("</article>")
    if 0 <= start < end:
        return user[start + len("<article>"):end], user[:start]
    return user, ""


def completion(request: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """A chat.completion answering ``request`` with ``draft``'s part for its article, in the
    shape the request's structured-output mode expects (tool call or message content)."""
    messages = request.get("messages", [])
    repair = any("copy exact quotes" in (m.get("content") or "") for m in messages
                 if m.get("role") == "system")
    answer = {"fixes": []} if repair else for_chunk(draft, *_article_of(messages))
    body = json.dumps(answer, ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": body}
    finish = "stop"
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message = {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call_oracle", "type": "function",
            "function": {"name": name, "arguments": body}}]}
        finish = "tool_calls"
    return {
        "id": "chatcmpl-oracle", "object": "chat.completion", "created": 0, "model": MODEL_ID,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def sse(completion: dict[str, Any], size: int = 8) -> Iterator[bytes]:
    """``completion`` as a server streams it (a request with ``stream: true``): its answer (the
    content or the tool call's arguments) in pieces of ``size`` characters, a chunk each, then
    its finish reason, its usage (``stream_options.include_usage``) and ``[DONE]``."""
    choice = completion["choices"][0]
    calls = choice["message"].get("tool_calls")
    text = calls[0]["function"]["arguments"] if calls else choice["message"]["content"]
    head = {"id": completion["id"], "object": "chat.completion.chunk",
            "created": completion["created"], "model": completion["model"]}

    def event(data: dict[str, Any]) -> bytes:
        return f"data: {json.dumps({**head, **data})}\n\n".encode()

    for at in range(0, len(text), size):
        delta: dict[str, Any] = {"content": text[at:at + size]}
        if calls:
            delta = {"tool_calls": [{"index": 0, "id": calls[0]["id"], "type": "function", "function": {
                "name": calls[0]["function"]["name"], "arguments": text[at:at + size]}}]}
        yield event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    yield event({"choices": [{"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}]})
    yield event({"choices": [], "usage": completion["usage"]})
    yield b"data: [DONE]\n\n"


def send_sse(handler: BaseHTTPRequestHandler, events: Iterable[bytes]) -> int:
    """Write ``events`` as a streamed response, one at a time; how many were written before
    the client closed the connection (a client that stops reading)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    sent = 0
    try:
        for data in events:
            handler.wfile.write(data)
            handler.wfile.flush()
            sent += 1
    except OSError:
        pass
    handler.close_connection = True
    return sent


@dataclass
class OracleServer:
    """A loopback OpenAI-compatible endpoint answering with the draft ``set`` last."""

    port: int = 0
    draft: dict[str, Any] | None = None
    requests: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def _handler(server: OracleServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._send({"object": "list", "data": [{"id": MODEL_ID, "object": "model"}]})

        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(size) or b"{}")
            server.requests += 1
            answer = completion(request, server.draft or {"actors": [], "weapons": [], "claims": []})
            if request.get("stream"):
                send_sse(self, sse(answer))
            else:
                self._send(answer)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def serve() -> Iterator[OracleServer]:
    """Start an oracle endpoint on 127.0.0.1 (a free port) for the ``with`` block."""
    state = OracleServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def evaluate_oracle(golds: list[GoldArticle], *, mode: str = "auto", noise: float = 0.0,
                    seed: int = 0, off: tuple[str, ...] = ()) -> Scores:
    """The library on the oracle's drafts of ``golds`` (structured-output ``mode``), scored."""
    from ..config import Settings
    from ..extract import extract

    scores = []
    with serve() as server:
        settings = Settings.resolve(base_url=server.base_url, model=MODEL_ID, api_key="sk-oracle",
                                    mode=mode, passes_off=off, env={})
        for gold in golds:
            server.draft = oracle_draft(gold, noise=noise, seed=seed)
            scores.append(score_article(gold, extract(gold.text, settings=settings)))
    return summarize(scores)


ORACLE_METRICS = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1",
                  "relay_accuracy", "certainty_accuracy", "ungrounded_rate")


def oracle_report(splits: dict[str, list[GoldArticle]], *, noise: float = 0.0, seed: int = 0,
                  modes: tuple[str, ...] = ("auto",), passes: dict[str, str] | None = None) -> str:
    """Markdown: the oracle's figures per split with every pass and with none (what the rules
    do to a perfect draft, and to a noisy one where ``noise`` > 0), per structured-output mode;
    with ``passes`` (name -> description), what each pass contributes on each split."""
    from ..resolve import PASSES
    from .report import ablation, fmt

    every = tuple(PASSES)
    lines = ["| draft | mode | passes | split | " + " | ".join(ORACLE_METRICS) + " |",
             "|---" * (len(ORACLE_METRICS) + 4) + "|"]
    label = "oracle" if not noise else f"oracle, noise {noise:g}"
    full: dict[str, dict[str, float | None]] = {}
    for mode in modes:
        for off, name in (((), "all"), (every, "none")):
            for split, golds in splits.items():
                m = evaluate_oracle(golds, mode=mode, noise=noise, seed=seed, off=off).metrics()
                if (mode, off) == (modes[0], ()):
                    full[split] = m
                lines.append(f"| {label} | {mode} | {name} | {split} | "
                             + " | ".join(fmt(m.get(k), k) for k in ORACLE_METRICS) + " |")
    out = "\n".join(lines) + "\n"
    if passes:
        without = {p: {split: evaluate_oracle(golds, mode=modes[0], noise=noise, seed=seed,
                                              off=(p,)).metrics()
                       for split, golds in splits.items()} for p in passes}
        out += "\n" + ablation(full, without, passes)
    return out
