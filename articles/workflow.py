"""Every change of an article's workflow status happens here, and nowhere else.

Each transition checks the current state, the actor's permission and the four-eyes rule, runs in
a transaction with the article's row locked, records a revision and an audit event, and hands its
notifications to ``transaction.on_commit`` — so a failure half-way leaves nothing changed and
sends nothing.

``by=None`` is the system itself (management commands: the importer and ``demo``), which may
publish directly; people go through review.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import notifications, permissions
from .models import (
    Article,
    ArticleRevision,
    Byline,
    EditorNote,
    Series,
    Status,
    WorkflowEvent,
    fingerprint,
    snapshot,
)


class InvalidTransition(Exception):
    """The article is not in a state, or a shape, that allows this transition."""


class NotReady(InvalidTransition):
    """Pre-publication checks failed; ``problems`` names what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("Still missing: " + "; ".join(problems) + ".")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    needs_comment: bool = False


def _t(name, label, sources, target, permission, needs_comment=False):
    return Transition(name, label, frozenset(sources), target, permission, needs_comment)


S = Status
TRANSITIONS = {
    t.name: t
    for t in [
        _t("submit", "Submit for review", [S.DRAFT, S.CHANGES_REQUESTED], S.IN_REVIEW,
           "articles.submit_article"),
        _t("request_changes", "Request changes", [S.IN_REVIEW, S.APPROVED],
           S.CHANGES_REQUESTED, "articles.review_article", needs_comment=True),
        _t("approve", "Approve", [S.IN_REVIEW], S.APPROVED, "articles.approve_article"),
        _t("publish", "Publish", [S.APPROVED], S.PUBLISHED, "articles.publish_article"),
        _t("unschedule", "Cancel the schedule", [S.PUBLISHED], S.APPROVED,
           "articles.publish_article"),
        _t("withdraw", "Withdraw", [S.PUBLISHED], S.WITHDRAWN, "articles.withdraw_article",
           needs_comment=True),
        _t("redraft", "Return to draft", [S.WITHDRAWN], S.DRAFT, "articles.withdraw_article"),
    ]
}  # fmt: skip

# The system (by=None) may publish what people have not reviewed: imports of commentaries that
# were already published elsewhere, and demo content.
SYSTEM_PUBLISH_SOURCES = frozenset({S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED})
# A schedule a little in the past is "now" (the form took a moment to submit); more is a mistake.
SCHEDULE_TOLERANCE = datetime.timedelta(minutes=2)


# --- checks -------------------------------------------------------------------------------


def check(article, name, by, *, at=None):
    """Raise InvalidTransition or PermissionDenied unless ``by`` may perform ``name`` now."""
    transition = TRANSITIONS[name]
    sources = transition.sources
    if by is None and name == "publish":
        sources = SYSTEM_PUBLISH_SOURCES
    if article.status not in sources:
        raise InvalidTransition(
            f"Cannot {transition.label.lower()}: the article is "
            f"{article.get_status_display().lower()}."
        )
    if name == "withdraw" and not article.is_live():
        raise InvalidTransition(
            "Only a live article can be withdrawn; cancel its schedule instead."
        )
    if name == "unschedule" and article.is_live():
        raise InvalidTransition("The article is already live; withdraw it instead.")
    if by is None:
        return
    if not by.has_perm(transition.permission):
        raise PermissionDenied(f"You may not {transition.label.lower()} articles.")
    if name == "submit" and not permissions.can_edit(by, article):
        raise PermissionDenied("You may only submit your own articles.")
    if not permissions.can_view(by, article):
        raise PermissionDenied("You may not work on this article.")
    if name == "approve" and by.pk in (article.submitted_by_id, article.updated_by_id):
        raise PermissionDenied(
            "Someone else must approve this: you submitted it or made its latest changes."
        )
    if name == "publish":
        _check_approval_still_holds(article)
        if at is not None and at < timezone.now() - SCHEDULE_TOLERANCE:
            raise InvalidTransition("The scheduled time is in the past.")


def _check_approval_still_holds(article):
    approved = article.approved_revision
    if approved is None or approved.content_hash != fingerprint(snapshot(article)):
        raise InvalidTransition(
            "The article changed after it was approved; it needs a new approval."
        )


def check_ready(article):
    problems = article.publication_problems()
    if problems:
        raise NotReady(problems)


def available(article, user):
    """The transitions ``user`` may perform on ``article`` now, for the admin's buttons."""
    allowed = []
    for name in TRANSITIONS:
        try:
            check(article, name, user)
        except (InvalidTransition, PermissionDenied):
            continue
        allowed.append(TRANSITIONS[name])
    return allowed


# --- the transitions ----------------------------------------------------------------------


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
    event = WorkflowEvent.objects.create(
        article=fresh,
        action=name,
        from_status=from_status,
        to_status=fresh.status,
        actor=by,
        comment=comment,
        revision=revision,
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


# --- edits --------------------------------------------------------------------------------


@transaction.atomic
def record_edit(article, *, by, message="Edited"):
    """After someone saves content: record the revision, and void an approval it outdated."""
    revision = ArticleRevision.capture(article, by=by, message=message)
    fresh = _locked(article)
    approved = fresh.approved_revision
    outdated = approved is None or approved.content_hash != revision.content_hash
    if fresh.status == S.APPROVED and outdated:
        fresh.status = S.IN_REVIEW
        fresh.approved_revision = fresh.approved_by = None
        fresh.save()
        WorkflowEvent.objects.create(
            article=fresh,
            action="approval_voided",
            from_status=S.APPROVED,
            to_status=S.IN_REVIEW,
            actor=by,
            comment="The content changed after approval.",
            revision=revision,
        )
        _refresh(article, fresh)
    return revision


@transaction.atomic
def start_working_copy(article, *, by, from_revision=None):
    """The draft through which a live article changes; one per live article.

    Edits go to the copy; the public keeps seeing the live article until the copy is published.
    """
    fresh = _locked(article)
    if fresh.status != S.PUBLISHED:
        raise InvalidTransition("Only a published article is changed through a working copy.")
    if by is not None and not permissions.can_start_working_copy(by, fresh):
        raise PermissionDenied("You may not change this article.")
    existing = Article.objects.filter(working_copy_of=fresh).first()
    if existing is not None:
        if from_revision is not None:
            apply_revision(existing, from_revision)
            record_edit(existing, by=by, message=f"Restored revision {from_revision.pk}")
        return existing
    copy = Article(
        working_copy_of=fresh,
        series=fresh.series,
        title=fresh.title,
        subtitle=fresh.subtitle,
        slug=f"{fresh.slug[:200]}--next",
        summary=fresh.summary,
        body=fresh.body,
        lead_image=fresh.lead_image,
        language=fresh.language,
        translation_key=fresh.translation_key,
        featured=fresh.featured,
        created_by=by,
        updated_by=by,
    )
    copy.slug = _free_slug(copy)
    copy.save()
    Byline.objects.bulk_create(
        Byline(article=copy, author_id=b.author_id, position=b.position, role=b.role,
               bio_line=b.bio_line)
        for b in fresh.bylines.all()
    )  # fmt: skip
    copy.tags.set(list(fresh.tags.all()))
    if from_revision is not None:
        apply_revision(copy, from_revision)
    ArticleRevision.capture(copy, by=by, message="Working copy started")
    WorkflowEvent.objects.create(
        article=fresh,
        action="working_copy_started",
        from_status=fresh.status,
        to_status=fresh.status,
        actor=by,
    )
    return copy


def _free_slug(copy):
    base, n = copy.slug, 1
    while Article.objects.filter(slug=copy.slug).exists():
        n += 1
        copy.slug = f"{base}-{n}"
    return copy.slug


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
    bylines = copy.bylines.select_related("author").prefetch_related(
        "author__affiliations__organization"
    )
    Byline.objects.bulk_create(
        Byline(article=live, author_id=b.author_id, position=b.position, role=b.role,
               bio_line=b.bio_line or b.author.bio_line(timezone.localdate()))
        for b in bylines
    )  # fmt: skip
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
    event = WorkflowEvent.objects.create(
        article=live,
        action="publish_changes",
        from_status=S.APPROVED,
        to_status=S.PUBLISHED,
        actor=by,
        comment=correction,
        revision=revision,
    )
    transaction.on_commit(lambda: notifications.send(event))
    return live


def _add_correction(article, by, text):
    EditorNote.objects.create(
        article=article, kind=EditorNote.Kind.CORRECTION, body=text.strip(), author=by
    )


def apply_revision(article, revision):
    """Write a revision's content onto ``article`` (a draft or working copy)."""
    data = revision.data
    for field in ("title", "subtitle", "summary", "body", "language"):
        setattr(article, field, data.get(field, getattr(article, field)))
    article.series_id = data.get("series_id") or article.series_id
    article.lead_image_id = data.get("lead_image_id")
    if not article.is_working_copy and data.get("slug"):
        article.slug = data["slug"]
    article.save()
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=b["author_id"], position=b["position"],
               role=b["role"], bio_line=b["bio_line"])
        for b in data.get("bylines", [])
    )  # fmt: skip
    article.tags.set(data.get("tags", []))
    return article


@transaction.atomic
def restore(article, revision, *, by):
    """An old revision becomes the new draft; for a live article, its working copy."""
    if revision.article_id != article.pk:
        raise InvalidTransition("That revision belongs to another article.")
    if not permissions.can_restore(by, article):
        raise PermissionDenied("You may not restore this article.")
    if article.status == S.PUBLISHED:
        return start_working_copy(article, by=by, from_revision=revision)
    apply_revision(article, revision)
    record_edit(article, by=by, message=f"Restored revision {revision.pk}")
    return article


# --- publication side effects -------------------------------------------------------------


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


def announce_due(now=None):
    """Run the side effects of every publication whose time has come and that has not had them.

    Idempotent: each article is claimed under its row lock, so two runs at once, or a run after
    downtime, announce each publication exactly once.
    """
    now = now or timezone.now()
    announced = []
    due = Article.objects.live(now).filter(announced_at__isnull=True).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            fresh = (
                Article.objects.select_for_update().filter(pk=pk, announced_at__isnull=True).first()
            )
            if fresh is None or not fresh.is_live(now):
                continue
            fresh.announced_at = now
            fresh.save(update_fields=["announced_at"])
            event = WorkflowEvent.objects.create(
                article=fresh,
                action="announce",
                from_status=fresh.status,
                to_status=fresh.status,
                comment=f"Went live at {timezone.localtime(fresh.publish_at):%Y-%m-%d %H:%M}",
            )
            transaction.on_commit(lambda event=event: notifications.send(event))
            announced.append(fresh)
    return announced
