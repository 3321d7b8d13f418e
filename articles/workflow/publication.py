"""What happens once when an article is first published, and when its time comes."""

from django.db import transaction
from django.utils import timezone

from ..models import Article, EditorNote, Series
from .pipeline import Action, record
from .updates import settle_due_update


def assign_number(article):
    """Give the article the series' next number, once; numbers are never reused."""
    series = Series.objects.select_for_update().get(pk=article.series_id)
    if article.number is None:
        # Working copies carry their article's number: the originals (the partial unique
        # index on series and number) say which is the highest.
        taken = Article.objects.filter(
            series=series, number__isnull=False, working_copy_of__isnull=True
        )
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
    due = Article.objects.live(now).filter(announced_at__isnull=True)
    for pk, original in list(due.values_list("pk", "working_copy_of")):
        with transaction.atomic():
            if original is not None:  # a scheduled update: it becomes part of its article
                live = Article.objects.select_for_update().filter(pk=original).first()
                if live is not None and live.superseded_at is not None:
                    announced.append(settle_due_update(live, now))
                continue
            fresh = (
                Article.objects.select_for_update().filter(pk=pk, announced_at__isnull=True).first()
            )
            if fresh is None or not fresh.is_live(now):
                continue
            fresh.announced_at = now
            fresh.save(update_fields=["announced_at"])
            went_live = timezone.localtime(fresh.publish_at)
            record(fresh, Action.ANNOUNCE, by=None,
                   comment=f"Went live at {went_live:%Y-%m-%d %H:%M}")  # fmt: skip
            announced.append(fresh)
    return announced
