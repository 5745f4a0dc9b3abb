"""Every cassette is scrubbed: no keys, no Authorization, no cookies, no org/project ids."""

from __future__ import annotations

import json
import re

import yaml

from .conftest import CASSETTES

SECRET = re.compile(r"sk-(?!fake-test-key)[A-Za-z0-9_-]{16,}|Bearer\s+[A-Za-z0-9]")
FORBIDDEN_HEADERS = ("authorization", "cookie", "set-cookie", "openai-organization",
                     "openai-project", "api-key", "x-api-key")


def cassette_files() -> list:  # type: ignore[type-arg]
    return sorted(CASSETTES.rglob("*.yaml"))


def test_every_cassette_records_chat_completions_and_their_answers() -> None:
    """The cassettes hold what replay needs: chat completion requests, each with a model and
    a system message first, and an answer to each."""
    assert len(cassette_files()) >= 6
    for path in cassette_files():
        for interaction in yaml.safe_load(path.read_text("utf-8"))["interactions"]:
            request = interaction["request"]
            assert request["method"] == "POST" and request["uri"].endswith("/chat/completions"), path
            body = json.loads(request["body"])
            assert body["model"] and body["messages"][0]["role"] == "system", path
            assert interaction["response"]["status"]["code"] == 200, path


def test_no_secrets_in_cassettes() -> None:
    for path in cassette_files():
        raw = path.read_text("utf-8")
        assert not SECRET.search(raw), path
        data = yaml.safe_load(raw)
        for interaction in data["interactions"]:
            for part in ("request", "response"):
                headers = {h.lower() for h in interaction[part].get("headers", {})}
                assert not headers & set(FORBIDDEN_HEADERS), (path, headers)
                assert not any(h.startswith("x-stainless") for h in headers), path


def test_cassettes_come_from_the_local_model_server() -> None:
    for path in cassette_files():
        data = yaml.safe_load(path.read_text("utf-8"))
        for interaction in data["interactions"]:
            assert interaction["request"]["uri"].startswith("http://127.0.0.1:8092/v1/")
            assert interaction["response"]["status"]["code"] == 200
