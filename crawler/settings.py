"""Scrapy settings for csm-radar: polite, identified, archived."""

import os

BOT_NAME = "csm-radar"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who to tell when the crawler misbehaves; sites read it in the User-Agent.
CSM_RADAR_CONTACT = os.environ.get(
    "CSM_RADAR_CONTACT", "https://github.com/csm-radar/csm-radar"
)
USER_AGENT = f"csm-radar/0.1 (research crawler; +{CSM_RADAR_CONTACT})"

# The sources file; None means datasets/sources.toml in the repository.
CSM_RADAR_SOURCES = None
# A WARC to answer every request from, offline.
CSM_RADAR_REPLAY = None
# A WARC to write every request and response to.
CSM_RADAR_RECORD = None
# A JSON Lines file for the reject records.
CSM_RADAR_REJECTS = None

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
# The reject records a board that failed; a give-up is no crawler error.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# Retry-After (429, 503) is honoured up to this many seconds; longer, give up.
CSM_RADAR_RETRY_AFTER_MAX = 120
# Other retries wait BASE * 2 ** retries seconds, at most MAX.
CSM_RADAR_BACKOFF_BASE = 1.0
CSM_RADAR_BACKOFF_MAX = 30.0
# Pages followed from one jsonld board's sitemap.
CSM_RADAR_JSONLD_MAX_PAGES = 500
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.SharedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry.BackoffRetryMiddleware": 550,
    # After robots.txt (100) so its requests are replayed too, before the rest.
    "crawler.middlewares.ArchiveReplayMiddleware": 120,
    # Nearest the network, so the archive keeps the bytes as they came.
    "crawler.middlewares.ArchiveRecordMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RejectPipeline": 100,
    "crawler.pipelines.RequireTitlePipeline": 200,
}
EXTENSIONS = {
    "crawler.extensions.RejectsWriter": 500,
}
