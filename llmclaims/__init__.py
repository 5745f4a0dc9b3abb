"""llmclaims: news articles -> source-grounded actors, weapon systems and claims."""

from __future__ import annotations

from ._version import __version__
from .config import Settings
from .errors import (
    BudgetExceeded,
    ConfigError,
    ExtractionError,
    InputError,
    LLMClaimsError,
    OutputError,
    TransportError,
    UsageError,
)
from .extract import aextract, extract
from .io import Article, html_to_text, read_article
from .schema import (
    REASONS,
    Actor,
    ArticleMeta,
    Claim,
    Extraction,
    ItemWarning,
    Provenance,
    Quantity,
    Span,
    Usage,
    WeaponSystem,
)

__all__ = [
    "REASONS",
    "Actor",
    "Article",
    "ArticleMeta",
    "BudgetExceeded",
    "Claim",
    "ConfigError",
    "Extraction",
    "ExtractionError",
    "InputError",
    "ItemWarning",
    "LLMClaimsError",
    "OutputError",
    "Provenance",
    "Quantity",
    "Settings",
    "Span",
    "TransportError",
    "Usage",
    "UsageError",
    "WeaponSystem",
    "__version__",
    "aextract",
    "extract",
    "html_to_text",
    "read_article",
]
