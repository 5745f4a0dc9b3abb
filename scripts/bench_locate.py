"""Quote location stays near-linear in the article's length, measured.

    python scripts/bench_locate.py [--sizes 10000,100000,1000000] [--quotes 15]

For each size, an invented article (seeded random words, no corpus text) and 15 quotes (a
draft's claim cap): quotes that are absent (sentences of the same words, not in the text) and
quotes that are present with small edits (a slice of the text with two letters changed, so
neither the exact nor the normalized search finds them: the fuzzy fallback runs). Prints the
CPU seconds (``time.process_time``) to locate every quote as a drafted claim's evidence is
located (``resolve.claims.claim_evidence``): the text normalized once, each quote searched
(exact, normalized, fuzzy), and a quote not found looked for as the content sentence that
states it (``text.support.best_sentence``; the sentence index, built once per text, counted
in). Target: under 10 s at 1,000,000 characters.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims.text.grounding import locate, normalize  # noqa: E402
from llmclaims.text.support import best_sentence, sentence_index  # noqa: E402

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_COMMON = ("the of and to in a that said on for with was by as from at its has were it "
           "an officials ministry army forces weapons missiles drones").split()


def vocabulary(rng: random.Random, n: int = 6000) -> list[str]:
    return [''.join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 11))) for _ in range(n)]


def sentence(rng: random.Random, words: list[str]) -> str:
    picked = [rng.choice(_COMMON) if rng.random() < 0.4 else rng.choice(words)
              for _ in range(rng.randint(8, 30))]
    return " ".join(picked).capitalize() + "."


def article(rng: random.Random, words: list[str], size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(sentence(rng, words) for _ in range(rng.randint(2, 6)))
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts)[:size]


def edited(rng: random.Random, text: str) -> str:
    """A slice of ``text`` (80-240 characters) with two letters replaced."""
    length = rng.randint(80, 240)
    start = rng.randrange(0, len(text) - length)
    quote = list(text[start:start + length])
    for pos in rng.sample(range(10, length - 10), 2):
        quote[pos] = "q" if quote[pos] != "q" else "z"
    return "".join(quote)


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))


def measure(text: str, quotes: list[str]) -> tuple[float, int]:
    """CPU seconds to locate every quote (with the sentence fallback), and how many were found."""
    sentence_index.cache_clear()
    regions = paragraphs(text)
    started = time.process_time()
    norm = normalize(text)
    found = 0
    for quote in quotes:
        if locate(quote, text, regions=regions, normalized_text=norm) is not None \
                or best_sentence(quote, text, regions) is not None:
            found += 1
    return time.process_time() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--quotes", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(21)
    words = vocabulary(rng)
    print("| characters | quotes | CPU seconds (absent) | found | CPU seconds (edited) | found |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = article(rng, words, size)
        absent = [sentence(rng, words) for _ in range(args.quotes)]
        present = [edited(rng, text) for _ in range(args.quotes)]
        t_absent, n_absent = measure(text, absent)
        t_present, n_present = measure(text, present)
        print(f"| {size:,} | {args.quotes} | {t_absent:.2f} | {n_absent} | {t_present:.2f} | "
              f"{n_present} |", flush=True)


if __name__ == "__main__":
    main()
