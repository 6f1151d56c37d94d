"""Any career page or sitemap whose pages carry schema.org JobPosting.

A board is a page URL (the sources file's ``url``, else the board itself when
it is a URL, else ``https://<board>/``). A sitemap (or sitemap index) is
followed to its pages, at most ``CSM_RADAR_JSONLD_MAX_PAGES`` per board; a
page reached from a sitemap without a JobPosting is counted, not rejected.
"""

import hashlib

from scrapy.utils.sitemap import Sitemap

from crawler.exceptions import BadResponse
from crawler.spiders.base import JobBoardSpider
from crawler.spiders.schemaorg import (
    KNOWN_FIELDS,
    extract_job_postings,
    job_posting_fields,
)
from crawler.sources import Board

MAX_PAGES = 500


class JsonLdSpider(JobBoardSpider):
    """JobPostings as JSON-LD or microdata, via extruct."""

    name = "jsonld"
    known_fields = KNOWN_FIELDS

    def board_url(self, board: Board) -> str:
        text = board.board
        return text if text.startswith(("http://", "https://")) else f"https://{text}/"

    def parse(self, response):
        meta = response.meta
        body = response.body.lstrip()[:1000]
        if b"<urlset" in body or b"<sitemapindex" in body:
            yield from self._follow_sitemap(response)
            return
        try:
            if not hasattr(response, "text") or b"<" not in body:
                raise BadResponse("not_html", "the response is not an HTML page")
            postings = extract_job_postings(response.text, response.url)
        except ValueError as error:
            reason = getattr(error, "reason", "unparsable_page")
            yield self.reject(meta, response.url, BadResponse(reason, str(error)))
            return
        if not postings:
            if meta.get("from_sitemap"):
                self._count("pages_without_posting")
            else:
                yield self.reject(meta, response.url, BadResponse(
                    "no_job_posting", "no schema.org JobPosting on the page"))
            return
        yield from self.emit(response, [{"url": response.url, **p} for p in postings])

    def _follow_sitemap(self, response):
        meta = response.meta
        sitemap = Sitemap(response.body)
        limit = self.settings.getint("CSM_RADAR_JSONLD_MAX_PAGES", MAX_PAGES)
        urls = [entry["loc"] for entry in sitemap if entry.get("loc")][:limit]
        if not urls:
            yield self.empty_board(response)
        for url in urls:
            yield self.request(url, meta["board"],
                               from_sitemap=sitemap.type == "urlset")

    def map_posting(self, posting, board):
        fields = job_posting_fields(posting, posting["url"])
        if not fields["source_id"] or fields["source_id"] == fields["url"]:
            digest = hashlib.sha1(fields["url"].encode()).hexdigest()[:16]
            fields["source_id"] = f"url-{digest}"
        return fields
