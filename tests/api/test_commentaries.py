"""The read API's commentaries: what one commentary says, lists, filters, cursors, citations."""

import datetime
import json
from urllib.parse import quote

import pytest
from django.utils import timezone

from articles.models import EditorNote
from prospect.api.pagination import encode
from tests.factories import make_article, make_author, make_picture, make_series

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **params):
    response = client.get(API + path, params)
    return response, (response.json() if response["Content-Type"].startswith("application/json")
                      else None)  # fmt: skip


@pytest.fixture
def commentary():
    tokuchi = make_author("Hideshi Tokuchi", title="President", orcid="0000-0002-1825-0097")
    second = make_author("Second Writer", title="Fellow")
    picture = make_picture(credit_source="日本台灣交流協會", credit_platform="Facebook",
                           credit_url="https://example.org/p", caption="A meeting")  # fmt: skip
    article = make_article(
        "Promoting the Partnership", subtitle="After the election", summary="Why it matters.",
        series=make_series("Prospects & Perspectives"), authors=[tokuchi, second],
        tags=["Japan", "Taiwan"], lead_image=picture, status="published",
        body="<h2>Start</h2><p>Body <em>text</em>.</p><script>x()</script>",
    )  # fmt: skip
    EditorNote.objects.create(article=article, kind="correction", body="A date was wrong.")
    EditorNote.objects.create(article=article, kind="internal", body="Internal remark")
    return article


def test_one_commentary_carries_everything_its_page_prints(client, commentary):
    response, data = get(client, f"/commentaries/{commentary.slug}")
    assert response.status_code == 200
    assert data["title"] == "Promoting the Partnership"
    assert data["subtitle"] == "After the election"
    assert data["series"]["name"] == "Prospects & Perspectives"
    assert data["number"] == 1
    assert data["url"] == f"http://testserver/articles/{commentary.slug}/"
    assert "<script>" not in data["body_html"] and "<em>text</em>" in data["body_html"]
    assert "Body text." in data["body_text"]
    assert [(b["author"]["name"], b["position"], b["role"]) for b in data["bylines"]] == [
        ("Hideshi Tokuchi", 0, "author"),
        ("Second Writer", 1, "author"),
    ]
    assert data["bylines"][0]["bio_line"] == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )
    assert [t["name"] for t in data["topics"]] == ["Japan", "Taiwan"]
    credit = data["picture"]["credit"]
    assert credit["source"] == "日本台灣交流協會" and credit["source_language"] == "zh-Hant"
    assert credit["line"] == commentary.lead_image.credit_line()
    assert data["picture"]["alt"] == "A test picture"
    assert all(r["jpeg"].startswith("http://testserver/media/")
               for r in data["picture"]["renditions"])  # fmt: skip
    assert [c["text"] for c in data["corrections"]] == ["A date was wrong."]
    assert "Internal remark" not in response.content.decode()


def test_citations_are_the_sites_own_formats(client, commentary):
    from articles import citation

    _, data = get(client, f"/commentaries/{commentary.slug}")
    url, bylines = data["url"], commentary.ordered_bylines()
    assert data["citation"]["bibtex"] == citation.bibtex(commentary, bylines, url)
    assert data["citation"]["ris"] == citation.ris(commentary, bylines, url)
    assert json.loads(data["citation"]["csl_json"])[0]["title"] == commentary.title
    assert data["citation"]["reference"] == citation.reference(commentary, bylines, url)


def test_translation_links_the_live_other_language_version(client, commentary):
    chinese = make_article("中文版", language="zh-hant", status="published",
                           translation_key=commentary.translation_key)  # fmt: skip
    _, data = get(client, f"/commentaries/{commentary.slug}")
    slug = quote(chinese.slug)
    assert data["translations"] == [{
        "language": "zh-hant", "slug": chinese.slug,
        "url": f"http://testserver/zh-hant/articles/{slug}/",
        "api_url": f"http://testserver/api/v1/commentaries/{slug}",
    }]  # fmt: skip
    _, data = get(client, f"/commentaries/{chinese.slug}")
    assert data["url"].startswith("http://testserver/zh-hant/")


def test_addresses_come_from_site_url_not_the_request_host(client, commentary, settings):
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(f"{API}/commentaries", HTTP_HOST="evil.example")
    assert "evil.example" not in response.content.decode()


def test_withdrawn_commentary_answers_gone_and_unknown_not_found(client):
    withdrawn = make_article(status="withdrawn")
    response, data = get(client, f"/commentaries/{withdrawn.slug}")
    assert response.status_code == 410 and data["detail"]
    assert get(client, "/commentaries/no-such-thing")[0].status_code == 404


def test_list_filters_by_series_topic_author_language_and_dates(client):
    series, other_series = make_series(), make_series()
    writer = make_author("Filter Writer")
    now = timezone.now()
    old = make_article("Old", series=series, authors=[writer], tags=["Energy"],
                       status="published", at=now - datetime.timedelta(days=40))  # fmt: skip
    new = make_article("New", series=other_series, tags=["Trade"], language="zh-hant",
                       status="published", at=now - datetime.timedelta(days=1))  # fmt: skip

    def slugs(**params):
        response, data = get(client, "/commentaries", **params)
        assert response.status_code == 200, data
        return [item["slug"] for item in data["results"]]

    assert slugs() == [new.slug, old.slug]
    assert slugs(series=series.slug) == [old.slug]
    assert slugs(topic="trade") == [new.slug]
    assert slugs(author=writer.slug) == [old.slug]
    assert slugs(language="zh-hant") == [new.slug]
    day = timezone.localdate(now - datetime.timedelta(days=10))
    assert slugs(published_from=day.isoformat()) == [new.slug]
    assert slugs(published_to=day.isoformat()) == [old.slug]
    assert slugs(ordering="published_at") == [old.slug, new.slug]
    assert slugs(ordering="title") == [new.slug, old.slug]


def test_cursor_pagination_walks_every_item_once_in_order(client):
    now = timezone.now()
    same_time = now - datetime.timedelta(hours=3)
    articles = [make_article(f"Item {i}", status="published",
                             at=same_time if i < 3 else now - datetime.timedelta(hours=10 + i))
                for i in range(7)]  # fmt: skip
    for ordering in ("-published_at", "published_at", "title", "-title"):
        seen, params = [], {"limit": 2, "ordering": ordering}
        while True:
            _, data = get(client, "/commentaries", **params)
            seen += [item["id"] for item in data["results"]]
            if not data["next"]:
                break
            assert data["next"].startswith("http://testserver/api/v1/commentaries?")
            params = dict(p.split("=", 1) for p in data["next"].split("?", 1)[1].split("&"))
        assert sorted(seen) == sorted(a.pk for a in articles), ordering
        assert len(seen) == len(set(seen)), ordering


BAD_CURSORS = [
    "garbage", "W10", "%%%", "AA", "0" * 2000,
    encode("title", "x", 1),  # made for another ordering
    encode("-published_at", "not a date", 1),
    encode("-published_at", "2024-01-01T00:00:00+00:00", "1"),
    encode("-title", "a\x00b", 1),  # PostgreSQL refuses NUL
]  # fmt: skip


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_a_cursor_the_api_did_not_make_is_a_clear_400(client, cursor):
    make_article(status="published")
    response, data = get(client, "/commentaries", cursor=cursor)
    assert response.status_code == 400 and "cursor" in data["detail"]


def test_bad_parameters_are_refused_with_422_not_500(client):
    for params in ({"limit": 0}, {"limit": 10**30}, {"language": "fr"}, {"series": "a\x00b"},
                   {"published_from": "yesterday"}, {"ordering": "pk"}):  # fmt: skip
        assert get(client, "/commentaries", **params)[0].status_code == 422, params


def test_search_finds_live_commentaries_with_an_excerpt(client):
    make_article("Semiconductor supply", body="<p>Chips and semiconductor policy.</p>",
                 status="published")  # fmt: skip
    make_article("Semiconductor draft", body="<p>semiconductor secret</p>")
    response, data = get(client, "/search", q="semiconductor")
    assert response.status_code == 200
    assert data["count"] == 1
    assert "<mark>" in data["results"][0]["excerpt_html"].lower()


def test_a_merged_authors_old_address_moves_to_the_author_kept(client):
    from authors.merge import merge

    kept = make_author("Hideshi Tokuchi")
    duplicate = make_author("TOKUCHI Hideshi")
    make_article(authors=[kept], status="published")
    old_slug = duplicate.slug
    merge(kept, duplicate)
    response = client.get(f"{API}/authors/{old_slug}")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/authors/{kept.slug}"
