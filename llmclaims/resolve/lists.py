"""Lists in articles: a list drafted as one item is split; a list item is not a claim of its
own. Pure functions over the text.

Fact sheets announce a package in one sentence ending with a colon and list its contents as
bullets. A small model drafts the bullets as one weapon ("Grenade launchers, 5,000 rifles, and
400 shotguns") and each bullet as a separate claim (measured: 11 bullet claims in one fact
sheet). The items of such a weapon are weapons; the bullets are evidence of the claim that
introduces them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..schema import Claim, ItemWarning
from ..text.quantities import quantity_at_start

_LIST_SEP = re.compile(r"\s*;\s*(?:and\s+)?|,\s+(?:and\s+)?|\s+and\s+(?=\d)")
_BULLET = re.compile(r"[ \t]*(?:[-\u2013\u2022*\u25aa]|\d{1,2}[.)])[ \t]+")


def split_list(name: str) -> list[str]:
    """The items of a list drafted as one weapon ("Grenade launchers, 5,000 rifles, and 400
    shotguns"): three or more items, or two that each carry a count; else the name."""
    parts = [p.strip() for p in _LIST_SEP.split(name) if p and p.strip()]
    if len(parts) >= 3 or (len(parts) == 2 and all(quantity_at_start(p) for p in parts)):
        return parts
    return [name]


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def list_intro(text: str, pos: int) -> tuple[int, int] | None:
    """When ``pos`` lies in a bullet, the line that introduces its list (the nearest line
    above that is not a bullet, when it ends with a colon); else None."""
    start, _ = _line(text, pos)
    if not _BULLET.match(text, start):
        return None
    while start > 0:
        start, end = _line(text, start - 1)
        line = text[start:end]
        if not line.strip() or _BULLET.match(line):
            continue
        return (start, end) if line.rstrip().endswith(":") else None
    return None


def merge_list_items(claims: Sequence[Claim], text: str, warnings: list[ItemWarning]
                     ) -> tuple[list[Claim], dict[str, str]]:
    """Claims whose evidence is a bullet become evidence of the claim that introduces the
    list (its evidence lies in the intro line); ids are renumbered. Returns the claims and
    the new id of each old id (empty when nothing merged): the caller renumbers the items
    of its warnings with it (``renumbered``)."""
    out: list[Claim] = []
    target: dict[int, int] = {}  # index in claims -> index in out
    for i, c in enumerate(claims):
        intro = list_intro(text, c.evidence[0].start) if c.evidence else None
        host = next((k for k, o in enumerate(out) if intro and any(
            e.start < intro[1] and intro[0] < e.end for e in o.evidence)), None) if intro else None
        if host is None:
            target[i] = len(out)
            out.append(c)
            continue
        h = out[host]
        out[host] = h.model_copy(update={
            "evidence": [*h.evidence, *(e for e in c.evidence if e not in h.evidence)],
            "weapon_systems": [*h.weapon_systems,
                               *(w for w in c.weapon_systems if w not in h.weapon_systems)]})
        target[i] = host
        warnings.append(ItemWarning(code="merged", item=c.id, reason="list_item_merged",
                                    fields={"into": h.id},
                                    message=f"a list item of {h.id}: added to its evidence"))
    if len(out) == len(claims):
        return list(claims), {}
    new_id = {c.id: f"c{target[i] + 1}" for i, c in enumerate(claims)}
    return [c.model_copy(update={"id": f"c{k + 1}"}) for k, c in enumerate(out)], new_id


def renumbered(warnings: Iterable[ItemWarning], new_id: Mapping[str, str]) -> tuple[ItemWarning, ...]:
    """``warnings`` with their items renamed by ``new_id`` (new records where one changes)."""
    return tuple(_renamed(w, new_id) for w in warnings)


def _renamed(w: ItemWarning, new_id: Mapping[str, str]) -> ItemWarning:
    into = w.fields.get("into", "")
    if w.item not in new_id and into not in new_id:
        return w
    fields = {**w.fields, "into": new_id[into]} if into in new_id else w.fields
    return w.model_copy(update={"item": new_id.get(w.item, w.item), "fields": fields})
