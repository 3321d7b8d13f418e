"""The transitions themselves: lock, check, change, record, notify after commit."""

from django.core.exceptions import PermissionDenied  # noqa: F401  (re-raised by checks)
from django.db import transaction
from django.utils import timezone

from .. import related
from ..models import Article, EditorNote, fingerprint, snapshot
from .pipeline import locked as _locked
from .pipeline import record
from .pipeline import refresh as _refresh
from .publication import assign_number, freeze_public_text
from .rules import TRANSITIONS, InvalidTransition, S, check, check_ready
from .updates import cancel_update, schedule_update


def _finish(article, fresh, name, by, *, from_status, comment="", message=""):
    fresh.save()
    record(fresh, name, by=by, from_status=from_status, comment=comment,
           message=message or TRANSITIONS[name].label)  # fmt: skip
    _refresh(article, fresh)
    return article


def _comment(article, by, comment):
    if comment.strip():
        EditorNote.objects.create(
            article=article, kind=EditorNote.Kind.INTERNAL, body=comment.strip(), author=by
        )


@transaction.atomic
def _run(article, name, by, *, comment="", at=None, change=None, ready=False, cover=False,
         carry=False):  # fmt: skip
    """Every transition of one article: lock, check the table's guards (and, with ``ready``, the
    pre-publication checks), move to the table's target state, apply the transition's effect
    ``change`` (which may return the revision message), record, notify after commit.

    With ``cover`` the approval covers the revision recorded now (approving); with ``carry`` an
    approval the article holds moves to it, because the effect was the workflow's own step.
    """
    fresh = _locked(article)
    from_status = fresh.status
    check(fresh, name, by, at=at)
    if ready:
        check_ready(fresh)
    fresh.status = TRANSITIONS[name].target
    message = change(fresh) if change is not None else ""
    _comment(fresh, by, comment)
    _finish(article, fresh, name, by, from_status=from_status, comment=comment,
            message=message or "")  # fmt: skip
    if cover or (carry and fresh.approved_revision_id is not None):
        _carry_approval(article, fresh)
    return article


def _forget_approval(article):
    article.approved_revision = article.approved_by = None


def submit(article, *, by=None, comment=""):
    return _run(article, "submit", by, comment=comment,
                change=lambda fresh: setattr(fresh, "submitted_by", by))  # fmt: skip


def request_changes(article, *, by, comment):
    if not comment or not comment.strip():
        raise InvalidTransition("Say what needs to change: a comment is required.")
    return _run(article, "request_changes", by, comment=comment, change=_forget_approval)


def approve(article, *, by, revision=None, comment=""):
    """Approve the revision the reviewer read (``revision``; the latest when not given).

    If the article changed after that revision, the approval is refused: the reviewer must read
    what is there now. The approval covers exactly the content recorded now.
    """

    def take(fresh):
        if revision is not None and revision.content_hash != fingerprint(snapshot(fresh)):
            raise InvalidTransition(
                "The article changed after the revision you read; review the latest version."
            )
        fresh.approved_by = by

    return _run(article, "approve", by, comment=comment, change=take, ready=True, cover=True)


@related.stored_after
def publish(article, *, by=None, at=None, message=""):
    """Publish now, or schedule for ``at``. A working copy is published into its live article
    (articles/workflow/updates.py).

    First publication numbers the article and freezes its bio lines and Editor's Note. That is
    the workflow's own step, not an edit: the approval, checked just before, carries over to the
    frozen text, so cancelling the schedule leaves an approved article that can go out at once.
    """
    if article.is_working_copy:
        return _publish_update(article, by=by, at=at)
    now = timezone.now()
    at = at or now

    def go_out(fresh):
        fresh.publish_at = at
        fresh.first_published_at = fresh.first_published_at or at
        fresh.last_published_at = at
        assign_number(fresh)
        freeze_public_text(fresh, on=timezone.localdate(at))
        if at <= now:
            fresh.announced_at = now
            return message
        return message or f"Scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M}"

    return _run(article, "publish", by, at=at, change=go_out, ready=by is not None, carry=True)


@transaction.atomic
def _publish_update(article, *, by, at):
    """A working copy's publication: its own steps, because it ends in another article."""
    fresh = _locked(article)
    check(fresh, "publish", by, at=at)
    if by is not None:
        check_ready(fresh)
    result = schedule_update(fresh, by=by, at=at or timezone.now())
    if result is fresh:  # scheduled: the copy waits, published for its time
        _refresh(article, fresh)
        return article
    return result


def _carry_approval(article, fresh):
    latest = fresh.revisions.latest()
    Article.objects.filter(pk=fresh.pk).update(approved_revision=latest)
    article.approved_revision = fresh.approved_revision = latest


def take_off_schedule(fresh):
    """Undo the dates of a publication that has not happened yet; the number stays (numbers are
    never reused)."""
    if fresh.is_working_copy:
        cancel_update(fresh)
        return
    if fresh.first_published_at == fresh.publish_at:
        fresh.first_published_at = None  # it never went out
    fresh.publish_at = fresh.last_published_at = None


def unschedule(article, *, by):
    return _run(article, "unschedule", by, change=take_off_schedule)


def _revoke_preview_links(fresh):
    """A proof shared for review stops working once the article leaves the public track."""
    fresh.preview_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def withdraw(article, *, by=None, comment=""):
    def take_down(fresh):
        _revoke_preview_links(fresh)
        # An update scheduled for later must not bring the article back at its time.
        update = Article.objects.filter(working_copy_of=fresh, status=S.PUBLISHED).first()
        if update is not None:
            cancel_update(update)
            update.status = S.APPROVED
            update.save()
        fresh.superseded_at = None

    return _run(article, "withdraw", by, comment=comment, change=take_down)


def redraft(article, *, by=None):
    def back_to_draft(fresh):
        _forget_approval(fresh)
        _revoke_preview_links(fresh)

    return _run(article, "redraft", by, change=back_to_draft)


def perform(article, name, *, by, comment="", at=None, revision=None):
    """Dispatch a transition by name, as the admin's buttons do."""
    if name == "submit":
        return submit(article, by=by, comment=comment)
    if name == "request_changes":
        return request_changes(article, by=by, comment=comment)
    if name == "approve":
        return approve(article, by=by, revision=revision, comment=comment)
    if name == "publish":
        return publish(article, by=by, at=at)
    if name == "unschedule":
        return unschedule(article, by=by)
    if name == "withdraw":
        return withdraw(article, by=by, comment=comment)
    if name == "redraft":
        return redraft(article, by=by)
    raise InvalidTransition(f"Unknown action “{name}”.")
