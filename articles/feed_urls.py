from django.urls import path

from prospect.caching import public_page

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("feed/", public_page(feeds.SiteFeed()), name="rss"),
    path("feed/atom/", public_page(feeds.SiteAtomFeed()), name="atom"),
    path("series/<str:slug>/feed/", public_page(feeds.SeriesFeed()), name="series_rss"),
    path("series/<str:slug>/feed/atom/", public_page(feeds.SeriesAtomFeed()), name="series_atom"),
    path("topics/<str:slug>/feed/", public_page(feeds.TopicFeed()), name="topic_rss"),
    path("topics/<str:slug>/feed/atom/", public_page(feeds.TopicAtomFeed()), name="topic_atom"),
    path("authors/<str:slug>/feed/", public_page(feeds.AuthorFeed()), name="author_rss"),
    path("authors/<str:slug>/feed/atom/", public_page(feeds.AuthorAtomFeed()), name="author_atom"),
]
