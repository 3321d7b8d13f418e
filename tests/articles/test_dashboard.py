"""The editor's dashboard and the editorial calendar."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from tests.factories import make_article, make_author, make_ready_article, make_series


def _dashboard(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("admin:index")).content.decode()
    return html, len(queries)


def test_dashboard_offers_new_commentary_to_those_who_may_add_articles(client, team):
    html, _ = _dashboard(client, team.contributor)
    assert f'href="{reverse("admin:articles_article_add")}"' in html
    assert ">New commentary<" in html
    html, _ = _dashboard(client, team.bio)
    assert ">New commentary<" not in html


def test_review_queue_shows_authors_series_waiting_time_and_who_it_waits_on(client, team):
    series = make_series("Prospects & Perspectives")
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=3)):
        article = make_article("Queued piece", series=series, authors=[make_author("Ana Ruiz")],
                               created_by=team.contributor)  # fmt: skip
        workflow.submit(article, by=team.editor2)
    html, _ = _dashboard(client, team.editor)
    queue = html.split("Awaiting my review", 1)[1].split("</section>", 1)[0]
    assert (
        "Queued piece" in queue and "Ana Ruiz" in queue and "Prospects &amp; Perspectives" in queue
    )
    assert "3\xa0hours" in queue
    waits_on = re.search(r"<dt>Waits on</dt><dd>(.*?)</dd>", queue).group(1)
    # Four eyes: the submitter cannot approve their own submission, so it does not wait on them.
    assert "erin" in waits_on and "eddie" not in waits_on


def test_approved_article_waits_on_the_managing_editors(client, team):
    article = make_ready_article("Approved piece", created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    html, _ = _dashboard(client, team.managing)
    queue = html.split("Approved, ready to publish", 1)[1].split("</section>", 1)[0]
    assert "Approved piece" in queue
    assert re.search(r"<dt>Waits on</dt><dd>maya</dd>", queue)


def test_contributor_sees_whom_their_submission_waits_on(client, team):
    article = make_article("Mine in review", authors=[make_author()], created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    html, _ = _dashboard(client, team.contributor)
    queue = html.split("Submitted, in review", 1)[1].split("</section>", 1)[0]
    assert "Mine in review" in queue and "eddie" in queue and "erin" in queue


def _fill_queue(team, count):
    for _ in range(count):
        article = make_article(authors=[make_author(), make_author()], created_by=team.contributor)
        workflow.submit(article, by=team.contributor)
        approved = make_ready_article(created_by=team.contributor)
        workflow.submit(approved, by=team.contributor)
        workflow.approve(approved, by=team.editor)
        make_article(authors=[make_author()], status="published")
        make_article(authors=[make_author()], status="scheduled")


def test_dashboard_query_count_does_not_grow_with_the_queue(client, team):
    _fill_queue(team, 1)
    _, few = _dashboard(client, team.managing)
    _fill_queue(team, 5)
    html, many = _dashboard(client, team.managing)
    assert html.count("<dt>Waits on</dt>") == 12
    # Session, user and permissions, then per panel: its articles, its count and their bylines;
    # once for the page: who may approve and who may publish.
    assert many == few <= 23


# --- the calendar ------------------------------------------------------------------------


def _calendar(client, user, **params):
    client.force_login(user)
    return client.get(reverse("editorial_calendar"), params)


def test_calendar_is_for_editorial_staff_only(client, team):
    assert _calendar(client, team.bio).status_code == 403
    assert _calendar(client, team.contributor).status_code == 200
    client.logout()
    assert client.get(reverse("editorial_calendar")).status_code == 302


@time_machine.travel(datetime.datetime(2026, 11, 15, 4, tzinfo=datetime.UTC))
def test_calendar_shows_the_months_scheduled_and_published_articles_per_series(client, team):
    series, other = make_series("Prospects & Perspectives"), make_series("Briefs")
    now = timezone.now()
    make_article(
        "Out yesterday", series=series, status="published", at=now - datetime.timedelta(days=1)
    )
    make_article(
        "Coming soon", series=series, status="scheduled", at=now + datetime.timedelta(hours=2)
    )
    make_article(
        "Other series", series=other, status="published", at=now - datetime.timedelta(hours=2)
    )
    make_article("Still a draft", series=series)
    month = timezone.localdate(now).strftime("%Y-%m")
    html = _calendar(client, team.editor, month=month, series=series.pk).content.decode()
    assert "Coming soon" in html and "scheduled" in html
    assert "Other series" not in html and "Still a draft" not in html
    assert 'aria-current="date"' in html


def test_calendar_places_articles_on_the_newsrooms_day(client, team, settings):
    settings.TIME_ZONE = "Asia/Taipei"
    # 00:30 on 3 March in Taipei is still 2 March in UTC.
    at = datetime.datetime(2026, 3, 2, 16, 30, tzinfo=datetime.UTC)
    make_article("Just after midnight", status="published", at=at)
    html = _calendar(client, team.editor, month="2026-03").content.decode()
    cell = re.search(r'<time datetime="2026-03-03">.*?</td>', html, re.S).group(0)
    assert "Just after midnight" in cell


def test_contributor_calendar_hides_other_peoples_scheduled_articles(client, team):
    make_article("Someone else's plan", status="scheduled")
    html = _calendar(client, team.contributor).content.decode()
    assert "Someone else&#x27;s plan" not in html and "Someone else's plan" not in html


def test_calendar_previous_and_next_months_and_bad_month_falls_back(client, team):
    html = _calendar(client, team.editor, month="2026-01").content.decode()
    assert "?month=2025-12" in html and "?month=2026-02" in html
    assert _calendar(client, team.editor, month="2026-13").status_code == 200
    assert _calendar(client, team.editor, month="nonsense", series="x").status_code == 200


def test_calendar_query_count_is_constant(client, team):
    make_article(authors=[make_author()], status="published")
    client.force_login(team.editor)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("editorial_calendar"))
    for _ in range(6):
        make_article(authors=[make_author(), make_author()], status="published")
        make_article(authors=[make_author()], status="scheduled")
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("editorial_calendar")).content.decode()
    assert html.count('class="published"') + html.count('class="scheduled"') >= 7
    # Session, user and permissions, the series for the filter, the month's articles, their bylines.
    assert len(many) == len(few) <= 7


@pytest.mark.parametrize("value", ["2026-02", "1999-12"])
def test_calendar_month_parameter(client, team, value):
    assert _calendar(client, team.editor, month=value).status_code == 200
