"""Content changes around the workflow: recording edits, working copies of live articles,
restoring old revisions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from prospect.slugs import unique_slug

from .. import permissions
from ..models import Article, ArticleRevision, Byline, bylines_of
from ..models.content import article_content_fields
from .pipeline import Action, record
from .pipeline import locked as _locked
from .pipeline import refresh as _refresh
from .rules import InvalidTransition, S
from .transitions import take_off_schedule
from .updates import copy_public_notes


@transaction.atomic
def record_edit(article, *, by, message="Edited"):
    """After someone saves content: record the revision, and void an approval it outdated."""
    revision = ArticleRevision.capture(article, by=by, message=message)
    fresh = _locked(article)
    approved = fresh.approved_revision
    outdated = approved is None or approved.content_hash != revision.content_hash
    if outdated and void_approval(
        fresh, by=by, reason="The content changed after approval.", revision=revision
    ):
        _refresh(article, fresh)
    return revision


def void_approval(fresh, *, by, reason, revision=None):
    """The one way content changes undo an approval; ``fresh`` is locked by the caller.

    An approved article goes back to review. A scheduled one has not gone out yet, so it is taken
    off the schedule and goes back to review too: an embargo never publishes unreviewed content.
    A live article is what readers already see; nothing is voided. Returns whether it voided.
    """
    from_status = fresh.status
    if fresh.status == S.PUBLISHED and not fresh.is_live():
        take_off_schedule(fresh)
    elif fresh.status != S.APPROVED:
        return False
    fresh.status = S.IN_REVIEW
    fresh.approved_revision = fresh.approved_by = None
    fresh.save()
    record(fresh, Action.APPROVAL_VOIDED, by=by, from_status=from_status, comment=reason,
           revision=revision)  # fmt: skip
    return True


@transaction.atomic
def picture_changed(picture, *, by):
    """A library picture's content changed: every approved or scheduled article showing it loses
    its approval (readers would see something nobody approved). Returns those articles."""
    voided = []
    for pk in list(Article.objects.filter(lead_image=picture).values_list("pk", flat=True)):
        article = Article.objects.filter(pk=pk).first()
        if article is None:
            continue  # an update folded into its article while locking an earlier one
        fresh = _locked(article)
        revision = ArticleRevision.capture(fresh, by=by, message="Lead picture changed")
        if void_approval(
            fresh, by=by, reason="Its lead picture changed after approval.", revision=revision
        ):
            voided.append(fresh)
    return voided


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
            apply_revision(existing, from_revision, by=by)
            record_edit(existing, by=by, message=f"Restored revision {from_revision.pk}")
        return existing
    copy = Article(
        working_copy_of=fresh,
        translation_key=fresh.translation_key,
        featured=fresh.featured,
        created_by=by,
        updated_by=by,
        **{name: getattr(fresh, name) for name in article_content_fields() if name != "slug"},
    )
    copy.slug = unique_slug(copy, f"{fresh.slug[:200]} next", fallback="working-copy")
    copy.save()
    Byline.copy_all(fresh, copy)
    copy.tags.set(list(fresh.tags.all()))
    copy_public_notes(fresh, copy)
    if from_revision is not None:
        apply_revision(copy, from_revision, by=by)
    ArticleRevision.capture(copy, by=by, message="Working copy started")
    record(fresh, Action.WORKING_COPY_STARTED, by=by)
    return copy


def apply_revision(article, revision, *, by):
    """Write a revision's content onto ``article`` (a draft or working copy), as ``by``'s edit.

    Restoring is an edit like any other: the person restoring becomes the article's latest
    editor, so four-eyes counts them. A working copy keeps the live article's frozen bio lines:
    what was printed on the day of publication is never rewritten by an older revision.
    """
    data = revision.data
    for name in article_content_fields():
        if name == "slug" and article.is_working_copy:
            continue  # the address is the live article's
        value = data.get(name)
        field = Article._meta.get_field(name.removesuffix("_id"))
        gone = field.is_relation and not field.related_model.objects.filter(pk=value).exists()
        if value is not None and gone:
            value = None  # a series or picture deleted since
        if value is None and not field.null:
            continue  # required, and the revision has none: keep the current value
        setattr(article, name, value)
    article.updated_by = by
    article.save()
    frozen = {}
    if article.is_working_copy:
        frozen = dict(
            Byline.objects.filter(article_id=article.working_copy_of_id).values_list(
                "author_id", "bio_line"
            )
        )
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=b["author_id"], position=b["position"],
               role=b["role"], bio_line=frozen.get(b["author_id"]) or b["bio_line"])
        for b in bylines_of(data)
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
    apply_revision(article, revision, by=by)
    record_edit(article, by=by, message=f"Restored revision {revision.pk}")
    return article
