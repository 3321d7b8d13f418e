"""Liveness and readiness for load balancers and orchestrators.

``/healthz`` answers as long as the process serves requests and touches nothing else, so a slow
database never gets a healthy process restarted. ``/readyz`` checks what a request needs — the
database, the cache and media storage — and answers 503 naming the failed ones, so a balancer
stops sending traffic to this instance until they are back.

Both are answered first in the middleware chain: probes come by IP address over plain HTTP, and
must not be refused by ALLOWED_HOSTS or redirected to HTTPS.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)

STORAGE_PROBE = "readyz-probe"


def check_database():
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def check_storage():
    default_storage.exists(STORAGE_PROBE)  # a missing file is fine; an unreachable store raises


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def healthz(request):
    return _json({"status": "ok"})


def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready", never a 500 page
            logger.warning("readiness check %s failed: %r", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(state == "ok" for state in results.values())
    return _json({"status": "ok" if ready else "unavailable", **results}, 200 if ready else 503)


def _json(data, status=200):
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
