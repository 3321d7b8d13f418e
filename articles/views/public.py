"""Public pages. Every article queryset here starts from Article.objects.live()."""

from django import forms
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from authors.models import Author
from prospect import fragments, structured_data
from prospect.caching import public_page
from prospect.images.templatetags.pictures import link_preview_rendition, picture_url
from prospect.kept_lists import KeptList, kept_object
from prospect.pages import (
    HREFLANG,
    OG_LOCALES,
    ForgivingPaginationMixin,
    absolute_url,
    feed_links,
    page_meta,
)

from .. import citation, metadata, pdf, related
from ..cards import cards
from ..models import Article, Byline, Series, public_topics
from ..rendering import article_page_context


def live_article(slug):
    article = (
        Article.objects.live()
        .select_related("series", "lead_image")
        .defer("search_bigrams")  # for search only, and the largest column (body_text: wordCount)
        .prefetch_related(Article.bylines_with_authors(), "notes", "tags")
        .with_other_language()
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise Http404("No such commentary.")
    return article


# Where the related box goes in a kept article page: it depends on other commentaries, so it is
# a fragment of its own and an update of one of them re-renders only the box.
RELATED_SLOT = "<!--related-commentaries-->"


@public_page(params=())
def article_detail(request, slug):
    # What the page shows of this commentary, its people, picture, topics and series; its
    # picture's rights and a scheduled update end it by themselves (fragments' ``until``).
    try:
        html, related_ids = fragments.fragment(
            f"article-page:{slug}",
            [f"article:{slug}", "people", "clock:people", "pictures", "topics", "series"],
            lambda recorder: _article_page(request, slug, recorder),
        )
    except Http404:
        return _not_live(request, slug)
    box = fragments.fragment(
        f"related:{slug}:{','.join(map(str, related_ids))}",
        # A candidate scheduled when it was chosen appears when its time comes (the clock).
        ["series", "clock:articles", *(f"article#{pk}" for pk in related_ids)],
        lambda recorder: _related_box(related_ids, recorder),
    )
    return HttpResponse(html.replace(RELATED_SLOT, box, 1))


def _article_page(request, slug, recorder):
    article = live_article(slug)
    recorder.holds_until(_timestamp(article.superseded_at))
    context = article_page_context(article)
    url = absolute_url(article.canonical_path())
    other = translation_link(request, article) if article.other_language else None
    picture = context["picture"]
    if picture is not None:
        recorder.holds_until(picture.shown_until())
    context.update(
        related_slot=mark_safe(RELATED_SLOT),
        citation=citation.reference(article, context["bylines"], url),
        share_links=share_links(article, url),
        **page_meta(
            request,
            article.title,
            description=article.summary,
            image=picture_url(picture) if picture else "",
            kind="article",
        ),
    )
    context.update(scholarly_context(article, context["bylines"], picture, url, other))
    html = render_to_string("articles/article_detail.html", context, request)
    return html, list(article.related_ids or [])


def _related_box(ids, recorder):
    shown = related.shown_among(ids)
    for other in shown:
        recorder.holds_until(_timestamp(other.superseded_at))
    return render_to_string("articles/_related.html", {"related": shown})


def _timestamp(moment):
    return moment.timestamp() if moment is not None else None


def _not_live(request, slug):
    """No live commentary here: withdrawn (410, with its title), moved (301), or never (404)."""
    withdrawn = Article.objects.withdrawn().filter(slug=slug).first()
    if withdrawn is None:
        moved = Article.objects.formerly_at(slug).order_by("-pk").first()
        if moved is not None:  # an earlier slug: citations must keep working
            return redirect(moved.canonical_path(), permanent=True)
        raise Http404("No such commentary.")
    context = {"article": withdrawn, **page_meta(request, _("Withdrawn")), "noindex": True}
    return render(request, "articles/article_withdrawn.html", context, status=410)


def scholarly_context(article, bylines, picture, url, translation):
    """Canonical, hreflang, citation_*/Dublin Core/Open Graph tags and the JSON-LD graph.

    The canonical address is the article's own language version: /zh-hant/articles/x/ for an
    English commentary is the same text with a Chinese interface, so it points at /articles/x/.
    hreflang links only true translations, each listing itself and x-default (English).
    """
    pdf_url = absolute_url(article.pdf_path())
    rendition = link_preview_rendition(picture, crop="share") if picture else None
    bylines = list(bylines)
    alternates = []
    if translation:
        versions = {article.language: url, translation["language"]: translation["url"]}
        alternates = [(HREFLANG[code], versions[code]) for code in sorted(versions)]
        alternates.append(("x-default", versions.get("en", url)))
    return {
        "canonical_url": url,
        "translation": translation,
        "alternates": alternates,
        "pdf_url": pdf_url,
        "og_locale": OG_LOCALES.get(article.language, "en_US"),
        "og_image": absolute_url(rendition["url"]) if rendition else "",
        "og_tags": metadata.open_graph(article, bylines, picture, rendition, translation),
        "meta_tags": [
            *metadata.highwire(article, bylines, url, pdf_url),
            *metadata.dublin_core(article, bylines, url),
            *metadata.twitter(article, picture),
        ],
        "json_ld": structured_data.dumps(
            metadata.report(article, bylines, url, pdf_url, picture, rendition, translation),
            structured_data.publisher(),
        ),
    }


def translation_link(request, article):
    """The other language version: its address under its own language's prefix, and its name."""
    language = article.other_language
    with translation.override(language):
        path = reverse("articles:detail", args=[article.other_language_slug])
    return {
        "language": language,
        "hreflang": HREFLANG.get(language, language),
        "url": absolute_url(path),
        "label": "閱讀中文版" if language == "zh-hant" else "Read in English",
    }


def share_links(article, url):
    """Plain links to share pages: no third-party script runs on ours."""
    text = article.title
    return [
        ("Email", f"mailto:?{urlencode({'subject': text, 'body': url})}"),
        ("X", f"https://twitter.com/intent/tweet?{urlencode({'text': text, 'url': url})}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?{urlencode({'url': url})}"),
    ]


@public_page(params=())
def article_citation(request, slug, fmt):
    if fmt not in citation.FORMATS:
        raise Http404("No such citation format.")
    article = live_article(slug)
    make, content_type = citation.FORMATS[fmt]
    url = absolute_url(article.get_absolute_url())
    response = HttpResponse(
        make(article, article.ordered_bylines(), url), content_type=content_type
    )
    # Named like the page, not by a sequential id that would count the unpublished pieces.
    response["Content-Disposition"] = content_disposition_header(False, f"{article.slug}.{fmt}")
    return response


@public_page
def article_pdf(request, slug, filename):
    """The PDF edition, beside the page (…/articles/<slug>/<slug>.pdf) where Google Scholar
    expects it; built once per content (articles/pdf.py) and then read from storage."""
    if filename != slug:
        raise Http404("No such file.")
    article = live_article(slug)
    with default_storage.open(pdf.build(article.pk)) as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{article.slug}.pdf")
    return response


# --- lists --------------------------------------------------------------------------------


class LiveArticleListMixin(ForgivingPaginationMixin):
    """The one base for public article lists: live articles, newest first, as cards kept per
    article (articles/cards.py), from a list of which ones are on the page kept by version
    (prospect/kept_lists.py)."""

    paginate_by = 20
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        articles = self.filter_articles(Article.objects.live())
        name, depends_on = self.kept_as()
        return KeptList(
            name,
            ["articles", "clock:articles", *depends_on],
            articles.language_first(translation.get_language()),
        )

    def filter_articles(self, articles):
        return articles

    def kept_as(self):
        """The list's name among kept lists, and what it depends on besides the commentaries."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = cards(context["articles"])
        return context

    def page_context(self, title, description="", feeds=()):
        return page_meta(self.request, title, description=description, feeds=feeds)


class ArchiveFilter(forms.Form):
    """The archive's filters; anything unknown is ignored rather than refused."""

    series = forms.ChoiceField(label=gettext_lazy("Series"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False)
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What there is to choose from changes with publications only: kept as a fragment.
        series, topics, years = fragments.fragment(
            "archive-choices",
            ["articles", "clock:articles", "topics", "series"],
            lambda _recorder: self.choices(),
        )
        self.fields["series"].choices = [("", _("All series")), *series]
        self.fields["topic"].choices = [("", _("All topics")), *topics]
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]

    @staticmethod
    def choices():
        """(series, the 60 most used topics, years) of what is live, as (value, label)s."""
        series = [(s.slug, s.name) for s in Series.objects.public().order_by("name")]
        topics = (
            public_topics()
            .filter(articles_taggedarticle_items__content_object__in=Article.objects.live())
            .annotate(uses=Count("articles_taggedarticle_items"))
            .order_by("-uses", "name")[:60]
        )
        by_name = sorted(((t.slug, t.name) for t in topics), key=lambda c: c[1].lower())
        years = [d.year for d in Article.objects.live().dates("publish_at", "year", order="DESC")]
        return series, by_name, years

    def value(self, name):
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


@public_page.as_view_decorator(params=("series", "topic", "year", "page"))
class ArchiveView(LiveArticleListMixin, ListView):
    def get(self, request, *args, **kwargs):
        self.filters = ArchiveFilter(request.GET)
        self.filters.is_valid()
        # Only values among the choices: a made-up filter is ignored, and adds no kept list.
        self.active = {k: v for k in ("series", "topic", "year") if (v := self.filters.value(k))}
        return super().get(request, *args, **kwargs)

    def kept_as(self):
        return f"archive:{urlencode(self.active)}", ["series", "topics"]

    def filter_articles(self, articles):
        if series := self.filters.value("series"):
            articles = articles.filter(series__slug=series)
        if topic := self.filters.value("topic"):
            articles = articles.filter(tags__slug=topic)
        if year := self.filters.value("year"):
            articles = articles.filter(publish_at__year=year)
        return articles

    def get_context_data(self, **kwargs):
        active = self.active
        # Rendering a form of ~70 options costs more than the rest of the page: kept per choice.
        filters_html = fragments.fragment(
            f"archive-filter-form:{urlencode(active)}",
            ["articles", "clock:articles", "topics", "series"],
            lambda _recorder: render_to_string(
                "articles/_archive_filters.html", {"filters": self.filters}
            ),
        )
        return super().get_context_data(
            heading=_("All commentaries"),
            filters=self.filters,
            filters_html=mark_safe(filters_html),
            page_query=urlencode(active),
            **self.page_context(
                _("All commentaries"),
                feeds=feed_links(
                    _("All commentaries"),
                    reverse("feeds:rss"),
                    reverse("feeds:atom"),
                    reverse("feeds:json"),
                ),
            ),
            **kwargs,
        )


@public_page.as_view_decorator
class SeriesView(LiveArticleListMixin, ListView):
    def filter_articles(self, articles):
        slug = self.kwargs["slug"]
        self.series = kept_object(
            f"series:{slug}",
            ["series", "articles", "clock:articles"],
            lambda: get_object_or_404(Series.objects.public(), slug=slug),
        )
        return articles.filter(series=self.series)

    def kept_as(self):
        return f"series:{self.series.pk}", ["series"]

    def get_context_data(self, **kwargs):
        slug = self.series.slug
        feeds = feed_links(
            self.series.name,
            reverse("feeds:series_rss", args=[slug]),
            reverse("feeds:series_atom", args=[slug]),
        )
        return super().get_context_data(
            heading=self.series.name,
            description=self.series.description,
            **self.page_context(self.series.name, self.series.description, feeds),
            **kwargs,
        )


@public_page.as_view_decorator
class TopicView(LiveArticleListMixin, ListView):
    def filter_articles(self, articles):
        slug = self.kwargs["slug"]
        # A topic is public through live commentaries or a public author's expertise.
        self.topic = kept_object(
            f"topic:{slug}",
            ["topics", "articles", "clock:articles", "people", "clock:people"],
            lambda: get_object_or_404(public_topics(), slug=slug),
        )
        return articles.filter(tags=self.topic)

    def kept_as(self):
        return f"topic:{self.topic.pk}", ["topics"]

    def get_context_data(self, **kwargs):
        slug = self.topic.slug
        heading = _("Topic: %(name)s") % {"name": self.topic.name}
        feeds = feed_links(
            heading,
            reverse("feeds:topic_rss", args=[slug]),
            reverse("feeds:topic_atom", args=[slug]),
        )
        experts = fragments.fragment(
            f"topic-experts:{slug}",
            ["articles", "clock:articles", "people", "clock:people", "topics"],
            lambda _recorder: list(
                Byline.objects.live()
                .filter(article__tags=self.topic, author__in=Author.objects.public())
                .values_list("author__display_name", "author__slug")
                .annotate(n=Count("article"))
                .order_by("-n", "author__sort_name")[:8]
            ),
        )
        return super().get_context_data(
            heading=heading,
            experts=experts,
            **self.page_context(heading, feeds=feeds),
            **kwargs,
        )
