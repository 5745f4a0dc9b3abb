"""Recover the complete items of a structured answer that was cut off at the token limit.

A small model asked for "every claim" can write until ``max_tokens``. Rather than failing the
whole article, the items that were completed are kept (each validated on its own), the cut-off
one is dropped, and the caller is told (a ``truncated`` warning). Pure: no I/O.
"""

from __future__ import annotations

from typing import Any, TypeVar, get_args, get_origin

import jiter
from pydantic import BaseModel, ValidationError

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
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    dropped = 0
    for name, field in model.model_fields.items():
        item_type = get_args(field.annotation)[0] if get_origin(field.annotation) is list else None
        raw = data.get(name, [] if item_type else None)
        if item_type is not None and isinstance(item_type, type) and issubclass(item_type, BaseModel):
            kept = []
            for item in raw if isinstance(raw, list) else []:
                try:
                    kept.append(item_type.model_validate(item))
                except ValidationError:
                    dropped += 1
            values[name] = kept
        else:
            values[name] = raw
    if not any(values.values()):
        return None
    return model.model_construct(**values), dropped
