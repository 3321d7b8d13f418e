"""Search at archive scale and bulk import time (``make bench-scale``, PostgreSQL).

1. Tops the archive up to 10,000 live commentaries (synthetic, written with bulk_create after
   the same ``derive_fields()`` a save runs, so the search columns are what a save would store).
2. Search: the server time of the whole search page (page cache off) for 200 queries drawn from
   words in the archive, in-process through Django's test client; p50 and p95.
3. Import: the seed commentary imported 1,000 times under new titles through the importer
   (parse → load → publish, one transaction each, picture and all); total seconds. The imported
   articles are deleted afterwards.
"""

import datetime
import random
import statistics
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.demo import fake_body
from articles.importer import loader
from articles.importer.parser import parse
from articles.models import Article, Series, Status

SEED = "articles/fixtures/seed_commentary.txt"
WORDS = [
    "taiwan", "japan", "deterrence", "alliance", "election", "energy", "trade", "security",
    "semiconductor", "strait", "partnership", "democracy", "china", "policy", "exercise",
]  # fmt: skip


class Command(BaseCommand):
    help = "Search p95 with 10,000 commentaries and the time to import 1,000 (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--imports", type=int, default=1_000)

    def handle(self, *args, articles, queries, imports, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Measured on PostgreSQL: set DATABASE_URL.")
        self.top_up(articles)
        self.search(queries)
        if imports:
            self.import_many(imports)

    def top_up(self, target):
        missing = target - Article.objects.live().count()
        series = Series.objects.order_by("pk").first() or Series.objects.create(name="Bench")
        rng, now, batch = random.Random(7), timezone.now(), []
        for i in range(max(0, missing)):
            when = now - datetime.timedelta(days=rng.randint(1, 3650), minutes=i)
            article = Article(
                series=series, title=f"Scale commentary {uuid.uuid4().hex[:8]} on "
                f"{rng.choice(WORDS)} and {rng.choice(WORDS)}", summary="Synthetic.",
                body=fake_body(rng, "en"), status=Status.PUBLISHED, publish_at=when,
                first_published_at=when, last_published_at=when, announced_at=when,
            )  # fmt: skip
            article.derive_fields()
            article.slug = f"scale-{uuid.uuid4().hex}"
            batch.append(article)
            if len(batch) == 500:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would gather after a bulk load: without them the
            # planner still believes the table small and skips the full-text index.
            cursor.execute(f"ANALYZE {Article._meta.db_table}")
        self.stdout.write(f"{Article.objects.live().count()} live commentaries.")

    def search(self, count):
        rng, client, times = random.Random(3), Client(), []
        with override_settings(PAGE_CACHE_SECONDS=0):
            for _ in range(count):
                words = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2])))
                started = time.perf_counter()
                response = client.get(reverse("search"), {"q": words})
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        p95 = statistics.quantiles(times, n=20)[-1]
        self.stdout.write(
            f"Search page, {count} queries (server time in-process, page cache off): "
            f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms"
        )

    def import_many(self, count):
        parsed = parse(Path(SEED).read_bytes())
        run, when = uuid.uuid4().hex[:8], timezone.now() - datetime.timedelta(days=1)
        started = time.perf_counter()
        for i in range(count):
            parsed.title = f"Imported {run} {i}: {parsed.title.split(': ', 1)[-1]}"
            loader.load(parsed, source_key=f"bench-import-{run}-{i}", publish_at=when)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Import of {count} commentaries (parse once, then load + publish each, one "
            f"transaction each): {seconds:.1f} s ({count / seconds:.1f} per second)"
        )
        Article.objects.filter(source_key__startswith=f"bench-import-{run}-").delete()
