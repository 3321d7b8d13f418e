"""Content changes around the workflow: recording edits, working copies of live articles,
restoring old revisions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from prospect.slugs import unique_slug

from .. import permissions
from ..models import Article, ArticleRevision, Byline, WorkflowEvent
from .rules import InvalidTransition, S
from .transitions import _locked, _refresh


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
        WorkflowEvent.record(
            fresh, "approval_voided", by=by, from_status=S.APPROVED,
            comment="The content changed after approval.", revision=revision,
        )  # fmt: skip
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
        summary=fresh.summary,
        body=fresh.body,
        lead_image=fresh.lead_image,
        language=fresh.language,
        translation_key=fresh.translation_key,
        featured=fresh.featured,
        created_by=by,
        updated_by=by,
    )
    copy.slug = unique_slug(copy, f"{fresh.slug[:200]} next", fallback="working-copy")
    copy.save()
    Byline.copy_all(fresh, copy)
    copy.tags.set(list(fresh.tags.all()))
    if from_revision is not None:
        apply_revision(copy, from_revision)
    ArticleRevision.capture(copy, by=by, message="Working copy started")
    WorkflowEvent.record(fresh, "working_copy_started", by=by)
    return copy


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
