"""Downloader middlewares that record a crawl to a WARC and replay it offline."""

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from crawler.archive import ArchivedResponse, WarcRecorder, load_index, now_iso

logger = logging.getLogger(__name__)

REPLAYED = "replayed"
# Flag of the empty 404 a replay answers for a URL the archive does not hold.
NOT_ARCHIVED = "not_archived"
# The body Scrapy hands over is already de-chunked.
_DROPPED_HEADERS = {"transfer-encoding"}


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.decode("latin-1").lower() not in _DROPPED_HEADERS
        for value in values
    ]


class ArchiveReplayMiddleware:
    """Answers every request from the WARC named by ``CSM_RADAR_REPLAY``.

    A URL the archive does not hold, robots.txt included, gets an empty 404,
    so a replay never touches the network. The response's ``fetched_at`` and
    ``archive_record_id`` go into the request's meta.
    """

    def __init__(self, path: str):
        self.index = load_index(path)

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("CSM_RADAR_REPLAY")
        if not path:
            raise NotConfigured
        return cls(str(path))

    def process_request(self, request):
        archived = self.index.get(request.url)
        flags = [REPLAYED]
        if archived is None:
            logger.debug("Not archived, answering 404: %s", request.url)
            archived = ArchivedResponse(request.url, b"", status=404, date=now_iso())
            flags.append(NOT_ARCHIVED)
        request.meta["fetched_at"] = archived.date
        request.meta["archive_record_id"] = archived.record_id or None
        headers = Headers()
        for name, value in archived.headers:
            headers.appendlist(name, value)
        respcls = responsetypes.from_args(
            headers=headers, url=request.url, body=archived.body
        )
        return respcls(
            url=request.url, status=archived.status, headers=headers,
            body=archived.body, request=request, flags=flags,
        )


class ArchiveRecordMiddleware:
    """Writes each request and response to the WARC named by ``CSM_RADAR_RECORD``.

    It sits next to the downloader, so bodies are kept as they came over the
    wire (compressed when the server compressed them). Replayed responses are
    not written again.
    """

    def __init__(self, path: str):
        self.recorder = WarcRecorder(path)

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("CSM_RADAR_RECORD")
        if not path:
            raise NotConfigured
        middleware = cls(str(path))
        crawler.signals.connect(middleware.spider_closed, signals.spider_closed)
        return middleware

    def process_response(self, request, response):
        if REPLAYED in response.flags:
            return response
        date = now_iso()
        archived = ArchivedResponse(
            response.url, response.body, response.status,
            _header_pairs(response.headers), date,
        )
        record_id = self.recorder.write_response(archived)
        self.recorder.write_request(
            request.url, request.method, _header_pairs(request.headers),
            request.body, date, concurrent=record_id,
        )
        request.meta["fetched_at"] = date
        request.meta["archive_record_id"] = record_id
        return response

    def spider_closed(self):
        self.recorder.close()
        logger.info("Recorded the crawl to %s", self.recorder.path)
