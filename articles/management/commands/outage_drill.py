"""Readers through a database restart: a bounded loopback load test (``make loadtest``).

Builds a throwaway PostgreSQL cluster of its own (initdb in a temporary folder, on a loopback
port of its own — the shared server is never touched), fills it with demo content, serves the
site with gunicorn (2 sync workers, DEBUG off), and sends a mix of public pages from N
connections for S seconds. A third of the way in, it restarts that PostgreSQL (a fast shutdown,
a few seconds down, then start). It reports, before, during and after the restart, how many
requests each kind of page answered with which status:

- *cached* pages were requested once before the test, so they are in the page cache;
- *uncached* pages (search queries and archive pages never asked before) must be rendered.

The goal: no failure before or after; during the restart every cached page still 200, and
uncached ones 503 with Retry-After (never a 500).
"""

import http.client
import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Command(BaseCommand):
    help = "Load test through a PostgreSQL restart, on a throwaway cluster of its own."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--port", type=int, default=8836, help="Site; PostgreSQL uses +1.")
        parser.add_argument("--articles", type=int, default=100)
        parser.add_argument("--down", type=float, default=5.0, help="Seconds the database is down.")

    def handle(self, *args, seconds, connections, port, articles, down, **options):
        seconds, connections = min(seconds, 120), min(connections, 64)
        work = Path(tempfile.mkdtemp(prefix="prospect-drill-"))
        self.cluster = Cluster(work / "pg", port + 1)
        server = None
        try:
            self.cluster.create()
            self.cluster.start()
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port + 1}/prospect",
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "drill-only-key"),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_SECURE_SSL_REDIRECT": "0",
                "MEDIA_ROOT": str(work / "media"),
                "PAGE_CACHE_SECONDS": "600",
                # A fresh namespace: nothing cached by an earlier run can answer for this one.
                "CACHE_KEY_PREFIX": f"drill-{os.getpid()}-{time.time():.0f}",
            }
            manage = [os.sys.executable, str(settings.BASE_DIR / "manage.py")]
            self.cluster.createdb("prospect")
            for command in (["migrate", "--noinput", "-v0"], ["demo", "--articles", str(articles)],
                            ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
                subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)
            server = self.serve(env, port, work)
            cached, uncached = self.paths(port)
            result = self.run(port, cached, uncached, seconds, connections, down)
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            self.cluster.stop()
            shutil.rmtree(work, ignore_errors=True)
        self.report(result, seconds, connections)

    def serve(self, env, port, work):
        gunicorn = Path(os.sys.executable).with_name("gunicorn")
        log = open(work / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
        server = subprocess.Popen(
            [str(gunicorn), "prospect.wsgi:application", "-w", "2", "-k", "sync",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(120):
            if get(port, "/healthz")[0] == 200:
                return server
            time.sleep(0.5)
        raise CommandError("The site did not start.")

    def paths(self, port):
        """Cached: every public page type found from the home page, each fetched once now."""
        _status, body = get(port, "/articles/")
        pattern = r'href="(/(?:articles|series|topics|authors)/[^"?#]+/)"'
        links = sorted(set(re.findall(pattern, body)))
        cached = ["/", "/articles/", "/feed/", "/sitemap.xml", "/authors/", *links[:40]]
        for path in cached * 4:  # each worker process may keep its own cache
            assert get(port, path)[0] == 200, path
        return cached, never_asked()

    def run(self, port, cached, uncached, seconds, connections, down):
        start = time.monotonic()
        deadline = start + seconds
        marks = {}
        tally = Counter()  # (phase, kind, status)
        lock = threading.Lock()
        fresh = uncached

        def phase(sent, answered):
            """Before: answered before the stop; after: sent once it was back; else during."""
            if "down" not in marks or answered < marks["down"]:
                return "before"
            if "up" in marks and sent >= marks["up"]:
                return "after"
            return "during"

        def worker(slot):
            rng = random.Random(slot)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            while time.monotonic() < deadline:
                kind = "uncached" if rng.random() < 0.2 else "cached"
                with lock:
                    path = next(fresh) if kind == "uncached" else rng.choice(cached)
                sent = time.monotonic()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = "error"
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                with lock:
                    tally[(phase(sent, time.monotonic()), kind, status)] += 1
            connection.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
        for thread in threads:
            thread.start()
        time.sleep(seconds / 3)
        marks["down"] = time.monotonic()
        self.cluster.stop()
        time.sleep(down)
        self.cluster.start()
        # The restart is over once the first request after it could reach the database.
        marks["up"] = time.monotonic() + 1
        for thread in threads:
            thread.join()
        return {"tally": tally, "down_at": marks["down"] - start, "up_at": marks["up"] - start}

    def report(self, result, seconds, connections):
        tally = result["tally"]
        self.stdout.write(
            f"\n{seconds} s, {connections} connections; PostgreSQL stopped at "
            f"{result['down_at']:.0f} s, back at {result['up_at']:.0f} s.\n"
        )
        self.stdout.write(f"{'phase':<8} {'pages':<9} {'requests':>9}  statuses")
        failures = 0
        for when in ("before", "during", "after"):
            for kind in ("cached", "uncached"):
                counts = {s: n for (p, k, s), n in tally.items() if p == when and k == kind}
                total = sum(counts.values())
                if not total:  # a phase the drill did not exercise proves nothing
                    failures += 1
                shown = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items(), key=str))
                self.stdout.write(f"{when:<8} {kind:<9} {total:>9}  {shown}")
                bad = sum(n for s, n in counts.items() if s != 200)
                if when != "during" or kind == "cached":
                    failures += bad
                else:
                    failures += sum(n for s, n in counts.items() if s not in (200, 503))
        verdict = "PASS" if failures == 0 else f"FAIL ({failures} failures)"
        self.stdout.write(f"\n{verdict}: no failure before/after; cached pages 200 throughout.")


def never_asked():
    """Addresses no request has asked for yet, without end: searches and archive pages (a page
    number past the last shows the last page, under an address of its own)."""
    words = ["alliance", "energy", "trade", "security", "election", "deterrence", "chips"]
    for n in itertools.count():
        yield f"/search/?q={words[n % len(words)]}+{n}"
        yield f"/articles/?page={2 + n}&year=20{20 + n % 6}"


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return None, ""
    finally:
        connection.close()


class Cluster:
    """A PostgreSQL 15 cluster of our own in a temporary folder (run as postgres if we are
    root, because initdb refuses root)."""

    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def pg(self, tool, *args, **kwargs):
        return subprocess.run([*self.as_user, str(PG_BIN / tool), *args], check=True,
                              stdout=subprocess.DEVNULL, **kwargs)  # fmt: skip

    def create(self):
        self.folder.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.folder.parent, "postgres")
            shutil.chown(self.folder, "postgres")
        self.pg("initdb", "-D", str(self.folder), "-A", "trust", "-U", "postgres")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg("pg_ctl", "-D", str(self.folder), "-o", options, "-w", "-l",
                str(self.folder / "log"), "start")  # fmt: skip

    def stop(self):
        if (self.folder / "postmaster.pid").exists():
            self.pg("pg_ctl", "-D", str(self.folder), "-m", "fast", "-w", "stop")

    def createdb(self, name):
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
