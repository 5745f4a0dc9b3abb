"""Seconds to corroborate synthetic corpora of 1k, 10k and 100k claims (issue 23).

    python scripts/bench_corroborate.py [--sizes 1000 10000 100000] [--seed 7]

Synthetic events (a type, two or three states of the gazetteer, maybe a weapon, a date over two
years, a statement of common and event-specific words) are each reported 1-6 times, reworded
(words dropped and shuffled, filler added) by claimants from a pool of agencies and people,
in articles of ten claims from 300 outlets; 3% of events are denied by their first state.
Prints, per size: seconds to build the Extractions (not timed as corroboration), seconds of
``corroborate()``, groups, and pairwise precision/recall against the events the claims came from
(a check that the timing is of real grouping work, not of a degenerate answer).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims import corroborate, schema  # noqa: E402
from llmclaims.text import gazetteer  # noqa: E402

TYPES = ("transfer", "deployment", "attack", "production", "agreement", "policy", "assessment")
VERBS = {"transfer": "shipped", "deployment": "deployed", "attack": "struck", "production": "produced",
         "agreement": "signed", "policy": "ordered", "assessment": "assessed"}
CATEGORIES = ("missile", "artillery", "drone", "air_defense", "armored_vehicle", "ammunition")
COMMON = ("officials", "reported", "week", "forces", "region", "border", "military", "support", "new",
          "government", "statement", "near", "area", "operation", "additional", "large", "several")
PROVENANCE = schema.Provenance(llmclaims_version="bench", model="synthetic", endpoint="none", mode="json",
                        prompt_version="0", usage=schema.Usage(), seconds=0.0)


def vocabulary(rng: random.Random, n: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "tu", "vas", "dor", "pel", "qui", "zan", "bro", "fet", "gil", "hom"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(n * 2)}
    return sorted(words)[:n]


def events(rng: random.Random, n: int) -> list[dict[str, object]]:
    states = [name for name, _others in gazetteer.states()][:80]
    words = vocabulary(rng, 20_000)
    start = date(2030, 1, 1)
    out = []
    for e in range(n):
        kind = rng.choice(TYPES)
        out.append({
            "id": e, "type": kind, "subjects": rng.sample(states, rng.choice((2, 2, 3))),
            "weapon": (f"{rng.choice(words).title()}-{rng.randint(1, 99)}", rng.choice(CATEGORIES))
            if rng.random() < 0.6 else None,
            "day": start + timedelta(days=rng.randrange(730)), "words": rng.sample(words, 6),
            "denied": rng.random() < 0.03})
    return out


def sentence(rng: random.Random, event: dict[str, object]) -> str:
    subjects = list(event["subjects"])  # type: ignore[call-overload]
    core = [*event["words"], *rng.sample(COMMON, 3)]  # type: ignore[misc]
    rng.shuffle(core)
    core = core[: rng.randint(6, len(core))]
    weapon = f" {event['weapon'][0]} systems" if event["weapon"] else ""  # type: ignore[index]
    return (f"{subjects[0]} {VERBS[str(event['type'])]}{weapon} with {' and '.join(subjects[1:])} "
            f"{' '.join(core)}.")


def corpus(size: int, seed: int) -> tuple[list[tuple[str, schema.Extraction]], dict[tuple[str, str], int]]:
    """``size`` claims in articles of ten; the event of each (article_id, claim_id)."""
    rng = random.Random(seed)
    evs = events(rng, max(1, size // 2))
    claimants = [f"Agency {w.title()}" for w in vocabulary(rng, 400)]
    reports: list[tuple[date, dict[str, object], bool]] = []
    for ev in evs:
        for _ in range(rng.choice((1, 1, 2, 3, 4, 6))):
            reports.append((ev["day"] + timedelta(days=rng.randrange(4)), ev, False))  # type: ignore[operator]
        if ev["denied"]:
            reports.append((ev["day"] + timedelta(days=2), ev, True))  # type: ignore[operator]
    rng.shuffle(reports)
    reports = sorted(reports[:size], key=lambda r: r[0])
    outlets = [f"outlet{n}.example" for n in range(300)]
    articles, truth = [], {}
    for n, chunk in enumerate(tuple(reports[i:i + 10]) for i in range(0, len(reports), 10)):
        aid = f"art{n}"
        extraction, labels = article(rng, chunk, rng.choice(outlets), aid, claimants)
        articles.append((aid, extraction))
        truth |= {(aid, cid): ev for cid, ev in labels.items()}
    return articles, truth


def article(rng: random.Random, chunk: tuple[tuple[date, dict[str, object], bool], ...], outlet: str, aid: str,
            claimants: list[str]) -> tuple[schema.Extraction, dict[str, int]]:
    actors: dict[str, schema.Actor] = {}
    weapons: dict[str, schema.WeaponSystem] = {}

    def actor_id(name: str, kind: str) -> str:
        if name not in actors:
            actors[name] = schema.Actor(id=f"a{len(actors) + 1}", name=name, kind=kind)  # type: ignore[arg-type]
        return actors[name].id

    claims, labels, text = [], {}, ""
    for n, (_day, ev, denied) in enumerate(chunk, 1):
        said = (f"{ev['subjects'][0]} denied the reports." if denied  # type: ignore[index]
                else sentence(rng, ev))
        subjects = [actor_id(s, "state") for s in ev["subjects"]]  # type: ignore[attr-defined]
        wids = []
        if ev["weapon"] and not denied:
            name, category = ev["weapon"]  # type: ignore[misc]
            if name not in weapons:
                weapons[name] = schema.WeaponSystem(id=f"w{len(weapons) + 1}", name=f"{name} systems",
                                                    category=category, designation=name)
            wids = [weapons[name].id]
        claimant = subjects[0] if denied else (actor_id(rng.choice(claimants), "government_body")
                                               if rng.random() < 0.7 else None)
        start = len(text)
        text += said + " "
        claims.append(schema.Claim(
            id=f"c{n}", statement=said, type="denial" if denied else ev["type"],  # type: ignore[arg-type]
            claimant=claimant, certainty="denied" if denied else "asserted", actors=subjects,
            weapon_systems=wids, evidence=[schema.Span(start=start, end=start + len(said), text=said, match="exact")],
            grounded=True))
        labels[f"c{n}"] = int(ev["id"])  # type: ignore[call-overload]
    published = chunk[len(chunk) // 2][0].isoformat()
    extraction = schema.Extraction(actors=list(actors.values()), weapon_systems=list(weapons.values()), claims=claims,
                            warnings=[], provenance=PROVENANCE,
                            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                            meta=schema.ArticleMeta(url=f"https://{outlet}/{aid}", published=published))
    return extraction, labels


def pair_scores(groups: list[set[tuple[str, str]]], truth: dict[tuple[str, str], int]) -> tuple[float, float]:
    """Pairwise precision and recall of the groups against the events (denials left out)."""
    def pairs(sizes: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    grouped = [g for g in groups if all(k in truth for k in g)]
    system = sum(len(g) * (len(g) - 1) // 2 for g in grouped)
    true_positive = sum(pairs(Counter(truth[k] for k in g)) for g in grouped)
    gold = pairs(Counter(truth[k] for g in grouped for k in g))
    return (true_positive / system if system else 1.0, true_positive / gold if gold else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("| claims | articles | build s | corroborate s | groups | pair precision | pair recall |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        started = time.perf_counter()
        articles, truth = corpus(size, args.seed)
        built = time.perf_counter() - started
        started = time.perf_counter()
        report = corroborate(articles)
        seconds = time.perf_counter() - started
        groups = [{(r.article_id, r.claim_id) for r in g.reports} for g in report.groups]
        precision, recall = pair_scores(groups, truth)
        print(f"| {report.claims:,} | {report.articles:,} | {built:.1f} | {seconds:.1f} | {len(report.groups):,} "
              f"| {precision:.3f} | {recall:.3f} |", flush=True)


if __name__ == "__main__":
    main()
