from django.urls import path

import prospect.converters  # noqa: F401  (registers <uslug:…>)
from prospect.caching import public_page

from . import feeds

app_name = "feeds"

# Feeds read no query parameters: any are dropped before the cache key is made.
feed_page = public_page(params=())

urlpatterns = [
    path("feed/", feed_page(feeds.SiteFeed()), name="rss"),
    path("feed/atom/", feed_page(feeds.SiteAtomFeed()), name="atom"),
    path("feed/json/", feed_page(feeds.SiteJsonFeed()), name="json"),
    path("series/<uslug:slug>/feed/", feed_page(feeds.SeriesFeed()), name="series_rss"),
    path("series/<uslug:slug>/feed/atom/", feed_page(feeds.SeriesAtomFeed()), name="series_atom"),
    path("topics/<uslug:slug>/feed/", feed_page(feeds.TopicFeed()), name="topic_rss"),
    path("topics/<uslug:slug>/feed/atom/", feed_page(feeds.TopicAtomFeed()), name="topic_atom"),
    path("authors/<uslug:slug>/feed/", feed_page(feeds.AuthorFeed()), name="author_rss"),
    path("authors/<uslug:slug>/feed/atom/", feed_page(feeds.AuthorAtomFeed()), name="author_atom"),
]
