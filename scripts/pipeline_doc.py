"""The steps of resolution as a Markdown table, generated from the registry
(``llmclaims.resolve.PIPELINE``): name, what each reads, writes and adds to, whether it runs
by default or always, and what it does.

    python scripts/pipeline_doc.py > docs/pipeline.md
"""

from __future__ import annotations

from llmclaims.resolve import PIPELINE, Step


def _fields(names: frozenset[str]) -> str:
    return ", ".join(f"`{n}`" for n in sorted(names)) or "-"


def _default(step: Step) -> str:
    if not step.switchable:
        return "always"
    return "on" if step.default else "off"


def table(steps: tuple[Step, ...] = PIPELINE) -> str:
    """One row per step, in the order they run."""
    rows = ["| step | reads | writes | adds to | default | what it does |",
            "|---|---|---|---|---|---|"]
    rows += [f"| `{s.name}` | {_fields(s.reads)} | {_fields(s.writes)} | {_fields(s.adds)} | "
             f"{_default(s)} | {s.description} |" for s in steps]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(table(), end="")
