"""The editorial dashboard on the admin's front page: what needs whom, with counts."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import permissions
from .models import Status

LIMIT = 8


@dataclass
class Panel:
    title: str
    articles: list
    count: int
    more_url: str


def _panel(title, queryset, more_query=""):
    url = reverse("admin:articles_article_changelist") + more_query
    return Panel(title, list(queryset[:LIMIT]), queryset.count(), url)


def panels(user):
    if not user.has_perm("articles.view_article"):
        return []
    now = timezone.now()
    visible = permissions.visible_articles(user).select_related("series", "working_copy_of")
    mine = Q(created_by=user) | Q(submitted_by=user)
    result = [
        _panel(
            "My drafts",
            visible.filter(mine, status=Status.DRAFT).order_by("-updated_at"),
            "?status__exact=draft",
        ),
        _panel(
            "Changes requested of me",
            visible.filter(mine, status=Status.CHANGES_REQUESTED).order_by("-updated_at"),
            "?status__exact=changes_requested",
        ),
    ]
    if user.has_perm("articles.review_article"):
        awaiting = visible.filter(status=Status.IN_REVIEW).exclude(mine).order_by("updated_at")
        result.append(_panel("Awaiting my review", awaiting, "?status__exact=in_review"))
    if user.has_perm("articles.publish_article"):
        result.append(
            _panel("Approved, ready to publish", visible.filter(status=Status.APPROVED),
                   "?status__exact=approved")
        )  # fmt: skip
    scheduled = visible.filter(status=Status.PUBLISHED).filter(
        Q(publish_at__gt=now) | Q(announced_at__isnull=True)
    )
    result.append(_panel("Scheduled", scheduled.order_by("publish_at"), "?status__exact=published"))
    recent = visible.live(now).order_by("-publish_at")
    result.append(_panel("Recently published", recent, "?status__exact=published"))
    return result


def overdue(article, now=None):
    """Live, but its publication's side effects have not run: publish_due is not running."""
    return article.is_live(now) and article.announced_at is None
