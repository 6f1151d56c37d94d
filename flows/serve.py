"""Serving a release in Datasette, read-only, on 127.0.0.1.

A release is served in immutable mode with the inspect file written when it
was published, so Datasette neither hashes nor counts the database at start.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from flows.changelog import HISTORY_NAME
from flows.metadata import datasette_metadata
from flows.release import DATABASE_NAME, ReleaseError, latest_release, read_manifest

logger = logging.getLogger(__name__)

INSPECT_NAME = "inspect-data.json"


def served_databases(release: Path) -> list[str]:
    """The database files of a release that Datasette serves, relative to it."""
    return [name for name in (DATABASE_NAME, HISTORY_NAME)
            if (release / name).exists()]


def write_inspect(folder: Path) -> Path:
    """Run ``datasette inspect`` on a release's databases into ``inspect-data.json``.

    The databases are named relative to the release, so the file does not
    depend on where the release is.

    Raises:
        ReleaseError: Datasette could not inspect the databases.
    """
    path = folder / INSPECT_NAME
    done = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", *served_databases(folder),
         "--inspect-file", INSPECT_NAME],
        cwd=folder, capture_output=True, text=True,
    )
    if done.returncode != 0 or not path.exists():
        raise ReleaseError(
            f"datasette inspect failed in {folder}: {done.stderr[-2000:]}")
    return path


def resolve_release(releases_dir: Path, name: str | None) -> Path:
    """The release directory called ``name``, or the newest one."""
    if not name:
        return latest_release(releases_dir)
    path = Path(name)
    if not path.is_dir():
        path = releases_dir / name
    if not (path / DATABASE_NAME).exists():
        raise ReleaseError(f"no release {name} in {releases_dir}: see `csm-radar releases`")
    return path


def datasette_args(release: Path, port: int) -> list[str]:
    """The Datasette command line that serves a release immutably."""
    metadata = Path(tempfile.mkdtemp(prefix="csm-radar-")) / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(read_manifest(release))))
    args = [sys.executable, "-m", "datasette", "serve"]
    for name in served_databases(release):
        args += ["--immutable", str(release / name)]
    if (release / INSPECT_NAME).exists():
        args += ["--inspect-file", str(release / INSPECT_NAME)]
    return args + [
        "--host", "127.0.0.1", "--port", str(port),
        "--metadata", str(metadata),
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "facet_time_limit_ms", "1000",
    ]


def serve_release(releases_dir: Path, name: str | None, port: int) -> None:
    """Replace this process with Datasette serving the release."""
    release = resolve_release(releases_dir, name)
    args = datasette_args(release, port)
    logger.info("serving release %s on http://127.0.0.1:%d/", release.name, port)
    os.execv(args[0], args)
