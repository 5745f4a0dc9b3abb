"""The corpus run on Ray Data, for real: a local Ray instance (2 CPUs), workers talking over
HTTP to a loopback server that replays the recorded evaluation responses (the library's own
code is not mocked); the results equal the sequential run's."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from llmclaims.config import Settings
from llmclaims.corpus import Item, run_corpus
from llmclaims.evaluate import load_gold

from .replay_server import replay_server

ray = pytest.importorskip("ray")
# Ray Data 2.60 warns about its own deprecated option when it builds its DataContext
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ("020", "030", "029")  # short dev articles with recordings


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        yield
    finally:
        ray.shutdown()


def items() -> list[Item]:
    golds = {g.name: g for g in load_gold(ROOT / "evals" / "gold")}
    return [Item(id=name, text=golds[name].text, source=name) for name in ARTICLES]


def settings(url: str, home: Path) -> Settings:
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    return Settings.resolve(base_url=url, model=conf["model"], api_key=conf["api_key"], home=home,
                            stream=conf["stream"], env={})


def comparable(path: Path) -> dict[str, object]:
    out = {}
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        row["extraction"]["provenance"].pop("seconds")
        out[row["id"]] = row["extraction"]
    return out


def test_ray_gives_the_sequential_results(local_ray: None, tmp_path: Path) -> None:
    from llmclaims.ray_data import run_corpus_ray

    cassettes = [ROOT / "tests" / "cassettes" / "eval" / "llmclaims" / f"{a}.yaml" for a in ARTICLES]
    with replay_server(cassettes) as server:
        run_corpus(items(), tmp_path / "seq.jsonl", settings(server.base_url, tmp_path / "h1"))
        sequential_calls = len(server.asked)
        run_corpus_ray(items(), tmp_path / "ray.jsonl", settings(server.base_url, tmp_path / "h2"),
                       concurrency=2)
        assert server.unknown == 0  # every request the workers sent was one the model answered
        assert len(server.asked) == 2 * sequential_calls
        seq, par = comparable(tmp_path / "seq.jsonl"), comparable(tmp_path / "ray.jsonl")
        assert set(par) == set(ARTICLES) and par == seq
        manifest = json.loads((tmp_path / "ray.manifest.json").read_text())
        assert manifest["totals"]["ok"] == 3 and manifest["totals"]["prompt_tokens"] > 0
        # the same cache as local runs: a rerun on Ray asks nothing and resumes nothing twice
        run_corpus_ray(items(), tmp_path / "again.jsonl", settings(server.base_url, tmp_path / "h2"))
        assert len(server.asked) == 2 * sequential_calls
        assert comparable(tmp_path / "again.jsonl") == seq


def test_the_extractor_is_a_map_batches_callable(local_ray: None, tmp_path: Path) -> None:
    from llmclaims.ray_data import Extractor, extraction_of

    cassettes = [ROOT / "tests" / "cassettes" / "eval" / "llmclaims" / "020.yaml"]
    conf = tomllib.loads((ROOT / "evals" / "eval.toml").read_text("utf-8"))["replay"]
    text = items()[0].text
    with replay_server(cassettes) as server:
        ds = ray.data.from_items([{"id": "020", "text": text}])
        rows = ds.map_batches(Extractor, fn_constructor_kwargs={
            "base_url": server.base_url, "model": conf["model"], "api_key": conf["api_key"],
            "home": str(tmp_path), "stream": conf["stream"]}, batch_size=1, concurrency=1).take_all()
    assert [r["id"] for r in rows] == ["020"] and rows[0]["error"] is None
    result = extraction_of(rows[0])
    assert result is not None and result["claims"] and rows[0]["calls"] >= 1
