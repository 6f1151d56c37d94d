"""Serving a release in Datasette, read-only, on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from flows.release import DATABASE_NAME, ReleaseError, latest_release, read_manifest
from flows.metadata import datasette_metadata

logger = logging.getLogger(__name__)


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
    return [
        sys.executable, "-m", "datasette", "serve",
        "--immutable", str(release / DATABASE_NAME),
        "--host", "127.0.0.1", "--port", str(port),
        "--metadata", str(metadata),
        "--setting", "sql_time_limit_ms", "5000",
    ]


def serve_release(releases_dir: Path, name: str | None, port: int) -> None:
    """Replace this process with Datasette serving the release."""
    release = resolve_release(releases_dir, name)
    args = datasette_args(release, port)
    logger.info("serving release %s on http://127.0.0.1:%d/", release.name, port)
    os.execv(args[0], args)
