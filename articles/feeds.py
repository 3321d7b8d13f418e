"""RSS 2.0 and Atom feeds: the whole site, and each series, topic and author.

Thin classes over Article.objects.live(). Items carry the summary, the full body (with the lead
picture and its credit line), one dc:creator (RSS) or <author> (Atom) per author, and topics.
Every address in a feed comes from SITE_URL (absolute_url), never from the request's Host.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from authors.models import Author
from prospect.images.templatetags.pictures import picture_url
from prospect.pages import absolute_url

from .models import Article, Series, public_topics

ITEMS = 30


class RssWithContent(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["people"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["people"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ArticleFeed(Feed):
    feed_type = RssWithContent
    title_prefix = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def filter(self, articles, obj):
        return articles

    def feed_url(self, obj=None):
        return absolute_url(self.request.path)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def items(self, obj=None):
        articles = self.filter(Article.objects.live(), obj)
        return list(articles.for_listing().prefetch_related("tags").newest_first()[:ITEMS])

    def title(self, obj=None):
        name = settings.PUBLISHER["name"]
        return f"{self.heading(obj)} — {name}" if self.heading(obj) else name

    def heading(self, obj):
        return ""

    def description(self, obj=None):
        return settings.PUBLISHER["description"]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.last_published_at or article.publish_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def item_guid(self, article):
        return self.item_link(article)

    def item_extra_kwargs(self, article):
        people = [
            (b.author.display_name, absolute_url(b.author.get_absolute_url()))
            for b in article.ordered_bylines()
        ]
        picture = (
            article.lead_image
            if article.lead_image and article.lead_image.is_publishable()
            else None
        )
        content = render_to_string(
            "articles/feed_item.html",
            {
                "article": article,
                "picture": picture,
                "picture_src": absolute_url(picture_url(picture, 800)) if picture else "",
            },
        )
        return {"people": people, "content_html": content}


class AtomMixin:
    feed_type = AtomWithContent

    def subtitle(self, obj=None):
        return self.description(obj)


class SiteFeed(ArticleFeed):
    def link(self):
        return absolute_url(reverse("articles:list"))


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class SeriesFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def filter(self, articles, series):
        return articles.filter(series=series)

    def heading(self, series):
        return series.name

    def link(self, series):
        return absolute_url(series.get_absolute_url())


class SeriesAtomFeed(AtomMixin, SeriesFeed):
    pass


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_topics(), slug=slug)

    def filter(self, articles, tag):
        return articles.filter(tags=tag)

    def heading(self, tag):
        return f"Topic: {tag.name}"

    def link(self, tag):
        return absolute_url(reverse("articles:topic", args=[tag.slug]))


class TopicAtomFeed(AtomMixin, TopicFeed):
    pass


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter(self, articles, author):
        return articles.filter(bylines__author=author)

    def heading(self, author):
        return author.display_name

    def link(self, author):
        return absolute_url(author.get_absolute_url())


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
