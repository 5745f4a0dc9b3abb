"""Scoring corroboration against ``evals/corroboration/gold.yaml`` (see its README).

Gold reports, denials and conflict values name an article and a verbatim evidence; each is
matched to the system claim of that article whose evidence overlaps it most (at least half of
the shorter of the two). Then:

* **pairwise grouping P/R/F1**: over pairs of distinct matched claims (gold reports and the
  claims of ``singletons_checked``, the negative pairs): gold-same = in one gold group,
  system-same = in one system group. Recall counts every gold pair, matched or not (a report
  in an article without recorded results is a miss);
* **origin-count accuracy**: per gold group, the system group holding most of its matched
  reports has the gold's number of independent origins;
* **denial recall**: a gold denial whose evidence is a denial of that system group;
* **conflict recall**: a gold conflict whose values (two or more) are among that system
  group's conflicting values for one quantity.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..corroborate import Corroboration, Group
from ..errors import ConfigError
from ..schema import Extraction
from ..text.grounding import locate


class _G(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class GoldItem(_G):
    article_id: str
    evidence: str


class GoldReport(GoldItem):
    claimant: str | None = None
    via: list[str] = Field(default_factory=list)
    certainty: str = "asserted"


class GoldDenial(GoldItem):
    claimant: str | None = None
    kind: str = "denial"


class GoldConflict(_G):
    quantity: str
    values: list[GoldItem]


class GoldGroup(_G):
    id: str
    type: str
    reports: list[GoldReport]
    independent_origins: int
    denials: list[GoldDenial] = Field(default_factory=list)
    conflicts: list[GoldConflict] = Field(default_factory=list)


class GoldPair(_G):
    a: GoldItem
    b: GoldItem


class GoldArticleRef(_G):
    file: str


class CorroborationGold(_G):
    articles: dict[str, GoldArticleRef]
    groups: list[GoldGroup]
    singletons_checked: list[GoldPair] = Field(default_factory=list)


def load_corroboration_gold(path: Path) -> CorroborationGold:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        data["articles"] = {str(k): v for k, v in data["articles"].items()}
        for g in data["groups"]:
            for item in [*g["reports"], *g.get("denials", []), *(v for c in g.get("conflicts", [])
                                                               for v in c["values"])]:
                item["article_id"] = str(item["article_id"])
        for pair in data.get("singletons_checked", []):
            for side in ("a", "b"):
                pair[side]["article_id"] = str(pair[side]["article_id"])
        return CorroborationGold.model_validate(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValidationError) as exc:
        raise ConfigError(f"{path}: not a corroboration gold file: {exc}") from None


Key = tuple[str, str]  # (article_id, claim_id)


def matcher(results: dict[str, Extraction], texts: dict[str, str]) -> Any:
    """``match(item) -> (article_id, claim_id) | None``: the claim whose evidence overlaps the
    gold evidence most (at least half the shorter of the two)."""
    def match(item: GoldItem) -> Key | None:
        result, text = results.get(item.article_id), texts.get(item.article_id)
        if result is None or text is None:
            return None
        span = locate(item.evidence, text)
        if span is None:
            return None
        best, most = None, 0
        for claim in result.claims:
            over = sum(max(0, min(s.end, span.end) - max(s.start, span.start)) for s in claim.evidence)
            size = sum(s.end - s.start for s in claim.evidence)
            if over > most and over * 2 >= min(size, span.end - span.start):
                best, most = claim.id, over
        return (item.article_id, best) if best else None
    return match


@dataclass
class CorroborationScores:
    pairs: Counter[str] = field(default_factory=Counter)  # tp, fp, fn
    gold_pairs: int = 0
    origins: list[bool] = field(default_factory=list)
    denials: list[bool] = field(default_factory=list)
    conflicts: list[bool] = field(default_factory=list)
    matched_reports: int = 0
    gold_reports: int = 0
    reachable: Counter[str] = field(default_factory=Counter)  # gold items whose evidence a claim has

    @property
    def precision(self) -> float | None:
        n = self.pairs["tp"] + self.pairs["fp"]
        return self.pairs["tp"] / n if n else None

    @property
    def recall(self) -> float | None:
        return self.pairs["tp"] / self.gold_pairs if self.gold_pairs else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)

    def metrics(self) -> dict[str, float | None]:
        def rate(xs: list[bool]) -> float | None:
            return sum(xs) / len(xs) if xs else None
        return {"grouping_precision": self.precision, "grouping_recall": self.recall,
                "grouping_f1": self.f1, "origin_count_accuracy": rate(self.origins),
                "denial_recall": rate(self.denials), "conflict_recall": rate(self.conflicts)}

    def counts(self) -> dict[str, int]:
        return {"gold_pairs": self.gold_pairs, "true_pairs": self.pairs["tp"],
                "false_pairs": self.pairs["fp"], "gold_reports": self.gold_reports,
                "matched_reports": self.matched_reports, "gold_groups": len(self.origins),
                "gold_denials": len(self.denials), "gold_conflicts": len(self.conflicts),
                **{f"reachable_{k}": v for k, v in sorted(self.reachable.items())}}


def score_corroboration(gold: CorroborationGold, report: Corroboration, results: dict[str, Extraction],
                        texts: dict[str, str]) -> CorroborationScores:
    match = matcher(results, texts)
    system: dict[Key, str] = {(r.article_id, r.claim_id): g.id for g in report.groups for r in g.reports}
    groups = {g.id: g for g in report.groups}
    s = CorroborationScores()
    gold_of: dict[Key, set[str]] = {}
    for g in gold.groups:
        keys = [match(r) for r in g.reports]
        s.gold_reports += len(keys)
        s.matched_reports += sum(k is not None for k in keys)
        pairs = [(a, b) for a, b in itertools.combinations(keys, 2) if a is None or b is None or a != b]
        s.gold_pairs += len(pairs)
        s.reachable["pairs"] += sum(a is not None and b is not None for a, b in pairs)
        s.reachable["denials"] += sum(match(d) is not None for d in g.denials)
        s.reachable["conflicts"] += sum(len({match(v) for v in c.values} - {None}) >= 2 for c in g.conflicts)
        for k in keys:
            if k is not None:
                gold_of.setdefault(k, set()).add(g.id)
        found = [k for k in keys if k is not None and k in system]
        ours = groups.get(Counter(system[k] for k in found).most_common(1)[0][0]) if found else None
        s.origins.append(ours is not None and ours.independent_origins == g.independent_origins)
        s.denials += [_denied(d, ours, match) for d in g.denials]
        s.conflicts += [_conflicting(c, ours, match) for c in g.conflicts]
    for pair in gold.singletons_checked:
        for item in (pair.a, pair.b):
            k = match(item)
            if k is not None:
                gold_of.setdefault(k, set())
    for a, b in itertools.combinations(sorted(gold_of), 2):
        gold_same = bool(gold_of[a] & gold_of[b])
        system_same = a in system and system.get(a) == system.get(b)
        if system_same:
            s.pairs["tp" if gold_same else "fp"] += 1
    return s


def _denied(d: GoldDenial, ours: Group | None, match: Any) -> bool:
    k = match(d)
    return ours is not None and k is not None and any((x.article_id, x.claim_id) == k for x in ours.denials)


def _conflicting(c: GoldConflict, ours: Group | None, match: Any) -> bool:
    if ours is None:
        return False
    wanted = {k for v in c.values if (k := match(v)) is not None}
    return len(wanted) >= 2 and any(wanted <= {(v.article_id, v.claim_id) for v in x.values}
                                    for x in ours.conflicts)


def markdown_section(scores: CorroborationScores, *, source: str) -> str:
    m, n = scores.metrics(), scores.counts()

    def f(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"
    return (f"\n## Corroboration (dev, {source})\n\n| metric | value |\n|---|---|\n"
            + "".join(f"| {k} | {f(v)} |\n" for k, v in m.items())
            + f"\n{n['matched_reports']} of {n['gold_reports']} gold reports matched to a claim of the "
              f"replayed results (an article without recorded results, or a sentence no claim cites, "
              f"cannot be matched); {n['true_pairs']} of {n['gold_pairs']} gold pairs grouped "
              f"({n.get('reachable_pairs', 0)} reachable: both reports matched), {n['false_pairs']} "
              f"wrong pair(s); {n['gold_groups']} gold groups; denials {n.get('reachable_denials', 0)} "
              f"of {n['gold_denials']} reachable, conflicts {n.get('reachable_conflicts', 0)} of "
              f"{n['gold_conflicts']} reachable.\n")
