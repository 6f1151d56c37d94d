"""The base spider for job-board APIs that answer one JSON document per board."""

import logging
from urllib.parse import quote

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.archive import now_iso
from crawler.exceptions import BadResponse
from crawler.items import Reject
from crawler.jsonbody import load_json_body
from crawler.sources import DEFAULT_SOURCES, load_boards
from crawler.spiders.mapping import posting_record

logger = logging.getLogger(__name__)

# A posting whose fields have the wrong shape is rejected, not fatal.
_MAPPING_ERRORS = (AttributeError, KeyError, TypeError, ValueError)


class JobBoardSpider(scrapy.Spider):
    """Crawls the boards of one source listed in the sources file.

    Subclasses set ``name`` (the source slug) and ``api_url`` (with a
    ``{board}`` field), and implement ``postings`` and ``map_posting``. The
    sources file comes from the ``sources`` spider argument, else the
    ``CSM_RADAR_SOURCES`` setting, else ``datasets/sources.toml``.
    """

    api_url: str = ""

    def __init__(self, *args, sources: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources

    async def start(self):
        setting = self.settings.get("CSM_RADAR_SOURCES")
        path = self.sources or setting or DEFAULT_SOURCES
        boards = load_boards(path, self.name)
        logger.info("Crawling %d %s boards from %s", len(boards), self.name, path)
        for board in boards:
            url = board.url or self.api_url.format(board=quote(board.board))
            yield scrapy.Request(
                url, callback=self.parse, errback=self.on_error,
                meta={"board": board.board},
            )

    def postings(self, document) -> list:
        """The list of raw postings in a decoded board response.

        Raises:
            BadResponse: ``unexpected_shape`` when the document has none.
        """
        raise NotImplementedError

    def map_posting(self, posting: dict, board: str) -> dict:
        """The posting record fields of one raw posting, for ``posting_record``."""
        raise NotImplementedError

    def parse(self, response):
        meta = response.meta
        meta.setdefault("fetched_at", now_iso())
        try:
            raw_postings = self.postings(self._document(response))
        except BadResponse as error:
            yield self.reject(meta, response.url, error)
            return
        self.crawler.stats.inc_value(
            f"csm_radar/{self.name}/raw_postings", len(raw_postings)
        )
        for raw in raw_postings:
            try:
                fields = self._fields(raw, meta["board"])
            except BadResponse as error:
                yield self.reject(meta, response.url, error)
                continue
            yield posting_record(
                self.name, meta["board"], fetched_at=meta["fetched_at"],
                request_url=response.url,
                archive_record_id=meta.get("archive_record_id"), **fields,
            )

    def on_error(self, failure):
        request = failure.request
        request.meta.setdefault("fetched_at", now_iso())
        if failure.check(HttpError):
            response = failure.value.response
            body = response.body[:80].decode("utf-8", "replace")
            error = BadResponse(f"http_{response.status}", body)
        elif failure.check(IgnoreRequest):
            error = BadResponse("ignored", str(failure.value))
        else:
            error = BadResponse("download_failed", repr(failure.value))
        yield self.reject(request.meta, request.url, error)

    def reject(self, meta: dict, url: str, error: BadResponse) -> Reject:
        """A reject record of this spider's source for a request's board."""
        return Reject(
            self.name, meta["board"], url, error.reason, error.detail,
            meta["fetched_at"],
        )

    @staticmethod
    def _document(response):
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        return load_json_body(response.body, content_type)

    def _fields(self, raw, board: str) -> dict:
        try:
            return self.map_posting(raw, board)
        except _MAPPING_ERRORS as error:
            detail = f"{type(error).__name__}: {error}"
            raise BadResponse("unmappable_posting", detail) from error

    @staticmethod
    def expect_list(value, what: str) -> list:
        """``value`` when it is a list, else an ``unexpected_shape`` BadResponse."""
        if not isinstance(value, list):
            raise BadResponse("unexpected_shape", f"{what} is not a list")
        return value
