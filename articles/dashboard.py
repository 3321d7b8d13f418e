"""The editorial dashboard on the admin's front page: what needs whom, with counts.

Every panel costs the same few queries however many articles it lists: the articles with their
series, the count, one prefetch of their bylines, and — once for the whole page — the people an
article can wait on. Who that is follows the workflow's own permissions: an article in review
waits on the editors other than its submitter (four eyes), an approved one on the managing
editors (who may publish).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from . import permissions
from .models import Byline, Status, WorkflowEvent

LIMIT = 8


@dataclass
class Panel:
    title: str
    articles: list
    count: int
    more_url: str
    queue: bool = False  # shows authors, series, waiting time and who it waits on


@dataclass
class Waiting:
    since: object
    on: list = field(default_factory=list)


def _since_current_status():
    """When the article entered its current status: its latest event that led there."""
    events = WorkflowEvent.objects.filter(article=OuterRef("pk"), to_status=OuterRef("status"))
    return Subquery(events.order_by("-at", "-pk").values("at")[:1])


def _with_details(queryset):
    bylines = Byline.objects.select_related("author").order_by("position", "pk")
    return queryset.select_related("series", "working_copy_of", "submitted_by").prefetch_related(
        Prefetch("bylines", queryset=bylines)
    )


def _panel(title, queryset, more_query="", queue=False):
    url = reverse("admin:articles_article_changelist") + more_query
    articles = list(_with_details(queryset)[:LIMIT])
    return Panel(title, articles, queryset.count(), url, queue)


def holders(codename):
    """Active staff who hold an articles permission through a group or directly, by name.
    Superusers are left out: they can do everything, so naming them says nothing."""
    perm = Permission.objects.filter(content_type__app_label="articles", codename=codename)
    users = get_user_model().objects.filter(is_active=True, is_staff=True, is_superuser=False)
    users = users.filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
    return list(users.distinct().order_by("username"))


def _name(user):
    return user.get_full_name() or user.get_username()


def _mark_waiting(panels):
    """Attach ``article.waiting`` to each queued article, with two queries for the whole page."""
    queued = [a for p in panels if p.queue for a in p.articles]
    if not queued:
        return
    reviewers = (
        holders("approve_article") if any(a.status == Status.IN_REVIEW for a in queued) else []
    )
    publishers = (
        holders("publish_article") if any(a.status == Status.APPROVED for a in queued) else []
    )
    for article in queued:
        if article.status == Status.IN_REVIEW:
            on = [_name(u) for u in reviewers if u.pk != article.submitted_by_id]
        else:
            on = [_name(u) for u in publishers]
        article.waiting = Waiting(article.waiting_since or article.updated_at, on)


def panels(user):
    if not user.has_perm("articles.view_article"):
        return []
    now = timezone.now()
    visible = permissions.visible_articles(user).annotate(waiting_since=_since_current_status())
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
        awaiting = visible.filter(status=Status.IN_REVIEW).exclude(mine)
        result.append(
            _panel("Awaiting my review", awaiting.order_by("waiting_since", "updated_at"),
                   "?status__exact=in_review", queue=True)
        )  # fmt: skip
    else:
        waiting = visible.filter(mine, status=Status.IN_REVIEW)
        result.append(
            _panel("Submitted, in review", waiting.order_by("waiting_since", "updated_at"),
                   "?status__exact=in_review", queue=True)
        )  # fmt: skip
    if user.has_perm("articles.publish_article"):
        approved = visible.filter(status=Status.APPROVED)
        result.append(
            _panel("Approved, ready to publish", approved.order_by("waiting_since", "updated_at"),
                   "?status__exact=approved", queue=True)
        )  # fmt: skip
    scheduled = visible.filter(status=Status.PUBLISHED).filter(
        Q(publish_at__gt=now) | Q(announced_at__isnull=True)
    )
    result.append(_panel("Scheduled", scheduled.order_by("publish_at"), "?status__exact=published"))
    recent = visible.live(now).order_by("-publish_at")
    result.append(_panel("Recently published", recent, "?status__exact=published"))
    _mark_waiting(result)
    return result


def overdue(article, now=None):
    """Live, but its publication's side effects have not run: publish_due is not running."""
    return article.is_live(now) and article.announced_at is None
