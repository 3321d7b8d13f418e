"""What Google Scholar, Zotero, link previews and search engines read from a page."""

import json
import re

import extruct
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_article, make_author, make_picture

pytestmark = pytest.mark.django_db


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def meta(html, name):
    return re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)">', html)


def graph(html):
    data = extruct.extract(html, base_url=settings.SITE_URL, syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 1, "one JSON-LD graph per page"
    return {node["@type"]: node for node in data[0]["@graph"]}


def test_highwire_tags_give_scholar_authors_dates_institution_number_and_pdf(client, report):
    html = html_of(client, report.get_absolute_url())
    url = settings.SITE_URL + report.get_absolute_url()
    assert meta(html, "citation_title") == ["Promoting the Japan-Taiwan Partnership"]
    assert meta(html, "citation_author") == ["Hideshi Tokuchi", "林宗弘"]  # in byline order
    assert meta(html, "citation_publication_date") == ["2024/2/1"]
    assert meta(html, "citation_online_date") == ["2024/2/1"]
    assert meta(html, "citation_technical_report_institution") == ["Prospect Foundation"]
    assert meta(html, "citation_technical_report_number") == ["Prospects &amp; Perspectives No. 4"]
    assert meta(html, "citation_language") == ["en"]
    assert meta(html, "citation_pdf_url") == [settings.SITE_URL + report.pdf_path()]
    assert meta(html, "citation_abstract_html_url") == [url]
    assert not any("President" in a for a in meta(html, "citation_author"))  # no affiliation


def test_dublin_core_is_the_fallback(client, report):
    html = html_of(client, report.get_absolute_url())
    assert '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">' in html
    assert meta(html, "DC.creator") == ["Hideshi Tokuchi", "林宗弘"]
    assert meta(html, "DC.date") == ["2024-02-01"]
    assert meta(html, "DC.language") == ["en"]


def test_open_graph_has_locale_image_size_and_alt_and_article_tags(client, report):
    html = html_of(client, report.get_absolute_url())
    og = extruct.extract(html, base_url=settings.SITE_URL, syntaxes=["opengraph"])["opengraph"]
    props = dict(og[0]["properties"])
    assert props["og:type"] == "article" and props["og:locale"] == "en_US"
    assert props["og:image"].startswith(settings.SITE_URL + "/media/renditions/")
    assert props["og:image:alt"] == "Two delegations at a table"
    assert int(props["og:image:width"]) > 0 and int(props["og:image:height"]) > 0
    assert props["article:published_time"].startswith("2024-02-01")
    assert props["article:section"] == "Prospects & Perspectives"
    tags = [v for k, v in og[0]["properties"] if k == "article:tag"]
    assert tags == ["Japan", "Taiwan"]
    assert meta(html, "twitter:title") == ["Promoting the Japan-Taiwan Partnership"]
    assert meta(html, "twitter:image:alt") == ["Two delegations at a table"]


def test_json_ld_describes_the_commentary_as_a_report(client, report):
    nodes = graph(html_of(client, report.get_absolute_url()))
    node, publisher = nodes["Report"], nodes["Organization"]
    assert node["headline"] == "Promoting the Japan-Taiwan Partnership"
    assert node["datePublished"].startswith("2024-02-01")
    assert node["inLanguage"] == "en"
    assert node["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert node["isPartOf"]["name"] == "Prospects & Perspectives"
    assert node["reportNumber"] == "Prospects & Perspectives No. 4"
    tokuchi, lin = node["author"]
    assert tokuchi["name"] == "Hideshi Tokuchi" and lin["name"] == "林宗弘"
    assert tokuchi["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert tokuchi["description"].startswith("Hideshi Tokuchi is President")
    assert node["publisher"] == {"@id": publisher["@id"]}
    assert publisher["name"] == "Prospect Foundation" and publisher["logo"]["url"]
    assert node["image"]["creditText"].startswith("Picture source: 日本台灣交流協會")
    assert node["encoding"]["contentUrl"] == settings.SITE_URL + report.pdf_path()


def test_json_ld_keeps_the_bio_line_printed_at_publication(client, report):
    from authors.models import Affiliation

    tokuchi = report.bylines.get(position=0).author
    Affiliation.objects.filter(author=tokuchi).update(title="Chairman")
    node = graph(html_of(client, report.get_absolute_url()))["Report"]
    assert "is President" in node["author"][0]["description"]


def test_json_ld_links_a_translated_pair_both_ways(client):
    english = make_article("Japan and Taiwan", status="published", authors=[make_author()])
    chinese = make_article(
        "日本與台灣", status="published", language="zh-hant", authors=[make_author()],
        translation_key=english.translation_key,
    )  # fmt: skip
    original = graph(html_of(client, english.get_absolute_url()))["Report"]
    translated = graph(html_of(client, chinese.canonical_path()))["Report"]
    assert original["workTranslation"]["url"] == settings.SITE_URL + chinese.canonical_path()
    assert translated["translationOfWork"]["url"] == settings.SITE_URL + english.canonical_path()
    assert translated["inLanguage"] == "zh-Hant"


HOSTILE = "</script><script>alert(1)</script><!--"


def test_no_title_or_name_can_close_the_json_ld_script(client):
    author = make_author(f"Evil {HOSTILE}")
    picture = make_picture(credit_source=HOSTILE, caption=HOSTILE)
    article = make_article(f"Title {HOSTILE}", summary=HOSTILE, authors=[author],
                           lead_image=picture, status="published")  # fmt: skip
    for path in (article.get_absolute_url(), author.get_absolute_url(), reverse("home")):
        html = html_of(client, path)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1 and html.count("<script") == 1, path
        assert "<" not in blocks[0] and ">" not in blocks[0], path
        data = json.loads(blocks[0])  # still the same strings once parsed
        if path == article.get_absolute_url():
            report = next(n for n in data["@graph"] if n["@type"] == "Report")
            assert report["name"] == f"Title {HOSTILE}"


def test_author_page_is_a_profile_of_a_person_with_orcid_and_affiliation(client, report):
    tokuchi = report.bylines.get(position=0).author
    nodes = graph(html_of(client, tokuchi.get_absolute_url()))
    person = nodes["ProfilePage"]["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Hideshi Tokuchi"
    assert "https://orcid.org/0000-0002-1825-0097" in person["sameAs"]
    assert person["identifier"]["value"] == "0000-0002-1825-0097"
    assert person["affiliation"][0]["name"] == "Research Institute for Peace and Security"


def test_home_page_describes_the_publisher_and_site_search(client, report):
    nodes = graph(html_of(client, reverse("home")))
    assert nodes["Organization"]["name"] == "Prospect Foundation"
    assert nodes["WebSite"]["potentialAction"]["@type"] == "SearchAction"


def test_an_authors_orcid_reaches_the_article_page(client, report):
    html = html_of(client, report.get_absolute_url())
    assert '<a class="orcid" href="https://orcid.org/0000-0002-1825-0097"' in html
    assert 'aria-label="ORCID iD of Hideshi Tokuchi: https://orcid.org/' in html
    chinese = html_of(client, "/zh-hant" + report.canonical_path())
    assert 'aria-label="Hideshi Tokuchi 的 ORCID iD：https://orcid.org/' in chinese
