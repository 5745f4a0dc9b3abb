"""llmclaims: news articles -> source-grounded actors, weapon systems and claims."""

from __future__ import annotations

from ._version import __version__
from .config import Settings
from .corroborate import Corroboration, corroborate
from .errors import (
    BudgetExceeded,
    ConfigError,
    ExtractionError,
    InputError,
    LLMClaimsError,
    OutputError,
    StorageError,
    TransportError,
    UnknownItem,
    UsageError,
)
from .export.tables import read_results, to_pandas
from .extract import aextract, extract
from .io import Article, html_to_text, read_article
from .schema import (
    REASONS,
    Actor,
    ArticleMeta,
    CatalogueCandidate,
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
    "CatalogueCandidate",
    "Claim",
    "ConfigError",
    "Corroboration",
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
    "StorageError",
    "TransportError",
    "UnknownItem",
    "Usage",
    "UsageError",
    "WeaponSystem",
    "__version__",
    "aextract",
    "corroborate",
    "extract",
    "html_to_text",
    "read_article",
    "read_results",
    "to_pandas",
]
