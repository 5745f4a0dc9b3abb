"""The naive peer's draft schema, frozen as it was when the peer was recorded.

The peer is "what a user gets from instructor alone" with the draft schema llmclaims used
when the peer's cassettes were recorded. llmclaims' own draft has since become leaner (fields
the rules re-derive are no longer asked for; see ``schema.DraftClaim``); the peer keeps the
full schema, so its recorded requests, and the comparison, stay what they were. The class
names are those of the original types: the JSON schema, and so the request body, is
byte-identical (``tests/test_peers.py`` checks it against the recorded request).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, create_model

from .. import schema
from ..schema import MAX_ITEMS, ClaimType, DraftWeapon


class DraftActor(schema.DraftActor):
    quote: str = Field(description="Exact words copied from the article that mention it.")


def _now(name: str) -> Any:
    """A field of today's drafted claim, as it is (annotation and Field)."""
    field = schema.DraftClaim.model_fields[name]
    return (field.annotation, field)


DraftClaim = create_model(  # the fields of the time, in their order
    "DraftClaim",
    statement=_now("statement"),
    type=(ClaimType, ...),
    claimant=_now("claimant"),
    via=(list[str], Field(description="Names of those who relay the claim, in order.")),
    cue=(str | None, Field(description="Reporting words as written: 'said', 'believes'.")),
    **{name: _now(name) for name in ("certainty", "not_confirmed_by", "denied_by", "actors",
                                      "weapons", "place", "time", "quote")},
)


# the draft of the time, its docstring and caps included (one definition: schema.Draft's)
Draft = create_model(
    "Draft", __doc__=schema.Draft.__doc__,
    actors=(list[DraftActor], Field(min_length=1, max_length=MAX_ITEMS)),
    weapons=(list[DraftWeapon], Field(max_length=MAX_ITEMS)),
    claims=(list[DraftClaim], Field(min_length=1, max_length=MAX_ITEMS)),
)


__all__ = ["Draft", "DraftActor", "DraftClaim"]
