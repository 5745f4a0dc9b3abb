"""What an OpenAI-compatible endpoint says about itself, asked over plain HTTP (standard library,
short timeouts, no retries): whether it answers, which models it lists (``GET /v1/models``),
how many requests it serves at once (llama.cpp: ``GET /props`` ``total_slots``, else ``GET
/slots``), and one tiny chat request. Nothing here raises on a network failure: each answer
says what happened. Used by ``llmclaims doctor`` and to plan ``--concurrency``.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .config import OPENAI_HOST, Settings
from .errors import scrub

OPENAI_URL = f"https://{OPENAI_HOST}/v1"


@dataclass(frozen=True)
class Listing:
    """``GET /v1/models``: reachable or not (``error``), the model ids it lists, how long it took."""

    models: tuple[str, ...] = ()
    seconds: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class Probe:
    """One tiny chat request: the reply's text, or what went wrong."""

    reply: str = ""
    seconds: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class Plan:
    """How many articles a corpus run sends at once, and the line that says why (None: as asked)."""

    workers: int
    note: str | None = None


def base_url(settings: Settings) -> str:
    return (settings.base_url or OPENAI_URL).rstrip("/")


def _request(url: str, settings: Settings, body: dict[str, Any] | None, timeout: float) -> Any:
    headers = {"Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read(1_000_000))


def _why(exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        text = f"HTTP {exc.code} {exc.reason}"
    elif isinstance(exc, urllib.error.URLError):
        text = f"not reachable ({exc.reason})"
    elif isinstance(exc, TimeoutError):
        text = "no answer in time"
    elif isinstance(exc, ValueError):
        text = "the answer is not JSON"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return scrub(text, settings.api_key, limit=300)


def list_models(settings: Settings, *, timeout: float = 10.0) -> Listing:
    started = time.monotonic()
    try:
        doc = _request(f"{base_url(settings)}/models", settings, None, timeout)
        models = tuple(str(m["id"]) for m in doc.get("data", []) if isinstance(m, dict) and "id" in m)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        return Listing(seconds=time.monotonic() - started, error=_why(exc, settings))
    return Listing(models, time.monotonic() - started)


def parallel_slots(settings: Settings, *, timeout: float = 5.0) -> int | None:
    """Requests the server computes at once, where it says (llama.cpp's ``/props``
    ``total_slots``, else the length of ``/slots``); None when it does not say."""
    parts = urlsplit(base_url(settings))
    root = f"{parts.scheme}://{parts.netloc}"
    try:
        props = _request(f"{root}/props", settings, None, timeout)
        if isinstance(props, dict) and isinstance(props.get("total_slots"), int):
            return int(props["total_slots"])
    except (OSError, ValueError):
        pass
    try:
        slots = _request(f"{root}/slots", settings, None, timeout)
    except (OSError, ValueError):
        return None
    return len(slots) if isinstance(slots, list) and slots else None


def probe(settings: Settings, *, timeout: float = 120.0) -> Probe:
    """One chat request of a few tokens to the configured model."""
    body = {"model": settings.effective_model, "max_tokens": 4, "temperature": 0,
            "messages": [{"role": "user", "content": "Reply with the word OK."}]}
    started = time.monotonic()
    try:
        doc = _request(f"{base_url(settings)}/chat/completions", settings, body, timeout)
        reply = str(doc["choices"][0]["message"].get("content") or "")
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        return Probe(seconds=time.monotonic() - started, error=_why(exc, settings))
    return Probe(reply.strip(), time.monotonic() - started)


def plan_concurrency(settings: Settings, requested: int, *, parallel: bool = False,
                     embedded: bool = False) -> Plan:
    """Articles in flight for a corpus run. A remote endpoint: as asked. A loopback server:
    as asked when ``parallel`` (the user says it serves requests in parallel), else up to the
    parallel slots it reports; one at a time otherwise (a request beyond its slots would wait
    in its queue while its timeout runs), with a line saying why."""
    if requested <= 1 or not settings.is_loopback or (parallel and not embedded):
        return Plan(max(requested, 1))
    if embedded:
        return Plan(1, f"--concurrency {requested}: the embedded model answers one request at a "
                       "time; articles run one after another")
    slots = parallel_slots(settings)
    if slots is not None and slots > 1:
        workers = min(requested, slots)
        note = None if workers == requested else (
            f"--concurrency {requested}: the server at {settings.endpoint_host} has {slots} "
            f"parallel slots; {workers} articles at a time")
        return Plan(workers, note)
    said = f"reports {slots} slot" if slots is not None else "does not report parallel slots"
    return Plan(1, f"--concurrency {requested}: the loopback server at {settings.endpoint_host} "
                   f"{said} (llama.cpp /props); articles run one at a time. If it serves requests "
                   "in parallel (vLLM, LM Studio, llama.cpp -np N), add --parallel-local")
