import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_picture, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(seed_path):
    call_command(
        "import_commentary", str(seed_path), "--publish-date", "2024-02-01",
        "--topics", "Japan, Taiwan", stdout=StringIO(),
    )  # fmt: skip
    return Article.objects.get(source_key=seed_path.stem)


def text_of(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_home_links_the_seed_commentary(client, seed):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{seed.get_absolute_url()}"' in response.content.decode()


def test_seed_page_has_the_house_style_anatomy(client, seed):
    response = client.get(seed.get_absolute_url())
    html = response.content.decode()
    text = text_of(response)
    assert response.status_code == 200
    assert "Prospects &amp; Perspectives" in html and "No. 1" in text
    figure = re.search(r"<figure.*?</figure>", html, re.S).group(0)
    assert "<figcaption>" in figure
    assert (
        'Picture source: <span lang="zh-Hant">日本台灣交流協會</span>, January 26, 2024, '
        "<cite>Facebook</cite>, "
    ) in figure
    assert html.count("<h1>") == 1
    assert (
        "<h1>Promoting the Japan-Taiwan Partnership After Taiwan&#x27;s Presidential Election</h1>"
        in html
    )
    assert "By Hideshi Tokuchi" in text
    assert html.count("<h2>") >= 4
    assert (
        "(Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS).)" in text
    )
    assert "Editor's Note: The views expressed in this publication" in text
    assert "886-2-23654366" in text and "Tingzhou Rd." in text
    assert "No.1, Lane 60" not in seed.body


def test_article_order_of_parts_follows_the_printed_page(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    marks = ["series-label", "<figure", "<h1>", 'class="byline"', 'class="body"', "bio-line",
             "editors-note", "site-footer"]  # fmt: skip
    positions = [html.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_article_page_query_budget(client, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(seed.get_absolute_url())


def list_page_queries(client, count):
    """Queries per list page showing ``count`` articles, each with two authors and topics."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    series = make_series(f"Counted {count}")
    author = make_author("Prolific Writer")
    picture = make_picture()
    for i in range(count):
        make_article(series=series, authors=[author, make_author()], tags=[f"t{i}", "common"],
                     status="published", lead_image=picture)  # fmt: skip
    pages = {
        "home": reverse("home"),
        "archive": reverse("articles:list"),
        "series": series.get_absolute_url(),
        "topic": reverse("articles:topic", args=["common"]),
        "author": author.get_absolute_url(),
        "directory": reverse("authors:list"),
        "search": reverse("search") + "?q=body",
        "feed": reverse("feeds:rss"),
        "topic feed": reverse("feeds:topic_atom", args=["common"]),
        "author feed": reverse("feeds:author_rss", args=[author.slug]),
        "sitemap": reverse("sitemap"),
    }
    counts = {}
    for name, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db(transaction=False)
def test_list_pages_use_constant_queries(client, django_db_blocker):
    few = list_page_queries(client, 1)
    Article.objects.all().delete()
    many = list_page_queries(client, 30)
    assert many == few
    assert max(few.values()) <= 9


def test_home_shows_featured_articles_first_and_not_twice(client):
    old = make_article("Old Featured", status="published", featured=True,
                       at=timezone.now() - datetime.timedelta(days=900))  # fmt: skip
    for _ in range(12):
        make_article(status="published")
    html = client.get(reverse("home")).content.decode()
    assert html.count(old.get_absolute_url()) == 1
    assert html.index(old.get_absolute_url()) < html.index("latest-heading")


def test_withdrawn_article_answers_410_and_unknown_404(client):
    withdrawn = make_article("Gone Piece", status="withdrawn")
    response = client.get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    assert "withdrawn" in text_of(response)
    assert client.get("/articles/no-such-thing/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "withdrawn"])
def test_hidden_article_is_absent_from_every_public_page(client, status):
    author = make_author("Only Author")
    series = make_series("Quiet Series")
    hidden = make_article("Hidden Commentary", series=series, authors=[author], tags=["secret"],
                          status=status)  # fmt: skip
    pages = [reverse("home"), reverse("articles:list"), "/zh-hant/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert "Hidden Commentary" not in response.content.decode(), url
    # With no live work, the series and the author have no public page at all.
    for url in (series.get_absolute_url(), author.get_absolute_url()):
        assert client.get(url).status_code == 404, url
    assert client.get(hidden.get_absolute_url()).status_code in (404, 410)
    assert client.get(reverse("articles:topic", args=["secret"])).status_code in (200, 404)
    assert (
        "Hidden Commentary"
        not in client.get(reverse("articles:topic", args=["secret"])).content.decode()
    )


def test_hostile_titles_and_credits_are_escaped(client):
    picture = make_picture(
        credit_source="<script>alert(1)</script>", alt_text='"><script>x</script>'
    )
    article = make_article('<script>alert("t")</script>', status="published", lead_image=picture,
                           summary="</script><script>alert(2)</script>")  # fmt: skip
    html = client.get(article.get_absolute_url()).content.decode()
    # The one data block (JSON-LD) holds no "<" at all, so nothing in it can open or close a tag.
    data = re.findall(r'<script type="application/ld\+json">[^<]*</script>', html)
    assert len(data) == 1
    assert "<script" not in html.replace(data[0], "")
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999", "9" * 40, ""])
def test_bad_page_numbers_never_fail(client, page):
    make_article(status="published")
    assert client.get(reverse("articles:list"), {"page": page}).status_code == 200


def test_chinese_pages_live_under_their_prefix(client, seed):
    response = client.get("/zh-hant/")
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in response.content.decode()


def test_health_and_robots(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


def test_chinese_pages_speak_chinese_and_english_pages_english(client, seed):
    english_url = seed.get_absolute_url()
    chinese = client.get("/zh-hant" + english_url).content.decode()
    assert "第 1 期" in chinese and "2024年2月1日" in chinese and "編者按：" in chinese
    assert "跳至主要內容" in chinese and "引用本文" in chinese
    english = client.get(english_url).content.decode()
    assert "No. 1" in english and "February 1, 2024" in english and "Skip to content" in english


def test_language_versions_link_each_other_within_the_query_budget(
    client, django_assert_max_num_queries
):
    english = make_article("Japan and Taiwan", status="published", language="en")
    chinese = make_article("日本與台灣", status="published", language="zh-hant",
                           translation_key=english.translation_key)  # fmt: skip
    english_url, chinese_url = english.get_absolute_url(), chinese.get_absolute_url()
    with django_assert_max_num_queries(6):
        html = client.get(english_url).content.decode()
    site = settings.SITE_URL
    assert f'hreflang="zh-Hant" href="{site}/zh-hant{chinese_url}"' in html
    assert "閱讀中文版" in html
    back = client.get("/zh-hant" + chinese_url).content.decode()
    assert f'href="{site}{english_url}"' in back
    assert "Read in English" in back


def test_unpublished_translation_is_not_linked(client):
    english = make_article("Alone for now", status="published")
    make_article("尚未發表", status="draft", language="zh-hant",
                 translation_key=english.translation_key)  # fmt: skip
    assert "閱讀中文版" not in client.get(english.get_absolute_url()).content.decode()
