"""Commentaries and search. Every queryset here starts from Article.objects.live()."""

from typing import Literal

from django.db.models import Prefetch
from ninja import Path, Query, Router
from ninja.errors import HttpError

from articles.models import Article, Byline
from articles.search import MAX_QUERY_LENGTH, excerpt, in_order, is_capped, ranked_ids
from prospect.pages import absolute_url

from . import documents
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, keyset_page
from .schemas import (
    Commentary,
    CommentaryPage,
    Day,
    Error,
    InvalidRequest,
    LanguageCode,
    SearchPage,
)

router = Router(tags=["commentaries"])

# Slugs may be Unicode (Chinese titles). JSON Schema's \w is ASCII-only, so the pattern rules out
# only what no slug contains: spaces, controls (NUL, which PostgreSQL refuses) and URL delimiters.
SLUG = r"^[^\x00-\x20\x7f/?#]+$"
ORDERINGS = {
    "-published_at": ("publish_at", True),
    "published_at": ("publish_at", False),
    "title": ("title", False),
    "-title": ("title", True),
}
Ordering = Literal[tuple(ORDERINGS)]
QUERY_HELP = 'Words, "quoted phrases", OR, -exclusions.'
LIST_ERRORS = {400: Error, 422: InvalidRequest}


def slug_query(description):
    return Query(None, pattern=SLUG, max_length=255, description=description)


@router.get("/commentaries", response={200: CommentaryPage, **LIST_ERRORS}, url_name="commentaries")
def list_commentaries(
    request,
    series: str | None = slug_query("Only this series (its slug)."),
    topic: str | None = slug_query("Only this topic (its slug)."),
    author: str | None = slug_query("Only commentaries bylined by this author (slug)."),
    language: LanguageCode | None = None,
    published_from: Day | None = Query(None, description="On or after this day (YYYY-MM-DD)."),
    published_to: Day | None = Query(None, description="On or before this day (YYYY-MM-DD)."),
    ordering: Ordering = "-published_at",
    cursor: str | None = Query(None, max_length=2000, description="From a page's `next`."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Live commentaries, newest first unless `ordering` says otherwise, a page at a time.

    Days are the newsroom's (its time zone), as printed on the site.
    """
    articles = Article.objects.live()
    if series:
        articles = articles.filter(series__slug=series)
    if topic:
        articles = articles.filter(tags__slug=topic)
    if author:
        articles = articles.filter(bylines__author__slug=author)
    if language:
        articles = articles.filter(language=language)
    if published_from:
        articles = articles.filter(publish_at__date__gte=published_from)
    if published_to:
        articles = articles.filter(publish_at__date__lte=published_to)
    page = keyset_page(listing(articles), request, ordering=ordering, orderings=ORDERINGS,
                       cursor=cursor, limit=limit)  # fmt: skip
    page["results"] = [documents.commentary_summary(a) for a in page["results"]]
    return page


def listing(articles):
    """What a list of commentaries prints, in a constant number of queries."""
    return articles.for_listing().prefetch_related("tags")


@router.get(
    "/commentaries/{slug}",
    response={200: Commentary, 404: Error, 410: Error, 422: InvalidRequest},
    url_name="commentary",
)
def get_commentary(request, slug: str = Path(..., pattern=SLUG, max_length=255)):
    """One live commentary with everything its page prints. A withdrawn one answers 410."""
    article = (
        Article.objects.live()
        .select_related("series", "lead_image")
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").prefetch_related(
                    "author__affiliations__organization"
                ),
            ),
            "notes",
            "tags",
        )
        .with_other_language()
        .filter(slug=slug)
        .first()
    )
    if article is None:
        if Article.objects.withdrawn().filter(slug=slug).exists():
            raise HttpError(410, "This commentary has been withdrawn.")
        raise HttpError(404, "No such commentary.")
    return documents.commentary(article)


@router.get("/search", response={200: SearchPage, **LIST_ERRORS}, url_name="search")
def search_commentaries(
    request,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH * 2, description=QUERY_HELP),
    page: int = Query(1, ge=1, le=1000),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Live commentaries matching `q`, best first, with an excerpt around the first match."""
    found = ranked_ids(q)
    count = len(found)
    start = (page - 1) * limit
    hits = in_order(listing(Article.objects.live()), found[start : start + limit])
    next_url = None
    if start + limit < count:
        query = request.GET.copy()
        query["page"] = page + 1
        next_url = absolute_url(f"{request.path}?{query.urlencode()}")
    results = [{**documents.commentary_summary(a), "excerpt_html": excerpt(a, q)} for a in hits]
    return {"count": count, "capped": is_capped(count), "next": next_url, "results": results}
