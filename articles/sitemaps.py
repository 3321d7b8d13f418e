"""sitemap.xml: exactly the public pages — live articles, and the public series, topics and
authors (one rule each, next to Article.objects.live())."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from authors.models import Author

from .models import Article, Byline, Series, public_topics


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
        live = Q(articles__in=Article.objects.live())
        return (
            Series.objects.public()
            .annotate(latest=Max("articles__publish_at", filter=live))
            .order_by("name")
        )

    def lastmod(self, series):
        return series.latest


class TopicSitemap(Sitemap):
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


class AuthorSitemap(Sitemap):
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
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}
