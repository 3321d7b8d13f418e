"""Related commentaries: chosen when an article is published, not on every page view.

Choosing them means counting shared topics and authors across the archive (a join with COUNT
DISTINCT), which is the slowest query an article page would otherwise make. It only changes when
something is published, so publication stores the candidates on the article, and refreshes the
candidates of the articles it chose (so they can list the newcomer too). Visibility is still
decided at query time: the page shows the stored candidates that are live now, so a withdrawn
one drops out at once and a scheduled one appears when its time comes.
"""

from functools import wraps

from django.db.models import Count, Q

from prospect import fragments

from .models import Article, Status

SHOWN = 3
# Stored beyond what is shown, so a withdrawal or two still leaves a full list.
STORED = 6


def candidates(article):
    """Published articles (live or scheduled) sharing the most topics and authors with
    ``article``; an author counts double. Ids, best first."""
    tag_ids = list(article.tags.values_list("pk", flat=True))
    author_ids = list(article.bylines.values_list("author_id", flat=True))
    if not tag_ids and not author_ids:
        return []
    shared = Q(tags__in=tag_ids) | Q(bylines__author__in=author_ids)
    return list(
        Article.objects.filter(status=Status.PUBLISHED, working_copy_of__isnull=True)
        .exclude(pk=article.pk)
        .filter(shared)
        .annotate(
            score=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
            + 2 * Count("bylines", filter=Q(bylines__author__in=author_ids), distinct=True)
        )
        .order_by("-score", "-publish_at", "-pk")
        .values_list("pk", flat=True)[:STORED]
    )


def store(article):
    """Choose and store ``article``'s candidates, then refresh those of the articles chosen."""
    chosen = candidates(article)
    Article.objects.filter(pk=article.pk).update(related_ids=chosen)
    article.related_ids = chosen
    for other in Article.objects.filter(pk__in=chosen):
        Article.objects.filter(pk=other.pk).update(related_ids=candidates(other))
    # Written without signals: their kept pages (prospect/fragments.py) must hear of it.
    for pk, slug in Article.objects.filter(pk__in=[article.pk, *chosen]).values_list("pk", "slug"):
        fragments.bump(f"article#{pk}", f"article:{slug}")


def stored_after(publish):
    """Decorate the publication step: the published article's candidates are stored with it."""

    @wraps(publish)
    def wrapped(*args, **kwargs):
        published = publish(*args, **kwargs)
        store(published)
        return published

    return wrapped


def shown(article):
    """The stored candidates that are live now, best first: one query."""
    return shown_among(article.related_ids or [])


def shown_among(ids):
    """Those of the candidates ``ids`` that are live now, best first: one query."""
    if not ids:
        return []
    found = Article.objects.live().filter(pk__in=ids).select_related("series").in_bulk()
    return [found[pk] for pk in ids if pk in found][:SHOWN]
