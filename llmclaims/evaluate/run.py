"""Run systems over the gold set (live, or replayed from / recorded into cassettes)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..extract import extract
from ..schema import Extraction
from .cassettes import make_vcr
from .gold import GoldArticle
from .peers import naive_extract
from .score import Scores, score_article, summarize

log = logging.getLogger(__name__)

SYSTEMS: dict[str, Callable[[str, Settings], Extraction]] = {
    "llmclaims": lambda text, settings: extract(text, settings=settings),
    "naive-instructor": naive_extract,
}


def cassette(cassettes: Path, system: str, article: str) -> Path:
    return cassettes / system / f"{article}.yaml"


def run_one(gold: GoldArticle, system: str, settings: Settings, *,
            cassettes: Path | None, record: bool = False) -> Extraction:
    fn = SYSTEMS[system]
    if cassettes is None:
        return fn(gold.text, settings)
    path = cassette(cassettes, system, gold.name)
    if not record and not path.exists():
        from ..errors import ConfigError

        raise ConfigError(f"no cassette {path}; record it with: python tests/record.py --eval")
    path.parent.mkdir(parents=True, exist_ok=True)
    with make_vcr(record).use_cassette(str(path)) as cass:
        result = fn(gold.text, settings)
    if not record and not cass.all_played:
        raise AssertionError(f"cassette {path} was not fully played")
    return result


def evaluate(golds: list[GoldArticle], system: str, settings: Settings, *,
             cassettes: Path | None) -> Scores:
    scores = []
    for gold in golds:
        log.debug("evaluating %s on %s", system, gold.name)
        scores.append(score_article(gold, run_one(gold, system, settings, cassettes=cassettes)))
    return summarize(scores)
