"""Retries with back-off that honour a server's Retry-After."""

import logging
import time
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

HONOURED = {429, 503}


def retry_after_seconds(value: bytes | str | None, now: float | None = None):
    """The wait a Retry-After header asks for, in seconds, or None.

    Args:
        value: Delay-seconds (``120``) or an HTTP date.
        now: The current epoch time, for tests.
    """
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment - (time.time() if now is None else now))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, each after a wait.

    A 429 or 503 with ``Retry-After`` waits what it asks; above
    ``CSM_RADAR_RETRY_AFTER_MAX`` seconds the request is given up at once.
    Other retries wait ``CSM_RADAR_BACKOFF_BASE * 2 ** retries`` seconds, at
    most ``CSM_RADAR_BACKOFF_MAX``. Waits are counted in the
    ``csm_radar/retry/*`` stats.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("CSM_RADAR_RETRY_AFTER_MAX", 120)
        self.backoff_base = settings.getfloat("CSM_RADAR_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("CSM_RADAR_BACKOFF_MAX", 30.0)

    async def process_response(self, request, response, spider=None):
        if (request.meta.get("dont_retry")
                or response.status not in self.retry_http_codes):
            return response
        stats = self.crawler.stats
        asked = None
        if response.status in HONOURED:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            stats.inc_value("csm_radar/retry/retry_after_too_long")
            logger.warning("%s asks to retry after %.0f s; giving up",
                           request.url, asked)
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        wait = asked if asked is not None else self._backoff(request)
        if asked is not None:
            stats.inc_value("csm_radar/retry/retry_after_honoured")
        stats.inc_value("csm_radar/retry/wait_seconds", wait)
        logger.info("Retrying %s in %.1f s after HTTP %d", request.url, wait,
                    response.status)
        await self._sleep(wait)
        return retry

    async def process_exception(self, request, exception, spider=None):
        retry = super().process_exception(request, exception)
        if retry is not None:
            wait = self._backoff(request)
            self.crawler.stats.inc_value("csm_radar/retry/wait_seconds", wait)
            await self._sleep(wait)
        return retry

    def _backoff(self, request) -> float:
        retries = request.meta.get("retry_times", 0)
        return min(self.backoff_max, self.backoff_base * 2 ** retries)

    @staticmethod
    async def _sleep(seconds: float) -> None:
        if seconds > 0:
            # Imported here: importing it early would install the default reactor.
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))
