"""What a release changed since the one before: its changelog and theme history.

``CHANGELOG.md`` puts this release's entry (postings added, closed and
changed, theme shares moved; from :mod:`flows.diff`) above the previous
release's changelog, so every release carries the whole story. ``history.db``
holds every release's overall theme shares in one table, ``theme_history``,
carried forward the same way, for the trend query in Datasette.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from flows.diff import ReleaseDiff, diff_releases
from flows.release import DATABASE_NAME

logger = logging.getLogger(__name__)

CHANGELOG_NAME = "CHANGELOG.md"
HISTORY_NAME = "history.db"
TITLE = "# csm-radar changelog"
# Postings listed per kind of change; the rest are counted (`csm-radar diff`
# lists them all).
MAX_LISTED = 500
# Theme moves smaller than this (in share points, 0-1) are not listed.
MIN_MOVE = 0.0001


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]


def _ids(label: str, ids: list[str]) -> list[str]:
    lines = [f"### {len(ids)} postings {label}", ""]
    if not ids:
        return []
    lines += [f"- `{posting_id}`" for posting_id in ids[:MAX_LISTED]]
    if len(ids) > MAX_LISTED:
        lines.append(f"- ... and {len(ids) - MAX_LISTED} more "
                     "(`csm-radar diff` lists them all)")
    return lines + [""]


def changelog_entry(folder: Path, version: str, previous: Path | None) -> str:
    """This release's changelog entry in Markdown.

    Args:
        folder: the release (or staging) folder holding ``csm-radar.db``.
        version: the release id.
        previous: the previous release's folder, or None for the first release.
    """
    db = folder / DATABASE_NAME
    postings = _count(db, "select count(*) from postings")
    jobs = _count(db, "select coalesce(max(total), 0) from theme_shares "
                      "where slice = 'all'")
    lines = [f"## {version}", ""]
    if previous is None:
        lines += [f"First release: {postings} postings, {jobs} unique customer "
                  "success jobs.", ""]
        return "\n".join(lines)
    change: ReleaseDiff = diff_releases(previous, folder)
    lines += [f"Since {previous.name}: {len(change.added)} postings added, "
              f"{len(change.closed)} closed, {len(change.changed)} changed; "
              f"{postings} postings, {jobs} unique customer success jobs.", ""]
    lines += _ids("added", change.added)
    lines += _ids("closed", change.closed)
    lines += _ids("changed (title or description)", change.changed)
    moves = sorted((m for m in change.themes if abs(m.change) >= MIN_MOVE),
                   key=lambda m: (-abs(m.change), m.theme))
    lines += ["### Theme shares moved", ""]
    if not moves:
        lines += ["No theme share moved.", ""]
    else:
        lines += ["| theme | before | after | change (points) | after, 95% CI |",
                  "| --- | ---: | ---: | ---: | --- |"]
        lines += [f"| {m.theme} | {100 * m.old:.1f}% | {100 * m.new:.1f}% | "
                  f"{100 * m.change:+.1f} | {100 * m.new_ci[0]:.1f}-"
                  f"{100 * m.new_ci[1]:.1f}% |" for m in moves]
        lines.append("")
    return "\n".join(lines)


def write_changelog(folder: Path, version: str, previous: Path | None) -> Path:
    """Write ``CHANGELOG.md``: this entry above the previous release's entries."""
    entry = changelog_entry(folder, version, previous)
    earlier = ""
    if previous is not None and (previous / CHANGELOG_NAME).exists():
        earlier = (previous / CHANGELOG_NAME).read_text(encoding="utf-8")
        earlier = earlier.removeprefix(TITLE).lstrip("\n")
    path = folder / CHANGELOG_NAME
    text = f"{TITLE}\n\n{entry.rstrip()}\n"
    if earlier:
        text += f"\n{earlier.rstrip()}\n"
    path.write_text(text, encoding="utf-8")
    return path


_HISTORY_SCHEMA = """
create table theme_history (
  version text not null, theme text not null, group_name text, jobs integer,
  total integer, share float, ci_low float, ci_high float,
  primary key (version, theme)
)"""
_SHARES = ("select {version}, theme, group_name, jobs, total, share, ci_low, ci_high "
           "from {db}theme_shares where slice = 'all'")


def write_history(folder: Path, version: str, previous: Path | None) -> Path:
    """Write ``history.db``: the previous release's history plus this release.

    A previous release without a ``history.db`` (published before it
    existed) contributes its own overall shares.
    """
    path = folder / HISTORY_NAME
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(f"file:{path}", uri=True)
    try:
        conn.execute(_HISTORY_SCHEMA)
        if previous is not None:
            old_history = previous / HISTORY_NAME
            if old_history.exists():
                conn.execute("attach database ? as old",
                             (f"file:{old_history}?mode=ro",))
                conn.execute("insert into theme_history select * from "
                             "old.theme_history where version != ? "
                             "order by version, theme", (version,))
            else:
                conn.execute("attach database ? as old",
                             (f"file:{previous / DATABASE_NAME}?mode=ro",))
                conn.execute("insert into theme_history " + _SHARES.format(
                    version="?", db="old.") + " order by theme", (previous.name,))
            conn.commit()
            conn.execute("detach database old")
        conn.execute("attach database ? as new",
                     (f"file:{folder / DATABASE_NAME}?mode=ro",))
        conn.execute("insert into theme_history " + _SHARES.format(
            version="?", db="new.") + " order by theme", (version,))
        conn.commit()
        conn.execute("detach database new")
        conn.execute("pragma journal_mode = delete")
        conn.execute("vacuum")
    finally:
        conn.close()
    return path
