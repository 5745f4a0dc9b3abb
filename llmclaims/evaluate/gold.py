"""Gold annotations (``evals/gold/*.yaml``; see ``evals/GUIDELINES.md``)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError
from ..schema import ActorKind, Certainty, ClaimType, WeaponCategory
from ..text.grounding import locate


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldActor(_Gold):
    name: str
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    required: bool = True
    quote: str


class GoldWeapon(_Gold):
    name: str
    category: WeaponCategory
    caliber_mm: float | None = None
    origin: str | None = None
    recipient: str | None = None
    required: bool = True
    quote: str


class GoldClaim(_Gold):
    type: ClaimType
    claimant: str | None
    via: list[str] = Field(default_factory=list)
    certainty: Certainty
    key: list[str] = Field(min_length=1)
    required: bool = True
    quote: str


class GoldArticle(_Gold):
    article: str
    actors: list[GoldActor]
    weapons: list[GoldWeapon] = Field(default_factory=list)
    claims: list[GoldClaim]
    name: str = ""
    text: str = ""

    def problems(self) -> list[str]:
        """Quotes that do not occur verbatim (any whitespace counts as a space); references
        to actors not in the gold."""
        out = []
        items: list[GoldActor | GoldWeapon | GoldClaim] = [*self.actors, *self.weapons,
                                                            *self.claims]
        for item in items:
            span = locate(item.quote, self.text)
            # verbatim up to the kind of space (the texts carry non-breaking spaces)
            if span is None or span.text.split() != item.quote.strip().split():
                out.append(f"{self.name}: quote not verbatim: {item.quote!r}")
        names = {n for a in self.actors for n in (a.name, *a.aliases)}
        refs = [w.origin for w in self.weapons] + [w.recipient for w in self.weapons]
        refs += [c.claimant for c in self.claims] + [v for c in self.claims for v in c.via]
        out += [f"{self.name}: unknown actor {r!r}" for r in refs if r and r not in names]
        return out


def load_gold(gold_dir: Path, articles_dir: Path | None = None) -> list[GoldArticle]:
    """Every ``*.yaml`` in ``gold_dir``, with its article text (from ``articles_dir``,
    by default ``gold_dir/../articles``)."""
    articles_dir = articles_dir or gold_dir.parent / "articles"
    paths = sorted(gold_dir.glob("*.yaml"))
    if not paths:
        raise ConfigError(f"no gold annotations (*.yaml) in {gold_dir}")
    out = []
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
            article = articles_dir / data["article"]
            text = article.read_text("utf-8")
            out.append(GoldArticle.model_validate({**data, "name": path.stem, "text": text}))
        except FileNotFoundError:
            raise ConfigError(f"{path}: its article {article} does not exist "
                              "(give the folder with --articles)") from None
        except (yaml.YAMLError, KeyError, TypeError, ValidationError) as exc:
            raise ConfigError(f"{path}: not a valid gold file: {exc}") from None
    return out
