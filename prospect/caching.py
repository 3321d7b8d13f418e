"""HTTP caching for public pages, correct by construction.

Every anonymous public response carries an ETag and Last-Modified derived from the public content
stamp (prospect/stamp.py), which lives in the cache and moves whenever anything the public sees
changes — including by itself, when a scheduled article's time comes. Rendered pages are kept
under the stamp, so a page is rendered once per change of content, a conditional request gets a
304 without rendering, and a cached hit reads the cache only: no database query, no session, no
authentication (a request without a session cookie is anonymous by construction).

The key carries the language, the path, the query parameters the page declares (all others are
dropped from the request before the view sees it, so they cannot multiply entries or leak into
links) and a fingerprint of the code and templates, so a deploy never serves the previous
release's pages. Each page's last rendering is also kept under a key without the stamp: while the
database is unreachable it is served (stale-if-error) instead of an error.

Logged-in users and previews are never cached. Only GET and HEAD render a public page.
"""

import hashlib
from functools import cache as memoize
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed, QueryDict
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.translation import get_language

from . import outage, stamp

CACHED_HEADERS = ("Content-Type", "Content-Disposition")
READ_METHODS = ("GET", "HEAD")
# How long the last good rendering of a page is kept for serving during a database outage.
STALE_SECONDS = 7 * 24 * 3600


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


def public_page(view=None, *, params=("page",), keep_blank=False):
    """Decorate a public view: conditional GET, cache headers and a server-side page cache.

    ``params`` are the query parameters the page reads; any other is dropped. A blank one is
    dropped too, unless ``keep_blank`` (the read API, which answers a blank filter with 422).
    """
    if view is None:
        return lambda view: public_page(view, params=params, keep_blank=keep_blank)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return _not_a_read(request)
        _keep_only(request, params, keep_blank)
        if _may_be_signed_in(request) and request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        page = f"{code_version()}|{get_language()}|{request.get_full_path()}"
        try:
            return _serve(request, page, lambda: view(request, *args, **kwargs))
        except outage.UNREACHABLE:
            stale = cache.get(_stale_key(page))
            if stale is None:
                raise  # answered 503 by prospect.outage.DatabaseOutageMiddleware
            outage.log_stale(request)
            response = _from_cache(stale)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            return response

    return wrapped


def _serve(request, page, render):
    current = stamp.current()
    key = hashlib.sha256(f"{current.token}|{page}".encode()).hexdigest()
    etag = f'"{key[:32]}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(current.changed))
    if not_modified is not None:
        return _public(not_modified, etag, current.changed)
    cached = cache.get(f"page:{key}") if settings.PAGE_CACHE_SECONDS else None
    if cached is not None:
        return _public(_from_cache(cached), etag, current.changed)
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code in (200, 410) and not response.streaming:
        headers = {h: response[h] for h in CACHED_HEADERS if h in response}
        entry = (response.status_code, response.content, headers)
        if settings.PAGE_CACHE_SECONDS:
            cache.set(f"page:{key}", entry, settings.PAGE_CACHE_SECONDS)
        cache.set(_stale_key(page), entry, STALE_SECONDS)
    return _public(response, etag, current.changed)


def _stale_key(page):
    return "page-stale:" + hashlib.sha256(page.encode()).hexdigest()


def _from_cache(entry):
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _not_a_read(request):
    """OPTIONS says what is allowed; POST, TRACE and the rest never render a public page."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join((*READ_METHODS, "OPTIONS"))
        response["Content-Length"] = "0"
        return response
    return HttpResponseNotAllowed([*READ_METHODS, "OPTIONS"])


def _keep_only(request, params, keep_blank=False):
    """Drop every query parameter the page does not read (tracking tags, cache busters), and
    keep one value of each, so the page, its links and its cache key depend on these only."""
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        value = request.GET.get(name)
        if value or (keep_blank and value is not None):
            kept[name] = value
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def _may_be_signed_in(request):
    """Only a request carrying a session cookie can belong to someone signed in: looking no
    further for the others keeps a cached hit clear of the session store and the user table."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _public(response, etag, changed):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed)
    # Shared caches may keep the page but must revalidate: the ETag answers that with no query.
    patch_cache_control(
        response, public=True, max_age=settings.PUBLIC_MAX_AGE, must_revalidate=True
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def _as_view_decorator(view_class=None, *, params=("page",)):
    def decorate(view_class):
        view_class.dispatch = method_decorator(public_page(params=params))(view_class.dispatch)
        return view_class

    return decorate(view_class) if view_class is not None else decorate


public_page.as_view_decorator = _as_view_decorator
