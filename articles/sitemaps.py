"""sitemap.xml: live articles, and the series, topics and authors that have any."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from authors.models import Author

from .models import Article, Byline, Series


class Sitemap(DjangoSitemap):
    """Addresses built from SITE_URL: Django's default takes scheme and host from the request,
    which a stranger controls and the cached sitemap would then repeat to every crawler."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.live().only("slug", "publish_at", "last_published_at", "updated_at")

    def lastmod(self, article):
        return article.last_published_at or article.publish_at


class SeriesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        live = Article.objects.live()
        return (
            Series.objects.filter(articles__in=live)
            .annotate(latest=Max("articles__publish_at"))
            .order_by("name")
        )

    def lastmod(self, series):
        return series.latest


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        live = Article.objects.live()
        return (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=live)
            .annotate(latest=Max("articles_taggedarticle_items__content_object__publish_at"))
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:topic", args=[tag.slug])

    def lastmod(self, tag):
        return tag.latest


class AuthorSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Author.objects.listed()
            .filter(bylines__in=Byline.objects.live())
            .annotate(latest=Max("bylines__article__publish_at"))
            .order_by("sort_name")
        )

    def lastmod(self, author):
        return max(filter(None, [author.latest, author.updated_at]))


SITEMAPS = {
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}
