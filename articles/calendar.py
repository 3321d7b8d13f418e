"""The editorial calendar: a month of scheduled and recent publications, day by day.

The month is the newsroom's (``TIME_ZONE``): an article published at 00:30 in Taipei belongs to
that day even though it is the previous day in UTC. What a person sees is what they could see
elsewhere: every live article (the public sees it too), and the scheduled ones the article rules
let them see.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from . import permissions
from .models import Article, Byline, Series

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    today: bool
    articles: list = field(default_factory=list)


def parse_month(value, today):
    """``YYYY-MM`` → the month's first day; anything else is this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def publications(user, first, series=None, now=None):
    """The month's live and (visible) scheduled articles, oldest first, in one query plus one
    for their bylines."""
    now = now or timezone.now()
    shown = Article.objects.live(now) | permissions.visible_articles(user).scheduled(now)
    shown = shown.filter(
        publish_at__gte=_local_midnight(first), publish_at__lt=_local_midnight(shift(first, 1))
    )
    if series is not None:
        shown = shown.filter(series=series)
    bylines = Byline.objects.select_related("author").order_by("position", "pk")
    return list(
        shown.select_related("series")
        .prefetch_related(Prefetch("bylines", queryset=bylines))
        .order_by("publish_at", "pk")
    )


def month(user, first, series=None, now=None):
    """Weeks (Monday first) of Days, each with its articles; ``article.scheduled`` marks those
    not yet public."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_day = {}
    for article in publications(user, first, series, now):
        article.scheduled = article.publish_at > now
        by_day.setdefault(timezone.localdate(article.publish_at), []).append(article)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [Day(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week]
        for week in weeks
    ]


def series_choices():
    return list(Series.objects.order_by("name"))
