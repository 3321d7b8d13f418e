"""Every absolute address a public page shows comes from SITE_URL, never from the request.

A stranger choosing the Host or X-Forwarded-Proto header must not be able to put their own
address into a page that the cache then serves to every later reader.
"""

import pytest
from django.core import mail
from django.urls import reverse

from articles import workflow
from tests.factories import make_article, make_author, make_picture, make_ready_article

pytestmark = pytest.mark.django_db

HOSTILE = {"HTTP_HOST": "site:6666", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def live(settings):
    settings.ALLOWED_HOSTS = ["*"]  # a proxy that forwards any Host: the worst case
    settings.PAGE_CACHE_SECONDS = 600
    author = make_author("Ann Author")
    return make_article("Hosted", authors=[author], tags=["Japan"], status="published",
                        lead_image=make_picture(credit_source="Agency"))  # fmt: skip


def public_paths(article):
    author = article.bylines.first().author
    return [
        article.get_absolute_url(),
        reverse("articles:cite", args=[article.slug, "bib"]),
        reverse("articles:cite", args=[article.slug, "ris"]),
        reverse("articles:cite", args=[article.slug, "json"]),
        reverse("home"),
        reverse("articles:list"),
        article.series.get_absolute_url(),
        reverse("articles:topic", args=["japan"]),
        author.get_absolute_url(),
        reverse("feeds:rss"),
        reverse("feeds:atom"),
        reverse("feeds:author_atom", args=[author.slug]),
        reverse("sitemap"),
        reverse("robots"),
    ]


@pytest.mark.parametrize("index", range(14))
def test_a_hostile_host_header_never_reaches_any_page_or_its_cached_copy(client, live, index):
    path = public_paths(live)[index]
    first = client.get(path, **HOSTILE)
    later = client.get(path)
    assert first.status_code == later.status_code == 200, path
    for response in (first, later):
        text = response.content.decode()
        assert "site:6666" not in text and "https://" + "testserver" not in text, path
    assert "http://testserver/" in later.content.decode() or path == reverse("articles:list")


def test_article_page_addresses_come_from_site_url(client, live, settings):
    settings.SITE_URL = "https://commentary.example.org"
    html = client.get(live.get_absolute_url(), **HOSTILE).content.decode()
    canonical = f"https://commentary.example.org{live.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:image" content="https://commentary.example.org/media/' in html
    assert "site:6666" not in html


def test_mail_links_come_from_site_url(settings, team, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://commentary.example.org"
    article = make_ready_article(created_by=team.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=team.contributor)
    assert mail.outbox and all(
        f"https://commentary.example.org/admin/articles/article/{article.pk}/" in m.body
        for m in mail.outbox
    )
