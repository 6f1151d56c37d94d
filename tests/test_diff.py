"""`csm-radar diff` between two releases a few postings apart names exactly
those postings, and the newer release's changelog and theme history say the
same.

Both releases are published from the real run's database: the older one
without three postings, the newer one without two others and with one
description rewritten; each gets its theme shares recomputed by the flow's
own shares stage, so the shares really move.
"""

import json
import sqlite3

import pytest
from conftest import csm_radar
from test_release_metadata import publish_with_files, run_manifest

from flows import stages
from flows.config import RunConfig
from flows.diff import diff_releases
from flows.release import read_manifest
from flows.verify import verify_release


def family_postings(db):
    """Customer success postings that carry at least one theme, in id order."""
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(
            "select posting_id from postings where role_family in ('csm', 'adjacent') "
            "and posting_id in (select posting_id from themes) order by posting_id")]


def derive(source, target, drop=(), rewrite=()):
    """A copy of ``source`` without the ``drop`` postings, ``rewrite`` ones edited,
    and theme shares computed again."""
    target.write_bytes(source.read_bytes())
    target.chmod(0o644)
    with sqlite3.connect(target) as conn:
        for table in ("postings", "themes", "units", "sections"):
            conn.executemany(f"delete from {table} where posting_id = ?",
                             [(p,) for p in drop])
        conn.executemany("update postings set description_text = description_text "
                         "|| ' Rewritten.' where posting_id = ?",
                         [(p,) for p in rewrite])
        conn.execute("delete from theme_shares")
    stages.shares(target, RunConfig())
    return target


@pytest.fixture(scope="module")
def two_releases(release, tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    db, manifest = release / "csm-radar.db", run_manifest(release)
    ids = family_postings(db)
    assert len(ids) >= 6
    added, closed, changed = ids[:3], ids[3:5], ids[5:6]
    old_db = derive(db, folder / "old.db", drop=added)
    new_db = derive(db, folder / "new.db", drop=closed, rewrite=changed)
    releases = folder / "data" / "releases"
    old = publish_with_files(old_db, releases, manifest)
    new = publish_with_files(new_db, releases, manifest)
    assert old != new
    return folder, old, new, {"added": added, "closed": closed, "changed": changed}


def test_diff_names_exactly_the_postings_added_closed_and_changed(two_releases):
    folder, old, new, expected = two_releases
    done = csm_radar("diff", old.name, new.name, "--output", str(folder / "data"),
                     "--json")
    result = json.loads(done.stdout)
    assert result["added"] == sorted(expected["added"])
    assert result["closed"] == sorted(expected["closed"])
    assert result["changed"] == sorted(expected["changed"])
    text = csm_radar("diff", str(old), str(new)).stdout
    assert "3 postings added" in text and "2 postings closed" in text
    assert "1 postings changed" in text
    for posting_id in sum(expected.values(), []):
        assert f"  {posting_id}\n" in text


def test_diff_theme_moves_match_each_release_shares(two_releases):
    _, old, new, _ = two_releases

    def overall(release):
        with sqlite3.connect(release / "csm-radar.db") as conn:
            return dict(conn.execute(
                "select theme, share from theme_shares where slice = 'all'"))

    before, after = overall(old), overall(new)
    moves = {m.theme: m for m in diff_releases(old, new).themes}
    assert set(moves) == set(before) == set(after)
    for theme, move in moves.items():
        assert move.old == pytest.approx(before[theme], abs=1e-4)
        assert move.new == pytest.approx(after[theme], abs=1e-4)
    assert any(abs(m.change) > 0 for m in moves.values()), "no share moved"


def test_changelog_of_the_new_release_lists_the_same_changes(two_releases):
    _, old, new, expected = two_releases
    changelog = (new / "CHANGELOG.md").read_text()
    entry, _, earlier = changelog.partition(f"\n## {old.name}\n")
    assert entry.startswith(f"# csm-radar changelog\n\n## {new.name}\n")
    assert (f"Since {old.name}: 3 postings added, 2 closed, 1 changed"
            in entry)
    for kind in ("added", "closed", "changed"):
        listed = [line[3:-1] for line in _section(entry, f"postings {kind}")]
        assert listed == sorted(expected[kind]), kind
    moved = {m.theme: m for m in diff_releases(old, new).themes if m.change}
    table = [line for line in entry.splitlines() if line.startswith("| ")
             and not line.startswith(("| theme", "| ---"))]
    assert {line.split(" | ")[0][2:] for line in table} == set(moved)
    for line in table:
        theme, _, _, change, _ = line.strip("| ").split(" | ")
        assert change == f"{100 * moved[theme].change:+.1f}"
    # The older release's entry is carried below, as it was written.
    assert "First release" in earlier
    assert (old / "CHANGELOG.md").read_text().split("\n\n", 1)[1].strip() in changelog


def _section(entry, heading):
    lines = entry.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("### ") and heading in line)
    out = []
    for line in lines[start + 2:]:
        if not line.startswith("- `"):
            break
        out.append(line)
    return out


def test_theme_history_carries_both_releases(two_releases):
    _, old, new, _ = two_releases
    with sqlite3.connect(new / "history.db") as conn:
        versions = [row[0] for row in conn.execute(
            "select distinct version from theme_history order by version")]
        trend = dict(conn.execute(
            "select theme, share from theme_history where version = ?", (old.name,)))
    assert versions == sorted([old.name, new.name])
    with sqlite3.connect(old / "csm-radar.db") as conn:
        assert trend == dict(conn.execute(
            "select theme, share from theme_shares where slice = 'all'"))


def test_both_releases_verify_and_keep_their_content_hash(two_releases):
    _, old, new, _ = two_releases
    for release in (old, new):
        assert verify_release(release).ok
    assert read_manifest(old)["content_hash"] != read_manifest(new)["content_hash"]
