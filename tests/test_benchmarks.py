"""The benchmark command, end to end at its smallest: `python -m benchmarks --quick`.

It builds a 20-board archive, runs the parse and embedding comparisons and a
whole pipeline run in a child process, prints the tables and writes every
figure to a JSON file; `--report` prints the same tables again from that file.
No figure is checked against a time: only that each was measured and that the
counts agree with the data the run was given.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=2400)
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done, json.loads((out / "results.json").read_text())


def test_quick_run_prints_every_table(quick):
    _, done, _ = quick
    for heading in ("## Spider parsing", "## Embedding", "## End to end", "Clustering"):
        assert heading in done.stdout
    assert "| 1x |" in done.stdout


def test_figures_agree_with_the_data_they_measured(quick):
    _, _, results = quick
    parse, embed, (run,) = results["parse"], results["embed"], results["e2e"]
    assert results["data"]["boards"] == 20
    # The parse benchmark and the pipeline read the same 20 boards.
    assert parse["postings"] == run["postings"] == results["data"]["postings_1x"] > 0
    assert parse["json_loads_postings_per_s"] > 0 and parse["spider_parse_postings_per_s"] > 0
    assert embed["sentences"] == 64
    assert embed["bare_sentences_per_s"] > 0 and embed["cache_fill_vs_bare_ratio"] > 0
    assert set(run["stages"]) == {"crawl", "analyse", "dedupe", "embed", "cluster",
                                  "shares", "index"}
    assert all(stage["cpu_seconds"] >= 0 for stage in run["stages"].values())
    assert run["cpu_seconds"] == pytest.approx(
        sum(stage["cpu_seconds"] for stage in run["stages"].values()), abs=0.1)
    assert run["process_tree_peak_rss_mib"] >= max(
        stage["peak_rss_mib"] for stage in run["stages"].values()) * 0.9


def test_report_reprints_the_tables_from_the_results_file(quick):
    out, done, _ = quick
    again = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--report", str(out / "results.json")],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() in done.stdout


def test_report_names_a_missing_results_file(tmp_path):
    missing = tmp_path / "nowhere.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--report", str(missing)],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert str(missing) in done.stderr
