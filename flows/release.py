"""Publishing a release: an immutable, versioned directory per run.

A release is assembled in a temporary directory beside the releases folder
and renamed into place only when every file is written, so an interrupted
publish leaves nothing behind and never touches an earlier release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from flows.config import REPO_ROOT

logger = logging.getLogger(__name__)

DATABASE_NAME = "csm-radar.db"
MANIFEST_NAME = "manifest.json"
# Tables whose rows say when and how a run happened, not what it found.
VOLATILE_TABLES = {"runs"}
VOLATILE_COLUMNS = {"fetched_at", "first_seen", "last_seen"}


class ReleaseError(Exception):
    """A release could not be written or read."""


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(db_path: Path) -> str:
    """Hash what a database holds, not how its file happens to be laid out.

    Every table but the run log is read in primary-key order and hashed row
    by row, leaving out columns that only record when things were fetched,
    so two publishes of the same input give the same hash.
    """
    digest = hashlib.sha256()
    with sqlite3.connect(db_path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "select name from sqlite_master where type = 'table' "
                "and name not like 'sqlite_%' and name not like '%_fts%' order by name"
            )
        ]
        for table in tables:
            if table in VOLATILE_TABLES:
                continue
            columns = [
                row[1] for row in conn.execute(f"pragma table_info([{table}])")
                if row[1] not in VOLATILE_COLUMNS
            ]
            digest.update(f"{table}({','.join(columns)})".encode())
            select = ", ".join(f"[{c}]" for c in columns)
            order = ", ".join(str(i + 1) for i in range(len(columns)))
            query = f"select {select} from [{table}] order by {order}"
            for row in conn.execute(query):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def code_version() -> str:
    """The git commit of the code, with ``-dirty`` when it has local changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}-dirty" if dirty else commit


def release_id(day: dt.date, digest: str) -> str:
    """A release id that sorts by date and names its content: ``2026-12-03.ab12cd34ef``."""
    return f"{day.isoformat()}.{digest[:10]}"


def publish(
    db_path: Path,
    releases_dir: Path,
    manifest: dict,
    today: dt.date | None = None,
    write_extras: Callable[[Path, str], None] | None = None,
) -> Path:
    """Publish a finished database as a new release and return its directory.

    Args:
        db_path: the database the run built; it is copied, not moved.
        releases_dir: the folder that holds every release.
        manifest: what the run knows about itself (counts, input, model,
            parameters); the version, content hash and checksums are added.
        today: the release date; today in UTC when omitted.
        write_extras: called with the staging folder and the version to add
            files (the report) before the release is sealed.

    A release with the same id (same day, same content) is already complete
    and is returned as it is, never overwritten.
    """
    releases_dir.mkdir(parents=True, exist_ok=True)
    digest = content_hash(db_path)
    version = release_id(today or dt.datetime.now(dt.UTC).date(), digest)
    target = releases_dir / version
    if target.exists():
        logger.info("release %s already exists with the same content", version)
        return target
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=releases_dir))
    try:
        shutil.copyfile(db_path, staging / DATABASE_NAME)
        if write_extras:
            write_extras(staging, version)
        full = {
            "version": version,
            "content_hash": digest,
            "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **manifest,
            "files": {p.name: sha256_file(p) for p in sorted(staging.iterdir())},
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(full, indent=2, sort_keys=True))
        for path in staging.iterdir():
            os.chmod(path, 0o444)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    logger.info("published release %s to %s", version, target)
    return target


def list_releases(releases_dir: Path) -> list[Path]:
    """Every complete release, oldest first."""
    if not releases_dir.is_dir():
        return []
    return sorted(
        p for p in releases_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_NAME).exists()
    )


def latest_release(releases_dir: Path) -> Path:
    """The newest release, or a ReleaseError that says how to make one."""
    releases = list_releases(releases_dir)
    if not releases:
        raise ReleaseError(
            f"no release in {releases_dir}: run `csm-radar run` to build one"
        )
    return max(releases, key=lambda p: (read_manifest(p)["published_at"], p.name))


def read_manifest(release: Path) -> dict:
    """The manifest of a release."""
    try:
        return json.loads((release / MANIFEST_NAME).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{release}: unreadable manifest ({exc})") from exc
