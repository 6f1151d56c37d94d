"""The crawler's exceptions."""

from scrapy.exceptions import DropItem


class BadResponse(ValueError):
    """A response whose body cannot be read as the expected JSON document.

    Args:
        reason: A short slug such as ``invalid_json`` or ``empty_body``.
        detail: What was seen, for the reject record.
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class Rejected(DropItem):
    """Takes an item out of the posting stream and into the rejects file.

    Args:
        reject: The reject record to write.
    """

    def __init__(self, reject: dict):
        # Scrapy would log the whole item; the rejects writer logs one line instead.
        super().__init__(f"{reject['reason']}: {reject['detail']}", log_level="DEBUG")
        self.reject = reject


class CrawlError(RuntimeError):
    """The crawl process failed; the message names its log file."""
