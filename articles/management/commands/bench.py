"""The project's benchmark: server time, SQL queries and size of each public page type.

Run by `make bench`, which first builds a database of synthetic content. Timings are for the
Django handler in this process (no network). Three states of a page:

- "first render": every cache emptied before the request (a new deploy, an evicted page);
- "after a publication": the page was rendered before, then another commentary was published —
  what every page meets after any publication: the stamp moved, so the page cache misses, and
  the page is built from the fragments still current (prospect/fragments.py);
- "cached": the page cache holds the page.

Numbers are printed, never asserted: the tests pin query counts.
"""

import random
import resource
import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Series, public_topics
from authors.models import Author
from prospect import fragments, stamp


def published_elsewhere():
    """What the receivers do when a commentary this page does not show is published: the stamp
    and the names of that commentary move (articles/freshness.py). The schedule is read again
    once, as the first request after a real publication does for the whole site."""
    stamp.replace()
    fragments.bump("articles", "article#0", "article:published-elsewhere")
    stamp.current()


class Command(BaseCommand):
    help = "Measure every public page type: median server time, SQL queries, response size."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Requests per page type.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, requests, seed, **options):
        rng = random.Random(seed)
        pages = self.page_urls(rng, requests)
        client = Client()
        self.stdout.write(
            f"{Article.objects.live().count()} live articles, {Author.objects.count()} authors, "
            f"{Tag.objects.count()} topics; {requests} requests per page type.\n"
        )
        header = (
            f"{'page':<10} {'first render ms':>16} {'p95':>7} {'queries':>8} "
            f"{'after a publication':>19} {'queries':>8} {'cached ms':>10} {'KB':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, urls in pages.items():
            first, first_queries, sizes = [], [], []
            for url in urls:
                cache.clear()
                elapsed, queries, response = self.timed(client, url)
                first.append(elapsed)
                first_queries.append(queries)
                sizes.append(len(response.content))
            changed, changed_queries = [], []
            for url in urls:
                client.get(url, secure=True)  # rendered once: its fragments are kept
                published_elsewhere()
                elapsed, queries, _ = self.timed(client, url)
                changed.append(elapsed)
                changed_queries.append(queries)
            warm = []
            for url in urls:
                client.get(url, secure=True)  # fills the page cache for this URL
                warm.append(self.timed(client, url)[0])
            p95 = statistics.quantiles(first, n=20)[-1] if len(first) >= 20 else max(first)
            self.stdout.write(
                f"{name:<10} {statistics.median(first) * 1000:>16.1f} {p95 * 1000:>7.1f} "
                f"{max(first_queries):>8} {statistics.median(changed) * 1000:>19.1f} "
                f"{max(changed_queries):>8} {statistics.median(warm) * 1000:>10.1f} "
                f"{statistics.median(sizes) / 1024:>7.1f}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"\nPeak memory of this process: {peak:.0f} MB")

    @staticmethod
    def timed(client, url):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(captured), response

    def page_urls(self, rng, count):
        live = Article.objects.live()
        article_slugs = list(live.values_list("slug", flat=True))
        # The pages that exist: the same public rules the site itself uses.
        author_slugs = list(Author.objects.public().values_list("slug", flat=True))
        topic_slugs = list(public_topics().values_list("slug", flat=True))
        series_slugs = list(Series.objects.public().values_list("slug", flat=True))
        words = ["deterrence", "taiwan", "alliances", "energy", "election", "trade", "japan"]

        def pick(items, make):
            return [make(rng.choice(items)) for _ in range(count)]

        return {
            "home": [reverse("home")] * count,
            "archive": [
                f"{reverse('articles:list')}?page={rng.randint(1, 20)}" for _ in range(count)
            ],
            "article": pick(article_slugs, lambda s: reverse("articles:detail", args=[s])),
            "series": pick(series_slugs, lambda s: reverse("articles:series", args=[s])),
            "author": pick(author_slugs, lambda s: reverse("authors:detail", args=[s])),
            "topic": pick(topic_slugs, lambda s: reverse("articles:topic", args=[s])),
            "search": pick(words, lambda w: f"{reverse('search')}?q={w}"),
            "feed": [reverse("feeds:rss")] * count,
            "sitemap": [reverse("sitemap")] * max(5, count // 20),
            "api list": [
                f"{reverse('api:commentaries')}?limit=20&topic={rng.choice(topic_slugs)}"
                for _ in range(count)
            ],
            "api item": pick(article_slugs, lambda s: reverse("api:commentary", args=[s])),
            "api search": pick(words, lambda w: f"{reverse('api:search')}?q={w}"),
        }
