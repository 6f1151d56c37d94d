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


def crawl_setting(item: str) -> tuple[str, object]:
    """Parse one ``NAME=VALUE`` Scrapy setting override given on the command line.

    The value is read as JSON when it parses (``2``, ``true``, ``{"a": 1}``),
    as text otherwise. The name must be a setting Scrapy or the crawler knows,
    and the value must have the type of its default.

    Raises:
        InputError: the item is not ``NAME=VALUE``, names an unknown setting,
            or gives a value of the wrong type; the message names it.
    """
    import json

    from scrapy.settings import default_settings

    from crawler import settings as crawler_settings

    name, sep, text = item.partition("=")
    if not sep or not name:
        raise InputError(f"--set {item!r}: expected NAME=VALUE, e.g. DOWNLOAD_DELAY=2")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text
    defaults = {key: getattr(module, key) for module in (default_settings, crawler_settings)
                for key in dir(module) if key.isupper()}
    if name not in defaults:
        raise InputError(f"--set {item!r}: {name} is not a Scrapy setting "
                         "(see https://docs.scrapy.org/en/latest/topics/settings.html)")
    default = defaults[name]
    for kinds, noun in _SETTING_KINDS:
        if isinstance(default, kinds):
            if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                raise InputError(f"--set {item!r}: {name} takes {noun}, like its "
                                 f"default {json.dumps(default, default=str)}")
            break
    return name, value


# The kinds of Scrapy setting values a command-line override is checked against.
_SETTING_KINDS = (
    ((bool,), "true or false"),
    ((int, float), "a number"),
    ((str,), "text"),
    ((dict,), "a JSON object"),
    ((list, tuple), "a JSON list"),
)


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
