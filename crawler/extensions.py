"""Extensions: the rejects file."""

import json
import logging
from pathlib import Path

from scrapy import signals

from crawler.exceptions import Rejected

logger = logging.getLogger(__name__)


class RejectsWriter:
    """Writes every rejected item to ``CSM_RADAR_REJECTS`` as JSON Lines.

    Each reject is logged once as a WARNING with its reason and counted in
    the ``csm_radar/rejects/<reason>`` stats. Without the setting, rejects
    are only logged and counted.
    """

    def __init__(self, crawler, path: str | None):
        self.stats = crawler.stats
        self.path = Path(path) if path else None
        self._file = None

    @classmethod
    def from_crawler(cls, crawler):
        writer = cls(crawler, crawler.settings.get("CSM_RADAR_REJECTS"))
        crawler.signals.connect(writer.spider_opened, signals.spider_opened)
        crawler.signals.connect(writer.spider_closed, signals.spider_closed)
        crawler.signals.connect(writer.item_dropped, signals.item_dropped)
        return writer

    def spider_opened(self):
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8")

    def spider_closed(self):
        if self._file:
            self._file.close()

    def item_dropped(self, item, exception):
        if not isinstance(exception, Rejected):
            return
        reject = exception.reject
        logger.warning(
            "Rejected %s:%s %s: %s (%s)", reject["source"], reject["board"],
            reject["url"], reject["reason"], reject["detail"],
        )
        self.stats.inc_value(f"csm_radar/rejects/{reject['reason']}")
        if self._file:
            self._file.write(json.dumps(reject, ensure_ascii=False) + "\n")
