"""Checks of a run's inputs, so that a bad file fails at once with its name.

A run reads a sources file and, when it replays, a WARC archive. Both are
checked before the flow starts: a malformed or unknown input would otherwise
surface deep inside the crawl, or quietly publish an empty release.
"""

from __future__ import annotations

import gzip
import tomllib
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed


class InputError(ValueError):
    """A run input that cannot be used; the message names it."""


class NothingCollectedError(InputError):
    """A crawl gave no posting at all, so there is nothing to publish."""


def run_inputs(archive, sources, live: bool) -> list[tuple[Path | None, Path]]:
    """The (archive, sources file) pairs a run reads.

    A live run crawls the boards of its sources file; a replay reads the
    given archive; with neither, a run replays both embedded archives, the
    2025 boards and the 2020-2021 job board.
    """
    from flows.config import (
        DEFAULT_ARCHIVE, DEFAULT_SOURCES, HISTORICAL_ARCHIVE, HISTORICAL_SOURCES,
    )

    if live:
        return [(None, Path(sources or DEFAULT_SOURCES))]
    if archive or sources:
        return [(Path(archive or DEFAULT_ARCHIVE), Path(sources or DEFAULT_SOURCES))]
    return [(DEFAULT_ARCHIVE, DEFAULT_SOURCES),
            (HISTORICAL_ARCHIVE, HISTORICAL_SOURCES)]


def check_inputs(inputs: list[tuple[Path | None, Path]]) -> None:
    """Check every sources file and archive of a run."""
    for archive, sources in inputs:
        check_sources(sources)
        if archive is not None:
            check_archive(archive)


def check_sources(path: Path) -> int:
    """Check a sources file and return its number of boards.

    Raises:
        InputError: the file is missing, is not TOML, lists no boards, or
            names a source the crawler does not know.
    """
    from crawler.process import SPIDERS

    try:
        with open(path, "rb") as handle:
            tables = tomllib.load(handle).get("board", [])
    except OSError as exc:
        raise InputError(f"sources file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"sources file {path} is not valid TOML: {exc}") from exc
    if not tables:
        raise InputError(f"sources file {path} lists no boards: add [[board]] tables "
                         "with source and board, or use `csm-radar sources add URL`")
    for number, table in enumerate(tables, 1):
        source = table.get("source") if isinstance(table, dict) else None
        if source not in SPIDERS or not table.get("board"):
            raise InputError(
                f"sources file {path}, board {number}: unknown source {source!r} or "
                f"no board name (known sources: {', '.join(sorted(SPIDERS))})")
    return len(tables)


def _check_gzip(path: Path) -> None:
    """Read a gzipped file to its end: a cut-short one raises EOFError."""
    with open(path, "rb") as handle:
        if handle.read(2) != b"\x1f\x8b":
            return
    with gzip.open(path, "rb") as stream:
        while stream.read(1 << 20):
            pass


def check_archive(path: Path) -> int:
    """Read a WARC archive through and return its number of responses.

    Raises:
        InputError: the file is missing, empty, not a WARC, or cut short.
    """
    responses = 0
    try:
        _check_gzip(path)
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    responses += 1
                record.content_stream().read()
    except OSError as exc:
        raise InputError(f"archive {path}: {exc.strerror or exc}") from exc
    except (ArchiveLoadFailed, EOFError, ValueError, gzip.BadGzipFile,
            zlib.error) as exc:
        raise InputError(f"archive {path} is not a readable WARC file ({exc}); "
                         "give a .warc.gz written by a csm-radar crawl") from exc
    if responses == 0:
        raise InputError(f"archive {path} holds no responses: nothing to replay")
    return responses
