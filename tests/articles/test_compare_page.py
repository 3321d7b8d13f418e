"""The compare page: any two revisions, old or odd, compare in words and never fail."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import ArticleRevision
from authors.merge import merge
from tests.factories import make_author, make_picture, make_ready_article, make_series

pytestmark = pytest.mark.django_db


def compare_page(client, article, **params):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return client.get(url, params)


def test_revisions_naming_a_deleted_series_picture_and_merged_author_still_compare(client, team):
    old_series, duplicate = make_series("Old series"), make_author("H. Tokuchi", title="Fellow")
    old_picture = make_picture(title="Old harbour")
    article = make_ready_article(series=old_series, authors=[duplicate], lead_image=old_picture)
    workflow.record_edit(article, by=team.editor)
    first = article.revisions.latest()
    article.series, article.lead_image = make_series("New series"), make_picture(title="New one")
    article.save()
    workflow.record_edit(article, by=team.editor)
    old_series.delete()
    old_picture.delete()
    merge(make_author("Hideshi Tokuchi", title="President"), duplicate)

    client.force_login(team.editor)
    response = compare_page(client, article, a=first.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "a deleted series → New series" in html
    assert "a deleted picture → “New one”" in html
    assert "H. Tokuchi" not in html and "Removed" not in html  # the merge is no change


def test_a_revision_with_missing_or_odd_parts_compares_without_failing(client, team):
    article = make_ready_article()
    odd = ArticleRevision.objects.create(
        article=article,
        article_version=1,
        content_hash="x",
        data={
            "title": "Old",
            "series_id": "not a number",
            "bylines": [{"author_id": 999999, "position": 0}],
            "notes": [{"kind": "correction"}, {"kind": "something_retired", "body": "Gone."}],
            "picture": {"alt_text": "Only this"},
        },
    )
    client.force_login(team.editor)
    response = compare_page(client, article, a=odd.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Correction of an unknown date removed" in html
    assert "Something retired of" in html and "something_retired" not in html


def test_revisions_picked_the_wrong_way_round_are_compared_earlier_first(client, team):
    article = make_ready_article("First title")
    workflow.record_edit(article, by=team.editor)
    article.title = "Second title"
    article.save()
    workflow.record_edit(article, by=team.editor)
    older, newer = article.revisions.order_by("created_at", "pk")
    client.force_login(team.editor)
    html = compare_page(client, article, a=newer.pk, b=older.pk).content.decode()
    assert f"Revision {older.pk} → revision {newer.pk}" in html
    assert "<del>First</del> <ins>Second</ins> title" in html


def test_a_working_copy_and_its_live_article_differ_by_what_was_edited_only(client, team):
    article = make_ready_article(status="published")
    copy = workflow.start_working_copy(article, by=team.editor)
    copy.summary = "A sharper summary."
    copy.save()
    workflow.record_edit(copy, by=team.editor)
    client.force_login(team.editor)
    html = compare_page(client, copy, live=1).content.decode()
    assert "Live version → working copy" in html
    assert copy.slug not in html.split("Unchanged:")[0]
    assert '<h3 id="change-1">Summary</h3>' in html
    assert "Address" in html.split("Unchanged:")[1]
    first = copy.revisions.order_by("created_at", "pk").first()
    html = compare_page(client, copy, a=first.pk).content.decode()
    assert copy.slug not in html


def test_unknown_revisions_lead_back_to_the_history_with_a_message(client, team):
    article = make_ready_article()
    client.force_login(team.editor)
    response = compare_page(client, article, a="abc")
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_revisions", args=[article.pk])
    other = make_ready_article()
    workflow.record_edit(other, by=team.editor)
    response = compare_page(client, article, a=other.revisions.latest().pk)
    assert response.status_code == 302  # another article's revision is not this one's
