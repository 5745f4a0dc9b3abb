"""The Python result API: documented types, lookups from claims to their actors and weapons,
results that round-trip through JSON, ``to_pandas`` on results in every shape people hold them,
``extract()``'s keyword arguments documented with their types and defaults."""

from __future__ import annotations

import copy
import json
import pickle
import pydoc
import typing
from dataclasses import fields
from pathlib import Path

import pytest
from pydantic import BaseModel

import llmclaims
from llmclaims import (
    ArticleMeta,
    Extraction,
    InputError,
    Settings,
    UnknownItem,
    UsageError,
    extract,
    to_pandas,
)
from llmclaims.extract import ExtractOptions

from .conftest import FAKE_KEY, LOCAL_MODEL, LOCAL_URL, cassette_for, replay
from .test_links import DELIVERY, TALKS, claim, link_claims, result

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_MODELS = sorted((obj for name in llmclaims.__all__
                        if isinstance(obj := getattr(llmclaims, name), type) and issubclass(obj, BaseModel)),
                       key=lambda m: m.__name__)
SEED = (ROOT / "examples" / "nk-artillery-rocket-launchers-russia.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def seed() -> Extraction:
    with replay(cassette_for("eval/llmclaims", "seed")):
        return extract(SEED, base_url=LOCAL_URL, api_key=FAKE_KEY, model=LOCAL_MODEL)


@pytest.fixture
def delivery() -> Extraction:
    return result(*link_claims(result().actors, result().weapon_systems, [
        claim(DELIVERY, claimant="a3", statement="Ruritania delivered 40 Kestrel drones to Freedonia"),
        claim(TALKS, "c2", claimant="a2", via=["a3"]),
        claim("Osterlich denied the report.", "c3", claimant="a4")]))


# -- documentation -------------------------------------------------------------------------
def test_every_field_of_every_public_model_is_described() -> None:
    assert {m.__name__ for m in PUBLIC_MODELS} >= {"Actor", "Claim", "Extraction", "Span",
                                                   "WeaponSystem", "ItemWarning", "CatalogueCandidate"}
    for model in PUBLIC_MODELS:
        assert (model.__doc__ or "").strip(), model.__name__
        for name, field in model.model_fields.items():
            assert field.description and len(field.description) > 10, f"{model.__name__}.{name}"


def test_help_explains_every_field_and_the_json_schema_carries_the_descriptions() -> None:
    for model in PUBLIC_MODELS:
        text = " ".join(pydoc.render_doc(model, renderer=pydoc.plaintext).split())
        schema = model.model_json_schema()
        for name, field in model.model_fields.items():
            assert f"{name}: " in text and " ".join(field.description.split())[:40] in text, name  # type: ignore[union-attr]
            assert schema["properties"][name]["description"] == field.description
        assert "Fields:" not in schema["description"]  # the list is in help(), not the schema
    claim_help = pydoc.render_doc(llmclaims.Claim, renderer=pydoc.plaintext)
    for word in ("via", "cue", "certainty", "'unconfirmed'", "grounded", "paraphrase", "evidence",
                 "weapon_systems", "claimant_actor"):
        assert word in claim_help


def test_every_value_of_a_closed_field_is_explained() -> None:
    for model, name in ((llmclaims.ItemWarning, "code"), (llmclaims.Claim, "certainty"), (llmclaims.Span, "match")):
        field = model.model_fields[name]
        for value in typing.get_args(field.annotation):
            assert f"'{value}' (" in (field.description or ""), (model.__name__, value)


def test_the_package_is_typed() -> None:
    assert (ROOT / "llmclaims" / "py.typed").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'packages = ["llmclaims"]' in pyproject  # hatch ships every file of the package


def test_extract_documents_every_option_with_its_default() -> None:
    """The options are the Settings fields; extract's docstring points at the configuration
    page, whose table gives each one's default."""
    options = typing.get_type_hints(ExtractOptions)
    named = {"model", "base_url", "api_key", "sources", "served_model"}  # explicit, or internal
    assert set(options) == {f.name for f in fields(Settings)} - named
    assert "docs/configuration.md" in (extract.__doc__ or "")
    rows = (ROOT / "docs" / "configuration.md").read_text("utf-8").splitlines()
    for f in fields(Settings):
        if f.name in named or f.default in (None, ()):
            continue
        row = next(line for line in rows if line.startswith(f"| `{f.name}` |"))
        shown = row.split(" | ")[2].replace(",", "").strip("`").removesuffix(" s")
        if isinstance(f.default, bool | str):
            assert shown == str(f.default), (f.name, row)
        else:
            assert float(shown) == f.default, (f.name, row)


# -- lookups -------------------------------------------------------------------------------
def test_items_are_found_by_id_name_alias_or_object(delivery: Extraction) -> None:
    ruritania = delivery.actors[0]
    assert delivery.actor("a1") is ruritania
    assert delivery.actor("Ruritania") is ruritania
    assert delivery.actor("Ruri") is ruritania  # an alias
    assert delivery.actor("RURITANIA") is ruritania  # case ignored when nothing matches exactly
    assert delivery.actor(ruritania) is ruritania
    assert delivery.weapon("Kestrel drones") is delivery.weapon("w1") is delivery.weapon_systems[0]
    assert delivery.claim("c2").statement == TALKS
    with pytest.raises(UnknownItem) as missing:
        delivery.actor("Atlantis")
    assert isinstance(missing.value, KeyError) and isinstance(missing.value, UsageError)
    stranger = ruritania.model_copy(update={"name": "Atlantis"})
    with pytest.raises(UnknownItem):
        delivery.actor(stranger)  # an actor of another result, with the same id


def test_a_claim_names_its_source_relays_and_weapons(delivery: Extraction) -> None:
    first, talks, denial = delivery.claims
    assert first.claimant_actor is delivery.actor("Ruritanian ministry")
    assert [w.name for w in first.weapons] == ["Kestrel drones"]
    assert [a.name for a in first.named_actors] == ["Ruritanian ministry", "Ruritania", "Freedonia"]
    assert talks.claimant_actor is delivery.actor("Freedonia")
    assert [a.name for a in talks.via_actors] == ["Ruritanian ministry"]
    assert denial.weapons == [] and denial.via_actors == []
    article_says = delivery.model_copy(update={"claims": [claim(TALKS)]})
    assert article_says.claims[0].claimant_actor is None
    with pytest.raises(UsageError):
        _ = claim(TALKS, claimant="a2").claimant_actor  # a claim outside any result


def test_claims_by_an_actor_and_about_a_weapon(delivery: Extraction) -> None:
    assert [c.id for c in delivery.claims_by("Ruritanian ministry")] == ["c1", "c2"]  # makes, relays
    assert [c.id for c in delivery.claims_by(delivery.actor("a2"))] == ["c2"]
    assert delivery.claims_by("Ruritania") == []  # named in c1, but neither its source nor a relay
    assert [c.id for c in delivery.claims_about("Kestrel drones")] == ["c1"]
    with pytest.raises(UnknownItem):
        delivery.claims_about("Patriot")


def test_results_round_trip_and_copies_keep_their_own_claims(delivery: Extraction) -> None:
    assert delivery.claims[1] == claim(TALKS, "c2", claimant="a2", via=["a3"], actors=["a1"])  # fields only
    again = Extraction.model_validate_json(delivery.model_dump_json())
    assert again == delivery and again.model_dump() == delivery.model_dump()
    assert again.claims[0].claimant_actor is again.actors[2]
    for twin in (copy.deepcopy(delivery), pickle.loads(pickle.dumps(delivery)),
                 delivery.model_copy(update={"meta": ArticleMeta(title="t")})):
        assert twin.claims[0].claimant_actor is twin.actors[2]
        assert twin.claims[0] == delivery.claims[0]
    renamed = delivery.model_copy(update={"actors": [a.model_copy(update={"name": f"{a.name}!"})
                                                     for a in delivery.actors]})
    assert renamed.claims[0].claimant_actor.name == "Ruritanian ministry!"  # type: ignore[union-attr]
    assert delivery.claims[0].claimant_actor.name == "Ruritanian ministry"  # type: ignore[union-attr]
    shared = Extraction.model_validate({**dict(delivery), "claims": delivery.claims})
    assert shared.claims[0].claimant_actor is shared.actors[2]
    assert delivery.claims[0].claimant_actor is delivery.actors[2]  # not taken from delivery


# -- to_pandas -----------------------------------------------------------------------------
def test_to_pandas_takes_results_in_every_shape(seed: Extraction, tmp_path: Path) -> None:
    one = to_pandas(seed)
    assert list(one["claims"]["id"]) == [c.id for c in seed.claims]
    assert list(one["articles"]["article_id"]) == ["1"]
    row = {"id": "seed", "source": "seed.txt", "extraction": seed.model_dump(mode="json")}
    failure = {"id": "broken", "source": "broken.txt", "error": "budget"}
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(failure) + "\n", "utf-8")
    shapes = {
        "list": [seed, seed], "triples": [("seed", "seed.txt", seed)], "rows": [row, failure],
        "json document": {"articles": [row], "failures": [failure]},
        "dict": seed.model_dump(mode="json"), "path": path,
    }
    for shape, results in shapes.items():
        frames = to_pandas(results)
        claims = frames["claims"].drop(columns="article_id")
        assert claims.equals(one["claims"].drop(columns="article_id")) or shape == "list", shape
        assert set(frames) >= {"claim_actors", "claim_weapons"}
    both = to_pandas([seed, seed])
    assert list(both["articles"]["article_id"]) == ["1", "2"] and len(both["claims"]) == 2 * len(seed.claims)
    assert list(to_pandas([row, failure])["articles"]["article_id"]) == ["seed"]  # the failure skipped
    with pytest.raises(InputError):
        to_pandas([{"name": "not a result"}])
    with pytest.raises(InputError):
        to_pandas(["seed.txt"])  # type: ignore[list-item]
