"""What every public page tells browsers, search engines and feed readers about itself."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

# hreflang values for the site's languages (BCP 47), and the prefix each is served under.
HREFLANG = {"en": "en", "zh-hant": "zh-Hant"}
PREFIXES = {"en": "", "zh-hant": "/zh-hant"}
OG_LOCALES = {"en": "en_US", "zh-hant": "zh_TW"}


def absolute_url(path):
    """The public address of ``path``, always from ``SITE_URL``: never from the request's Host
    or X-Forwarded-Proto, which a stranger controls and cached pages would repeat to everyone."""
    return settings.SITE_URL + path


def canonical_url(request, keep=("page",)):
    """The page's address without tracking or filter noise; page 1 has no ?page=."""
    params = {k: request.GET[k] for k in keep if request.GET.get(k) not in (None, "", "1")}
    query = f"?{urlencode(params)}" if params else ""
    return absolute_url(request.path) + query


def page_meta(
    request, title, *, description="", image="", kind="website", feeds=(), keep=("page",)
):
    """Context for base.html: <title>, description, canonical link, Open Graph/Twitter, feeds.

    ``feeds`` is a list of (title, url, mime type) for <link rel="alternate">.
    """
    return {
        "page_title": title,
        "page_description": description or settings.PUBLISHER["description"],
        "canonical_url": canonical_url(request, keep),
        "og_type": kind,
        "og_image": absolute_url(image) if image.startswith("/") else image,
        "og_locale": OG_LOCALES.get(get_language(), "en_US"),
        "feeds": list(feeds) or site_feeds(),
        "alternates": interface_alternates(request, keep),
        "json_ld": site_graph(),
    }


def unprefixed(path):
    """``path`` without its language prefix: /zh-hant/articles/ → /articles/."""
    for prefix in PREFIXES.values():
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


def interface_alternates(request, keep=("page",)):
    """hreflang links between the language versions of a page whose interface (and lists) are
    translated: every language, itself included, and English as x-default. Article pages
    replace these with their true translations only."""
    params = {k: request.GET[k] for k in keep if request.GET.get(k) not in (None, "", "1")}
    query = f"?{urlencode(params)}" if params else ""
    path = unprefixed(request.path)
    links = [(HREFLANG[code], absolute_url(prefix + path) + query)
             for code, prefix in PREFIXES.items()]  # fmt: skip
    return [*links, ("x-default", absolute_url(path) + query)]


def site_feeds():
    """Feed discovery for pages without feeds of their own: the site's feeds, in the page's
    language (the Chinese feeds list Chinese commentaries first)."""
    return feed_links(
        gettext("All commentaries"),
        reverse("feeds:rss"),
        reverse("feeds:atom"),
        reverse("feeds:json"),
    )


def site_graph():
    from . import structured_data  # it builds on absolute_url() above

    return structured_data.dumps(structured_data.website(), structured_data.publisher())


def feed_links(title, rss_url, atom_url, json_url=None):
    links = [
        (f"{title} (RSS)", rss_url, "application/rss+xml"),
        (f"{title} (Atom)", atom_url, "application/atom+xml"),
    ]
    if json_url:
        links.append((f"{title} (JSON Feed)", json_url, "application/feed+json"))
    return links


class ForgivingPaginationMixin:
    """A bad or out-of-range ?page= shows the nearest real page instead of an error."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
