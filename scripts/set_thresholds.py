"""Set the CI gate at the measured level: thresholds just below the current llmclaims figures.

    llmclaims eval --out evals/report && python scripts/set_thresholds.py

Writes the [thresholds] table of evals/eval.toml (minimums, rounded down to 0.01; the
ungrounded-item rate is a maximum, rounded up) and copies the report to evals/baseline.json.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GATED = ("actor_f1", "weapon_f1", "claim_f1", "attributed_claim_f1", "transfer_f1",
         "certainty_accuracy", "grounding_rate", "ungrounded_rate")


def main() -> None:
    report_path = ROOT / "evals" / "report" / "report.json"
    metrics = json.loads(report_path.read_text())["systems"]["llmclaims"]["metrics"]
    lines = []
    for name in GATED:
        value = metrics[name]
        if value is None:
            raise SystemExit(f"{name} is n/a in {report_path}: nothing to set a threshold on")
        limit = (math.ceil(value * 100) / 100 if name == "ungrounded_rate"
                 else math.floor(value * 100) / 100)
        lines.append(f"{name} = {limit:.2f}")
    conf_path = ROOT / "evals" / "eval.toml"
    conf = conf_path.read_text()
    conf = re.sub(r"\[thresholds\].*\Z", "[thresholds]\n" + "\n".join(lines) + "\n", conf,
                  flags=re.S)
    conf_path.write_text(conf)
    shutil.copy(report_path, ROOT / "evals" / "baseline.json")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
