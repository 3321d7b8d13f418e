"""Requests per second of every public page type through gunicorn, beside the floor and a peer.

Run by ``make bench``. Servers, all gunicorn with 2 sync workers on loopback, DEBUG off:

- *render*: this site keeping nothing (``PAGE_CACHE_SECONDS=0``, ``FRAGMENT_CACHE=0``): every
  request builds the whole page from the database — a first render;
- *cold*: this site with the page cache off (``PAGE_CACHE_SECONDS=0``): every request builds the
  page, from the fragments still current (prospect/fragments.py) — what every page meets after a
  publication elsewhere moved the content stamp;
- *cached*: this site as shipped: the page cache on, and filled before measuring;
- *floor*: this project's Django answering with the same bytes and no database (prospect/floor.py);
- *Wagtail*: a stock Wagtail site serving the same commentary, when ``make bench-peer`` built it.

Each page type is measured on each server in turn, for several rounds whose order rotates, with
``wrk`` (8 connections); the median of the rounds is printed. Numbers are printed, never asserted.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.models import Article
from prospect.floor import page_file

PEER_DIR = settings.BASE_DIR / ".bench-peer"
# Compared with the peer's index page (its twenty newest commentaries, linked).
LISTS = ("home", "archive", "series", "topic", "author")


class Command(BaseCommand):
    help = "Requests per second per page type: cold, cached, floor and a Wagtail peer (wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5, help="Per measurement (≤ 30).")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--port", type=int, default=8830, help="First of six ports.")
        parser.add_argument("--json", help="Also write the results to this file.")
        parser.add_argument("--keep-logs", action="store_true", help="Keep the servers' logs.")

    def handle(self, *args, seconds, rounds, connections, port, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install wrk")
        seconds, rounds = min(seconds, 30), min(rounds, 9)
        pages = self.pages()
        work = Path(tempfile.mkdtemp(prefix="prospect-bench-"))
        # A fresh cache namespace: no page cached by an earlier run answers for this one.
        os.environ["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}-{time.time():.0f}"
        servers = {
            "render": (
                port + 5,
                "prospect.wsgi:application",
                {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE": "0"},
            ),
            "cold": (
                port + 1,
                "prospect.wsgi:application",
                {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE": "1"},
            ),
            "cached": (port + 2, "prospect.wsgi:application", {"PAGE_CACHE_SECONDS": "600"}),
            "floor": (port + 3, "prospect.floor:application", {"BENCH_FLOOR_DIR": str(work)}),
        }
        peer = self.peer(port + 4)
        processes = []
        try:
            for name, (server_port, app, env) in servers.items():
                processes.append(self.start(name, server_port, app, env, work))
            if peer:
                processes.append(peer["start"](work))
            self.wait_ready([p for p, *_ in servers.values()] + ([peer["port"]] if peer else []))
            self.record_floor(pages, servers["cached"][0], work)
            results = self.measure(pages, servers, peer, seconds, rounds, connections)
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)
            if not options["keep_logs"]:
                shutil.rmtree(work, ignore_errors=True)
        self.report(results, peer, seconds, rounds, connections)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(results, indent=2))

    def pages(self):
        seed = Article.objects.live().filter(source_key="seed-commentary").first()
        seed = seed or Article.objects.live().newest_first().first()
        if seed is None:
            raise CommandError("No live article: run `manage.py demo --articles 300` first.")
        author = seed.bylines.select_related("author").first().author
        topic = seed.tags.first()
        return {
            "article": seed.get_absolute_url(),
            "home": reverse("home"),
            "archive": reverse("articles:list"),
            "series": seed.series.get_absolute_url(),
            "topic": reverse("articles:topic", args=[topic.slug]) if topic else None,
            "author": author.get_absolute_url(),
            "search": reverse("search") + "?q=japan",
            "feed": reverse("feeds:rss"),
            "sitemap": reverse("sitemap"),
        }

    def start(self, name, port, app, env, work):
        gunicorn = Path(os.sys.executable).with_name("gunicorn")
        log = open(work / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        return subprocess.Popen(
            [str(gunicorn), app, "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=settings.BASE_DIR, env={**os.environ, **env, "DJANGO_DEBUG": "0"},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def peer(self, port):
        """The Wagtail site built by ``make bench-peer``, if there is one."""
        config = PEER_DIR / "peer.json"
        if not config.exists():
            return None
        peer = json.loads(config.read_text())

        def start(work):
            log = open(work / "wagtail.log", "w")  # noqa: SIM115 (closed with the process)
            return subprocess.Popen(
                [peer["gunicorn"], "peer.wsgi:application", "-w", "2", "-k", "sync",
                 "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
                cwd=peer["project"], env={**os.environ, **peer["env"]},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

        return {"port": port, "start": start, "paths": peer["paths"], "version": peer["version"]}

    def wait_ready(self, ports, timeout=60):
        deadline = time.monotonic() + timeout
        for port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                    break
                except Exception as error:  # not up yet (connection refused, 404 on floor …)
                    if getattr(error, "code", None):
                        break
                    if time.monotonic() > deadline:
                        raise CommandError(f"Server on port {port} did not start.") from error
                    time.sleep(0.5)

    def record_floor(self, pages, port, work):
        for path in filter(None, pages.values()):
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            page_file(work, path).write_bytes(body)

    def measure(self, pages, servers, peer, seconds, rounds, connections):
        targets = []
        for page, path in pages.items():
            if path is None:
                continue
            for name, (port, *_rest) in servers.items():
                targets.append((page, name, f"http://127.0.0.1:{port}{path}"))
            if peer and page in peer["paths"]:
                url = f"http://127.0.0.1:{peer['port']}{peer['paths'][page]}"
                targets.append((page, "wagtail", url))
        for _page, name, url in targets:  # warm every server and page cache
            for _ in range(3):
                try:
                    urllib.request.urlopen(url, timeout=30).read()
                except urllib.error.HTTPError as error:
                    raise CommandError(f"{name}: {url} answered {error.code}") from error
        samples = {}
        for round_number in range(rounds):
            shift = round_number % 5
            for page in pages:
                mine = [t for t in targets if t[0] == page]
                for _page, name, url in mine[shift:] + mine[:shift]:
                    rate, errors = self.wrk(url, seconds, connections)
                    entry = samples.setdefault(page, {}).setdefault(name, [])
                    entry.append(rate)
                    if errors:
                        self.stderr.write(f"{page}/{name}: {errors} failed responses")
        return {
            page: {name: round(statistics.median(rates), 1) for name, rates in by_server.items()}
            for page, by_server in samples.items()
        }

    def wrk(self, url, seconds, connections):
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        ).stdout  # fmt: skip
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rate, int(errors.group(1)) if errors else 0

    def report(self, results, peer, seconds, rounds, connections):
        self.stdout.write(
            f"\nRequests per second (median of {rounds} alternating rounds of {seconds} s, wrk "
            f"{connections} connections, gunicorn 2 sync workers each, loopback):\n"
        )
        peer_name = f"Wagtail {peer['version']}" if peer else "Wagtail (no peer: make bench-peer)"
        header = (
            f"{'page':<9} {'render':>8} {'cold':>8} {'cached':>8} {'floor':>8} "
            f"{'cached/floor':>13} {peer_name:>24} {'render/Wagtail':>15} {'cold/Wagtail':>13}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        if peer:
            self.stdout.write(
                f"(Wagtail: the article is the seed commentary's page; every list is compared "
                f"with its index page listing the 20 newest, {peer['paths']['home']})"
            )
        for page, rates in results.items():
            cold, cached, floor = rates.get("cold"), rates.get("cached"), rates.get("floor")
            render = rates.get("render")
            wagtail = rates.get("wagtail")
            if wagtail is None and page in LISTS:
                wagtail = results.get("home", {}).get("wagtail")
            self.stdout.write(
                f"{page:<9} {render:>8.0f} {cold:>8.0f} {cached:>8.0f} {floor:>8.0f} "
                f"{cached / floor:>12.0%} {wagtail or 0:>24.0f} "
                f"{(f'{render / wagtail:.2f}×' if wagtail else '—'):>15} "
                f"{(f'{cold / wagtail:.2f}×' if wagtail else '—'):>13}"
            )
