# The crawl benchmark's Scrapy side: the same site, front pages, depth and concurrency as CrawlCluster's run.
# scrapy runspider bench_spider.py -a starts=URL,URL,... -s CONCURRENT_REQUESTS=N -o pages.jsonl
import time

import scrapy
from scrapy.linkextractors import LinkExtractor


class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "DEPTH_LIMIT": 3,
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }

    def __init__(self, starts="", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = [u for u in starts.split(",") if u]
        self.links = LinkExtractor()

    def parse(self, response):
        # What CrawlCluster publishes per page, in short: the URL, the status, the body and the time.
        yield {"url": response.url, "status": response.status, "body": response.text, "ts": time.time()}
        for link in self.links.extract_links(response):
            yield response.follow(link.url, self.parse)
