"""What every public page tells browsers, search engines and feed readers about itself."""

from django.conf import settings
from django.utils.http import urlencode


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
        "feeds": list(feeds),
    }


def feed_links(title, rss_url, atom_url):
    return [
        (f"{title} (RSS)", rss_url, "application/rss+xml"),
        (f"{title} (Atom)", atom_url, "application/atom+xml"),
    ]


class ForgivingPaginationMixin:
    """A bad or out-of-range ?page= shows the nearest real page instead of an error."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
