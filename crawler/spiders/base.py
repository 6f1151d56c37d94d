"""The base spider for job sources: boards from the sources file, one posting
record per raw posting, a reject for everything that cannot be read."""

import logging
from urllib.parse import quote

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.archive import now_iso
from crawler.exceptions import BadResponse
from crawler.items import Reject
from crawler.jsonbody import load_json_body
from crawler.middlewares import NOT_ARCHIVED
from crawler.sources import DEFAULT_SOURCES, Board, load_boards
from crawler.spiders.mapping import posting_record

logger = logging.getLogger(__name__)

# A posting whose fields have the wrong shape is rejected, not fatal.
_MAPPING_ERRORS = (AttributeError, KeyError, TypeError, ValueError)


# The board name that stands for a source's whole feed.
ALL_BOARDS = "all"


class JobBoardSpider(scrapy.Spider):
    """Crawls the boards of one source listed in the sources file.

    Subclasses set ``name`` (the source slug), ``api_url`` (with a ``{board}``
    field) and ``known_fields`` (the raw posting's keys the source is known to
    send; others are counted in the ``csm_radar/<source>/unknown_field/<key>``
    stats), and implement ``postings`` and ``map_posting``. Sources with more
    than one request per board override ``parse`` and use ``request`` and
    ``emit``. The sources file comes from the ``sources`` spider argument,
    else the ``CSM_RADAR_SOURCES`` setting, else ``datasets/sources.toml``.
    """

    api_url: str = ""
    feed_url: str | None = None
    known_fields: frozenset[str] = frozenset()

    def __init__(self, *args, sources: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources

    async def start(self):
        setting = self.settings.get("CSM_RADAR_SOURCES")
        path = self.sources or setting or DEFAULT_SOURCES
        boards = load_boards(path, self.name)
        logger.info("Crawling %d %s boards from %s", len(boards), self.name, path)
        for board in boards:
            yield self.request(board.url or self.board_url(board), board.board)

    def board_url(self, board: Board) -> str:
        """The API URL of a board that the sources file gives no URL for.

        A source with a whole-feed URL (``feed_url``) reads it for the board
        ``all``.
        """
        if board.board == ALL_BOARDS and self.feed_url:
            return self.feed_url
        return self.api_url.format(board=quote(board.board))

    def request(self, url: str, board: str, callback=None, **meta) -> scrapy.Request:
        """A request of a board's, whose failure becomes a reject."""
        return scrapy.Request(
            url, callback=callback or self.parse, errback=self.on_error,
            meta={"board": board, **meta},
        )

    def parse_document(self, response):
        """The decoded body of a board response (JSON unless overridden).

        Raises:
            BadResponse: The body cannot be read.
        """
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        return load_json_body(response.body, content_type)

    def postings(self, document) -> list:
        """The list of raw postings in a decoded board response.

        Raises:
            BadResponse: ``unexpected_shape`` when the document has none.
        """
        raise NotImplementedError

    def company_of(self, document) -> str | None:
        """The employer a board response names for all its postings, if any."""
        return None

    def map_posting(self, posting: dict, board: str) -> dict:
        """The posting record fields of one raw posting, for ``posting_record``."""
        raise NotImplementedError

    def parse(self, response):
        response.meta.setdefault("fetched_at", now_iso())
        try:
            document = self.parse_document(response)
            raw_postings = self.postings(document)
        except BadResponse as error:
            yield self.reject(response.meta, response.url, error)
            return
        if not raw_postings:
            yield self.empty_board(response)
            return
        yield from self.emit(response, raw_postings, self.company_of(document))

    def emit(self, response, raw_postings: list, company: str | None = None):
        """Posting records (or rejects) of the raw postings of one response.

        A posting whose id came earlier in the same response is skipped and
        counted in ``csm_radar/<source>/duplicate_postings``.
        """
        meta = response.meta
        meta.setdefault("fetched_at", now_iso())
        self._count("raw_postings", len(raw_postings))
        seen = set()
        for raw in raw_postings:
            try:
                fields = self._fields(raw, meta["board"])
            except BadResponse as error:
                yield self.reject(meta, response.url, error)
                continue
            if str(fields["source_id"]) in seen:
                self._count("duplicate_postings")
                continue
            seen.add(str(fields["source_id"]))
            self._count_unknown(raw)
            fields["company"] = fields.get("company") or company
            yield posting_record(
                self.name, meta["board"], fetched_at=meta["fetched_at"],
                request_url=response.url,
                archive_record_id=meta.get("archive_record_id"), **fields,
            )

    def empty_board(self, response) -> Reject:
        """The reject of a board that answered with no postings at all."""
        error = BadResponse("empty_board", "the board lists no postings")
        return self.reject(response.meta, response.url, error)

    def on_error(self, failure):
        request = failure.request
        request.meta.setdefault("fetched_at", now_iso())
        if failure.check(HttpError):
            response = failure.value.response
            if NOT_ARCHIVED in response.flags:
                error = BadResponse("not_in_archive",
                                    "the replayed archive holds no response for this URL")
            else:
                body = response.body[:80].decode("utf-8", "replace")
                error = BadResponse(f"http_{response.status}", body)
        elif failure.check(IgnoreRequest):
            error = BadResponse("ignored", str(failure.value))
        else:
            error = BadResponse("download_failed", repr(failure.value))
        yield self.reject(request.meta, request.url, error)

    def reject(self, meta: dict, url: str, error: BadResponse) -> Reject:
        """A reject record of this spider's source for a request's board."""
        meta.setdefault("fetched_at", now_iso())
        return Reject(
            self.name, meta["board"], url, error.reason, error.detail,
            meta["fetched_at"],
        )

    def _fields(self, raw, board: str) -> dict:
        try:
            return self.map_posting(raw, board)
        except _MAPPING_ERRORS as error:
            detail = f"{type(error).__name__}: {error}"
            raise BadResponse("unmappable_posting", detail) from error

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"csm_radar/{self.name}/{key}", count)

    def _count_unknown(self, raw) -> None:
        if self.known_fields and isinstance(raw, dict):
            for key in sorted(raw.keys() - self.known_fields):
                self._count(f"unknown_field/{key}")

    @staticmethod
    def expect_list(value, what: str) -> list:
        """``value`` when it is a list, else an ``unexpected_shape`` BadResponse."""
        if not isinstance(value, list):
            raise BadResponse("unexpected_shape", f"{what} is not a list")
        return value
