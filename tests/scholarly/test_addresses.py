"""Old addresses never break: old-site paths and earlier slugs answer 301 to the commentary."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles import workflow
from articles.models import Article, ArticleRevision, LegacyAddress
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_old_site_addresses_answer_301_to_the_commentary(client):
    english = make_article("Japan and Taiwan", status="published")
    chinese = make_article("日本與台灣", language="zh-hant", status="published",
                           translation_key=english.translation_key)  # fmt: skip
    LegacyAddress.objects.create(article=english, path="/en/pfen/33-11787.html")
    LegacyAddress.objects.create(article=chinese, path="https://www.pf.org.tw/tw/pfch/20-7230.html")
    response = client.get("/en/pfen/33-11787.html")
    assert response.status_code == 301 and response["Location"] == english.canonical_path()
    response = client.get("/tw/pfch/20-7230.html")
    assert response.status_code == 301 and response["Location"] == chinese.canonical_path()
    assert client.get("/en/pfen/99-1.html").status_code == 404
    for junk in ("/en/%00.html", "/" + "x" * 600, "/en/%0A.html"):  # never reach the database
        assert client.get(junk).status_code == 404


def test_old_address_of_a_hidden_commentary_stays_404(client):
    for status in ("draft", "scheduled", "withdrawn"):
        article = make_article(f"Hidden {status}", status=status)
        LegacyAddress.objects.create(article=article, path=f"/en/pfen/{status}.html")
        assert client.get(f"/en/pfen/{status}.html").status_code == 404


def test_an_earlier_slug_answers_301_to_the_current_address(client):
    article = make_article("First title", status="published")
    ArticleRevision.capture(article)  # the revision remembers the slug "first-title"
    Article.objects.filter(pk=article.pk).update(slug="better-title")
    response = client.get("/articles/first-title/")
    assert response.status_code == 301 and response["Location"] == "/articles/better-title/"
    workflow.withdraw(Article.objects.get(pk=article.pk))
    assert client.get("/articles/first-title/").status_code == 404


def test_import_keeps_legacy_urls(client, seed_path):
    call_command("import_commentary", str(seed_path), "--publish-date", "2024-02-01",
                 "--legacy-url", "https://www.pf.org.tw/en/pfen/33-11787.html",
                 "--legacy-url", "/tw/pfch/20-7230.html", stdout=StringIO())  # fmt: skip
    article = Article.objects.get()
    assert sorted(article.legacy_addresses.values_list("path", flat=True)) == [
        "/en/pfen/33-11787.html", "/tw/pfch/20-7230.html"]  # fmt: skip
    assert client.get("/en/pfen/33-11787.html")["Location"] == article.canonical_path()


def test_import_refuses_an_old_address_that_leads_elsewhere(seed_path):
    other = make_article("Other")
    LegacyAddress.objects.create(article=other, path="/en/pfen/33-11787.html")
    with pytest.raises(CommandError):
        call_command("import_commentary", str(seed_path), "--legacy-url",
                     "/en/pfen/33-11787.html", stdout=StringIO(), stderr=StringIO())  # fmt: skip
    assert not Article.objects.exclude(pk=other.pk).exists()  # nothing of it was written


def test_editor_adds_an_old_address_in_the_admin(client, team):
    from tests.articles.admin_helpers import change_url, form_data
    from tests.factories import make_author

    article = make_article("Draft one", authors=[make_author("Ann Author")], tags=["Japan"])
    client.force_login(team.editor)
    data = form_data(article)
    old_address = "https://www.pf.org.tw/en/pfen/33-11787.html"
    data.update({"legacy_addresses-TOTAL_FORMS": "1", "legacy_addresses-0-path": old_address})
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.legacy_addresses.values_list("path", flat=True)) == [
        "/en/pfen/33-11787.html"
    ]


def test_old_address_form_is_offered_on_a_live_commentary(client, team):
    article = make_article("Live one", status="published")
    client.force_login(team.managing)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="legacy_addresses-TOTAL_FORMS"' in html
