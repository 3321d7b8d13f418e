"""Which writes change what the public sees, and when the site changes by itself.

``PUBLIC_MODELS`` is the one receiver list for the public content stamp (prospect/stamp.py):
every model a public page, feed, sitemap or citation shows, each with the rule that says whether
a given row is public. A write to a public row replaces the stamp; a write to a draft's row does
not (the stamp would otherwise leak editorial activity through Last-Modified and ETag).
``tests/test_freshness.py`` proves the list complete by rendering every public page type and
checking every table its queries read.
"""

import datetime

from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import Tag

from authors.models import (
    Affiliation,
    Author,
    AuthorExpertise,
    AuthorLink,
    AuthorRedirect,
    Organization,
)
from prospect import fragments, stamp
from prospect.images.models import ImageCredit

from .models import Article, Byline, EditorNote, Series, TaggedArticle


def _seen_by_public(articles):
    """Live or withdrawn (a withdrawn article answers 410 with its title)."""
    return articles.filter(Q(pk__in=Article.objects.live()) | Q(pk__in=Article.objects.withdrawn()))


def _article_is_public(article_id):
    # One primary-key lookup: the IN (live) form of _seen_by_public makes PostgreSQL read the
    # whole live set (~15 ms with 10,000 commentaries) for every byline and note written.
    articles = Article.objects.filter(pk=article_id)
    return (articles.live() | articles.withdrawn()).exists()


def _article(article):
    return (
        article.is_live() or article.status == "withdrawn" or getattr(article, "_was_public", False)
    )


def _topic_is_public(tag):
    """A topic is seen through live or withdrawn articles and authors' expertise; one that only
    drafts use is nobody's business yet."""
    return (
        _seen_by_public(Article.objects.filter(tags=tag)).exists()
        or AuthorExpertise.objects.filter(tag=tag).exists()
    )


def _always(instance):
    return True


PUBLIC_MODELS = {
    Article: _article,
    Byline: lambda byline: _article_is_public(byline.article_id),
    EditorNote: lambda note: (
        note.kind != EditorNote.Kind.INTERNAL and _article_is_public(note.article_id)
    ),
    TaggedArticle: lambda tagged: _article_is_public(tagged.content_object_id),
    Tag: _topic_is_public,
    Series: _always,
    Author: _always,
    AuthorExpertise: _always,
    AuthorLink: _always,
    AuthorRedirect: _always,
    Organization: _always,
    Affiliation: _always,
    ImageCredit: _always,
}


# What each public write makes outdated among the rendered fragments (prospect/fragments.py).
def _article_names(article_id, slug=None):
    slug = slug or Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
    return ["articles", f"article#{article_id}", *([f"article:{slug}"] if slug else [])]


def _article_and_translations(article):
    """An article's own names, its old address's, and those of its other language versions,
    whose pages link to it by address (translation link, hreflang)."""
    names = _article_names(article.pk, article.slug)
    if getattr(article, "_old_slug", None):
        names.append(f"article:{article._old_slug}")
    partners = Article.objects.filter(translation_key=article.translation_key).exclude(
        pk=article.pk
    )
    for pk, slug in partners.values_list("pk", "slug"):
        names += [f"article#{pk}", f"article:{slug}"]
    return names


FRAGMENT_NAMES = {
    Article: _article_and_translations,
    Byline: lambda byline: _article_names(byline.article_id),
    EditorNote: lambda note: _article_names(note.article_id),
    TaggedArticle: lambda tagged: _article_names(tagged.content_object_id),
    Tag: lambda tag: ["topics"],
    Series: lambda series: ["series"],
    Author: lambda author: ["people"],
    AuthorExpertise: lambda expertise: ["people"],
    AuthorLink: lambda link: ["people"],
    AuthorRedirect: lambda redirect: ["people"],
    Organization: lambda organization: ["people"],
    Affiliation: lambda affiliation: ["people"],
    ImageCredit: lambda picture: ["pictures"],
}  # fmt: skip


def _remember_if_public(sender, instance, **kwargs):
    """A live article leaving public view (re-scheduled, say) is a public change too, and a
    renamed one leaves its old address."""
    instance._was_public = bool(instance.pk) and _article_is_public(instance.pk)
    if instance.pk:
        old = Article.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._old_slug = old if old != instance.slug else None


def _changed(sender, instance, update_fields=None, **kwargs):
    if sender is Series and update_fields is not None and set(update_fields) <= BOOKKEEPING:
        return  # the next number to give is nobody's business
    if PUBLIC_MODELS[sender](instance):
        stamp.replace()
        fragments.bump(*FRAGMENT_NAMES[sender](instance))
    elif sender is Article and instance.status == "published":
        stamp.reschedule()  # a scheduled article: nothing visible yet, but its time is news
        if instance.working_copy_of_id:  # a scheduled update: its article's page ends then
            fragments.bump(f"article:{instance.slug}", f"article#{instance.working_copy_of_id}")


# Series fields written by the workflow that no page shows.
BOOKKEEPING = {"next_number"}


def connect():
    pre_save.connect(_remember_if_public, sender=Article, dispatch_uid="freshness-pre")
    for model in PUBLIC_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"freshness-{model._meta.label}")


# --- the site's own clock ----------------------------------------------------------------

CLOCK_KINDS = ("articles", "pictures", "people")


def _first(queryset, field, descending=False):
    order = f"-{field}" if descending else field
    return queryset.filter(**{f"{field}__isnull": False}).order_by(order).values(field)[:1]


def schedule(now):
    """(latest, next, latest per kind) moments at which public pages change with no write, as
    epoch seconds.

    Scheduled publication (kind "articles"), picture rights expiring ("pictures": a picture is
    shown through its expiry date), affiliations starting and ending ("people": current bio
    lines). The kinds let a fragment (prospect/fragments.py) depend only on the clocks of what it
    shows. One query.
    """
    moment = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    today = timezone.localdate(moment)
    day = datetime.timedelta(days=1)
    images, jobs = ImageCredit.objects.all(), Affiliation.objects.all()
    # (kind, queryset, shift from the stored date to the moment of change, is it the "next" part)
    parts = [
        ("articles", _first(Article.objects.scheduled(moment), "publish_at"), None, True),
        ("articles", _first(Article.objects.live(moment), "publish_at", True), None, False),
        ("pictures", _first(images.filter(rights_expire_on__gte=today), "rights_expire_on"), day,
         True),
        ("pictures", _first(images.filter(rights_expire_on__lt=today), "rights_expire_on", True),
         day, False),
        ("people", _first(jobs.filter(start_date__gt=today), "start_date"), None, True),
        ("people", _first(jobs.filter(start_date__lte=today), "start_date", True), None, False),
        ("people", _first(jobs.filter(end_date__gte=today), "end_date"), day, True),
        ("people", _first(jobs.filter(end_date__lt=today), "end_date", True), day, False),
    ]  # fmt: skip
    row = _one_row([queryset for _kind, queryset, _shift, _next in parts])
    upcoming = float("inf")
    latest = dict.fromkeys(CLOCK_KINDS, 0.0)
    for (kind, _queryset, shift, is_next), value in zip(parts, row, strict=True):
        if value is None:
            continue
        when = _moment(value, shift)
        if is_next:
            upcoming = min(upcoming, when)
        else:
            latest[kind] = max(latest[kind], when)
    return max(latest.values()), upcoming, latest


def _one_row(querysets):
    sql, params = [], []
    for queryset in querysets:
        text, query_params = queryset.query.sql_with_params()
        sql.append(f"({text})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(sql), params)
        return cursor.fetchone()


def _moment(value, shift):
    """Epoch seconds of a stored datetime, or of local midnight starting a stored date+shift."""
    if isinstance(value, str):  # SQLite answers a raw cursor in text
        value = (
            datetime.datetime.fromisoformat(value)
            if len(value) > 10
            else datetime.date.fromisoformat(value)
        )
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=datetime.UTC)
        return value.timestamp()
    value = value + shift if shift else value
    start = datetime.datetime.combine(value, datetime.time.min)
    return timezone.make_aware(start).timestamp()
