"""A claim's type checked against its words (llmclaims.resolve.claimtype)."""

from __future__ import annotations


