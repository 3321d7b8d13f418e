"""Every change of an article's workflow status happens here, and nowhere else.

Each transition checks the current state and the actor's permission, runs in a transaction with
the article's row locked, records a revision, and only then lets side effects happen. ``by=None``
is the system itself (management commands such as the importer and ``demo``), which may publish
directly; people go through review.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleRevision, EditorNote, Series, Status


class InvalidTransition(Exception):
    """The article is not in a state this transition starts from."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    permission: str


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.IN_REVIEW,
            "articles.submit_article",
        ),
        Transition(
            "request_changes",
            frozenset({Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            "articles.review_article",
        ),
        Transition(
            "approve", frozenset({Status.IN_REVIEW}), Status.APPROVED, "articles.approve_article"
        ),
        Transition(
            "publish", frozenset({Status.APPROVED}), Status.PUBLISHED, "articles.publish_article"
        ),
        Transition(
            "withdraw",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            "articles.withdraw_article",
        ),
        Transition(
            "redraft", frozenset({Status.WITHDRAWN}), Status.DRAFT, "articles.withdraw_article"
        ),
    ]
}

# The system (by=None) may publish what people have not reviewed: imports of already-published
# commentaries and demo content.
SYSTEM_PUBLISH_SOURCES = frozenset(
    {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED}
)


def _check(article, transition, by):
    sources = transition.sources
    if by is None and transition.name == "publish":
        sources = SYSTEM_PUBLISH_SOURCES
    if article.status not in sources:
        raise InvalidTransition(
            f"Cannot {transition.name.replace('_', ' ')} an article that is "
            f"{article.get_status_display().lower()}."
        )
    if by is not None and not by.has_perm(transition.permission):
        raise PermissionDenied(f"You may not {transition.name.replace('_', ' ')} articles.")


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _refresh(article, fresh):
    for field in fresh._meta.concrete_fields:
        setattr(article, field.attname, getattr(fresh, field.attname))


@transaction.atomic
def publish(article, *, by=None, at=None, message=""):
    """Publish now, or schedule for ``at``; numbers the article and freezes its bio lines."""
    fresh = _locked(article)
    _check(fresh, TRANSITIONS["publish"], by)
    at = at or timezone.now()
    fresh.publish_at = at
    fresh.first_published_at = fresh.first_published_at or at
    fresh.last_published_at = at
    assign_number(fresh)
    freeze_public_text(fresh, on=timezone.localdate(at))
    fresh.status = Status.PUBLISHED
    fresh.updated_by = by or fresh.updated_by
    fresh.save()
    ArticleRevision.capture(fresh, by=by, message=message or "Published")
    _refresh(article, fresh)
    return article


@transaction.atomic
def _move(article, name, *, by, message):
    """A transition with no side effects beyond the status change and its revision."""
    transition = TRANSITIONS[name]
    fresh = _locked(article)
    _check(fresh, transition, by)
    fresh.status = transition.target
    fresh.updated_by = by or fresh.updated_by
    fresh.save()
    ArticleRevision.capture(fresh, by=by, message=message or transition.name.replace("_", " "))
    _refresh(article, fresh)
    return article


def submit(article, *, by=None, message=""):
    return _move(article, "submit", by=by, message=message)


def withdraw(article, *, by=None, message=""):
    return _move(article, "withdraw", by=by, message=message or "Withdrawn")


def assign_number(article):
    """Give the article the series' next number, once; numbers are never reused."""
    series = Series.objects.select_for_update().get(pk=article.series_id)
    if article.number is None:
        taken = Article.objects.filter(series=series, number__isnull=False)
        highest = taken.order_by("-number").values_list("number", flat=True).first() or 0
        article.number = max(series.next_number, highest + 1)
    if series.next_number <= article.number:
        series.next_number = article.number + 1
        series.save(update_fields=["next_number"])


def freeze_public_text(article, *, on):
    """At publication, what was true that day is kept: bio lines and the Editor's Note."""
    for byline in article.bylines.select_related("author").prefetch_related(
        "author__affiliations__organization"
    ):
        if not byline.bio_line:
            byline.freeze_bio_line(on)
            byline.save(update_fields=["bio_line"])
    if (
        article.series.editors_note
        and not article.notes.filter(kind=EditorNote.Kind.EDITORS_NOTE).exists()
    ):
        EditorNote.objects.create(
            article=article, kind=EditorNote.Kind.EDITORS_NOTE, body=article.series.editors_note
        )
