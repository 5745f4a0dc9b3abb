"""Deterministic scorer: one-to-one matching of predictions to gold, then metrics.

* Actors match by a shared normalized name or alias, the country gazetteer, or a close
  spelling (rapidfuzz ratio >= 90).
* Weapon systems match by name (token-set ratio >= 85) unless both give different calibers, or
  by equal written caliber.
* Claims match by content: the share of the gold key phrases found in the predicted statement
  and evidence, or the share of the gold quote covered by the predicted evidence (>= 0.5).

Optional gold items (``required: false``) are neither rewarded nor penalized: a prediction
matched to one is left out of precision and recall.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rapidfuzz import fuzz

from ..resolve.attribution import content_sentences
from ..resolve.context import key
from ..schema import Actor, Claim, Extraction, WeaponSystem
from ..text import gazetteer, wordlists
from ..text.clean import clean
from ..text.grounding import locate
from .gold import GoldActor, GoldArticle, GoldClaim, GoldWeapon

P = TypeVar("P")
G = TypeVar("G")
CONTENT_MIN = 0.5
WEAPON_MIN = 0.85  # token-set similarity of weapon names


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.hit, self.total = self.hit + other.hit, self.total + other.total

    @property
    def value(self) -> float | None:
        """``None`` over nothing (e.g. a grounding rate when no span was returned): n/a."""
        return self.hit / self.total if self.total else None


@dataclass
class ArticleScore:
    name: str
    actors: PRF = field(default_factory=PRF)
    weapons: PRF = field(default_factory=PRF)
    claims: PRF = field(default_factory=PRF)
    attributed_claims: PRF = field(default_factory=PRF)
    transfers: PRF = field(default_factory=PRF)
    relay: Ratio = field(default_factory=Ratio)
    certainty: Ratio = field(default_factory=Ratio)
    grounding: Ratio = field(default_factory=Ratio)
    ungrounded: Ratio = field(default_factory=Ratio)
    speech: Ratio = field(default_factory=Ratio)  # reported-speech sentences a claim cites
    errors: Counter[str] = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0


def _names(names: Sequence[str]) -> set[str]:
    out = {key(n) for n in names if n}
    out |= {key(c[0]) for n in names if (c := gazetteer.country(n))}
    return out


def names_match(pred: Sequence[str], gold: Sequence[str]) -> bool:
    a, b = _names(pred), _names(gold)
    if a & b:
        return True
    return any(fuzz.ratio(x, y) >= 90 for x in a for y in b)


def _actor_names(a: Actor) -> list[str]:
    return [a.name, *a.aliases]


def _gold_names(a: GoldActor) -> list[str]:
    return [a.name, *a.aliases]


def match(preds: Sequence[P], golds: Sequence[G], score: Callable[[P, G], float],
          minimum: float) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by descending score (ties: document order)."""
    pairs = sorted(((score(p, g), i, j) for i, p in enumerate(preds)
                    for j, g in enumerate(golds)), key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for s, i, j in pairs:
        if s < minimum or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def _prf(pairs: list[tuple[int, int]], n_pred: int, golds: Sequence[Any]) -> PRF:
    required = {j for j, g in enumerate(golds) if g.required}
    matched_required = sum(1 for _, j in pairs if j in required)
    return PRF(tp=matched_required, fp=n_pred - len(pairs), fn=len(required) - matched_required)


def _weapon_score(p: WeaponSystem, g: GoldWeapon) -> float:
    """Calibers when both have one; else names by token-set similarity (a name contained in
    the other counts), and among eligible pairs the closer spelling ranks first, so
    "Patriot air defense battery" pairs with its own gold entry before "air defense"."""
    if p.caliber_mm is not None and g.caliber_mm is not None:
        return 1.0 if p.caliber_mm == g.caliber_mm else 0.0
    a, b = key(p.name), key(g.name)
    ts = fuzz.token_set_ratio(a, b) / 100
    if ts < WEAPON_MIN:
        return ts
    return WEAPON_MIN + (1 - WEAPON_MIN) * (ts + fuzz.ratio(a, b) / 100) / 2


def _content(text: str) -> Callable[[Claim, GoldClaim], float]:
    def score(p: Claim, g: GoldClaim) -> float:
        haystack = key(" ".join([p.statement, *(e.text for e in p.evidence)]))
        keys = sum(1 for k in g.key if key(k) in haystack) / len(g.key)
        span = locate(g.quote, text)
        overlap = 0.0
        if span is not None:
            start, end = span.start, span.end
            covered = sum(max(0, min(end, e.end) - max(start, e.start)) for e in p.evidence)
            overlap = covered / max(1, end - start)
        return max(keys, min(overlap, 1.0))

    return score


# the scorer's own reporting cues (data/cues.toml: a published verb list, inflected), not the
# system's: a cue the system misses is not thereby invisible to the metric
SCORER_CUES = tuple(e.text for e in wordlists.list_entries(
    wordlists.load("llmclaims.evaluate", "data/cues.toml")["cues"]))
_CUE = re.compile(rf"\b({'|'.join(re.escape(c) for c in SCORER_CUES)})\b")


def speech_coverage(text: str, pred: Extraction) -> Ratio:
    """Of the content sentences that report speech (a reporting cue, six words or more), how
    many a claim's evidence overlaps: what the extraction covers, gold aside."""
    regions = list(clean(text).regions)
    cited = [(e.start, e.end) for c in pred.claims for e in c.evidence]
    out = Ratio()
    for lo, hi in content_sentences(text, regions):
        sentence = text[lo:hi]
        if len(sentence.split()) < 6 or not _CUE.search(sentence):
            continue
        out.total += 1
        out.hit += any(s < hi and lo < e for s, e in cited)
    return out


def score_article(gold: GoldArticle, pred: Extraction) -> ArticleScore:
    s = ArticleScore(gold.name)
    text = gold.text
    s.speech = speech_coverage(text, pred)
    a_pairs = match(pred.actors, gold.actors,
                    lambda p, g: 1.0 if names_match(_actor_names(p), _gold_names(g)) else 0.0, 1.0)
    s.actors = _prf(a_pairs, len(pred.actors), gold.actors)
    w_pairs = match(pred.weapon_systems, gold.weapons, _weapon_score, WEAPON_MIN)
    s.weapons = _prf(w_pairs, len(pred.weapon_systems), gold.weapons)
    c_pairs = match(pred.claims, gold.claims, _content(text), CONTENT_MIN)
    s.claims = _prf(c_pairs, len(pred.claims), gold.claims)

    by_id = {a.id: a for a in pred.actors}
    gold_actor = {n: a for a in gold.actors for n in (a.name, *a.aliases)}

    def same_actor(pred_id: str | None, gold_name: str | None) -> bool:
        if gold_name is None or pred_id is None:
            return gold_name is None and pred_id is None
        a = by_id.get(pred_id)
        g = gold_actor.get(gold_name)
        return a is not None and names_match(_actor_names(a), _gold_names(g) if g else [gold_name])

    attributed = [(i, j) for i, j in c_pairs
                  if same_actor(pred.claims[i].claimant, gold.claims[j].claimant)]
    s.attributed_claims = _prf(attributed, len(pred.claims), gold.claims)
    s.errors = _error_classes(gold, pred, a_pairs, w_pairs, c_pairs, set(attributed))
    for i, j in c_pairs:
        p, g = pred.claims[i], gold.claims[j]
        s.certainty.total += 1
        s.certainty.hit += p.certainty == g.certainty
        if g.via or p.via:
            s.relay.total += 1
            s.relay.hit += len(p.via) == len(g.via) and all(
                same_actor(pv, gv) for pv, gv in zip(p.via, g.via, strict=False))

    gold_tuples = [g for g in gold.weapons if g.origin and g.recipient]
    pred_tuples = [p for p in pred.weapon_systems if p.origin and p.recipient]

    def tuple_score(p: WeaponSystem, g: GoldWeapon) -> float:
        ok = same_actor(p.origin, g.origin) and same_actor(p.recipient, g.recipient)
        return _weapon_score(p, g) if ok else 0.0

    t_pairs = match(pred_tuples, gold_tuples, tuple_score, WEAPON_MIN)
    s.transfers = _prf(t_pairs, len(pred_tuples), gold_tuples)

    spans = pred.spans()
    s.grounding = Ratio(sum(1 for sp in spans if text[sp.start:sp.end] == sp.text), len(spans))
    items: list[Actor | WeaponSystem | Claim] = [*pred.actors, *pred.weapon_systems,
                                                 *pred.claims]
    s.ungrounded = Ratio(sum(1 for it in items if not it.grounded), len(items))
    u = pred.provenance.usage
    s.prompt_tokens, s.completion_tokens, s.calls = u.prompt_tokens, u.completion_tokens, u.calls
    s.seconds = pred.provenance.seconds
    return s


def _error_classes(gold: GoldArticle, pred: Extraction, a_pairs: list[tuple[int, int]],
                   w_pairs: list[tuple[int, int]], c_pairs: list[tuple[int, int]],
                   attributed: set[tuple[int, int]]) -> Counter[str]:
    """What went wrong, counted: the error classes the evaluation report lists."""
    out: Counter[str] = Counter()
    kinds: list[tuple[str, list[tuple[int, int]], Sequence[GoldActor | GoldWeapon | GoldClaim],
                      int]] = [("actor", a_pairs, gold.actors, len(pred.actors)),
                               ("weapon", w_pairs, gold.weapons, len(pred.weapon_systems)),
                               ("claim", c_pairs, gold.claims, len(pred.claims))]
    for label, pairs, golds, n_pred in kinds:
        matched = {j for _, j in pairs}
        out[f"{label} missed"] += sum(1 for j, g in enumerate(golds)
                                      if g.required and j not in matched)
        out[f"{label} not in gold"] += n_pred - len(pairs)
    for i, j in c_pairs:
        out.update(_claim_errors(pred.claims[i], gold.claims[j], (i, j) in attributed))
    for i, j in w_pairs:
        pw, gw = pred.weapon_systems[i], gold.weapons[j]
        if gw.origin and gw.recipient and not (pw.origin and pw.recipient):
            out["transfer parties missing"] += 1
        if gw.caliber_mm is not None and pw.caliber_mm != gw.caliber_mm:
            out["caliber wrong or missing"] += 1
    return +out


def _claim_errors(p: Claim, g: GoldClaim, attributed: bool) -> list[str]:
    """The error classes of one matched claim (``attributed``: its source matches)."""
    out = []
    if not attributed:
        if g.claimant is None:
            out.append("claimant given, article's own statement")
        elif p.claimant is None:
            out.append("claimant missing")
        else:
            out.append("claimant wrong")
    if g.via and not p.via:
        out.append("relay missing")
    elif p.via and not g.via:
        out.append("relay invented")
    if p.certainty != g.certainty:
        out.append(f"certainty {g.certainty} given as {p.certainty}")
    if p.type != g.type:
        out.append("claim type differs")
    return out


@dataclass
class Scores:
    articles: list[ArticleScore]
    total: ArticleScore

    def metrics(self) -> dict[str, float | None]:
        t = self.total
        n = max(1, len(self.articles))
        return {
            "actor_f1": t.actors.f1, "weapon_f1": t.weapons.f1, "claim_f1": t.claims.f1,
            "attributed_claim_f1": t.attributed_claims.f1, "transfer_f1": t.transfers.f1,
            "relay_accuracy": t.relay.value, "certainty_accuracy": t.certainty.value,
            "grounding_rate": t.grounding.value, "ungrounded_rate": t.ungrounded.value,
            "speech_coverage": t.speech.value,
            "tokens_per_article": (t.prompt_tokens + t.completion_tokens) / n,
            "calls_per_article": t.calls / n, "seconds_per_article": t.seconds / n,
        }


def summarize(scores: list[ArticleScore]) -> Scores:
    total = ArticleScore("total")
    for s in scores:
        for name in ("actors", "weapons", "claims", "attributed_claims", "transfers"):
            getattr(total, name).add(getattr(s, name))
        for name in ("relay", "certainty", "grounding", "ungrounded", "speech"):
            getattr(total, name).add(getattr(s, name))
        total.errors += s.errors
        total.prompt_tokens += s.prompt_tokens
        total.completion_tokens += s.completion_tokens
        total.calls += s.calls
        total.seconds += s.seconds
    return Scores(scores, total)
