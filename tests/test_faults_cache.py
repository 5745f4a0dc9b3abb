"""Fault classes of the result cache (issue 21): a cache is checked before it is trusted.

A real HTTP server on 127.0.0.1 answers with the recorded response of the reference article
(as in test_corpus.py); cache entries are forged, swapped, broken or made unreadable by hand
between runs, and the run must extract anew (the server is asked again) without losing a result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from llmclaims.config import Settings
from llmclaims.corpus import Cache, Item, run_corpus
from llmclaims.local import model as model_module
from llmclaims.local import server as server_module

from .fakeserver import Reply, serve
from .test_corpus import BODY, lines, settings, texts

FORGED = "The ministry confirmed that 900 nuclear warheads were delivered overnight."
FORGED_CLASS = "cache: forged or stale entry"
UNREADABLE = "cache: unreadable entry"


def entries(home: Path) -> list[Path]:
    return sorted((home / "results").rglob("*.json"))


def problems(caplog: pytest.LogCaptureFixture, level: int = logging.WARNING) -> list[str]:
    return [getattr(r, "cache_problem", "") for r in caplog.records
            if r.name == "llmclaims.corpus" and r.levelno == level]


def first_run(tmp_path: Path, url: str, n: int = 1) -> tuple[list[Item], Path]:
    items = [Item(id=f"a{k}", text=t) for k, t in enumerate(texts(n), 1)]
    home = tmp_path / "home"
    run_corpus(items, tmp_path / "first.jsonl", settings(url, home))
    return items, home


def timeless(entry: str) -> dict[str, object]:
    """A cached result without its seconds (which differ between two extractions)."""
    data = json.loads(entry)
    data["provenance"].pop("seconds")
    return dict(data)


def forge(entry: Path, *, start: int | None = None) -> None:
    """Put a fabricated claim into a cached result: its evidence is the fabricated sentence at
    the offsets of a real claim's evidence (``start`` moves them), so it does not slice back."""
    data = json.loads(entry.read_text("utf-8"))
    claim = data["claims"][0]
    span = claim["evidence"][0]
    begin = span["start"] if start is None else start
    claim.update(statement=FORGED, grounded=True)
    claim["evidence"] = [{**span, "start": begin, "end": begin + len(FORGED), "text": FORGED}]
    entry.write_text(json.dumps(data), encoding="utf-8")


def rerun_after(tmp_path: Path, spoil: Callable[[list[Path], list[Item]], None],
                n: int = 1) -> tuple[int, list[Path]]:
    """A first run of ``n`` articles fills the cache; ``spoil(entries, items)`` changes it by
    hand; the same articles run again (into second.jsonl). Returns the requests the server got
    in both runs, and the cache entries."""
    with serve([Reply(200, BODY)]) as server:
        items, home = first_run(tmp_path, server.base_url, n)
        found = entries(home)
        spoil(found, items)
        run_corpus(items, tmp_path / "second.jsonl", settings(server.base_url, home))
        return len(server.requests), found


def statements(out: Path) -> list[str]:
    return [c["statement"] for r in lines(out) for c in r["extraction"]["claims"]]  # type: ignore[index]


@pytest.mark.fault_class(FORGED_CLASS)
def test_a_forged_claim_whose_span_does_not_slice_back_is_not_served(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    honest: list[str] = []
    assert rerun_after(tmp_path / "honest", lambda found, items: None)[0] == 1  # served: no call

    def spoil(found: list[Path], items: list[Item]) -> None:
        honest.append(found[0].read_text("utf-8"))
        forge(found[0])

    with caplog.at_level(logging.DEBUG, logger="llmclaims"):
        asked, (entry,) = rerun_after(tmp_path, spoil)
    assert asked == 2  # the forged entry was not served: the model was asked
    assert FORGED not in statements(tmp_path / "second.jsonl") and statements(tmp_path / "second.jsonl")
    assert problems(caplog) == ["forged"]
    assert timeless(entry.read_text("utf-8")) == timeless(honest[0])  # overwritten, fresh result


@pytest.mark.fault_class(FORGED_CLASS)
def test_a_span_past_the_end_of_the_article_is_not_served(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """An empty forged span beyond the text slices to '' == '' in Python: the bounds are checked."""
    def spoil(found: list[Path], items: list[Item]) -> None:
        data = json.loads(found[0].read_text("utf-8"))
        end = len(items[0].text) + 50
        data["claims"][0]["evidence"] = [{"start": end, "end": end, "text": "", "match": "exact"}]
        found[0].write_text(json.dumps(data), encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="llmclaims"):
        assert rerun_after(tmp_path, spoil)[0] == 2
    assert problems(caplog) == ["forged"]


@pytest.mark.fault_class(FORGED_CLASS)
def test_another_articles_result_under_this_key_is_not_served(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An entry copied from another article (its own spans may slice back by chance): the
    text hash differs, so it is stale."""
    def spoil(found: list[Path], items: list[Item]) -> None:
        by_text = {json.loads(e.read_text("utf-8"))["text_sha256"]: e for e in found}
        first, second = (by_text[hashlib.sha256(i.text.encode()).hexdigest()] for i in items)
        first.write_text(second.read_text("utf-8"), encoding="utf-8")  # a2's result under a1's key

    with caplog.at_level(logging.WARNING, logger="llmclaims"):
        assert rerun_after(tmp_path, spoil, n=2)[0] == 3
    assert [r["extraction"]["text_sha256"] for r in lines(tmp_path / "second.jsonl")] == [  # type: ignore[index]
        hashlib.sha256(t.encode()).hexdigest() for t in texts(2)]
    assert problems(caplog) == ["stale"]


@pytest.mark.fault_class(FORGED_CLASS)
def test_each_problem_is_a_warning_once_then_debug(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="llmclaims"):
        assert rerun_after(tmp_path, lambda found, items: [forge(e) for e in found], n=3)[0] == 6
    assert problems(caplog) == ["forged"]
    assert problems(caplog, logging.DEBUG).count("forged") == 2


@pytest.mark.fault_class(FORGED_CLASS)
def test_two_loopback_servers_serving_other_models_never_share_results(tmp_path: Path) -> None:
    """No --model: the key holds the model each server lists at GET /v1/models (asked once)."""
    home = tmp_path / "home"
    items = [Item(id="a1", text=texts(1)[0])]

    def unnamed(url: str) -> Settings:
        return Settings.resolve(base_url=url, api_key="sk-fake-test-key", repair=False, home=home,
                                env={})

    with serve([Reply(200, BODY)], models=["alpha-7b.Q4.gguf"]) as alpha, \
            serve([Reply(200, BODY)], models=["beta-1b.Q8.gguf"]) as beta:
        cache = Cache(home / "results")
        assert cache.key("x", unnamed(alpha.base_url)) != cache.key("x", unnamed(beta.base_url))
        assert alpha.listed == beta.listed == 1
        assert cache.key("y", unnamed(alpha.base_url)) is not None and alpha.listed == 1  # once
        run_corpus(items, tmp_path / "alpha.jsonl", unnamed(alpha.base_url))
        run_corpus(items, tmp_path / "beta.jsonl", unnamed(beta.base_url))
        assert (len(alpha.requests), len(beta.requests)) == (1, 1)  # beta was asked itself
        run_corpus(items, tmp_path / "again.jsonl", unnamed(alpha.base_url))
        assert len(alpha.requests) == 1  # alpha's own result is served to alpha
    assert len(entries(home)) == 2


def test_a_named_model_a_server_lists_is_its_identity(tmp_path: Path) -> None:
    """A server listing several models (Ollama) serves the one named: the key follows the name,
    not the order of the listing."""
    home = tmp_path / "home"
    with serve([Reply(200, BODY)], models=["qwen:1.5b", "llama:8b"]) as one, \
            serve([Reply(200, BODY)], models=["llama:8b", "qwen:1.5b"]) as other:
        named = [Settings.resolve(base_url=s.base_url, model="llama:8b", env={}, home=home)
                 for s in (one, other)]
        cache = Cache(home / "results")
        assert cache.served(named[0]) == cache.served(named[1]) == "llama:8b"
        assert cache.key("x", named[0]) == cache.key("x", named[1])


@pytest.mark.fault_class(FORGED_CLASS)
def test_a_loopback_server_that_names_no_model_is_not_cached(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    home = tmp_path / "home"
    items = [Item(id="a1", text=texts(1)[0])]
    s_ = {"api_key": "sk-fake-test-key", "repair": False, "home": home, "env": {}}
    with serve([Reply(200, BODY)]) as server, caplog.at_level(logging.WARNING, logger="llmclaims"):
        for out in ("one.jsonl", "two.jsonl"):
            run_corpus(items, tmp_path / out, Settings.resolve(base_url=server.base_url, **s_))
        assert len(server.requests) == 2
    assert entries(home) == [] and problems(caplog) == ["unidentified"] * 2  # once a run
    assert lines(tmp_path / "two.jsonl")[0]["extraction"]


@pytest.mark.fault_class(FORGED_CLASS)
def test_the_embedded_model_is_keyed_by_its_gguf_sha256(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two GGUF files behind the same alias: the managed server's settings carry each file's
    sha256, so their results never share a cache entry."""
    standin = str(Path(__file__).with_name("standin_server.py"))
    monkeypatch.setattr(server_module, "llama_command", lambda path, alias: [
        sys.executable, standin, "{port}", "ok", "--model", str(path)])
    keys, served = [], []
    for name, data in (("one.gguf", b"GGUF one"), ("two.gguf", b"GGUF two")):
        gguf = tmp_path / name
        gguf.write_bytes(data)
        s = Settings.resolve(env={}, model_path=str(gguf), home=str(tmp_path / "home"))
        with server_module.managed_server(s, progress=False) as local:
            served.append(local.served_model)
            keys.append(Cache(tmp_path / "home" / "results").key("x", local))
    assert served == [f"gguf-sha256:{hashlib.sha256(d).hexdigest()}" for d in (b"GGUF one", b"GGUF two")]
    assert keys[0] != keys[1]
    pinned = Settings.resolve(env={})
    assert model_module.gguf_sha256(pinned, Path("-")) == model_module.MODELS[pinned.local_model].sha256


@pytest.mark.fault_class(UNREADABLE)
def test_an_entry_that_is_not_json_is_replaced(tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    good: list[str] = []

    def spoil(found: list[Path], items: list[Item]) -> None:
        good.append(found[0].read_text("utf-8"))
        found[0].write_bytes(b"\xff\xfe{not json")

    with caplog.at_level(logging.WARNING, logger="llmclaims"):
        asked, (entry,) = rerun_after(tmp_path, spoil)
    assert asked == 2 and problems(caplog) == ["invalid"]
    assert timeless(entry.read_text("utf-8")) == timeless(good[0])
    assert lines(tmp_path / "second.jsonl")[0]["extraction"]


@pytest.mark.fault_class(UNREADABLE)
def test_an_entry_that_cannot_be_read_or_written_costs_no_result(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The entry's path is a folder (unreadable even for root, and not replaceable): the article
    is extracted, its result written, the cache left as it is."""
    def spoil(found: list[Path], items: list[Item]) -> None:
        found[0].unlink()
        (found[0] / "x").mkdir(parents=True)

    with caplog.at_level(logging.WARNING, logger="llmclaims"):
        assert rerun_after(tmp_path, spoil)[0] == 2
    assert problems(caplog) == ["unreadable", "unwritable"]
    assert [r["id"] for r in lines(tmp_path / "second.jsonl") if r.get("extraction")] == ["a1"]


@pytest.mark.fault_class(UNREADABLE)
def test_a_cache_folder_that_cannot_be_made_costs_no_result(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """LLMCLAIMS_HOME names a file: every article is still extracted and written; one warning."""
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    items = [Item(id=f"a{k}", text=t) for k, t in enumerate(texts(2), 1)]
    with serve([Reply(200, BODY)]) as server, caplog.at_level(logging.DEBUG, logger="llmclaims"):
        results = run_corpus(items, tmp_path / "out.jsonl", settings(server.base_url, home))
        assert len(server.requests) == 2
    assert results.done == {"a1", "a2"}
    assert problems(caplog) == ["unwritable"]
    assert problems(caplog, logging.DEBUG).count("unwritable") == 1
    assert home.read_text("utf-8") == "not a folder"
