"""Merging two records of the same person, as imports tend to create them."""

from django.db import transaction

from .models import Affiliation, Author, AuthorRedirect

FILLABLE = [
    "other_script_name", "honorific", "portrait_id", "short_bio", "long_bio", "website", "orcid",
    "user_id", "bio_reviewed_on",
]  # fmt: skip


def history_weight(author):
    """How much of the record's history a merge would otherwise move: bylines, then affiliations,
    then age (the older record is usually the one readers' links point at)."""
    return (author.bylines.count(), author.affiliations.count(), -author.pk)


def keep_first(authors):
    """The two records, the one to keep by default first: the one with more history."""
    return sorted(authors, key=history_weight, reverse=True)


@transaction.atomic
def merge(keep, duplicate):
    """Move everything of ``duplicate`` to ``keep`` and delete it; its URL redirects to ``keep``.

    Bylines, affiliations, links and expertise move; blank fields of ``keep`` are filled from
    ``duplicate``. Where both were bylined on one article, the duplicate byline is dropped.
    """
    if keep.pk == duplicate.pk:
        raise ValueError("An author cannot be merged into themselves.")
    keep = Author.objects.select_for_update().get(pk=keep.pk)
    duplicate = Author.objects.select_for_update().get(pk=duplicate.pk)
    both = keep.bylines.values("article")
    duplicate.bylines.filter(article__in=both).delete()
    duplicate.bylines.update(author=keep)
    for affiliation in duplicate.affiliations.all():
        twin = keep.affiliations.filter(
            organization=affiliation.organization, title=affiliation.title
        ).exists()
        if twin:
            affiliation.delete()
        else:
            Affiliation.objects.filter(pk=affiliation.pk).update(author=keep)
    kept_urls = set(keep.links.values_list("url", flat=True))
    duplicate.links.exclude(url__in=kept_urls).update(author=keep)
    keep.expertise.add(*duplicate.expertise.all())
    for field in FILLABLE:
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    if duplicate.user_id:  # a staff account belongs to one author only
        Author.objects.filter(pk=duplicate.pk).update(user=None)
    duplicate.redirects.update(author=keep)
    AuthorRedirect.objects.create(old_slug=duplicate.slug, old_author_id=duplicate.pk, author=keep)
    duplicate.delete()
    keep.record_related()  # the moved expertise and links show in the kept record's history
    keep.save()
    return keep
