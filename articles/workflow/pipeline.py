"""The steps every workflow change takes, whatever the change.

1. ``locked``: the article's row, locked for the transaction (an update whose time has come is
   folded in first, so every step works on the version readers see);
2. the caller checks (articles/workflow/rules.py) and changes the article;
3. ``record``: a revision of what the article now is, one audit event, and the notifications
   and webhooks, handed to ``transaction.on_commit`` so nothing is sent for a change that did
   not happen.

Transitions, voiding an approval, scheduling and publishing an update, restoring and announcing
all go through here; nothing else writes a WorkflowEvent.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from prospect.tasks import enqueue

from .. import notifications
from ..models import Article, ArticleRevision, WorkflowEvent

Action = WorkflowEvent.Action


def locked(article):
    fresh = Article.objects.select_for_update().select_related("series").get(pk=article.pk)
    if fresh.superseded_at is not None and fresh.superseded_at <= timezone.now():
        from .updates import settle_due_update

        settle_due_update(fresh)
        fresh = Article.objects.select_for_update().select_related("series").get(pk=article.pk)
    return fresh


def record(fresh, action, *, by, from_status=None, comment="", message=None, revision=None):
    """Record a step on ``fresh`` (saved already) and queue its notifications.

    ``message`` captures a new revision under that message; ``revision`` names one the caller
    captured; with neither, the event stands alone (an announcement changes no content).
    """
    if message is not None:
        revision = ArticleRevision.capture(fresh, by=by, message=message)
    event = WorkflowEvent.record(
        fresh, action, by=by, from_status=from_status, comment=comment, revision=revision
    )
    transaction.on_commit(lambda: notifications.send(event))
    transaction.on_commit(lambda: _webhooks(event))
    transaction.on_commit(lambda: _pdf_edition(event))
    return event


# The steps after which readers see new content (a scheduled one is announced when it goes live).
NEW_PUBLIC_CONTENT = {Action.PUBLISH, Action.PUBLISH_CHANGES, Action.ANNOUNCE}


def _pdf_edition(event):
    """Queue the PDF edition of what readers now see, so no reader waits for it to be built."""
    if not settings.PDF_EDITION_ON_PUBLISH or event.action not in NEW_PUBLIC_CONTENT:
        return
    if event.article.is_live():
        from ..pdf import build_edition

        enqueue(build_edition, event.article_id)


def _webhooks(event):
    # Imported when used: the API package builds on articles, not the other way round.
    from prospect.api.webhooks import announce

    announce(event)


def refresh(article, fresh):
    """Bring the caller's instance up to date with the locked copy that was changed."""
    for field in fresh._meta.concrete_fields:
        setattr(article, field.attname, getattr(fresh, field.attname))
    for cache in ("bylines", "tags", "notes"):
        getattr(article, "_prefetched_objects_cache", {}).pop(cache, None)
