"""The sources file: which boards of which job source to crawl."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO_ROOT / "datasets" / "sources.toml"


@dataclass(frozen=True)
class Board:
    """One board to crawl.

    Attributes:
        source: The applicant tracking system, such as ``ashby``.
        board: The board's slug within the source.
        url: An API URL that replaces the source's own, for tests and mirrors.
    """

    source: str
    board: str
    url: str | None = None


def load_boards(path: str | Path = DEFAULT_SOURCES, source: str | None = None):
    """Read the boards of a sources file.

    Args:
        path: A TOML file of ``[[board]]`` tables with ``source``, ``board`` and
            an optional ``url``.
        source: Keep only the boards of this source.

    Returns:
        list[Board]: The boards in file order.
    """
    with open(path, "rb") as file:
        tables = tomllib.load(file).get("board", [])
    boards = [Board(t["source"], t["board"], t.get("url")) for t in tables]
    return [b for b in boards if source is None or b.source == source]
