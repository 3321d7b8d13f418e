"""The transitions themselves: lock, check, change, record, notify after commit."""

from django.core.exceptions import PermissionDenied  # noqa: F401  (re-raised by checks)
from django.db import transaction
from django.utils import timezone

from .. import notifications, related
from ..models import (
    Article,
    ArticleRevision,
    Byline,
    EditorNote,
    WorkflowEvent,
    fingerprint,
    snapshot,
)
from .publication import assign_number, freeze_public_text
from .rules import TRANSITIONS, InvalidTransition, S, check, check_ready


def _locked(article):
    return Article.objects.select_for_update().select_related("series").get(pk=article.pk)


def _refresh(article, fresh):
    for field in fresh._meta.concrete_fields:
        setattr(article, field.attname, getattr(fresh, field.attname))
    for cache in ("bylines", "tags", "notes"):
        getattr(article, "_prefetched_objects_cache", {}).pop(cache, None)


def _finish(article, fresh, name, by, *, from_status, comment="", message=""):
    """Save, record a revision and an audit event, and queue the notifications."""
    fresh.save()
    revision = ArticleRevision.capture(fresh, by=by, message=message or TRANSITIONS[name].label)
    event = WorkflowEvent.record(
        fresh, name, by=by, from_status=from_status, comment=comment, revision=revision
    )
    transaction.on_commit(lambda: notifications.send(event))
    _refresh(article, fresh)
    return article


def _comment(article, by, comment):
    if comment.strip():
        EditorNote.objects.create(
            article=article, kind=EditorNote.Kind.INTERNAL, body=comment.strip(), author=by
        )


@transaction.atomic
def _run(article, name, by, *, comment="", change=None):
    """A transition: lock, check, move to the table's target state, apply ``change``, record."""
    fresh = _locked(article)
    from_status = fresh.status
    check(fresh, name, by)
    fresh.status = TRANSITIONS[name].target
    if change is not None:
        change(fresh)
    _comment(fresh, by, comment)
    return _finish(article, fresh, name, by, from_status=from_status, comment=comment)


def _forget_approval(article):
    article.approved_revision = article.approved_by = None


def submit(article, *, by=None, comment=""):
    return _run(article, "submit", by, comment=comment,
                change=lambda fresh: setattr(fresh, "submitted_by", by))  # fmt: skip


def request_changes(article, *, by, comment):
    if not comment or not comment.strip():
        raise InvalidTransition("Say what needs to change: a comment is required.")
    return _run(article, "request_changes", by, comment=comment, change=_forget_approval)


@transaction.atomic
def approve(article, *, by, revision=None, comment=""):
    """Approve the revision the reviewer read (``revision``; the latest when not given).

    If the article changed after that revision, the approval is refused: the reviewer must read
    what is there now.
    """
    fresh = _locked(article)
    from_status = fresh.status
    check(fresh, "approve", by)
    check_ready(fresh)
    current = fingerprint(snapshot(fresh))
    if revision is not None and revision.content_hash != current:
        raise InvalidTransition(
            "The article changed after the revision you read; review the latest version."
        )
    fresh.status = S.APPROVED
    fresh.approved_by = by
    _comment(fresh, by, comment)
    _finish(article, fresh, "approve", by, from_status=from_status, comment=comment)
    # The approval covers exactly the content captured now.
    Article.objects.filter(pk=fresh.pk).update(approved_revision=fresh.revisions.latest())
    article.approved_revision = fresh.revisions.latest()
    return article


@transaction.atomic
@related.stored_after
def publish(article, *, by=None, at=None, correction="", message=""):
    """Publish now, or schedule for ``at``. A working copy is published into its live article.

    First publication numbers the article and freezes its bio lines and Editor's Note.
    """
    fresh = _locked(article)
    from_status = fresh.status
    check(fresh, "publish", by, at=at)
    if by is not None:
        check_ready(fresh)
    if fresh.is_working_copy:
        return _publish_working_copy(article, fresh, by, correction=correction)
    now = timezone.now()
    at = at or now
    fresh.publish_at = at
    fresh.first_published_at = fresh.first_published_at or at
    fresh.last_published_at = at
    fresh.status = S.PUBLISHED
    assign_number(fresh)
    freeze_public_text(fresh, on=timezone.localdate(at))
    if correction.strip():
        _add_correction(fresh, by, correction)
    scheduled = at > now
    name = "publish"
    if not scheduled:
        fresh.announced_at = now
    label = message or (
        f"Scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M}" if scheduled else ""
    )
    return _finish(article, fresh, name, by, from_status=from_status, message=label)


def unschedule(article, *, by):
    def back_to_approved(fresh):
        if fresh.first_published_at == fresh.publish_at:
            fresh.first_published_at = None  # it never went out
        fresh.publish_at = fresh.last_published_at = None

    return _run(article, "unschedule", by, change=back_to_approved)


def withdraw(article, *, by=None, comment=""):
    return _run(article, "withdraw", by, comment=comment)


def redraft(article, *, by=None):
    return _run(article, "redraft", by, change=_forget_approval)


def perform(article, name, *, by, comment="", at=None, revision=None, correction=""):
    """Dispatch a transition by name, as the admin's buttons do."""
    if name == "submit":
        return submit(article, by=by, comment=comment)
    if name == "request_changes":
        return request_changes(article, by=by, comment=comment)
    if name == "approve":
        return approve(article, by=by, revision=revision, comment=comment)
    if name == "publish":
        return publish(article, by=by, at=at, correction=correction)
    if name == "unschedule":
        return unschedule(article, by=by)
    if name == "withdraw":
        return withdraw(article, by=by, comment=comment)
    if name == "redraft":
        return redraft(article, by=by)
    raise InvalidTransition(f"Unknown action “{name}”.")


def _publish_working_copy(article, copy, by, *, correction):
    """Move the copy's content into the live article, then retire the copy, keeping its history."""
    live = Article.objects.select_for_update().get(pk=copy.working_copy_of_id)
    if live.status != S.PUBLISHED:
        raise InvalidTransition("The original is no longer published; this copy cannot go live.")
    for field in ("series_id", "title", "subtitle", "summary", "body", "lead_image_id",
                  "language", "featured"):  # fmt: skip
        setattr(live, field, getattr(copy, field))
    live.last_published_at = timezone.now()
    live.updated_by = copy.updated_by
    live.submitted_by = copy.submitted_by
    live.approved_by = copy.approved_by
    live.approved_revision = copy.approved_revision
    live.bylines.all().delete()
    # Authors added in the copy get the bio line true today; the others keep their frozen one.
    Byline.copy_all(copy, live, freeze_on=timezone.localdate())
    live.tags.set(list(copy.tags.all()))
    if correction.strip():
        _add_correction(live, by, correction)
    # The copy's review history belongs to the article now.
    copy.revisions.update(article=live)
    copy.events.update(article=live)
    copy.notes.filter(kind=EditorNote.Kind.INTERNAL).update(article=live)
    # Public notes written on the copy go live with it: corrections are added, and an Editor's
    # Note written there replaces the live one.
    copy.notes.filter(kind=EditorNote.Kind.CORRECTION).update(article=live)
    if copy.notes.filter(kind=EditorNote.Kind.EDITORS_NOTE).exists():
        live.notes.filter(kind=EditorNote.Kind.EDITORS_NOTE).delete()
        copy.notes.filter(kind=EditorNote.Kind.EDITORS_NOTE).update(article=live)
    copy.preview_links.update(article=live)
    copy.delete()
    live.save()
    revision = ArticleRevision.capture(live, by=by, message="Published changes")
    event = WorkflowEvent.record(
        live, "publish_changes", by=by, from_status=S.APPROVED, comment=correction,
        revision=revision,
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.send(event))
    return live


def _add_correction(article, by, text):
    EditorNote.objects.create(
        article=article, kind=EditorNote.Kind.CORRECTION, body=text.strip(), author=by
    )
