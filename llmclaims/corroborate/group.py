"""Grouping: claims that state the same thing, across articles and within one.

Blocking: a claim is compared only with claims that share one of its rarest content words
(of those that some other claim has too: a similar statement shares some); within a block, claims
are sorted by date and compared only while their dates can still be compatible (a sorted
neighbourhood), so a corpus does not cost the square of its claims. A pair joins when its types
are compatible, its weapons are the same systems, its subjects overlap, its dates are
compatible and its words are similar; groups are the connected pairs (union-find).

Similarity is the IDF-weighted cosine of the statements' content words (names replaced by their
entity's canonical name), not an edit-distance ratio: measured on the dev corroboration gold
with rare-word blocking and an earlier draft of the checks, rapidfuzz's token_set_ratio grouped 2 to 7 of the 63 gold
pairs at precision 0.50 to 0.75 (thresholds 70 down to 50), the IDF cosine 8 at 0.73, and it
separates paraphrases (few shared words, but rare ones) from statements that share only "said",
"Russia" and "Ukraine".
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from .entities import UnionFind
from .features import Item

WINDOW_DAYS = 90  # reports of one event, dated by their articles or months, lie within this
DAY_WINDOW = 3  # two claims dated to the day: within a few days ("met on Tuesday", "returned Friday")
SIMILAR = 20.0  # IDF-weighted cosine (0-100) of two statements' content words
SUPPORTED = 5.0  # less needed when two subjects or a weapon are shared
LINKED = 10.0  # a merge also needs the two groups' first claims within this of SIMILAR
RARE = 4  # rare words per claim that block it
DENIAL_SIMILAR = 50.0  # a denial answers a claim whose words hold at least this share of its own
EVENTS = frozenset({"move", "attack", "capability"})  # classes that never state one another


def compatible_types(a: Item, b: Item) -> bool:
    """The same class, or not two different kinds of event (a transfer is no attack; an
    assessment, a policy or "other" may word either)."""
    return a.klass == b.klass or not (a.klass in EVENTS and b.klass in EVENTS)


def same_weapons(a: Item, b: Item) -> bool:
    """Both name weapons: at least one the same system; one or neither names any: no objection."""
    if not a.weapons or not b.weapons:
        return True
    return any(x.matches(y) for x in a.weapons for y in b.weapons)


def same_subjects(a: Item, b: Item) -> bool:
    return not a.subjects or not b.subjects or bool(a.subjects & b.subjects)


def dates_compatible(a: Item, b: Item) -> bool:
    if a.when is None or b.when is None:
        return True
    gap = max(a.when[0], b.when[0]) - min(a.when[1], b.when[1])
    return gap <= (DAY_WINDOW if a.when[2] and b.when[2] else WINDOW_DAYS)


class Vocabulary:
    """Inverse document frequency of the content words over a corpus' claims: two statements
    are similar by the rare words they share (IDF-weighted cosine), not by "said", "Russia" or
    "Ukraine". Each claim's rarest shared words are sorted out once (:meth:`rare`)."""

    def __init__(self, items: Iterable[Item]):
        listed = list(items)
        self.df: Counter[str] = Counter()
        for item in listed:
            self.df.update(item.tokens)
        total = len(listed) + 1
        self.weight = {w: math.log(total / (n + 0.5)) ** 2 for w, n in self.df.items()}
        self.norm = {i.n: math.sqrt(sum(self.weight.get(w, 0.0) for w in i.tokens)) for i in listed}
        df = self.df
        self._rare = {i.n: tuple(sorted((w for w in i.tokens if df[w] > 1), key=lambda w: (df[w], w))[:2 * RARE])
                      for i in listed}

    def cosine(self, a: Item, b: Item) -> float:
        denominator = self.norm.get(a.n, 0.0) * self.norm.get(b.n, 0.0)
        if not denominator:
            return 0.0
        return 100.0 * sum(self.weight.get(w, 0.0) for w in a.tokens & b.tokens) / denominator

    def coverage(self, part: Item, whole: Item) -> float:
        """How much of ``part``'s weight ``whole`` shares (0-100), over the words some other claim
        has too ("denied" and words only it has cannot be shared): a short denial answers a
        longer claim by repeating its rare words."""
        own = sum(self.weight.get(w, 0.0) for w in part.tokens if self.df[w] > 1)
        return 100.0 * sum(self.weight.get(w, 0.0) for w in part.tokens & whole.tokens) / own if own else 0.0

    def rare(self, item: Item, k: int = RARE) -> tuple[str, ...]:
        """The ``k`` (at most 2 RARE) rarest content words of a claim among those another claim
        also has: similar statements share some of them; a frequent word never makes a block."""
        return self._rare[item.n][:k]


def similarity(a: Item, b: Item, vocabulary: Vocabulary) -> float:
    """IDF-weighted cosine of the content words (0-100), plus SUPPORTED when they share two
    subjects or a weapon system."""
    shared = len(a.subjects & b.subjects) >= 2 or bool(a.weapons and b.weapons)
    return vocabulary.cosine(a, b) + SUPPORTED * shared


def same_claim(a: Item, b: Item, vocabulary: Vocabulary, threshold: float | None = None) -> bool:
    threshold = SIMILAR if threshold is None else threshold
    return (compatible_types(a, b) and same_weapons(a, b) and same_subjects(a, b)
            and dates_compatible(a, b) and similarity(a, b, vocabulary) >= threshold)


def blocks(items: list[Item], vocabulary: Vocabulary, k: int = RARE) -> dict[str, list[Item]]:
    """Claims by the rare words they share (a claim with none: no block, nothing to compare)."""
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for word in vocabulary.rare(item, k):
            out[word].append(item)
    return out


def candidate_pairs(block: list[Item]) -> Iterator[tuple[Item, Item]]:
    """Pairs of a block whose dates may be compatible: dated claims by a sorted neighbourhood
    (scan on while the next one starts within the window of this one's end), undated ones
    against every claim."""
    dated = sorted((i for i in block if i.when is not None), key=lambda i: i.when or (0, 0, False))
    undated = [i for i in block if i.when is None]
    for n, a in enumerate(dated):
        end = (a.when or (0, 0, False))[1] + WINDOW_DAYS
        for b in dated[n + 1:]:
            if (b.when or (0, 0, False))[0] > end:
                break
            yield a, b
    for n, a in enumerate(undated):
        for b in itertools.chain(undated[n + 1:], dated):
            yield a, b


def group(items: list[Item], vocabulary: Vocabulary) -> list[list[Item]]:
    """The groups of ``items`` (each claim in one group; a claim alone is a group of one).
    Single linkage with a guard against chains: two groups merge only when their first
    claims are also near (within LINKED of the threshold)."""
    uf = UnionFind(max((i.n for i in items), default=-1) + 1)
    first = {i.n: i for i in items}  # a group's root -> its first claim
    for block in blocks(items, vocabulary).values():
        for a, b in candidate_pairs(block):
            ra, rb = uf.find(a.n), uf.find(b.n)
            if ra == rb or not same_claim(a, b, vocabulary):
                continue
            fa, fb = first[ra], first[rb]
            if (fa is a and fb is b) or same_claim(fa, fb, vocabulary, SIMILAR - LINKED):
                uf.union(ra, rb)
                first[uf.find(ra)] = min(fa, fb, key=lambda i: i.n)
    members: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        members[uf.find(item.n)].append(item)
    return list(members.values())


def answers(denials: list[Item], groups: list[list[Item]],
            vocabulary: Vocabulary) -> tuple[dict[int, list[Item]], list[Item]]:
    """Each denial attached to the group it answers best (its subjects, its claimant among
    them, overlap the group's; same weapons, compatible dates, similar words); ``(by group
    index, unattached)``."""
    claims = [i for members in groups for i in members]
    group_of = {i.n: g for g, members in enumerate(groups) for i in members}
    index = blocks(claims, vocabulary, RARE * 2)
    attached: dict[int, list[Item]] = defaultdict(list)
    alone: list[Item] = []
    for d in denials:
        best, score = None, DENIAL_SIMILAR
        for item in {i.n: i for w in vocabulary.rare(d, RARE * 2) for i in index.get(w, [])}.values():
            s = _answer_score(d, item, vocabulary)
            if s >= score:
                best, score = group_of[item.n], s + 1e-9
        if best is None:
            alone.append(d)
        else:
            attached[best].append(d)
    return attached, alone


def accused(d: Item) -> frozenset[int]:
    """Whom a denial is about: its subjects and its claimant ("Pyongyang denied ...")."""
    return d.subjects | ({d.origin_entity} if d.origin_entity is not None else frozenset())


def _answer_score(d: Item, item: Item, vocabulary: Vocabulary) -> float:
    if item is d or not (accused(d) & item.subjects) or not same_weapons(d, item) or not dates_compatible(d, item):
        return 0.0
    if d.klass not in ("denial", "other") and not compatible_types(d, item):
        return 0.0
    return vocabulary.coverage(d, item)
