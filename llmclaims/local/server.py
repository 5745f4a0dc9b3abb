"""Run llama.cpp's OpenAI-compatible server as a managed child process.

Started on a free 127.0.0.1 port, polled until ``GET /v1/models`` answers, stopped on exit --
also on Ctrl-C and on errors (and, on Linux, when the parent dies: PR_SET_PDEATHSIG). The
extraction talks to it through the very same openai/instructor path as any other endpoint.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError, ExtractionError, install_hint

log = logging.getLogger(__name__)
READY_TIMEOUT = 180.0
STOP_TIMEOUT = 10.0
# one request on a busy 2-core CPU can take longer than the usual 10 minutes; a timed-out
# request is not cancelled by the server, so a retry would only queue behind it
LOCAL_TIMEOUT = 1800.0
MAX_LISTING_BYTES = 1_000_000
# loopback requests never go through a proxy from the environment
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(ExtractionError):
    """The managed model server did not start or died."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        # SIGKILL, not SIGTERM: uvicorn's graceful shutdown would first finish a running
        # generation (minutes on a CPU), outliving its parent meanwhile.
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class LocalServer:
    """One child server process. ``command`` may use ``{port}``; see :func:`llama_command`."""

    def __init__(self, command: Sequence[str], *, port: int | None = None,
                 ready_timeout: float = READY_TIMEOUT, log_path: Path | None = None):
        self.port = port or free_port()
        self.command = [c.replace("{port}", str(self.port)) for c in command]
        self.ready_timeout = ready_timeout
        self._own_log = log_path is None
        if log_path is None:
            fd, name = tempfile.mkstemp(prefix="llmclaims-server-", suffix=".log")
            os.close(fd)
            log_path = Path(name)
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text("utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def start(self) -> None:
        if self._answers():
            raise ServerError(
                f"port {self.port} on 127.0.0.1 is already serving; stop that server first "
                "(a stale server would answer instead of a fresh one)")
        with self.log_path.open("wb") as log_file:
            self.process = subprocess.Popen(
                self.command, stdout=log_file, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
            )
        log.debug("started %s (pid %s)", self.command[:3], self.process.pid)
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"the local model server exited with code {self.process.returncode} "
                    f"before it was ready; its last lines:\n{self.tail()}")
            if self._answers():
                return
            time.sleep(0.25)
        error = ServerError(
            f"the local model server did not answer within {self.ready_timeout:.0f} s; "
            f"its last lines:\n{self.tail()}")
        self.stop()
        raise error

    def _answers(self) -> bool:
        try:
            with _DIRECT.open(f"{self.base_url}/models", timeout=2) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_TIMEOUT)
        if self._own_log:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def served_models(base_url: str, *, timeout: float = 5.0) -> list[str]:
    """The model ids a server lists at ``GET {base_url}/models`` (OpenAI's format), in its
    order; none when it does not answer or lists none. No key is sent."""
    try:
        with _DIRECT.open(f"{base_url}/models", timeout=timeout) as resp:
            data = json.loads(resp.read(MAX_LISTING_BYTES))
    except (OSError, ValueError, http.client.HTTPException):
        return []
    rows = data.get("data") if isinstance(data, dict) else None
    return [r["id"][:200] for r in rows if isinstance(r, dict) and isinstance(r.get("id"), str)
            ] if isinstance(rows, list) else []


def llama_command(model_path: Path, alias: str, *, n_ctx: int = 8192) -> list[str]:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise ConfigError(
            "no endpoint is configured and the embedded model is not installed. Either install "
            f"it: {install_hint('local')}, or point llmclaims at a server: --base-url / "
            "LLMCLAIMS_BASE_URL (Ollama, vLLM, llama.cpp), or OPENAI_API_KEY for OpenAI"
        ) from None
    threads = str(max(1, min(8, os.cpu_count() or 1)))
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path),
            "--model_alias", alias, "--host", "127.0.0.1", "--port", "{port}",
            "--n_ctx", str(n_ctx), "--n_threads", threads, "--n_threads_batch", threads]


@contextlib.contextmanager
def managed_server(settings: Settings, *, progress: bool = True) -> Iterator[Settings]:
    """Start the embedded model's server; yield settings pointing at it; stop it on exit."""
    from .model import ensure_model, gguf_sha256

    command = llama_command(Path("-"), settings.local_model)  # fails early without the extra
    path = ensure_model(settings, progress=progress)
    command[command.index("--model") + 1] = str(path)
    print(f"llmclaims: using the embedded local model {settings.local_model} ({path.name}) on "
          "the CPU; for a hosted model set --base-url/--model or OPENAI_API_KEY",
          file=sys.stderr)
    with LocalServer(command) as server:
        yield replace(settings, base_url=server.base_url, model=settings.local_model,
                      mode="json" if settings.mode == "auto" else settings.mode,
                      timeout=max(settings.timeout, LOCAL_TIMEOUT),
                      served_model=f"gguf-sha256:{gguf_sha256(settings, path)}")
