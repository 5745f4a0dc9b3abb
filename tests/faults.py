"""Helpers for the fault suites (``tests/test_faults_*.py``, counted by
``scripts/fault_figures.py``): the CLI in a real subprocess, optionally without root's
permission override and under a file size limit, and a loopback model that answers with a
recorded response and can hold chosen articles in flight.

* :func:`cli` -- the command line of ``llmclaims ARGS`` in a fresh interpreter. ``fsize``: a
  file size limit (``RLIMIT_FSIZE``: a write past it fails with ``EFBIG``, as on a full disk).
  ``unprivileged``: when the tests run as root (containers), the capabilities that let root
  ignore file modes (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``) are dropped from the child,
  so a ``chmod 000`` file is unreadable to it, as to any user; as another user nothing changes.
* :func:`model` -- a loopback server answering every request with the seed article's recorded
  response (a real model answer); it records which article (``art-K``) each request carried and
  holds the articles in ``hold`` until ``release`` is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from .conftest import FAKE_KEY, article, cassette_for
from .fakeserver import loopback, recorded_body, send_json

SEED = article("seed.txt")
BODY = recorded_body(cassette_for("eval/llmclaims", "seed"))
LAUNCHER = r"""
import ctypes, json, os, resource, sys
opts = json.loads(sys.argv[1])
if opts["fsize"] is not None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (opts["fsize"], opts["fsize"]))
if opts["unprivileged"] and os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, out of the bounding set
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
os.execv(sys.executable, [sys.executable, "-c", "from llmclaims.cli import app; app()", *sys.argv[2:]])
"""


def text(k: int) -> str:
    """Article ``art-K``: the seed article with a line of its own first (its own id and hash)."""
    return f"Article number {k} of the corpus run.\n\n{SEED}"


def write_articles(path: Path, ks: Iterable[int]) -> Path:
    """A JSONL corpus of the articles ``art-K``."""
    path.write_text("".join(json.dumps({"id": f"art-{k}", "text": text(k)}) + "\n" for k in ks),
                    encoding="utf-8")
    return path


def lines(path: Path) -> list[dict[str, object]]:
    """The results file's lines, each parsed (a torn line fails the test)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def ids(path: Path) -> list[str]:
    return [str(r["id"]) for r in lines(path)]


def env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: a home of its own, a fake key, no .pyc writes."""
    out = {k: v for k, v in os.environ.items()
           if not k.startswith(("LLMCLAIMS_", "OPENAI_"))}
    return {**out, "LLMCLAIMS_HOME": str(tmp / "home"), "LLMCLAIMS_API_KEY": FAKE_KEY,
            "PYTHONDONTWRITEBYTECODE": "1", **extra}


def cli(*args: str, fsize: int | None = None, unprivileged: bool = False) -> list[str]:
    return [sys.executable, "-c", LAUNCHER,
            json.dumps({"fsize": fsize, "unprivileged": unprivileged}), *args]


@contextmanager
def mode(path: Path, bits: int) -> Iterator[Path]:
    """``path`` with permission ``bits`` inside the block (restored after, for the cleanup)."""
    before = stat.S_IMODE(path.stat().st_mode)
    path.chmod(bits)
    try:
        yield path
    finally:
        path.chmod(before)


@dataclass
class Model:
    port: int = 0
    host: str = "127.0.0.1"
    asked: list[str] = field(default_factory=list)
    hold: set[str] = field(default_factory=set)
    release: threading.Event = field(default_factory=threading.Event)
    delay: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"


@contextmanager
def model(hold: Iterable[str] = (), host: str = "127.0.0.1", delay: float = 0.0) -> Iterator[Model]:
    state = Model(host=host, hold=set(hold), delay=delay)

    def post(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        found = re.search(rb"Article number (\d+) of", body)
        ident = f"art-{int(found.group(1))}" if found else "?"
        state.asked.append(ident)
        if ident in state.hold:
            state.release.wait(60)
        elif state.delay:
            time.sleep(state.delay)
        with contextlib.suppress(OSError):  # the client went away (an interrupted run)
            send_json(handler, 200, BODY.encode("utf-8"))

    with loopback(post, host=host) as port:
        state.port = port
        try:
            yield state
        finally:
            state.release.set()
