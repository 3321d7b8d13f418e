"""Authors, series and topics: only those the public rules allow, with counts of live items."""

from typing import Literal

from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpResponsePermanentRedirect
from ninja import Path, Query, Router
from ninja.errors import HttpError

from articles.models import Article
from authors.models import Affiliation, AuthorRedirect

from . import documents
from .commentaries import SLUG
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, keyset_page
from .public import public_authors, public_series, public_topics
from .schemas import AuthorDetail, AuthorPage, Error, InvalidRequest, Series, Topic

router = Router()

AUTHOR_ORDERINGS = {"name": ("sort_name", False)}


def slug_path():
    return Path(..., pattern=SLUG, max_length=255)


def authors():
    live = Article.objects.live()
    return (
        public_authors()
        .annotate(commentary_count=Count("bylines", filter=Q(bylines__article__in=live)))
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization"))
        )
    )


@router.get(
    "/authors", response={200: AuthorPage, 400: Error, 422: InvalidRequest}, url_name="authors",
    tags=["authors"],
)  # fmt: skip
def list_authors(
    request,
    q: str | None = Query(None, max_length=100, description="Part of a name, in any script."),
    ordering: Literal["name"] = "name",
    cursor: str | None = Query(None, max_length=2000),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Public authors by sort name (family name first where that is the convention)."""
    people = authors()
    if name := "".join(c for c in " ".join((q or "").split()) if c.isprintable()):
        people = people.filter(
            Q(display_name__icontains=name)
            | Q(sort_name__icontains=name)
            | Q(other_script_name__icontains=name)
        )
    page = keyset_page(people, request, ordering=ordering, orderings=AUTHOR_ORDERINGS,
                       cursor=cursor, limit=limit)  # fmt: skip
    page["results"] = [documents.author(person) for person in page["results"]]
    return page


MOVED = {"301": {"description": "A merged author: `Location` is the author kept."}}


@router.get(
    "/authors/{slug}", response={200: AuthorDetail, 404: Error, 422: InvalidRequest},
    url_name="author", tags=["authors"], openapi_extra={"responses": MOVED},
)  # fmt: skip
def get_author(request, slug: str = slug_path()):
    """One public author: current affiliations, ORCID, links and the bio sentence of today."""
    person = (
        authors().select_related("portrait").prefetch_related("links").filter(slug=slug).first()
    )
    if person is None:
        moved = AuthorRedirect.objects.filter(old_slug=slug, author__in=public_authors())
        if kept := moved.values_list("author__slug", flat=True).first():
            return HttpResponsePermanentRedirect(documents.api_url("author", kept))
        raise HttpError(404, "No such author.")
    return documents.author(person, detail=True)


def series_with_counts():
    live = Article.objects.live()
    in_live = Q(articles__in=live)
    return public_series().annotate(
        commentary_count=Count("articles", filter=in_live),
        latest_number=Max("articles__number", filter=in_live),
    )


@router.get("/series", response=list[Series], url_name="series_list", tags=["series"])
def list_series(request):
    """Every series with live commentaries, by name."""
    return [documents.series(item) for item in series_with_counts().order_by("name")]


@router.get(
    "/series/{slug}", response={200: Series, 404: Error, 422: InvalidRequest}, url_name="series",
    tags=["series"],
)  # fmt: skip
def get_series(request, slug: str = slug_path()):
    item = series_with_counts().filter(slug=slug).first()
    if item is None:
        raise HttpError(404, "No such series.")
    return documents.series(item)


def topics_with_counts():
    items = "articles_taggedarticle_items"
    return public_topics().annotate(
        commentary_count=Count(
            items, filter=Q(**{f"{items}__content_object__in": Article.objects.live()})
        )
    )


@router.get("/topics", response=list[Topic], url_name="topics", tags=["topics"])
def list_topics(request):
    """Every public topic, by name, with how many live commentaries carry it."""
    return [documents.topic(tag) for tag in topics_with_counts().order_by("name")]


@router.get(
    "/topics/{slug}", response={200: Topic, 404: Error, 422: InvalidRequest}, url_name="topic",
    tags=["topics"],
)  # fmt: skip
def get_topic(request, slug: str = slug_path()):
    tag = topics_with_counts().filter(slug=slug).first()
    if tag is None:
        raise HttpError(404, "No such topic.")
    return documents.topic(tag)
