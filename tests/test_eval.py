"""`llmclaims eval`, replayed offline from the evaluation cassettes, with the CI gate."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from llmclaims.cli import app

ROOT = Path(__file__).resolve().parent.parent


def run_eval(tmp_path: Path, *extra: str) -> tuple[int, str, dict]:  # type: ignore[type-arg]
    out = tmp_path / "report"
    res = CliRunner().invoke(app, [
        "eval", "--gold", str(ROOT / "evals/gold"), "--cassettes",
        str(ROOT / "tests/cassettes/eval"), "--config", str(ROOT / "evals/eval.toml"),
        "--out", str(out), *extra])
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    return res.exit_code, res.output, report


def test_eval_replays_scores_reports_and_passes_the_gate(tmp_path: Path) -> None:
    code, output, report = run_eval(tmp_path, "--verbose")
    assert code == 0, output
    assert f"llmclaims {report['gold_articles']}/{report['gold_articles']} " in output
    systems = report["systems"]
    assert {"llmclaims", "naive-instructor", "langextract"} <= set(systems)
    gold = len(list((ROOT / "evals/gold").glob("*.yaml")))
    assert gold >= 15 and report["gold_articles"] == gold
    dev_names = {p.stem for p in (ROOT / "evals/gold").glob("*.yaml")}
    for name in ("llmclaims", "naive-instructor", "langextract"):  # every recording replayed
        system = systems[name]
        recorded = len([p for p in (ROOT / "tests/cassettes/eval" / name).glob("*.yaml") if p.stem in dev_names])
        assert system["coverage"] == f"{recorded}/{gold}", name
        assert all(a["calls"] >= 1 and a["tokens"] > 0 and a["seconds"] > 0
                   for a in system["articles"]), name
    # all three systems on the whole gold set, so no partial comparison column is needed
    for name in ("llmclaims", "naive-instructor", "langextract"):
        assert systems[name]["coverage"] == f"{gold}/{gold}", name
    assert not any(name.startswith("llmclaims on ") for name in systems)
    ours = systems["llmclaims"]["metrics"]
    assert ours["grounding_rate"] == 1.0  # every span slices back to its text
    thresholds = tomllib.loads((ROOT / "evals/eval.toml").read_text())["thresholds"]
    assert thresholds and all(ours[k] >= v for k, v in thresholds.items()
                              if k != "ungrounded_rate")
    assert (tmp_path / "report" / "report.md").read_text().startswith("## Evaluation")
    assert "<svg" in (tmp_path / "report" / "report.html").read_text()
    # corroboration across the dev articles, scored on the same replayed results
    import yaml
    gold_groups = yaml.safe_load((ROOT / "evals/corroboration/gold.yaml").read_text("utf-8"))["groups"]
    corroboration = report["corroboration"]
    assert corroboration["counts"]["gold_groups"] == len(gold_groups)
    assert corroboration["counts"]["gold_reports"] == sum(len(g["reports"]) for g in gold_groups)
    assert set(corroboration["metrics"]) == {"grouping_precision", "grouping_recall", "grouping_f1",
                                             "origin_count_accuracy", "denial_recall", "conflict_recall"}
    assert corroboration["metrics"]["grouping_precision"] > 0.5
    assert "## Corroboration (dev, replayed from" in (tmp_path / "report" / "report.md").read_text()


def test_gate_fails_when_a_metric_falls_below_its_threshold(tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    conf = (ROOT / "evals/eval.toml").read_text() + "\n"
    conf = conf.replace("[thresholds]", "[thresholds]\nclaim_f1 = 0.99\n", 1)
    strict.write_text("\n".join(line for line in conf.splitlines()
                                if not line.startswith("claim_f1 =") or "0.99" in line))
    res = CliRunner().invoke(app, [
        "eval", "--gold", str(ROOT / "evals/gold"), "--cassettes",
        str(ROOT / "tests/cassettes/eval"), "--config", str(strict), "--out",
        str(tmp_path / "r"), "--system", "llmclaims"])
    assert res.exit_code == 1 and "claim_f1" in res.output


def test_a_replay_that_no_longer_matches_its_recording_says_how_to_re_record(
        tmp_path: Path) -> None:
    gold_dir, articles = tmp_path / "gold", tmp_path / "articles"
    gold_dir.mkdir()
    articles.mkdir()
    gold = (ROOT / "evals/gold/020.yaml").read_text()
    (gold_dir / "020.yaml").write_text(gold)
    name = gold.split("\n", 1)[0].split(": ", 1)[1]
    text = (ROOT / "evals/articles" / name).read_text()
    (articles / name).write_text(text + "\nThe Pentagon said more aid will follow.\n")  # changed
    res = CliRunner().invoke(app, [
        "eval", "--gold", str(gold_dir), "--articles", str(articles), "--cassettes",
        str(ROOT / "tests/cassettes/eval"), "--config", str(ROOT / "evals/eval.toml"),
        "--out", str(tmp_path / "r"), "--system", "llmclaims"])
    assert res.exit_code == 2
    assert "not in the recording" in res.output and "--article 020" in res.output


def test_the_test_split_is_scored_beside_dev(tmp_path: Path) -> None:
    """The frozen test split: every recorded test article is scored, in a report of its own,
    and the Markdown shows dev and test side by side; the gate stays on dev."""
    code, output, report = run_eval(tmp_path, "--test-gold", str(ROOT / "evals/test/gold"))
    assert code == 0, output
    tests = {p.stem for p in (ROOT / "evals/test/gold").glob("*.yaml")}
    assert len(tests) == 11
    recorded = {p.stem for p in (ROOT / "tests/cassettes/eval/llmclaims").glob("t*.yaml")} & tests
    assert report["test"]["gold_articles"] == 11
    if not recorded:  # llmclaims not (yet) recorded on the split: the peers only, no gap filled
        assert "llmclaims" not in report["test"]["systems"]
        assert report["test"]["systems"]["naive-instructor"]["coverage"] == "11/11"
        assert "naive-instructor test (11/11)" in output
        return
    assert report["test"]["systems"]["llmclaims"]["coverage"] == f"{len(recorded)}/11"
    assert "## Dev and test side by side" in output
    assert f"llmclaims test ({len(recorded)}/11)" in output


def tied_report() -> dict:  # type: ignore[type-arg]
    """A dev and a test report whose error classes tie on their counts."""
    from collections import Counter

    from llmclaims.evaluate.report import build
    from llmclaims.evaluate.score import PRF, ArticleScore, summarize

    ours = ArticleScore("a1", actors=PRF(3, 1, 1), errors=Counter(
        {"weapon_missed": 2, "actor_missed": 2, "relay_wrong": 1, "claim_extra": 2, "actor_extra": 2}))
    peer = ArticleScore("a1", actors=PRF(1, 3, 3), errors=Counter({"relay_wrong": 4, "claim_extra": 2}))
    report = build({"llmclaims": summarize([ours]), "peer": summarize([peer])}, source="dev run",
                   gold_articles=1)
    test = ArticleScore("t1", actors=PRF(2, 0, 0))
    report["test"] = build({"llmclaims": summarize([test])}, source="test run", gold_articles=2)
    return report


def test_error_classes_with_equal_counts_are_listed_by_name() -> None:
    from llmclaims.evaluate.report import markdown

    md = markdown(tied_report())
    table = md.split("Error classes", 1)[1].splitlines()[4:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in table if row] == [
        "actor_extra", "actor_missed", "claim_extra", "weapon_missed", "relay_wrong"]
    assert list(tied_report()["systems"]["llmclaims"]["errors"]) == [
        "actor_extra", "actor_missed", "claim_extra", "weapon_missed", "relay_wrong"]


def test_reports_are_byte_stable_across_runs() -> None:
    """report.md and report.html of the same scores, in processes with different string hashing
    (the order of a set of names changes with it): the same bytes."""
    import os
    import subprocess
    import sys

    script = ("import sys; from tests.test_eval import tied_report; "
              "from llmclaims.evaluate.report import html_page, markdown; "
              "r = tied_report(); sys.stdout.write(markdown(r) + html_page(r))")
    outs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}).stdout
            for seed in ("1", "2", "3", "4")}
    assert len(outs) == 1 and "| actor_extra | 2 | 0 |" in outs.pop()


def test_report_html_shows_dev_and_test() -> None:
    from llmclaims.evaluate.report import html_page

    page = html_page(tied_report())
    splits = page.split('<h2 id="splits">Dev and test side by side</h2>', 1)[1]
    assert "<th>llmclaims dev (1/1)</th><th>llmclaims test (1/2)</th><th>peer dev (1/1)</th>" in splits
    assert "<tr><td>actor_f1</td><td>0.750</td><td>1.000</td><td>0.250</td></tr>" in splits
    assert "test run" in splits


def test_a_missing_baseline_is_an_error(tmp_path: Path) -> None:
    code, output, report = run_eval(tmp_path, "--baseline", str(tmp_path / "nope.json"))
    assert code == 2 and "--baseline" in output and "no such file" in output
    assert report == {}  # nothing was evaluated
