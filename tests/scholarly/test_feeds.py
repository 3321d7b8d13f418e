"""Feeds read right by feed readers: pictures, absolute links, languages, stable ids, JSON Feed."""

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def parsed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "/zh-hant/feed/", "/zh-hant/feed/atom/"])
def test_feed_entry_has_enclosure_credit_absolute_links_and_language(client, report, path):
    feed = parsed(client, path)
    [entry] = [e for e in feed.entries if e.title == report.title]
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith(settings.SITE_URL + "/media/renditions/")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert entry.media_content[0]["url"] == enclosure.href
    assert entry.media_credit[0]["content"].startswith("Picture source: 日本台灣交流協會")
    content = entry.content[0].value
    assert f'href="{settings.SITE_URL}/articles/"' in content and 'href="/' not in content
    assert f'src="{settings.SITE_URL}/media/' in content
    assert entry.content[0].language == "en"


def test_entry_ids_are_the_same_in_english_and_chinese_feeds(client, report):
    for kind in ("", "atom/"):
        english = parsed(client, f"/feed/{kind}").entries
        chinese = parsed(client, f"/zh-hant/feed/{kind}").entries
        assert {e.id for e in english} == {e.id for e in chinese}
        assert settings.SITE_URL + report.canonical_path() in {e.id for e in english}


def test_chinese_entries_are_labelled_chinese(client, report):
    from tests.factories import make_article

    make_article("日本與台灣", language="zh-hant", status="published")
    for path in ("/feed/", "/feed/atom/"):
        entries = {e.title: e for e in parsed(client, path).entries}
        assert entries["日本與台灣"].content[0].language == "zh-Hant"
        assert entries[report.title].content[0].language == "en"


def test_json_feed_1_1(client, report):
    response = client.get(reverse("feeds:json"))
    assert response["Content-Type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == settings.SITE_URL + "/feed/json/"
    [item] = [i for i in feed["items"] if i["title"] == report.title]
    assert item["id"] == settings.SITE_URL + report.canonical_path() == item["url"]
    assert [a["name"] for a in item["authors"]] == ["Hideshi Tokuchi", "林宗弘"]
    assert item["date_published"].startswith("2024-02-01")
    assert item["tags"] == ["Japan", "Taiwan"]
    assert item["language"] == "en"
    assert item["image"].startswith(settings.SITE_URL + "/media/renditions/")
    assert item["_picture"]["credit"].startswith("Picture source: 日本台灣交流協會")
    assert f'href="{settings.SITE_URL}/articles/"' in item["content_html"]
    rss_ids = {e.id for e in parsed(client, "/feed/").entries}
    assert item["id"] in rss_ids


@pytest.mark.parametrize("name", ["home", "articles:list", "authors:list", "search"])
def test_every_page_links_the_feeds(client, report, name):
    html = client.get(reverse(name)).content.decode()
    for mime in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        assert f'<link rel="alternate" type="{mime}"' in html, mime


def test_article_page_links_the_feeds(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    assert '<link rel="alternate" type="application/feed+json"' in html
