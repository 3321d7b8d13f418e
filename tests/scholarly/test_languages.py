"""Language versions: canonical addresses, reciprocal hreflang, sitemap alternates, lists."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_article, make_author, make_series

pytestmark = pytest.mark.django_db


def head_links(html):
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    hreflang = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return canonical, dict(hreflang)


@pytest.fixture
def pair():
    series = make_series("Prospects & Perspectives")
    english = make_article("Japan and Taiwan", series=series, status="published",
                           authors=[make_author("Ann Author")])  # fmt: skip
    chinese = make_article("日本與台灣", series=series, status="published", language="zh-hant",
                           authors=[make_author("林宗弘")],
                           translation_key=english.translation_key)  # fmt: skip
    return english, chinese


def test_translated_pair_links_both_ways_with_self_and_x_default(client, pair):
    english, chinese = pair
    en_url, zh_url = (
        settings.SITE_URL + english.canonical_path(),
        settings.SITE_URL + chinese.canonical_path(),
    )
    expected = {"en": en_url, "zh-Hant": zh_url, "x-default": en_url}
    # All four addresses: each version under each interface language.
    for path, canonical in [
        (english.canonical_path(), en_url),
        ("/zh-hant" + english.canonical_path(), en_url),
        (chinese.canonical_path(), zh_url),
        (chinese.canonical_path().removeprefix("/zh-hant"), zh_url),
    ]:
        html = client.get(path).content.decode()
        assert head_links(html) == (canonical, expected), path


def test_interface_copy_of_a_single_language_article_is_canonical_to_the_original(client):
    article = make_article("Only in English", status="published")
    html = client.get("/zh-hant" + article.canonical_path()).content.decode()
    canonical, hreflang = head_links(html)
    assert (
        canonical
        == settings.SITE_URL + article.canonical_path()
        == settings.SITE_URL + f"/articles/{article.slug}/"
    )
    assert hreflang == {}  # no translation, so no alternates at all
    assert '<html lang="zh-hant">' in html and 'lang="en"' in html  # the text keeps its language


def test_list_pages_link_their_language_versions(client):
    html = client.get("/zh-hant/articles/?page=1").content.decode()
    canonical, hreflang = head_links(html)
    assert canonical.endswith("/zh-hant/articles/")
    site = settings.SITE_URL
    assert hreflang == {"en": site + "/articles/", "zh-Hant": site + "/zh-hant/articles/",
                        "x-default": site + "/articles/"}  # fmt: skip


def test_sitemap_lists_chinese_pages_and_alternates_of_true_translations(client, pair):
    english, chinese = pair
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}  # fmt: skip
    entries = {
        re.sub(r"^https?://[^/]+", "", u.findtext("s:loc", namespaces=ns)): {
            link.get("hreflang"): re.sub(r"^https?://[^/]+", "", link.get("href"))
            for link in u.findall("x:link", ns)
        }
        for u in root.findall("s:url", ns)
    }
    en, zh = english.canonical_path(), chinese.canonical_path()
    assert entries[en] == entries[zh] == {"en": en, "zh-Hant": zh, "x-default": en}
    assert "/zh-hant" + en not in entries  # an interface copy is not a page of its own
    assert "/zh-hant/articles/" in entries and "/zh-hant/" in entries
    assert entries["/zh-hant/articles/"]["en"] == "/articles/"


def test_chinese_lists_show_chinese_commentaries_first(client, pair):
    english, chinese = pair
    newer = make_article("Newest English", status="published")  # newest of all
    html = client.get("/zh-hant/articles/").content.decode()
    assert html.index(chinese.title) < html.index(newer.title) < html.index(english.title)
    home = client.get("/zh-hant/").content.decode()
    assert home.index(chinese.title) < home.index(newer.title)
    english_list = client.get("/articles/").content.decode()
    assert english_list.index(newer.title) < english_list.index(chinese.title)


def test_series_number_and_filters_are_translated_on_chinese_pages(client, pair):
    html = client.get("/zh-hant/articles/").content.decode()
    assert "Prospects &amp; Perspectives 第 1 期" in html
    assert "No. 1" not in html
    for label in ("全部系列", "全部議題", "全部年份", ">系列<", ">年份<"):
        assert label in html, label
    assert "Prospects &amp; Perspectives No. 1" in client.get("/articles/").content.decode()
