"""The sources file: which boards of which job source to crawl."""

import json
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO_ROOT / "datasets" / "sources.toml"
LIVE_SOURCES = REPO_ROOT / "datasets" / "sources-live.toml"


@dataclass(frozen=True)
class Board:
    """One board to crawl.

    Attributes:
        source: The applicant tracking system, such as ``ashby``.
        board: The board's slug within the source.
        url: An API URL that replaces the source's own, for tests and mirrors
            (for ``jsonld``, the career page or sitemap).
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


# Hosts whose first path segment is the board: (host pattern, source).
_PATH_BOARDS = (
    (r"jobs\.ashbyhq\.com", "ashby"),
    (r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io", "greenhouse"),
    (r"jobs(?:\.eu)?\.lever\.co", "lever"),
    (r"apply\.workable\.com", "workable"),
    (r"(?:careers|jobs)\.smartrecruiters\.com", "smartrecruiters"),
)
# Hosts whose first label is the board.
_HOST_BOARDS = (
    (r"([\w-]+)\.recruitee\.com", "recruitee"),
    (r"([\w-]+)\.teamtailor\.com", "teamtailor"),
    (r"([\w-]+)\.jobs\.personio\.(?:de|com)", "personio"),
)
# Whole-site feeds: one board, all of it.
_SITES = ((r"remoteok\.(?:com|io)", "remoteok"), (r"remotive\.(?:com|io)", "remotive"))
# First path segments that are not board slugs (such as Workable's job links).
_NOT_SLUGS = {"embed", "j", "api", "v1", "v0"}


def detect_board(url: str) -> Board:
    """The board a careers or job board URL belongs to.

    Recognises Ashby, Greenhouse (``boards`` and ``job-boards``, also the
    ``embed/job_board?for=<slug>`` form), Lever, Workable, SmartRecruiters,
    Recruitee, Teamtailor, Personio, RemoteOK and Remotive; any other http(s)
    URL is taken as a career page or sitemap for the ``jsonld`` source.

    Raises:
        ValueError: The text is not an http(s) URL with a host.
    """
    text = url.strip()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.scheme not in ("http", "https") or "." not in host:
        raise ValueError(f"not a job board or career page URL: {url!r}")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    for pattern, source in _PATH_BOARDS:
        if re.fullmatch(pattern, host):
            embedded = re.search(r"(?:^|&)for=([^&]+)", parts.query)
            if embedded:
                return Board(source, unquote(embedded.group(1)))
            if segments and segments[0] not in _NOT_SLUGS:
                return Board(source, segments[0])
            raise ValueError(f"{url!r} is a {source} URL without a board name")
    for pattern, source in _HOST_BOARDS:
        match = re.fullmatch(pattern, host)
        if match and match.group(1) not in ("www", "api", "app"):
            return Board(source, match.group(1))
    for pattern, source in _SITES:
        if re.fullmatch(pattern, host):
            return Board(source, "all")
    page = parts._replace(fragment="").geturl()
    return Board("jsonld", host + parts.path.rstrip("/"), page)


def add_board(path: str | Path, board: Board) -> bool:
    """Append a board to a sources file unless it is already there.

    A board is already there when the file has the same source and board
    slug (slugs compared case-insensitively). The file is created when missing.

    Returns:
        bool: Whether the board was added.
    """
    path = Path(path)
    existing = load_boards(path) if path.exists() else []
    key = (board.source, board.board.lower())
    if any((b.source, b.board.lower()) == key for b in existing):
        logger.info("%s:%s is already in %s", board.source, board.board, path)
        return False
    lines = ["", "[[board]]", f"source = {json.dumps(board.source)}",
             f"board = {json.dumps(board.board)}"]
    if board.url:
        lines.append(f"url = {json.dumps(board.url)}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    block = "\n".join(lines) + "\n"
    path.write_text(text + (block if text else block.lstrip("\n")), encoding="utf-8")
    logger.info("Added %s:%s to %s", board.source, board.board, path)
    return True


def add_from_url(path: str | Path, url: str) -> Board:
    """Recognise the board of a URL and add it to a sources file.

    Args:
        path: The sources file.
        url: A careers page or job board URL.

    Returns:
        Board: The board, whether it was added now or was there already.

    Raises:
        ValueError: Nothing matches: the message names the URL.
    """
    board = detect_board(url)
    add_board(path, board)
    return board
