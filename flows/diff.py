"""What changed between two releases: postings and theme shares."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from analysis.shares import wilson
from flows.release import DATABASE_NAME


@dataclass
class ThemeMove:
    """How one theme's overall share moved, with both intervals."""

    theme: str
    old: float
    new: float
    old_ci: tuple[float, float]
    new_ci: tuple[float, float]

    @property
    def change(self) -> float:
        """New share minus old share."""
        return self.new - self.old


@dataclass
class ReleaseDiff:
    """Postings added, closed and changed, and theme shares moved."""

    added: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    themes: list[ThemeMove] = field(default_factory=list)

    def as_dict(self) -> dict:
        """A JSON-ready form."""
        return {
            "added": self.added, "closed": self.closed, "changed": self.changed,
            "themes": [
                {"theme": m.theme, "old": m.old, "new": m.new,
                 "change": round(m.change, 4), "old_ci": list(m.old_ci),
                 "new_ci": list(m.new_ci)}
                for m in self.themes
            ],
        }


def _postings(db: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            pid: hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
            for pid, title, text in conn.execute(
                "select posting_id, title, description_text from postings")
        }


def _shares(db: Path) -> dict[str, tuple[int, int]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {theme: (jobs, total) for theme, jobs, total in conn.execute(
            "select theme, jobs, total from theme_shares where slice = 'all'")}


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare two release directories."""
    before, after = _postings(old / DATABASE_NAME), _postings(new / DATABASE_NAME)
    result = ReleaseDiff(
        added=sorted(after.keys() - before.keys()),
        closed=sorted(before.keys() - after.keys()),
        changed=sorted(k for k in before.keys() & after.keys() if before[k] != after[k]),
    )
    old_shares, new_shares = _shares(old / DATABASE_NAME), _shares(new / DATABASE_NAME)
    for theme in sorted(old_shares.keys() | new_shares.keys()):
        a, b = wilson(*old_shares.get(theme, (0, 0))), wilson(*new_shares.get(theme, (0, 0)))
        result.themes.append(ThemeMove(theme, round(a.share, 4), round(b.share, 4),
                                       (round(a.low, 4), round(a.high, 4)),
                                       (round(b.low, 4), round(b.high, 4))))
    return result
