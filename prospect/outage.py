"""The database being unreachable is an expected outage, not a bug.

Public pages already rendered keep being served from the cache (prospect/caching.py); any other
request that needs the database gets a plain 503 with Retry-After, and the log gets one line
instead of a traceback. ``CONN_HEALTH_CHECKS`` (settings) makes each request after the database
returns open a fresh connection instead of failing on one the restart closed.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

logger = logging.getLogger("prospect.outage")

# What the database driver raises when the server is down, restarting or unreachable.
UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Back shortly</title></head>
<body><h1>Back shortly</h1>
<p>This page cannot be shown for a moment. Please try again in a minute.</p></body></html>
"""


def unavailable():
    response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def log_stale(request):
    logger.warning("Database unreachable: served the last rendering of %s", request.path)


class DatabaseOutageMiddleware:
    """Turn an unreachable database into a 503 for the request that needed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNREACHABLE):
            return None
        logger.warning("Database unreachable (%s): 503 for %s", exception, request.path)
        return unavailable()
