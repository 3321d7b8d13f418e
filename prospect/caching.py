"""HTTP caching for public pages, correct by construction.

Every anonymous public response carries an ETag and Last-Modified derived from a *content stamp*:
the latest change to anything a public page can show, and the latest publication time that has
passed. The stamp is read from the database on each request (one small query), so a publication,
correction, withdrawal or a scheduled article reaching its time changes it at once — there is no
purge step that could be missed. Rendered pages are kept in the cache under the stamp, so a page
is rendered once per change of content, and conditional requests get 304 without rendering.

The cache key and ETag also carry a fingerprint of the code and templates, so a deploy never
serves pages rendered by the previous release.

Logged-in users and previews are never cached.
"""

import datetime
import hashlib
from functools import cache as memoize
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.translation import get_language

CACHED_HEADERS = ("Content-Type", "Content-Disposition")


@memoize
def code_version():
    """A hash of everything that shapes a rendered page: Python code, templates, stylesheets."""
    digest = hashlib.sha256()
    for folder in ("prospect", "articles", "authors", "templates", "static"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".css", ".js") and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamp_sources(now):
    from articles.models import Article, Series
    from authors.models import Affiliation, Author, Organization
    from prospect.images.models import ImageCredit

    def latest(queryset, field):
        return queryset.order_by(f"-{field}").values(field)[:1]

    return [
        latest(Article.objects.all(), "updated_at"),
        latest(Article.objects.live(now), "publish_at"),
        latest(Series.objects.all(), "updated_at"),
        latest(Author.objects.all(), "updated_at"),
        latest(Organization.objects.all(), "updated_at"),
        latest(Affiliation.objects.all(), "updated_at"),
        latest(ImageCredit.objects.all(), "updated_at"),
    ]


def content_stamp(now=None):
    """(latest change, text) for everything public pages show, in one query."""
    now = now or timezone.now()
    parts, params = [], []
    for queryset in _stamp_sources(now):
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    moments = [_as_datetime(value) for value in row if value is not None]
    latest = max(moments, default=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    return latest, "|".join(str(value) for value in row)


def _as_datetime(value):
    if isinstance(value, str):  # SQLite returns text from a raw cursor
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def public_page(view):
    """Decorate a public view: conditional GET, cache headers and a server-side page cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        last_modified, stamp = content_stamp()
        key = hashlib.sha256(
            f"{code_version()}|{stamp}|{get_language()}|{request.get_full_path()}".encode()
        ).hexdigest()
        etag = f'"{key[:32]}"'
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            return _public(not_modified, etag, last_modified)
        cached = cache.get(f"page:{key}")
        if cached is not None:
            status, content, headers = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return _public(response, etag, last_modified)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cacheable = response.status_code in (200, 410) and not response.streaming
        if cacheable and settings.PAGE_CACHE_SECONDS:
            headers = {h: response[h] for h in CACHED_HEADERS if h in response}
            cache.set(
                f"page:{key}",
                (response.status_code, response.content, headers),
                settings.PAGE_CACHE_SECONDS,
            )
        return _public(response, etag, last_modified)

    return wrapped


def _public(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    # Shared caches may keep the page but must revalidate: the ETag answers that in one query.
    patch_cache_control(
        response, public=True, max_age=settings.PUBLIC_MAX_AGE, must_revalidate=True
    )
    return response


def _as_view_decorator(view_class):
    view_class.dispatch = method_decorator(public_page)(view_class.dispatch)
    return view_class


public_page.as_view_decorator = _as_view_decorator
