"""The PDF edition: built once per content, readable text and metadata, tagged, served beside
the page."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from articles import pdf, workflow
from articles.models import EditorNote
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def pdf_of(client, article):
    response = client.get(article.pdf_path())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response, PdfReader(io.BytesIO(response.content))


def text_of(reader):
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_is_served_from_the_article_directory(report):
    assert report.pdf_path() == f"/articles/{report.slug}/{report.slug}.pdf"


def test_pdf_has_the_house_layout_as_searchable_text(client, report):
    _, reader = pdf_of(client, report)
    text = text_of(reader)
    for part in ["Prospects & Perspectives No. 4", "Promoting the Japan-Taiwan Partnership",
                 "By Hideshi Tokuchi and 林宗弘", "and Taiwan share values",
                 "Picture source: 日本台灣交流協會", "Hideshi Tokuchi is President",
                 "Prospect Foundation"]:  # fmt: skip
        assert part in text, part
    assert any(page.images for page in reader.pages)  # the lead picture is in it


def test_pdf_metadata_names_title_authors_subject_keywords_and_language(client, report):
    response, reader = pdf_of(client, report)
    info = reader.metadata
    assert info.title == "Promoting the Japan-Taiwan Partnership"
    assert info.author == "Hideshi Tokuchi, 林宗弘"
    assert info.subject == "Why Tokyo and Taipei should deepen ties."
    assert "Japan" in info["/Keywords"] and "Taiwan" in info["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF
    assert "/StructTreeRoot" in root
    assert len(response.content) < 5 * 1024 * 1024


def test_chinese_pdf_embeds_a_cjk_font_and_keeps_the_text(client):
    article = make_article("台日夥伴關係的新階段", language="zh-hant", status="published",
                           authors=[make_author("林宗弘")],
                           body="<p>臺灣與日本共享民主價值。</p>")  # fmt: skip
    assert article.pdf_path().startswith("/zh-hant/articles/")
    _, reader = pdf_of(client, article)
    text = text_of(reader)
    assert "台日夥伴關係的新階段" in text and "臺灣與日本共享民主價值" in text
    assert "第 1 期" in text or "No. 1" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("CJK" in name for name in fonts), fonts
    assert reader.trailer["/Root"]["/Lang"] == "zh-hant"


def test_pdf_is_built_once_per_content_and_rebuilt_after_a_correction(client, report):
    first = pdf.build(report.pk)
    assert pdf.build(report.pk) == first  # found, not built again
    EditorNote.objects.create(article=report, kind="correction", body="A date was fixed.")
    report.save()
    second = pdf.build(report.pk)
    assert second != first and default_storage.exists(second)
    assert not default_storage.exists(first)  # the outdated edition is gone
    _, reader = pdf_of(client, report)
    assert "A date was fixed." in text_of(reader)


def test_pdf_of_a_hidden_or_misnamed_article_is_404(client, report):
    draft = make_article("Not yet", authors=[make_author("Ann Author")])
    assert client.get(f"/articles/{draft.slug}/{draft.slug}.pdf").status_code == 404
    assert client.get(f"/articles/{report.slug}/other.pdf").status_code == 404
    workflow.withdraw(report)
    assert client.get(report.pdf_path()).status_code == 404


def test_article_page_links_its_pdf(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{settings.SITE_URL}{report.pdf_path()}" type="application/pdf"' in html
    assert reverse("articles:pdf", args=[report.slug, report.slug]) == report.pdf_path()


def editions_of(article):
    folder = f"pdf/{article.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_publication_builds_the_pdf_edition_before_any_reader_asks(
    settings, django_capture_on_commit_callbacks
):
    settings.PDF_EDITION_ON_PUBLISH = True
    author = make_author("Ann Author", title="Fellow")
    with django_capture_on_commit_callbacks(execute=True):
        now = make_article("Out now", authors=[author], status="published")
    assert len(editions_of(now)) == 1
    assert f"pdf/{now.pk}/{editions_of(now)[0]}" == pdf.build(now.pk)  # found, not rebuilt


def test_a_scheduled_edition_waits_for_its_announcement(
    settings, django_capture_on_commit_callbacks, time_machine
):
    settings.PDF_EDITION_ON_PUBLISH = True
    author = make_author("Ann Author", title="Fellow")
    with django_capture_on_commit_callbacks(execute=True):
        later = make_article("Embargoed", authors=[author], status="scheduled")
    assert editions_of(later) == []  # nothing of an embargoed text is printed early
    time_machine.move_to(later.publish_at + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_due")
    assert len(editions_of(later)) == 1
