"""vcrpy configuration shared by the tests and ``llmclaims eval`` (needs the ``test`` or
``eval`` extra): match on the JSON body, scrub credentials, record only when asked."""

from __future__ import annotations

import json
from typing import Any

SCRUB_REQUEST = ("authorization", "cookie", "openai-organization", "openai-project",
                 "api-key", "x-api-key")
SCRUB_RESPONSE = ("set-cookie", "openai-organization", "openai-project", "x-request-id")
MATCH_ON = ["method", "scheme", "host", "port", "path", "query", "json_body"]


def _load(body: Any) -> Any:
    if not body:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        return json.loads(body)
    except ValueError:
        return body


def json_body(r1: Any, r2: Any) -> None:
    assert _load(r1.body) == _load(r2.body), "request JSON bodies differ"


def scrub_request(request: Any) -> Any:
    for name in list(request.headers):
        low = name.lower()
        if low in SCRUB_REQUEST or low.startswith("x-stainless"):
            del request.headers[name]
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SCRUB_RESPONSE or name.lower().startswith("x-stainless"):
            del headers[name]
    return response


def make_vcr(record: bool = False) -> Any:
    """A ``vcr.VCR``: record mode ``once`` when recording, else ``none``."""
    try:
        import vcr
    except ImportError:
        from ..errors import ConfigError, install_hint

        raise ConfigError("replaying cassettes needs vcrpy: " + install_hint("eval")) from None
    v = vcr.VCR(record_mode="once" if record else "none", match_on=MATCH_ON,
                before_record_request=scrub_request, before_record_response=scrub_response,
                decode_compressed_response=True)
    v.register_matcher("json_body", json_body)
    return v
