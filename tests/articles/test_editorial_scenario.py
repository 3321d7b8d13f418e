"""The whole life of a commentary, through the admin as the people doing it would click."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_author, make_picture, make_series

from .admin_helpers import change_url, form_data, transition_url

pytestmark = pytest.mark.django_db

TITLE = "Promoting the Japan-Taiwan Partnership"
NEW_TITLE = "Promoting the Japan-Taiwan Partnership After the Election"


def public_pages(article, author, series):
    return [
        reverse("home"),
        reverse("articles:list"),
        series.get_absolute_url(),
        reverse("articles:topic", args=["japan"]),
        author.get_absolute_url(),
    ]


def shows(client, url, text):
    response = client.get(url)
    return response.status_code == 200 and text in response.content.decode()


def test_life_of_a_commentary(client, team, django_capture_on_commit_callbacks):
    series = make_series(
        "Prospects & Perspectives", editors_note="The views are those of the authors."
    )
    author = make_author("Hideshi Tokuchi", title="President")
    co_author = make_author("Jane Roe", title="Fellow")
    picture = make_picture(alt_text="Leaders meet", credit_source="日本台灣交流協會")

    # The contributor drafts and submits.
    client.force_login(team.contributor)
    draft = Article(series=series, title=TITLE, summary="Why the partnership matters.",
                    body="<p>The saying goes.</p>", lead_image=picture)  # fmt: skip
    data = form_data(draft, tags="Japan, Taiwan", bylines=[
        {"author": author.pk, "position": 0, "role": "author", "bio_line": ""},
        {"author": co_author.pk, "position": 1, "role": "co_author", "bio_line": ""},
    ])  # fmt: skip
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, _errors(response)
    article = Article.objects.get(title=TITLE)
    assert article.created_by == team.contributor and article.status == Status.DRAFT
    assert [b.author for b in article.ordered_bylines()] == [author, co_author]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(transition_url(article, "submit"))
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert {m.to[0] for m in mail.outbox} == {"erin@example.org", "eddie@example.org",
                                              "maya@example.org"}  # fmt: skip

    # An editor requests changes, with a reason the contributor receives and sees.
    mail.outbox.clear()
    client.force_login(team.editor)
    reason = "Please add a section on the U.S. election."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(transition_url(article, "request_changes"), {"comment": reason})
    article.refresh_from_db()
    assert article.status == Status.CHANGES_REQUESTED
    assert mail.outbox[0].to == ["carla@example.org"] and reason in mail.outbox[0].body
    client.force_login(team.contributor)
    assert reason in client.get(change_url(article)).content.decode()

    # The contributor revises and resubmits.
    body = "<p>The saying goes.</p><h2>Uncertainties</h2><p>The U.S. votes in November.</p>"
    response = client.post(change_url(article), form_data(article, body=body))
    assert response.status_code == 302
    client.post(transition_url(article, "submit"))
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and "<h2>Uncertainties</h2>" in article.body

    # A second editor approves what they read.
    client.force_login(team.editor2)
    client.post(transition_url(article, "approve"), {"revision": article.revisions.first().pk})
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.approved_by == team.editor2

    # The managing editor schedules it for an hour later.
    client.force_login(team.managing)
    at = timezone.localtime() + datetime.timedelta(hours=1)
    client.post(transition_url(article, "publish"), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.number == 1 and not article.is_live()

    client.logout()
    for url in [*public_pages(article, author, series)]:
        assert not shows(client, url, TITLE), url
    assert client.get(article.get_absolute_url()).status_code == 404

    with time_machine.travel(article.publish_at + datetime.timedelta(minutes=1), tick=True):
        for url in public_pages(article, author, series):
            assert shows(client, url, TITLE), url
        page = client.get(article.get_absolute_url()).content.decode()
        assert (
            "(Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS).)"
            in page
        )
        assert "The views are those of the authors." in page

        # A live edit is staged in a working copy, reviewed and published with a correction.
        client.force_login(team.contributor)
        response = client.post(reverse("admin:articles_article_working_copy", args=[article.pk]))
        copy = Article.objects.get(working_copy_of=article)
        assert response.url == change_url(copy)
        client.post(change_url(copy), form_data(copy, title=NEW_TITLE))
        # The correction is written where the rest is: in the copy's form, under review.
        client.force_login(team.editor)
        copy.refresh_from_db()
        client.post(change_url(copy), form_data(copy, **{
            "notes-TOTAL_FORMS": "1", "notes-0-kind": "correction",
            "notes-0-body": "The title was clarified.",
        }))  # fmt: skip
        assert copy.notes.filter(body="The title was clarified.").exists()
        client.force_login(team.contributor)
        client.post(transition_url(copy, "submit"))
        client.logout()
        assert shows(client, article.get_absolute_url(), TITLE)
        assert not shows(client, article.get_absolute_url(), NEW_TITLE)
        assert not shows(client, article.get_absolute_url(), "The title was clarified.")
        client.force_login(team.managing)
        client.post(transition_url(copy, "approve"))
        client.post(transition_url(copy, "publish"))
        client.logout()
        page = client.get(article.get_absolute_url()).content.decode()
        assert NEW_TITLE in page and "The title was clarified." in page

        # History shows every revision and a field diff.
        client.force_login(team.managing)
        history = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
        text = history.content.decode()
        for message in ["Created", "Edited", "Submit for review", "Request changes", "Approve",
                        "Scheduled for", "Working copy started", "Published changes"]:  # fmt: skip
            assert message in text, message
        first = article.revisions.order_by("created_at", "pk").first()
        diff = client.get(reverse("admin:articles_article_compare", args=[article.pk]),
                          {"a": first.pk}).content.decode()  # fmt: skip
        assert re.search(r"<ins>[^<]*After the Election</ins>", diff)

        # An old revision is restored as a draft: for a live article, into a working copy.
        client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
        restored = Article.objects.get(working_copy_of=article)
        assert restored.title == TITLE
        assert shows(client, article.get_absolute_url(), NEW_TITLE)

        # Finally it is withdrawn, and its address says so.
        client.post(transition_url(article, "withdraw"), {"comment": "Superseded."})
        client.logout()
        assert client.get(article.get_absolute_url()).status_code == 410
        for url in public_pages(article, author, series):
            assert not shows(client, url, NEW_TITLE), url


def _errors(response):
    context = response.context
    if not context or "adminform" not in context:
        return response.status_code
    formsets = [(f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
                for f in context["inline_admin_formsets"]]  # fmt: skip
    return context["adminform"].form.errors, formsets
