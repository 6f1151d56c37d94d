"""robots.txt for every request, including those that wait for it together."""

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with each waiting request given the rules.

    In Scrapy 2.19 every request to a host whose robots.txt is still on its way
    awaits the same Deferred; turning it into a Future consumes its result, so
    from the third such request on the parser came back None and the request
    went out unchecked. Each waiter here gets its own Deferred.
    """

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
