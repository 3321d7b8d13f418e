"""sitemap.xml: exactly the public pages — live articles, and the public series, topics and
authors (one rule each, next to Article.objects.live()).

Articles are listed once, at their own language's address, with ``xhtml:link`` alternates to
their true translations (and x-default). Pages whose interface is translated — lists, series,
topics, authors — are listed in every language, each with its alternates.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import translation

from authors.models import Author
from prospect.pages import HREFLANG

from .models import Article, Byline, Series, public_topics


class TranslatedPages:
    """Every language's address of a page, with alternates and English as x-default."""

    i18n = True
    alternates = True
    x_default = True


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
        return (
            Article.objects.live()
            .with_other_language()
            .only("slug", "language", "publish_at", "last_published_at", "updated_at")
            .order_by("pk")
        )

    def location(self, article):
        return article.canonical_path()

    def lastmod(self, article):
        return article.last_published_at or article.publish_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            article = url["item"]
            if article.other_language:
                with translation.override(article.other_language):
                    other = reverse("articles:detail", args=[article.other_language_slug])
                versions = {article.language: url["location"],
                            article.other_language: f"{protocol}://{domain}{other}"}  # fmt: skip
                url["alternates"] = [
                    *({"lang_code": HREFLANG[code], "location": versions[code]}
                      for code in sorted(versions)),
                    {"lang_code": "x-default", "location": versions.get("en", url["location"])},
                ]  # fmt: skip
        return urls


class ListSitemap(TranslatedPages, Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "articles:list", "authors:list"]

    def location(self, name):
        return reverse(name)


class SeriesSitemap(TranslatedPages, Sitemap):
    changefreq = "weekly"

    def items(self):
        live = Q(articles__in=Article.objects.live())
        return (
            Series.objects.public()
            .annotate(latest=Max("articles__publish_at", filter=live))
            .order_by("name")
        )

    def lastmod(self, series):
        return series.latest


class TopicSitemap(TranslatedPages, Sitemap):
    changefreq = "weekly"

    def items(self):
        live = Q(articles_taggedarticle_items__content_object__in=Article.objects.live())
        return (
            public_topics()
            .annotate(
                latest=Max("articles_taggedarticle_items__content_object__publish_at", filter=live)
            )
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:topic", args=[tag.slug])

    def lastmod(self, tag):
        return tag.latest


class AuthorSitemap(TranslatedPages, Sitemap):
    changefreq = "monthly"

    def items(self):
        live = Q(bylines__in=Byline.objects.live())
        return (
            Author.objects.public()
            .annotate(latest=Max("bylines__article__publish_at", filter=live))
            .order_by("sort_name")
        )

    def lastmod(self, author):
        return max(filter(None, [author.latest, author.updated_at]))


SITEMAPS = {
    "pages": ListSitemap,
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}
