"""The benchmark's floor: this project's Django, same settings and middleware, answering every
request with bytes a real page produced earlier and no database work.

``make bench`` serves it with ``gunicorn prospect.floor:application`` beside the real site; the
ratio of a page's req/s to the floor's says how much of the possible speed the page keeps.
``BENCH_FLOOR_DIR`` holds one file per path (named by the path's hash), written by the bench.
"""

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpResponse
from django.urls import re_path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prospect.settings")
_pages = {}


def page_file(folder, path):
    return Path(folder) / hashlib.sha256(path.encode()).hexdigest()


def same_bytes(request):
    key = request.get_full_path()
    if key not in _pages:
        file = page_file(os.environ["BENCH_FLOOR_DIR"], key)
        if not file.exists():
            raise Http404("Not recorded.")
        _pages[key] = file.read_bytes()
    return HttpResponse(_pages[key], content_type="text/html; charset=utf-8")


if "BENCH_FLOOR_DIR" in os.environ:  # served as the floor (imported by the bench otherwise)
    application = get_wsgi_application()
    from prospect.urls import urlpatterns as site

    # Every address answers with recorded bytes; the site's patterns stay for reverse().
    urlpatterns = [re_path(r"", same_bytes), *site]
    settings.ROOT_URLCONF = __name__
