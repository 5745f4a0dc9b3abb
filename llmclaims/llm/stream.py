"""Stop a streamed answer where a list item repeats into a loop (a small model's repetition loop).

:class:`RepeatWatch` is fed the growing JSON text of an answer and finds the first complete
item of a list (``LISTS``) written there for the third time (``LOOP``: one duplicate is no
loop, and exact duplicates collapse downstream). Items are compared
parsed, so white space and key order do not matter (an item that does not parse: its words).
The text cut where that item begins is a cut-off answer: ``salvage`` keeps its complete
items. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

LISTS = ("actors", "weapons", "claims")
# an item's occurrence that makes a loop: a duplicate alone is no loop (a fact sheet may list
# one weapon twice; stopping there lost the claims after it), a third copy is
LOOP = 3


class Repeat(NamedTuple):
    """The item that makes the loop (an item's third copy): its list, its position in the
    list (from 0), and the offset in the answer's text where it begins."""

    list: str
    item: int
    offset: int


# a whole string (escapes included), a bracket, or the quote of a string not yet closed
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]|"')


class RepeatWatch:
    def __init__(self, lists: tuple[str, ...] = LISTS):
        self.text = ""
        self.found: Repeat | None = None
        self._at = 0  # where the next token is looked for
        self._depth = 0  # 1: in the answer's object, 2: in one of its lists, 3: in an item
        self._key = ""  # the last string in the answer's object: a list's name
        self._list: list[str] | None = None  # the items read of the watched list being read
        self._item = 0  # where its current item began
        self._seen: dict[str, list[str]] = {name: [] for name in lists}

    def feed(self, piece: str) -> Repeat | None:
        """Read ``piece``, the next part of the answer; the loop's item, once found."""
        self.text += piece
        for token in _TOKEN.finditer(self.text, self._at):
            if self.found is not None or token.group() == '"':
                break  # found, or in a string that goes on in the next piece
            self._at = token.end()
            self._read(token.group(), token.start())
        return self.found

    def _read(self, token: str, at: int) -> None:
        if token.startswith('"'):
            self._key = token[1:-1] if self._depth == 1 else self._key
        elif token in "{[":
            self._depth += 1
            if self._depth == 2:
                self._list = self._seen.get(self._key) if token == "[" else None
            elif self._depth == 3 and token == "{":
                self._item = at
        else:
            if self._depth == 3 and token == "}" and self._list is not None:
                self._ended(self._list, self.text[self._item:at + 1])
            self._depth = max(0, self._depth - 1)

    def _ended(self, items: list[str], item: str) -> None:
        try:
            key = json.dumps(json.loads(item), sort_keys=True)
        except ValueError:  # not JSON (a quote left unescaped): its words are compared
            key = " ".join(item.split())
        if items.count(key) >= LOOP - 1:
            self.found = Repeat(self._key, len(items), self._item)
        items.append(key)
