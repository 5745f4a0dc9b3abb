"""Recover the usable items of a structured answer: cut off (at the token limit, or at a
repeated item), or written as free text with no grammar to hold it to the schema.

A cut-off answer keeps its complete items, each validated on its own (:func:`salvage`). A
free-text answer is read leniently (:func:`lenient`, :func:`coerce`); items that still do not
validate are dropped and counted. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import jiter
from pydantic import BaseModel, ValidationError

from ..schema import unique

T = TypeVar("T", bound=BaseModel)


def raw_output(completion: Any) -> str | None:
    """The text of a chat completion's answer: message content, or the tool call arguments."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    if getattr(message, "content", None):
        return str(message.content)
    calls = getattr(message, "tool_calls", None) or []
    return str(calls[0].function.arguments) if calls else None


def salvage(model: type[T], text: str) -> tuple[T, int] | None:
    """``(partial model, items dropped)`` from truncated JSON, or None if nothing usable.

    Each list-of-models field keeps its leading items that validate on their own; the last,
    incomplete item of a list that was being written when the output stopped is dropped."""
    start = text.find("{")
    if start < 0:
        return None
    try:
        data = jiter.from_json(text[start:].encode(), partial_mode="trailing-strings")
    except ValueError:
        return None
    return _kept(model, data, lambda _, item: item) if isinstance(data, dict) else None


def _kept(model: type[T], data: dict[str, Any], mend: Callable[[type[BaseModel], Any], Any]
          ) -> tuple[T, int] | None:
    """``(model, items dropped)`` from the parsed answer ``data``: each list-of-models field
    keeps the items that validate on their own after ``mend``, each once (a repetition
    loop's repeats collapse); None if nothing is kept."""
    values: dict[str, Any] = {}
    dropped = 0
    for name, field in model.model_fields.items():
        item_type = get_args(field.annotation)[0] if get_origin(field.annotation) is list else None
        raw = data.get(name, [] if item_type else None)
        if item_type is not None and isinstance(item_type, type) and issubclass(item_type, BaseModel):
            kept = []
            for item in raw if isinstance(raw, list) else []:
                try:
                    kept.append(item_type.model_validate(mend(item_type, item)))
                except ValidationError:
                    dropped += 1
            values[name] = unique(kept)
        else:
            values[name] = raw
    if not any(values.values()):
        return None
    return model.model_construct(**values), dropped


def _allowed(annotation: Any) -> tuple[Any, ...] | None:
    """The values a Literal field (or an optional one) allows; None for other fields."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            if get_origin(arg) is Literal:
                return get_args(arg)
    return None


def coerce(model: type[BaseModel], item: Any) -> Any:
    """``item`` with the defects a free-text answer has mended: a value outside a Literal
    field's set becomes ``other`` (or the set's first value), a missing list ``[]``, a missing
    optional field ``None``, a number written with its unit ("170mm") the number (a string
    with no number: ``None``). Anything else is left for validation to judge."""
    if not isinstance(item, dict):
        return item
    out = dict(item)
    for name, field in model.model_fields.items():
        allowed = _allowed(field.annotation)
        if name not in out:
            if get_origin(field.annotation) is list:
                out[name] = []
            elif type(None) in get_args(field.annotation):
                out[name] = None
        elif allowed is not None and out[name] not in allowed:
            if out[name] is None and type(None) in get_args(field.annotation):
                continue
            out[name] = "other" if "other" in allowed else allowed[0]
        elif float in get_args(field.annotation) and isinstance(out[name], str):
            number = _NUMBER.search(out[name].replace(",", ""))  # "170mm" -> 170.0
            if number or type(None) in get_args(field.annotation):
                out[name] = float(number.group()) if number else None
    return out


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def first_object(text: str) -> str | None:
    """The first complete JSON object in ``text`` (code fences and prose around it ignored)."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start >= 0:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            return None
        if isinstance(value, dict):
            return text[start:end]
        start = text.find("{", end)
    return None


def lenient(model: type[T], text: str) -> tuple[T, int] | None:
    """``(model, items dropped)`` from an answer written without a grammar, or None if it
    holds nothing usable. Items are coerced (:func:`coerce`) and validated one by one."""
    body = first_object(text)
    if body is None:
        return salvage(model, text)  # an unclosed object: keep its complete items
    return _kept(model, json.loads(body), coerce)
