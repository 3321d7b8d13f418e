"""Publishing changes to a live article: its working copy goes out now, or at a set time.

A scheduled update behaves exactly like a first publication. The copy holds the article's public
notes from the start (the Editor's Note and every correction, edited and added in one place, the
copy's form, and reviewed with the rest). At scheduling it is made complete as readers will see
it — the article's address and number, frozen bio lines, new corrections dated the moment they
go out — and is published for ``at`` while the live article is marked superseded at ``at``.
``Article.objects.live()`` then answers with the old text until ``at`` and with the update from
``at`` on, by query time, with no job having to run. Afterwards (``publish_due``, or the next
workflow step on the article) the copy is folded into the article, which keeps its identity.
"""

from django.utils import timezone

from ..models import Article, ArticleRevision, Byline, EditorNote
from ..models.content import article_content_fields
from .pipeline import Action, record
from .rules import InvalidTransition, S


def schedule_update(copy, *, by, at):
    """Publish the working copy ``copy`` (locked, approved) at ``at``; fold it at once if due."""
    live = Article.objects.select_for_update().get(pk=copy.working_copy_of_id)
    if live.status != S.PUBLISHED:
        raise InvalidTransition("The original is no longer published; this copy cannot go live.")
    from_status = copy.status
    copy.status = S.PUBLISHED
    copy.slug, copy.number = live.slug, live.number
    copy.first_published_at = live.first_published_at
    copy.publish_at = copy.last_published_at = at
    copy.announced_at = None
    for byline in copy.bylines.select_related("author"):
        if not byline.bio_line:  # new authors: their line on the day the update goes out
            byline.freeze_bio_line(timezone.localdate(at))
            byline.save(update_fields=["bio_line"])
    _date_new_corrections(live, copy, at)
    copy.save()
    Article.objects.filter(pk=live.pk).update(superseded_at=at)
    message = f"Update scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M}"
    revision = ArticleRevision.capture(copy, by=by, message=message)
    if copy.approved_revision_id is not None:
        # Giving the copy the article's address, frozen lines and notes is the workflow's own
        # step, not an edit: the approval checked just before carries over.
        copy.approved_revision = revision
        Article.objects.filter(pk=copy.pk).update(approved_revision=revision)
    if at > timezone.now():
        record(copy, Action.PUBLISH, by=by, from_status=from_status, revision=revision)
        return copy
    return fold_update(copy, by=by)


def cancel_update(copy):
    """Take a scheduled update back to an approved working copy; the article stays as it is."""
    Article.objects.filter(pk=copy.working_copy_of_id).update(superseded_at=None)
    copy.number = copy.first_published_at = None
    copy.publish_at = copy.last_published_at = None


def fold_update(copy, *, by=None, comment=""):
    """The update is public: move it into the live article and retire the copy, keeping its
    history, so the article keeps its identity (id, links, preview links, audit trail)."""
    live = Article.objects.select_for_update().get(pk=copy.working_copy_of_id)
    moved = [name for name in article_content_fields() if name != "slug"]
    for name in [*moved, "featured", "updated_by_id", "submitted_by_id", "approved_by_id",
                 "approved_revision_id"]:  # fmt: skip
        setattr(live, name, getattr(copy, name))
    live.last_published_at = copy.publish_at
    live.superseded_at = None
    live.bylines.all().delete()
    Byline.copy_all(copy, live)
    live.tags.set(list(copy.tags.all()))
    # The copy holds every public note (the live ones were brought over at scheduling).
    live.notes.public().delete()
    for related in (copy.notes, copy.revisions, copy.events, copy.preview_links):
        related.update(article=live)
    copy.delete()
    live.save()
    record(live, Action.PUBLISH_CHANGES, by=by, from_status=S.APPROVED, comment=comment,
           message="Published changes")  # fmt: skip
    return live


def settle_due_update(article, now=None):
    """Fold ``article``'s update if its time has come; returns the article as it now is."""
    copy = Article.objects.filter(working_copy_of=article, status=S.PUBLISHED).first()
    if copy is None or copy.publish_at > (now or timezone.now()):
        return article
    return fold_update(Article.objects.select_for_update().get(pk=copy.pk))


def copy_public_notes(live, copy):
    """A new working copy shows the article's Editor's Note and corrections as they are, with
    their dates, so they are changed (and a correction added) in the copy, under review."""
    EditorNote.objects.bulk_create(
        EditorNote(article=copy, kind=n.kind, body=n.body, author_id=n.author_id,
                   created_at=n.created_at)
        for n in live.notes.public()
    )  # fmt: skip


def _date_new_corrections(live, copy, at):
    """A correction written in the copy is dated when readers first see it; those the article
    already printed keep their dates."""
    printed = {(n.body, n.created_at) for n in live.notes.public().filter(kind="correction")}
    for note in copy.notes.public().filter(kind=EditorNote.Kind.CORRECTION):
        if (note.body, note.created_at) not in printed:
            note.created_at = at
            note.save(update_fields=["created_at"])
