"""Run systems over the gold set (live, or replayed from / recorded into cassettes)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, LLMClaimsError
from ..extract import extract
from ..schema import Extraction, Usage
from .cassettes import make_vcr
from .gold import GoldArticle
from .peers import naive_extract
from .score import Scores, score_article, summarize

log = logging.getLogger(__name__)

def _langextract(text: str, settings: Settings) -> Extraction:
    from .langextract_peer import langextract_extract

    return langextract_extract(text, settings)


SYSTEMS: dict[str, Callable[[str, Settings], Extraction]] = {
    "llmclaims": lambda text, settings: extract(text, settings=settings),
    "naive-instructor": naive_extract,
    "langextract": _langextract,
}


def _with_cassette_usage(result: Extraction, responses: list[dict[str, Any]]) -> Extraction:
    """Calls and tokens read from the recorded responses, for peers that do not report them."""
    if result.provenance.usage.calls:
        return result
    prompt = completion = 0
    for response in responses:
        try:
            usage = json.loads(response["body"]["string"]).get("usage") or {}
        except (KeyError, TypeError, ValueError):
            continue
        prompt += int(usage.get("prompt_tokens", 0))
        completion += int(usage.get("completion_tokens", 0))
    usage_model = Usage(prompt_tokens=prompt, completion_tokens=completion, calls=len(responses))
    provenance = result.provenance.model_copy(update={"usage": usage_model})
    return result.model_copy(update={"provenance": provenance})


def cassette(cassettes: Path, system: str, article: str) -> Path:
    return cassettes / system / f"{article}.yaml"


def run_one(gold: GoldArticle, system: str, settings: Settings, *,
            cassettes: Path | None, record: bool = False) -> Extraction:
    fn = SYSTEMS[system]
    if cassettes is None:
        return fn(gold.text, settings)
    path = cassette(cassettes, system, gold.name)
    if not record and not path.exists():
        raise ConfigError(f"no cassette {path}; record it with: python tests/record.py --eval")
    path.parent.mkdir(parents=True, exist_ok=True)
    with make_vcr(record).use_cassette(str(path)) as cass:
        try:
            result = fn(gold.text, settings)
        except LLMClaimsError as exc:
            if record:
                raise
            raise ConfigError(
                f"{path}: a request is not in the recording (the prompt, schema, settings or "
                f"input changed since it was recorded); re-record it with: python tests/record.py "
                f"--eval --system {system} --article {gold.name}") from exc
    if not record and not cass.all_played:
        raise AssertionError(f"cassette {path} was not fully played")
    result = _with_cassette_usage(result, list(cass.responses))
    if not record:  # a replay takes no time: report the seconds measured when recording
        recorded = recorded_seconds(cassettes, system).get(gold.name)
        if recorded is not None:
            provenance = result.provenance.model_copy(update={"seconds": recorded})
            result = result.model_copy(update={"provenance": provenance})
    return result


def recorded_seconds(cassettes: Path, system: str) -> dict[str, float]:
    """``<cassettes>/<system>/timings.json``: wall seconds per article when it was recorded."""
    path = cassettes / system / "timings.json"
    return dict(json.loads(path.read_text("utf-8"))) if path.is_file() else {}


def save_recorded_seconds(cassettes: Path, system: str, article: str, seconds: float) -> None:
    timings = recorded_seconds(cassettes, system)
    timings[article] = round(seconds, 1)
    path = cassettes / system / "timings.json"
    path.write_text(json.dumps(dict(sorted(timings.items())), indent=1) + "\n", "utf-8")


def evaluate(golds: list[GoldArticle], system: str, settings: Settings, *,
             cassettes: Path | None, progress: Callable[[str], None] | None = None,
             keep: dict[str, Extraction] | None = None) -> Scores:
    """Score ``system`` on every gold article; ``progress`` hears one line per article;
    ``keep`` receives each article's result by gold name (for scores over several articles)."""
    scores = []
    for n, gold in enumerate(golds, 1):
        log.debug("evaluating %s on %s", system, gold.name)
        result = run_one(gold, system, settings, cassettes=cassettes)
        if keep is not None:
            keep[gold.name] = result
        score = score_article(gold, result)
        scores.append(score)
        if progress is not None:
            progress(f"  {system} {n}/{len(golds)} {gold.name}: actor F1 {score.actors.f1:.2f}, "
                     f"weapon F1 {score.weapons.f1:.2f}, claim F1 {score.claims.f1:.2f}, "
                     f"{score.calls} call(s), {score.seconds:.0f} s")
    return summarize(scores)
