"""Item pipelines: move rejects out of the posting stream."""

from dataclasses import asdict

from crawler.exceptions import Rejected
from crawler.items import Reject


class RejectPipeline:
    """Drops the spiders' Reject items so that only the rejects file gets them."""

    def process_item(self, item):
        if isinstance(item, Reject):
            raise Rejected(asdict(item))
        return item


class RequireTitlePipeline:
    """Rejects a posting without a title: nothing downstream can classify it."""

    def process_item(self, item):
        title = item.get("title")
        if isinstance(title, str) and title.strip():
            return item
        raise Rejected(
            asdict(
                Reject(
                    item["source"], item["board"], item["url"] or item["request_url"],
                    "missing_title", f"posting {item['posting_id']} has no title",
                    item["fetched_at"],
                )
            )
        )
