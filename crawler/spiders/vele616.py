"""The saved 2020-2021 job board of vele616/monorepo, replayed from its WARC.

``python -m crawler.import_saved`` archives each ad under its real URL, as a
Markdown post with front matter or as a JSON row of the same fields, plus an
index of the ads; this spider reads the index, then each ad.
"""

import yaml

from crawler.exceptions import BadResponse
from crawler.import_saved import INDEX_URL, front_matter
from crawler.jsonbody import decode_body
from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, markdown_to_html, millis_to_iso
from crawler.sources import Board


class Vele616Spider(JobBoardSpider):
    """Job ads of the vele616 board; its ``board`` is the time slice."""

    name = "vele616"
    known_fields = frozenset({
        "id", "source_path", "title", "location", "host", "companyName", "url",
        "applyUrl", "timestamp", "hashtags", "jobType", "logoUrl",
        "companyWebsite", "summary", "summaryBackup", "featured", "archived",
        "body_markdown",
        # Added to the table by whoever built it, not a field of the board.
        "label_csm_like",
    })

    def board_url(self, board: Board) -> str:
        return INDEX_URL.format(board=board.board)

    def postings(self, document):
        return self.expect_list(document.get("ads"), "ads")

    def parse(self, response):
        """The index: a request per ad."""
        meta = response.meta
        try:
            ads = self.postings(self.parse_document(response))
        except BadResponse as error:
            yield self.reject(meta, response.url, error)
            return
        if not ads:
            yield self.empty_board(response)
        for ad in ads:
            yield self.request(ad["url"], meta["board"], self.parse_ad, ad_id=ad["id"])

    def parse_ad(self, response):
        """One ad, as Markdown with front matter or as a JSON row."""
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        try:
            if "markdown" in content_type:
                text = decode_body(response.body, content_type)
                fields, body = front_matter(text)
                ad = {**fields, "body_markdown": body}
            else:
                ad = self.parse_document(response)
        except (BadResponse, ValueError, yaml.YAMLError) as error:
            reason = getattr(error, "reason", "unparsable_ad")
            error = BadResponse(reason, str(error))
            yield self.reject(response.meta, response.url, error)
            return
        yield from self.emit(response, [{**ad, "id": response.meta["ad_id"]}])

    def map_posting(self, posting, board):
        content = markdown_to_html(posting.get("body_markdown") or "")
        return {
            "source_id": posting["id"],
            "url": posting.get("url"),
            "title": posting.get("title"),
            "company": posting.get("companyName"),
            "locations": [posting.get("location")],
            "employment_type": posting.get("jobType"),
            "published_at": millis_to_iso(int(posting["timestamp"]))
            if str(posting.get("timestamp", "")).isdigit() else None,
            "description_html": content,
            "description_text": html_to_text(content),
        }
