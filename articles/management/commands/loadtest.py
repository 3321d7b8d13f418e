"""A small, bounded load test of a running server on this machine (used by `make bench`).

Only loopback addresses are accepted: this is for measuring our own server, nothing else.
"""

import http.client
import ipaddress
import socket
import threading
import time
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Requests per second against a local server, for the home page, an article and the "
        "archive: loadtest http://127.0.0.1:8765 --seconds 10"
    )

    def add_arguments(self, parser):
        parser.add_argument("base_url")
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument(
            "--path", action="append", dest="paths", metavar="PATH",
            help="Test these paths instead (repeatable), e.g. on another server for comparison.",
        )  # fmt: skip

    def handle(self, *args, base_url, seconds, concurrency, paths=None, **options):
        seconds = min(seconds, 60.0)
        if not paths:
            article = Article.objects.live().newest_first().first()
            paths = [reverse("home"), reverse("articles:list")]
            if article is not None:
                paths.insert(1, article.get_absolute_url())
        for url in (base_url.rstrip("/") + path for path in paths):
            parts = urlsplit(url)
            address = ipaddress.ip_address(socket.gethostbyname(parts.hostname or ""))
            if not address.is_loopback:
                raise CommandError(f"{url}: only servers on this machine (loopback) may be tested.")
            done, failed = self.run(parts, seconds, concurrency)
            self.stdout.write(
                f"{parts.path:<60} {done / seconds:>8.0f} req/s  ({failed} failed, "
                f"{concurrency} connections, {seconds:.0f} s)"
            )

    def run(self, parts, seconds, concurrency):
        deadline = time.monotonic() + seconds
        counts = [[0, 0] for _ in range(concurrency)]
        path = parts.path + (f"?{parts.query}" if parts.query else "")

        def worker(slot):
            connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
            while time.monotonic() < deadline:
                try:
                    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
                    response = connection.getresponse()
                    response.read()
                    counts[slot][0 if response.status == 200 else 1] += 1
                except (OSError, http.client.HTTPException):
                    counts[slot][1] += 1
                    connection.close()
                    connection = http.client.HTTPConnection(
                        parts.hostname, parts.port or 80, timeout=10
                    )
            connection.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
