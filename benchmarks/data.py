"""Benchmark inputs: a WARC of Ashby board responses and its sources file,
at 1x the saved data or replicated N times.

The saved responses live in ../shared/data/ashby beside the checkout (384 boards, 7,631
postings). Copy k >= 1 of a board is a new board ``<board>--x<k>`` whose
postings get new ids (uuid5 of the old id and k) and keep their text, so a
size of N has N times the postings, boards and requirement sentences, but
the same *distinct* sentences (the embedding cache dedupes them by hash).

Each copy is written with ``crawler.archive.import_responses`` to its own
gzipped WARC and the parts are concatenated (a gzipped WARC is a sequence of
gzip members), so memory stays at one copy of the data whatever the size.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote, unquote

from crawler.archive import ArchivedResponse, import_responses, iter_responses
from crawler.build_archive import latest_date
from crawler.spiders.ashby import AshbySpider
from flows.config import DEFAULT_ARCHIVE

SHARED_ASHBY = Path(__file__).resolve().parents[2] / "shared" / "data" / "ashby"
ASHBY_PREFIX = AshbySpider.api_url.split("{board}")[0]

MISSING_HELP = """\
NOTE: {folder} holds no <board>.json responses, so the benchmark falls back to the Ashby
responses embedded in {archive} (132 boards, a subset).
For the full 384 boards / 7,631 postings, get the saved responses:
  repository stapply-ai/ats-scrapers (MIT), folder ashby/companies/, commit
  43ece6fd3ab4398cda575f0483fd49ea5c58eccb (see datasets/archive/PROVENANCE.md),
and copy the <board>.json files to {shared} or pass --data DIR."""


class Board:
    """One saved board response: its slug, URL path segment, body and date."""

    __slots__ = ("slug", "body", "date")

    def __init__(self, slug: str, body: bytes, date: str):
        self.slug, self.body, self.date = slug, body, date


def load_boards(data: Path | None = None, limit: int | None = None,
                announce=print) -> tuple[list[Board], str]:
    """The Ashby boards to benchmark with, and where they came from."""
    folder = data or SHARED_ASHBY
    boards: list[Board] = []
    if folder.is_dir() and any(folder.glob("*.json")):
        for path in sorted(folder.glob("*.json"))[:limit]:
            body = path.read_bytes()
            document = json.loads(body.decode("utf-8-sig"))
            if not isinstance(document.get("jobs"), list):
                continue
            date = latest_date("ashby", document) if document["jobs"] else ""
            boards.append(Board(unquote(path.stem), body, date))
        return boards, str(folder)
    announce(MISSING_HELP.format(folder=folder, archive=DEFAULT_ARCHIVE.name,
                                 shared=SHARED_ASHBY))
    for response in iter_responses(DEFAULT_ARCHIVE):
        if response.url.startswith(ASHBY_PREFIX):
            slug = unquote(response.url[len(ASHBY_PREFIX):].split("?")[0])
            boards.append(Board(slug, response.body, response.date))
    return boards[:limit], str(DEFAULT_ARCHIVE)


def copy_board(board: Board, k: int) -> Board:
    """Copy ``k`` of a board: new slug, new posting ids, same text."""
    if k == 0:
        return board
    document = json.loads(board.body.decode("utf-8-sig"))
    for job in document["jobs"]:
        job["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{job.get('id')}|{k}"))
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return Board(f"{board.slug}--x{k}", body, board.date)


def response_of(board: Board) -> ArchivedResponse:
    url = AshbySpider.api_url.format(board=quote(board.slug))
    return ArchivedResponse(url, board.body, date=board.date)


def postings_in(board: Board) -> int:
    return len(json.loads(board.body.decode("utf-8-sig"))["jobs"])


def build(boards: list[Board], scale: int, folder: Path) -> dict:
    """Write ``archive.warc.gz`` and ``sources.toml`` for ``scale`` copies.

    Reuses them when ``dataset.json`` says they were built from the same
    boards at the same scale.
    """
    folder.mkdir(parents=True, exist_ok=True)
    meta_path = folder / "dataset.json"
    key = {"scale": scale, "boards": len(boards),
           "bytes": sum(len(b.body) for b in boards)}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key and (folder / "archive.warc.gz").exists():
            return meta
    # A build cut short must not pass for a finished one: the metadata goes
    # first and comes back last, and each file is renamed into place whole.
    meta_path.unlink(missing_ok=True)
    archive, sources = folder / "archive.warc.gz", folder / "sources.toml"
    parts = folder / "parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir()
    postings = 0
    partial = folder / "sources.toml.partial"
    with open(partial, "w", encoding="utf-8") as toml:
        toml.write(f"# {len(boards)} Ashby boards x {scale}, written by benchmarks.data\n\n")
        for k in range(scale):
            copies = [copy_board(b, k) for b in boards]
            postings += sum(postings_in(b) for b in copies)
            import_responses((response_of(b) for b in copies), parts / f"{k:04d}.warc.gz",
                             {"description": f"csm-radar benchmark copy {k}"})
            for b in copies:
                toml.write(f'[[board]]\nsource = "ashby"\nboard = {json.dumps(b.slug)}\n\n')
    joined_path = folder / "archive.warc.gz.partial"
    with open(joined_path, "wb") as joined:
        for part in sorted(parts.iterdir()):
            with open(part, "rb") as file:
                shutil.copyfileobj(file, joined)
    shutil.rmtree(parts)
    joined_path.replace(archive)
    partial.replace(sources)
    meta = {"key": key, "scale": scale, "boards": len(boards) * scale,
            "postings": postings, "archive": str(archive.resolve()),
            "sources": str(sources.resolve()),
            "archive_bytes": archive.stat().st_size}
    meta_path.write_text(json.dumps(meta, indent=2))
    return meta
