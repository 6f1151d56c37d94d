"""Publishing a release: an immutable, versioned directory per run.

A release is assembled in a dot-prefixed staging directory inside the
releases folder and renamed into place only when every file is written and
flushed, so an interrupted publish never leaves a release directory or a
half-written file in one, and never touches an earlier release. A publish
holds a lock on its staging directory; one that was killed leaves its staging
directory unlocked, and the next publish removes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from flows.config import REPO_ROOT

logger = logging.getLogger(__name__)

DATABASE_NAME = "csm-radar.db"
MANIFEST_NAME = "manifest.json"
# Staging directories start with a dot, so nothing takes them for a release.
STAGING_PREFIX = ".staging-"
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


def release_files(folder: Path) -> list[str]:
    """Every file under ``folder``, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file())


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
            files (the report, exports, metadata) before the release is
            sealed; files may go in subfolders.

    Returns:
        The release directory. A release with the same id (same day, same
        content) is already complete and is returned as it is, never
        overwritten.
    """
    releases_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(releases_dir)
    digest = content_hash(db_path)
    version = release_id(today or dt.datetime.now(dt.UTC).date(), digest)
    target = releases_dir / version
    if target.exists():
        logger.info("release %s already exists with the same content", version)
        return target
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{version}-",
                                    dir=releases_dir))
    try:
        with _locked(staging):
            shutil.copyfile(db_path, staging / DATABASE_NAME)
            if write_extras:
                write_extras(staging, version)
            full = {
                "version": version,
                "content_hash": digest,
                "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                **manifest,
                "files": {name: sha256_file(staging / name)
                          for name in release_files(staging)},
            }
            (staging / MANIFEST_NAME).write_text(
                json.dumps(full, indent=2, sort_keys=True))
            _seal(staging)
            os.replace(staging, target)
            _fsync(releases_dir)
    except BaseException:
        _rmtree(staging)
        raise
    logger.info("published release %s to %s", version, target)
    return target


def remove_stale_staging(releases_dir: Path) -> list[Path]:
    """Remove staging directories left by publishes that were killed.

    A staging directory is stale when no process holds its lock (the kernel
    drops the lock of a process that dies, however it dies) and it is older
    than this call, so a publish running beside this one is left alone.

    Returns:
        The directories removed.
    """
    started = dt.datetime.now().timestamp()
    removed = []
    if not releases_dir.is_dir():
        return removed
    for path in sorted(releases_dir.glob(f"{STAGING_PREFIX}*")):
        if not path.is_dir() or path.stat().st_mtime > started:
            continue
        try:
            with _locked(path, wait=False):
                _rmtree(path)
        except BlockingIOError:
            continue  # a live publish owns it
        except FileNotFoundError:
            continue  # another publish removed it first
        removed.append(path)
        logger.warning("removed %s, left by an interrupted publish", path.name)
    return removed


@contextlib.contextmanager
def _locked(folder: Path, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive ``flock`` on a directory while the block runs."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)


def _seal(folder: Path) -> None:
    """Make every file read-only, every folder readable, and flush them to disk."""
    for path in sorted(folder.rglob("*"), reverse=True):
        os.chmod(path, 0o444 if path.is_file() else 0o755)
        _fsync(path)
    os.chmod(folder, 0o755)  # mkdtemp made it private
    _fsync(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rmtree(path: Path) -> None:
    """Remove a tree even where files or folders were made read-only."""
    def retry(func, name, _exc_info):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), 0o755)
            os.chmod(name, 0o755)
            func(name)

    shutil.rmtree(path, onerror=retry)


def list_releases(releases_dir: Path) -> list[Path]:
    """Every complete release, oldest first; staging directories are skipped."""
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


def previous_release(releases_dir: Path) -> Path | None:
    """The newest complete release, or None before the first one."""
    try:
        return latest_release(releases_dir)
    except ReleaseError:
        return None


def read_manifest(release: Path) -> dict:
    """The manifest of a release."""
    try:
        return json.loads((release / MANIFEST_NAME).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{release}: unreadable manifest ({exc})") from exc
