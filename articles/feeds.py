"""RSS 2.0, Atom and JSON Feed: the whole site, and each series, topic and author.

Thin classes over Article.objects.live(). Items carry the summary, the full body (with the lead
picture and its credit line) with every link made absolute, one dc:creator (RSS) or <author>
(Atom) per author, topics, the picture as an enclosure and a Media RSS element with its credit,
and the article's language (xml:lang). An item's id is the article's canonical address, the same
in the English and the Chinese feeds, so a reader subscribed to both sees each commentary once.
Every address in a feed comes from SITE_URL (absolute_url), never from the request's Host.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from authors.models import Author
from prospect.images.templatetags.pictures import link_preview_rendition
from prospect.pages import HREFLANG, absolute_url

from .models import Article, Series, public_topics

ITEMS = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"

# href="/…" and src="/…" (not protocol-relative "//…"): made absolute, since a feed reader
# resolves relative links against the feed, not the page, and many resolve none at all.
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_links(html):
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + absolute_url("/"), html)


def add_media(handler, item):
    """Media RSS: the picture with its size, alt text and credit."""
    media = item.get("media")
    if not media:
        return
    handler.startElement("media:content", {"url": media["url"], "type": "image/jpeg",
                         "medium": "image", "width": str(media["width"]),
                         "height": str(media["height"])})  # fmt: skip
    if media["alt"]:
        handler.addQuickElement("media:description", media["alt"], {"type": "plain"})
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    handler.endElement("media:content")


class RssWithContent(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_NS,
        }

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["people"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])
        add_media(handler, item)


class AtomWithContent(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["people"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media(handler, item)


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
        return sorted(tag.name for tag in article.tags.all())  # the same order on every database

    def item_link(self, article):
        return absolute_url(article.canonical_path())

    def item_guid(self, article):
        return absolute_url(article.canonical_path())

    def item_guid_is_permalink(self, article):
        return True

    def picture(self, article):
        picture = article.lead_image
        return picture if picture and picture.is_publishable() else None

    def item_enclosures(self, article):
        picture = self.picture(article)
        rendition = link_preview_rendition(picture, 800) if picture else None
        if not rendition:
            return []
        length = default_storage.size(rendition["path"])
        return [Enclosure(absolute_url(rendition["url"]), str(length), "image/jpeg")]

    def item_extra_kwargs(self, article):
        people = [
            (
                b.author.display_name,
                absolute_url(b.author.get_absolute_url()) if b.author_has_page() else "",
            )
            for b in article.ordered_bylines()
        ]
        picture = self.picture(article)
        rendition = link_preview_rendition(picture, 800) if picture else None
        picture_src = absolute_url(rendition["url"]) if rendition else ""
        content = render_to_string(
            "articles/feed_item.html",
            {"article": article, "picture": picture if rendition else None,
             "picture_src": picture_src},
        )  # fmt: skip
        media = None
        if rendition:
            media = {"url": picture_src, "width": rendition["width"],
                     "height": rendition["height"], "alt": picture.alt,
                     "credit": picture.credit_line()}  # fmt: skip
        return {
            "people": people,
            "content_html": absolute_links(content),
            "media": media,
            "language": HREFLANG.get(article.language, article.language),
        }


class AtomMixin:
    feed_type = AtomWithContent

    def subtitle(self, obj=None):
        return self.description(obj)


class JsonFeedMixin:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same items, ids and content as
    the RSS and Atom feeds."""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        obj = self.get_object(request, *args, **kwargs)
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title(obj),
            "home_page_url": absolute_url(self._get_dynamic_attr("link", obj)),
            "feed_url": absolute_url(request.path),
            "description": self.description(obj),
            "language": HREFLANG.get(translation.get_language(), "en"),
            "authors": [{"name": settings.PUBLISHER["name"], "url": absolute_url("/")}],
            "items": [self.json_item(article) for article in self.items(obj)],
        }
        return JsonResponse(
            feed,
            content_type="application/feed+json",
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )

    def json_item(self, article):
        extra = self.item_extra_kwargs(article)
        item = {
            "id": self.item_guid(article),
            "url": self.item_link(article),
            "title": article.title,
            "content_html": extra["content_html"],
            "summary": article.summary,
            "date_published": article.publish_at.isoformat(),
            "date_modified": self.item_updateddate(article).isoformat(),
            "authors": [{"name": name, "url": url} for name, url in extra["people"]],
            "tags": self.item_categories(article),
            "language": extra["language"],
        }
        if media := extra["media"]:
            item["image"] = media["url"]
            item["_picture"] = {
                "about": absolute_url(reverse("feeds:json")),
                "alt": media["alt"],
                "credit": media["credit"],
                "width": media["width"],
                "height": media["height"],
            }
        return item


class SiteFeed(ArticleFeed):
    def link(self):
        return absolute_url(reverse("articles:list"))


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class SiteJsonFeed(JsonFeedMixin, SiteFeed):
    pass


class SeriesFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series.objects.public(), slug=slug)

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
        return get_object_or_404(Author.objects.public(), slug=slug)

    def filter(self, articles, author):
        return articles.filter(bylines__author=author)

    def heading(self, author):
        return author.display_name

    def link(self, author):
        return absolute_url(author.get_absolute_url())


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
