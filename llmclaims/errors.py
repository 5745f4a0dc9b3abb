"""Two families of errors under one base.

* :class:`UsageError` -- the caller's mistake (bad configuration, bad input). The message says
  how to fix it. Raised before any LLM call where possible.
* :class:`ExtractionError` -- a runtime failure: the model output stayed unusable, the transport
  kept failing, or the per-article budget ran out. Carries ``attempts``, ``usage`` and the last
  raw completion for debugging.
* :class:`StorageError` -- a runtime failure to write a file (disk full, permissions); what was
  written before it is intact and nothing half-written is left looking like output.

No error message ever contains an API key: configuration values are reported by name only.
"""

from __future__ import annotations

import re
from typing import Any


class LLMClaimsError(Exception):
    """Base of every error raised by llmclaims."""


class UsageError(LLMClaimsError, ValueError):
    """The caller did something wrong; the message says how to fix it."""


class ConfigError(UsageError):
    """Settings are missing, contradictory or malformed."""


class InputError(UsageError):
    """The text passed in cannot be extracted from (empty, binary, not text, too large)."""


class ExtractionError(LLMClaimsError, RuntimeError):
    """The extraction failed at run time, after the retries it was allowed."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: dict[str, int] | None = None,
        last_completion: Any = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = dict(usage or {})
        self.last_completion = last_completion

    def __str__(self) -> str:
        base = super().__str__()
        tokens = self.usage.get("prompt_tokens", 0) + self.usage.get("completion_tokens", 0)
        return f"{base} (attempts={self.attempts}, tokens={tokens})"


class TransportError(ExtractionError):
    """The endpoint could not be reached or kept failing (connection, timeout, 429, 5xx)."""


class OutputError(ExtractionError):
    """The model answered, but its output could not be turned into a valid draft."""


class BudgetExceeded(ExtractionError):
    """The per-article budget of LLM calls or tokens was spent."""


class StorageError(LLMClaimsError, RuntimeError):
    """A file could not be written (disk full, no permission, a folder in the way). Raised by
    writers that leave the previous state intact: no half-written output, no torn line."""


class ResponseTooLarge(TransportError):
    """The endpoint sent more bytes than ``max_response_bytes``; the rest was not read."""


_SECRET = re.compile(
    r"(?i)(bearer\s+|authorization[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?|api[-_]?key[\"']?\s*[:=]\s*[\"']?"
    r"|x-api-key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;}]+"
    r"|\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}|\b[A-Za-z0-9_-]{32,}\b")


def scrub(text: str, *secrets: str | None, limit: int = 300) -> str:
    """``text`` fit for an error message or a log line: anything that looks like a credential
    (bearer tokens, ``api_key=...``, ``sk-...``, long opaque tokens, and the given ``secrets``)
    replaced by ``[redacted]``, white space folded, cut to ``limit`` characters."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    text = _SECRET.sub(lambda m: (m.group(1) or "") + "[redacted]", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class UnknownItem(UsageError, KeyError):
    """A lookup in a result (``Extraction.actor``, ``.weapon``, ``.claim``) named no item of it."""

    __str__ = UsageError.__str__  # the message as written (KeyError would quote it)


def install_hint(extra: str) -> str:
    """How to add an optional part (an extra of pyproject.toml): llmclaims is installed from its
    checkout, not from a package index, so the extra is named on the checkout (``.``)."""
    return f"pip install '.[{extra}]' (in the llmclaims checkout)"
