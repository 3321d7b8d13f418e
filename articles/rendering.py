"""What the article template needs, from a saved article or from any revision of one.

Previews use exactly the public template and the body the sanitizer produced at save; only the
source of the data differs.
"""

import datetime

from django.db.models import Prefetch
from django.utils.text import slugify
from taggit.models import Tag

from authors.models import Affiliation, Author
from prospect.images.models import ImageCredit

from .body import html_to_text, reading_minutes
from .models import Article, Byline, EditorNote, Series, bylines_of


def article_page_context(article):
    return {
        "article": article,
        "picture": _publishable(article.lead_image),
        "bylines": article.ordered_bylines(),
        "topics": list(article.tags.all()),
        "editors_note": article.editors_note(),
        "corrections": article.corrections(),
    }


def revision_page_context(revision):
    """The page as it will look for ``revision``: an unsaved Article built from its snapshot."""
    data = revision.data
    article = Article(
        pk=revision.article_id,
        # A series the article has since left may have been deleted: show its current one.
        series=Series.objects.filter(pk=data.get("series_id")).first() or revision.article.series,
        number=data.get("number"),
        title=data.get("title", ""),
        subtitle=data.get("subtitle", ""),
        slug=data.get("slug", ""),
        summary=data.get("summary", ""),
        body=data.get("body", ""),
        language=data.get("language", "en"),
        status=data.get("status", "draft"),
        lead_image=ImageCredit.objects.filter(pk=data.get("lead_image_id")).first(),
        publish_at=_datetime(data.get("publish_at")),
    )
    article.reading_minutes = reading_minutes(html_to_text(article.body))
    rows = bylines_of(data)
    authors = Author.objects.prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization"))
    ).in_bulk([b["author_id"] for b in rows])
    bylines = [
        Byline(author=authors[b["author_id"]], position=b["position"], role=b["role"],
               bio_line=b["bio_line"])
        for b in rows
        if b["author_id"] in authors
    ]  # fmt: skip
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=data.get("tags", []))}
    topics = [
        known.get(name) or Tag(name=name, slug=slugify(name, allow_unicode=True))
        for name in data.get("tags", [])
    ]
    notes = [
        EditorNote(kind=n["kind"], body=n["body"], created_at=_datetime(n["created_at"]))
        for n in data.get("notes", [])
    ]
    return {
        "article": article,
        "picture": _publishable(article.lead_image),
        "bylines": bylines,
        "topics": topics,
        "editors_note": next((n for n in notes if n.kind == "editors_note"), None),
        "corrections": [n for n in notes if n.kind == "correction"],
    }


def _publishable(picture):
    """A picture whose rights have expired is not shown (nor, then, its credit)."""
    return picture if picture is not None and picture.is_publishable() else None


def _datetime(value):
    return datetime.datetime.fromisoformat(value) if value else None
