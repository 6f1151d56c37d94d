"""robots.txt for every request, including those that wait for it together,
with the host's Crawl-delay applied to its download slot."""

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with each waiting request given the rules
    and the host's Crawl-delay honoured.

    In Scrapy 2.19 every request to a host whose robots.txt is still on its way
    awaits the same Deferred; turning it into a Future consumes its result, so
    from the third such request on the parser came back None and the request
    went out unchecked. Each waiter here gets its own Deferred.

    When robots.txt gives our user agent a Crawl-delay, the host's download
    slot waits at least that long between requests, one at a time and without
    jitter, and AutoThrottle is told not to shorten it (the
    ``autothrottle_dont_adjust_delay`` meta key).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self._delays: dict[str, float] = {}

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        waiter = Deferred()

        def relay(parser):
            waiter.callback(parser)
            return parser

        pending.addBoth(relay)
        return await maybe_deferred_to_future(waiter)

    def process_request_2(self, rp, request) -> None:
        super().process_request_2(rp, request)
        if rp is None or not hasattr(rp, "crawl_delay"):
            return
        useragent = self._robotstxt_useragent or request.headers.get(
            b"User-Agent", self._default_useragent)
        delay = rp.crawl_delay(useragent)
        if delay:
            self._apply_delay(request, float(delay))

    def _apply_delay(self, request, delay: float) -> None:
        request.meta["autothrottle_dont_adjust_delay"] = True
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        floor = max(delay, self.crawler.settings.getfloat("DOWNLOAD_DELAY"))
        if self._delays.get(key) == floor:
            return
        self._delays[key] = floor
        # New slots of the host (after garbage collection) start with it too.
        downloader.per_slot_settings[key] = {
            **downloader.per_slot_settings.get(key, {}),
            "delay": floor, "jitter": 0.0, "concurrency": 1,
        }
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter, slot.concurrency = floor, 0.0, 1
        self.crawler.stats.set_value(f"csm_radar/crawl_delay/{key}", floor)
        logger.info("robots.txt of %s asks a Crawl-delay of %s s", key, delay)
