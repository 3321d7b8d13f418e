from django.urls import path

import prospect.converters  # noqa: F401  (registers <uslug:…>)
from prospect.caching import public_page

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("feed/", public_page(params=())(feeds.SiteFeed()), name="rss"),
    path("feed/atom/", public_page(params=())(feeds.SiteAtomFeed()), name="atom"),
    path(
        "series/<uslug:slug>/feed/", public_page(params=())(feeds.SeriesFeed()), name="series_rss"
    ),
    path(
        "series/<uslug:slug>/feed/atom/",
        public_page(params=())(feeds.SeriesAtomFeed()),
        name="series_atom",
    ),
    path("topics/<uslug:slug>/feed/", public_page(params=())(feeds.TopicFeed()), name="topic_rss"),
    path(
        "topics/<uslug:slug>/feed/atom/",
        public_page(params=())(feeds.TopicAtomFeed()),
        name="topic_atom",
    ),
    path(
        "authors/<uslug:slug>/feed/", public_page(params=())(feeds.AuthorFeed()), name="author_rss"
    ),
    path(
        "authors/<uslug:slug>/feed/atom/",
        public_page(params=())(feeds.AuthorAtomFeed()),
        name="author_atom",
    ),
]
