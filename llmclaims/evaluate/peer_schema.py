"""The naive peer's draft schema, frozen as it was when the peer was recorded.

The peer is "what a user gets from instructor alone" with the draft schema llmclaims used
when the peer's cassettes were recorded. llmclaims' own draft has since become leaner (fields
the rules re-derive are no longer asked for; see ``schema.DraftClaim``); the peer keeps the
full schema, written out here, so its recorded requests, and the comparison, stay what they were. The class
names are those of the original types: the JSON schema, and so the request body, is
byte-identical (``tests/test_peers.py`` checks it against the recorded request).
"""

from __future__ import annotations

from pydantic import BaseModel, Field, create_model

from ..schema import MAX_ITEMS, ActorKind, Certainty, ClaimType, WeaponCategory


class _Actor(BaseModel):  # schema.DraftActor of the time (its docstring: see DraftActor)
    name: str = Field(description="Canonical full name, e.g. 'North Korea', 'Lee Seong-kweun'.")
    kind: ActorKind
    country: str | None = Field(description="ISO 3166-1 alpha-3 code of the actor's country.")
    role: str | None = Field(description="Title as written, for persons; else null.")
    aliases: list[str] = Field(
        description="Other names the article uses for the same actor, e.g. 'Pyongyang'."
    )


class DraftActor(_Actor):
    quote: str = Field(description="Exact words copied from the article that mention it.")


class DraftWeapon(BaseModel):
    name: str = Field(description="The weapon system as written in the article.")
    category: WeaponCategory
    caliber_mm: float | None = Field(description="Caliber in millimetres if written; else null.")
    designation: str | None = Field(description="Model designation if the text names one.")
    quantity: str | None = Field(description="How many, words as written; else null.")
    origin: str | None = Field(description="Name of the actor that supplies it.")
    recipient: str | None = Field(description="Name of the actor that receives it.")
    quote: str = Field(description="Exact sentence copied from the article naming it.")


class DraftClaim(BaseModel):  # the fields of the time, in their order
    statement: str = Field(description="The claim as one self-contained sentence.")
    type: ClaimType
    claimant: str | None = Field(
        description="Name of the ORIGINAL source of the claim; null if the article itself."
    )
    via: list[str] = Field(description="Names of those who relay the claim, in order.")
    cue: str | None = Field(description="Reporting words as written: 'said', 'believes'.")
    certainty: Certainty
    not_confirmed_by: list[str] = Field(description="Names of actors who have not confirmed it.")
    denied_by: list[str] = Field(description="Names of actors who deny it.")
    actors: list[str] = Field(description="Names of the actors the claim is about.")
    weapons: list[str] = Field(description="Names of the weapon systems it is about.")
    place: str | None = Field(description="Place as written; else null.")
    time: str | None = Field(description="Time as written; else null.")
    quote: str = Field(description="Exact sentence copied from the article that states it.")


# the draft of the time, its docstring and caps included (written out: schema.Draft's docstring
# has changed since, and the docstring is the schema's description, so part of the request)
RECORDED_DOC = """What the model returns for one article (chunk).

    The caps are enforced by the grammar on llama.cpp servers: measured on a 720-word article,
    the 1.5B model otherwise repeated the same weapon 34 times until the token limit and never
    reached the claims."""

Draft = create_model(
    "Draft", __doc__=RECORDED_DOC,
    actors=(list[DraftActor], Field(min_length=1, max_length=MAX_ITEMS)),
    weapons=(list[DraftWeapon], Field(max_length=MAX_ITEMS)),
    claims=(list[DraftClaim], Field(min_length=1, max_length=MAX_ITEMS)),
)


__all__ = ["Draft", "DraftActor", "DraftClaim", "DraftWeapon"]
