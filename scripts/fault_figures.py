"""Fault figures (issue 21): how many cases of each fault class were tried, handled and broken.

    python scripts/fault_figures.py              # every tests/test_faults_*.py
    python scripts/fault_figures.py -k corpus    # further arguments go to pytest

Runs every ``tests/test_faults_*.py`` with pytest (pytest's own report goes to stderr) and
prints a Markdown table on stdout -- class | cases tried | handled | broken -- with a total line.
Exit status 1 when any case is broken (or pytest could not run the suites).

Convention for a fault suite (a new area adds ``tests/test_faults_<area>.py`` and nothing else):

* One test per case; each parameter set of a parametrized test is a case of its own.
* Each case names its class with the marker ``fault_class`` (registered in pyproject.toml):
  ``@pytest.mark.fault_class("cache: hand-edited entries")`` on the test, or
  ``pytestmark = pytest.mark.fault_class("...")`` for a whole module. Name classes
  ``"<area>: <what goes wrong>"`` so the table groups by area. A case without the marker is
  counted under ``"<area>: unclassified"`` (the area from the file name).
* Handled: the case passed. Broken: it failed or errored in setup, call or teardown, or it is
  marked ``xfail`` (a known break is still a break). Skipped: not tried (not in the table's
  counts; listed under it), e.g. a case that needs what the machine lacks.
* Tests assert on content (the results file's lines, the message, the exit status), use real
  files, and real processes where a signal, a second process, a file size limit or permissions
  are the point (``tests/faults.py`` has the helpers: the CLI in a subprocess without root's
  permission override or under ``RLIMIT_FSIZE``, a loopback model that holds articles).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {"handled": 1, "skipped": 2, "broken": 3}


class Tally:
    """A pytest plugin: each collected case's class, and its outcome over its three phases."""

    def __init__(self) -> None:
        self.classes: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:  # after -k / -m deselection
            marker = item.get_closest_marker("fault_class")
            area = Path(str(item.path)).stem.removeprefix("test_faults_")
            self.classes[item.nodeid] = (str(marker.args[0]) if marker is not None and marker.args
                                         else f"{area}: unclassified")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.nodeid not in self.classes:
            return
        if report.failed or hasattr(report, "wasxfail"):
            state = "broken"
        elif report.skipped:
            state = "skipped"
        elif report.when == "call":
            state = "handled"
        else:
            return
        before = self.outcomes.get(report.nodeid)
        if before is None or RANK[state] > RANK[before]:
            self.outcomes[report.nodeid] = state

    def table(self) -> tuple[str, int]:
        """The Markdown table and the number of broken cases."""
        counts: dict[str, Counter[str]] = {}
        for nodeid, cls in self.classes.items():
            counts.setdefault(cls, Counter())[self.outcomes.get(nodeid, "broken")] += 1
        rows = ["| class | cases tried | handled | broken |", "|---|---:|---:|---:|"]
        total: Counter[str] = Counter()
        for cls in sorted(counts):
            c = counts[cls]
            total += c
            rows.append(f"| {cls} | {c['handled'] + c['broken']} | {c['handled']} | {c['broken']} |")
        rows.append(f"| **total** | **{total['handled'] + total['broken']}** | **{total['handled']}** "
                    f"| **{total['broken']}** |")
        skipped = sorted(n for n, s in self.outcomes.items() if s == "skipped")
        if skipped:
            rows += ["", f"{len(skipped)} case(s) skipped (not tried): " + ", ".join(skipped)]
        return "\n".join(rows) + "\n", total["broken"]


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    suites = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_faults_*.py"))
    if not suites:
        print("no tests/test_faults_*.py found", file=sys.stderr)
        return 1
    tally = Tally()
    plugins: list[Any] = [tally]
    with contextlib.redirect_stdout(sys.stderr):
        # in one process (-n 0): the tally is a plugin of this one
        code = pytest.main([*suites, "-n", "0", "-p", "no:cacheprovider", *argv], plugins=plugins)
    table, broken = tally.table()
    sys.stdout.write(table)
    return 1 if broken or code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
