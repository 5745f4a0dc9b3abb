"""Settings, resolved once: explicit argument > environment > default.

This is the only module that reads ``os.environ``. The API key is kept out of ``repr`` and
never written into errors, logs or results.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, TypedDict
from urllib.parse import urlsplit

from .errors import ConfigError, scrub

Mode = Literal["auto", "tools", "json", "json_schema", "text"]
MODES: tuple[str, ...] = ("auto", "tools", "json", "json_schema", "text")
OPENAI_HOST = "api.openai.com"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
PLACEHOLDER_KEY = "sk-no-key-required"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
LOCAL_MODELS = ("qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b")


@dataclass(frozen=True)
class Settings:
    """Everything that shapes one extraction run. Build with :meth:`Settings.resolve`."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: Mode = "auto"
    timeout: float = 600.0
    max_calls: int = 16
    max_tokens: int = 150_000
    chunk_chars: int = 7_000
    max_output_tokens: int = 3_000
    temperature: float = 0.0
    transport_retries: int = 3
    max_response_bytes: int = 8_000_000
    repair: bool = True
    stream: bool = True  # stream answers and stop one where a list item repeats into a loop (its third copy)
    passes_off: tuple[str, ...] = ()  # resolution passes left out (an ablation; resolve.PASSES)
    local_model: str = LOCAL_MODELS[0]
    model_path: Path | None = None
    home: Path | None = None
    # what the endpoint serves, when known beyond its name (the embedded model: its GGUF's
    # sha256, set by ``local.server.managed_server``); part of the cache key
    served_model: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    # -- derived -------------------------------------------------------------------------
    @property
    def uses_local_model(self) -> bool:
        """True when nothing points at an endpoint: the embedded model is started."""
        return self.base_url is None and self.api_key is None

    @property
    def endpoint_host(self) -> str:
        """Host (and port) of the endpoint, without credentials or path."""
        if self.base_url is None:
            return "embedded" if self.uses_local_model else OPENAI_HOST
        parts = urlsplit(self.base_url)
        host = parts.hostname or ""
        return f"{host}:{parts.port}" if parts.port else host

    @property
    def is_loopback(self) -> bool:
        return self.uses_local_model or self.endpoint_host.split(":")[0] in LOOPBACK_HOSTS

    @property
    def resolved_mode(self) -> str:
        """The structured-output mode: chosen per endpoint here and nowhere else.

        * OpenAI and other hosted endpoints: forced tool calls (``tools``).
        * Loopback servers (llama.cpp, the embedded model): free text read leniently
          (``text``), asked again with the schema as a grammar only when the answer holds
          nothing usable. Measured on the 2-core machine (``scripts/bench_cost.py --modes``):
          grammar-constrained decoding is about a quarter slower for the same tokens.
        * ``json``: JSON constrained by the response schema as a grammar (llama.cpp's
          ``response_format`` with a schema); always schema-valid, reports truncation honestly.
        """
        if self.mode != "auto":
            return self.mode
        return "text" if self.is_loopback else "tools"

    @property
    def effective_model(self) -> str:
        if self.model:
            return self.model
        if self.uses_local_model:
            return self.local_model
        return DEFAULT_OPENAI_MODEL if self.endpoint_host == OPENAI_HOST else "default"

    @property
    def effective_api_key(self) -> str:
        return self.api_key or PLACEHOLDER_KEY

    def cache_dir(self) -> Path:
        if self.home is not None:
            return self.home
        xdg = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return xdg / "llmclaims"

    def with_endpoint(self, base_url: str) -> Settings:
        """The same settings pointed at a concrete endpoint (used for the managed server)."""
        return replace(self, base_url=base_url, api_key=self.api_key)

    # -- resolution ----------------------------------------------------------------------
    @classmethod
    def resolve(
        cls, env: Mapping[str, str] | None = None, **explicit: object
    ) -> Settings:
        """Resolve settings: explicit keyword (not None) > environment > default.

        Environment: ``LLMCLAIMS_MODEL``, ``LLMCLAIMS_BASE_URL``, ``LLMCLAIMS_API_KEY``, then the
        OpenAI SDK's ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``; ``LLMCLAIMS_MODE``,
        ``LLMCLAIMS_TIMEOUT``, ``LLMCLAIMS_RETRIES``, ``LLMCLAIMS_MAX_CALLS``, ``LLMCLAIMS_MAX_TOKENS``,
        ``LLMCLAIMS_CHUNK_CHARS``, ``LLMCLAIMS_MAX_RESPONSE_BYTES``,
        ``LLMCLAIMS_LOCAL_MODEL``, ``LLMCLAIMS_MODEL_PATH``, ``LLMCLAIMS_HOME``,
        ``LLMCLAIMS_PASSES_OFF`` (comma-separated), ``LLMCLAIMS_STREAM`` (1/0).

        ``OPENAI_API_KEY`` is only sent to OpenAI itself (or to ``OPENAI_BASE_URL``): a custom
        base URL never silently receives the user's OpenAI key.
        """
        env = os.environ if env is None else env
        known = {f.name for f in fields(cls)} - {"sources"}
        unknown = set(explicit) - known
        if unknown:
            raise ConfigError(
                f"unknown setting(s) {sorted(unknown)}; known settings: {sorted(known)}"
            )
        values: dict[str, object] = {}
        sources: dict[str, str] = {}

        def pick(name: str, *env_names: str) -> None:
            if explicit.get(name) is not None:
                values[name] = explicit[name]
                sources[name] = "argument"
                return
            for env_name in env_names:
                if env.get(env_name):
                    values[name] = env[env_name]
                    sources[name] = env_name
                    return

        pick("model", "LLMCLAIMS_MODEL")
        pick("base_url", "LLMCLAIMS_BASE_URL", "OPENAI_BASE_URL")
        pick("api_key", "LLMCLAIMS_API_KEY")
        if "api_key" not in values and env.get("OPENAI_API_KEY"):
            base_src = sources.get("base_url")
            if base_src in (None, "OPENAI_BASE_URL") or _is_openai(str(values["base_url"])):
                values["api_key"] = env["OPENAI_API_KEY"]
                sources["api_key"] = "OPENAI_API_KEY"
        pick("mode", "LLMCLAIMS_MODE")
        pick("timeout", "LLMCLAIMS_TIMEOUT")
        pick("max_calls", "LLMCLAIMS_MAX_CALLS")
        pick("max_tokens", "LLMCLAIMS_MAX_TOKENS")
        pick("chunk_chars", "LLMCLAIMS_CHUNK_CHARS")
        pick("transport_retries", "LLMCLAIMS_RETRIES")
        pick("max_response_bytes", "LLMCLAIMS_MAX_RESPONSE_BYTES")
        pick("local_model", "LLMCLAIMS_LOCAL_MODEL")
        pick("model_path", "LLMCLAIMS_MODEL_PATH")
        pick("home", "LLMCLAIMS_HOME")
        pick("passes_off", "LLMCLAIMS_PASSES_OFF")
        pick("stream", "LLMCLAIMS_STREAM")
        for name in known - set(values):
            if explicit.get(name) is not None:
                values[name] = explicit[name]
                sources[name] = "argument"
        return cls._build(values, sources)

    @classmethod
    def of_call(cls, settings: Settings | None, client_url: object = None,
                **given: Any) -> Settings:
        """The settings of one call: ``settings``, else those resolved from ``given``; a
        caller's own client (its base URL ``client_url``) names the endpoint (for mode and
        provenance). ``settings`` together with other endpoint arguments or options is a
        caller mistake: one of them would be dropped."""
        if settings is None:
            settings = cls.resolve(**given)
        else:
            extra = sorted(k for k, v in given.items() if v is not None)
            if extra:
                raise ConfigError(f"pass either settings= or {extra}, not both (resolve them into "
                                  "one Settings with Settings.resolve(...))")
        if client_url is not None and settings.base_url is None:
            settings = replace(settings, base_url=str(client_url).rstrip("/"))
        return settings

    @classmethod
    def _build(cls, values: dict[str, object], sources: dict[str, str]) -> Settings:
        """Every value checked here, once: numbers finite and in range, the base URL trimmed
        and with a valid port, the key fit for an HTTP header. An error names the setting and
        where it came from, and never shows a value that may be a secret."""
        for name, (kind, low, high) in NUMBERS.items():
            if name in values:
                values[name] = _number(name, values[name], sources[name], kind, low, high)
        for name, allowed in (("mode", MODES), ("local_model", LOCAL_MODELS)):
            if name in values and values[name] not in allowed:
                raise ConfigError(f"setting {name!r} (from {sources[name]}) is not one of "
                                  f"{allowed}, got {_shown(values[name])}")
        for name in ("model", "served_model"):
            if values.get(name) is not None:
                values[name] = str(values[name]).strip() or None
        readers = (("passes_off", _passes), ("stream", _flag), ("api_key", _api_key),
                   ("base_url", _base_url))
        for name, read in readers:
            if values.get(name) is not None:
                values[name] = read(values[name], sources[name])
        for name in ("model_path", "home"):
            if values.get(name) is not None:
                values[name] = _path(name, values[name], sources[name])
        return cls(**values, sources=sources)  # type: ignore[arg-type]


def _passes(raw: object, source: str) -> tuple[str, ...]:
    """Pass names (a comma-separated string or a sequence), each a registered step (an
    unknown one is named in the error, wherever it came from)."""
    from .resolve.passes import check_passes  # the pass names live with the passes

    names = raw.split(",") if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
    return tuple(sorted(check_passes(n.strip() for n in names if n.strip())))


class ExtractOptions(TypedDict, total=False):
    """The further keyword arguments of :func:`~llmclaims.extract` and
    :func:`~llmclaims.aextract`: each one a :class:`Settings` field (left out: its environment
    variable, else its default)."""

    mode: Mode
    timeout: float
    max_calls: int
    max_tokens: int
    chunk_chars: int
    max_output_tokens: int
    temperature: float
    transport_retries: int
    max_response_bytes: int
    repair: bool
    stream: bool
    passes_off: Sequence[str] | str
    local_model: str
    model_path: str | Path
    home: str | Path


def _flag(raw: object, source: str) -> bool:
    """A yes/no setting: a bool, or 1/0, true/false, yes/no, on/off (any case)."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        return word in ("1", "true", "yes", "on")
    raise ConfigError(f"setting 'stream' (from {source}) must be one of 1/0, true/false, "
                      f"yes/no, on/off, got {_shown(raw)}")


def _path(name: str, raw: object, source: str) -> Path:
    path = str(raw).strip()
    if not path or "\x00" in path:
        raise ConfigError(f"setting {name!r} (from {source}) is not a path")
    return Path(path).expanduser()


# numeric settings: (type, lowest, highest); floats must also be finite
NUMBERS: dict[str, tuple[type[int] | type[float], float, float]] = {
    "timeout": (float, 1, 86_400),
    "max_calls": (int, 1, 10_000),
    "max_tokens": (int, 100, 100_000_000),
    "max_output_tokens": (int, 16, 1_000_000),
    "chunk_chars": (int, 500, 100_000_000),
    "temperature": (float, 0, 2),
    "transport_retries": (int, 0, 100),
    "max_response_bytes": (int, 10_000, 10_000_000_000),
}


def _shown(raw: object) -> str:
    """``raw`` as an error message may show it: never a value that looks like a credential
    (``errors.scrub``) or a long one."""
    text = str(raw)
    if len(text) > 40 or scrub(text) != " ".join(text.split()):
        return "a value that is not shown (it looks like a key or is too long)"
    return repr(raw)


def _number(name: str, raw: object, source: str, kind: type[int] | type[float],
            low: float, high: float) -> int | float:
    what = "a whole number" if kind is int else "a number"
    try:
        if isinstance(raw, bool):
            raise ValueError(raw)
        value = kind(str(raw).strip())
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name!r} (from {source}) must be {what}, "
                          f"got {_shown(raw)}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(f"setting {name!r} (from {source}) must be {what} from {low:g} to "
                          f"{high:g}, got {_shown(raw)}")
    return value


def _api_key(raw: object, source: str) -> str:
    """The key without the white space around it (a pasted line break); refused, without
    being shown, when an HTTP header cannot carry it."""
    key = str(raw).strip()
    if not key or not key.isascii() or not key.isprintable() or any(c.isspace() for c in key):
        raise ConfigError(f"the API key from {source} is empty or holds spaces, line breaks or "
                          "non-ASCII characters, which an HTTP header cannot carry (the key is "
                          "not shown)")
    return key


def _base_url(raw: object, source: str) -> str:
    """The base URL trimmed (spaces and line breaks around it, a trailing ``/``), or refused:
    no scheme or host, spaces inside, credentials in it, or a port outside 1..65535."""
    url = str(raw).strip()
    example = "must look like 'http://127.0.0.1:8080/v1'"
    if not url.isprintable() or any(c.isspace() for c in url):
        raise ConfigError(f"setting 'base_url' (from {source}) {example}: it holds spaces or "
                          "control characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"setting 'base_url' (from {source}) {example} (scheme and host required)")
    if parts.username or parts.password:
        raise ConfigError(f"setting 'base_url' (from {source}) must not carry credentials; pass "
                          "the key with api_key= or LLMCLAIMS_API_KEY")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ConfigError(f"setting 'base_url' (from {source}) has a port that is not a "
                          "number from 1 to 65535")
    return url.rstrip("/")


def _is_openai(base_url: str) -> bool:
    return urlsplit(base_url.strip()).hostname == OPENAI_HOST
