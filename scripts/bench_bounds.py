"""Bounded work, measured: a 1.95M-character article on one line, and a 200 MB response.

    python scripts/bench_bounds.py

Prints the seconds to refuse (or chunk) the long article and the peak memory growth while a
200 MB response body is cut off (ru_maxrss before and after; tracemalloc peak of Python objects).
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmclaims import BudgetExceeded, ExtractionError, extract  # noqa: E402
from llmclaims.text.chunks import split_regions  # noqa: E402
from llmclaims.text.clean import clean  # noqa: E402
from tests.adversary import adversary  # noqa: E402
from tests.test_hygiene import huge_server  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    text = ("North Korea shipped shells to Russia, officials said. " * 40_000)[:1_950_000]
    with adversary(lambda req: {}) as server:
        started = time.perf_counter()
        try:
            extract(text, base_url=server.base_url, api_key="k", model="m")
        except BudgetExceeded as exc:
            outcome = f"refused: {str(exc)[:90]}..."
        seconds = time.perf_counter() - started
    chunks = split_regions(clean(text).regions, 7_000, text)
    largest = max(sum(b - a for a, b in c) for c in chunks)
    print(f"1,950,000 characters on one line: {seconds:.2f} s, {len(server.requests)} request(s); "
          f"{outcome}")
    print(f"  chunks at the default 7,000 characters: {len(chunks)}, largest {largest:,} characters")
    for announce in (True, False):
        before = rss_mb()
        tracemalloc.start()
        with huge_server(200_000_000, announce=announce) as (url, sent):
            started = time.perf_counter()
            try:
                extract("Sweden sent 10 howitzers to Ukraine, the ministry said.", base_url=url,
                        api_key="k", model="m", transport_retries=0, repair=False)
            except ExtractionError as exc:
                what = type(exc).__name__
            seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"200 MB response ({'content-length announced' if announce else 'chunked, no length'}): "
              f"{what} after {seconds:.2f} s; server had sent {sent[0] / 1e6:.0f} MB; "
              f"peak Python allocations {peak:.1f} MB; max RSS {before:.0f} -> {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
