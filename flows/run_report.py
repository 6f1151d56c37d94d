"""The operator's summary of a run, published as a Prefect artifact."""

from __future__ import annotations

from pathlib import Path

from flows.diff import diff_releases

ARTIFACT_KEY = "csm-radar-run"


def _cell(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
    return str(value)


def run_summary(counts: dict, release: Path, previous: Path | None) -> str:
    """Markdown: counts per stage, rejects, and every theme's share and change.

    Args:
        counts: the run's counts per stage, as in the manifest.
        release: the release the run published.
        previous: the release before it, to report how shares moved.
    """
    lines = [f"# csm-radar release {release.name}", "",
             "| stage | counts |", "| --- | --- |"]
    for stage, stage_counts in counts.items():
        shown = {k: v for k, v in stage_counts.items() if k not in ("archive", "inputs")}
        lines.append(f"| {stage} | {_cell(shown)} |")
    reasons = counts.get("crawl", {}).get("reject_reasons", {})
    lines += ["", f"Rejects: {_cell(reasons) if reasons else 'none'}.", ""]
    moves = diff_releases(previous or release, release)
    header = "share" if previous is None else f"share (change since {previous.name})"
    lines += [f"| theme | {header} |", "| --- | ---: |"]
    for move in sorted(moves.themes, key=lambda m: -m.new):
        change = "" if previous is None else f" ({100 * move.change:+.1f})"
        lines.append(f"| {move.theme} | {100 * move.new:.1f}%{change} |")
    if previous is not None:
        lines += ["", f"Postings added {len(moves.added)}, closed "
                      f"{len(moves.closed)}, changed {len(moves.changed)}."]
    return "\n".join(lines) + "\n"
