import datetime
import io
import struct
import zipfile

import pytest
from django.core.management import CommandError, call_command

from articles.importer import word
from articles.importer.word_package import WordFileError
from articles.models import Article
from authors.models import Affiliation, Author, Organization
from prospect.images.models import ImageCredit
from tests.articles import word_files
from tests.factories import make_author


def run(tmp_path, data, name="piece.docx", *args):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_docx", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


# --- what a Word file becomes -----------------------------------------------------------------


def test_word_file_gives_title_subtitle_byline_summary_and_credit():
    parsed, pictures = word.read(word_files.commentary(), series="Prospects & Perspectives")
    assert parsed.title == "Deterrence in the Taiwan Strait"
    assert parsed.subtitle == "What Tokyo can do next"
    assert parsed.authors == ["Ana Ruiz", "Hideshi Tokuchi"]
    assert parsed.summary == "Japan should deepen its security ties with Taiwan."
    assert parsed.editors_note == "The views expressed are the authors' own."
    [picture] = pictures
    assert picture.alt == "Two grey navy ships at sea (1)"
    credit = picture.credit
    assert (credit.caption, credit.source, credit.platform) == (
        "Ships in the Taiwan Strait.", "Ministry of National Defense", "Flickr",
    )  # fmt: skip
    assert credit.date == datetime.date(2024, 1, 26)
    assert credit.url == "https://www.flickr.com/photos/mnd/1"


def test_word_body_keeps_headings_emphasis_links_lists_quotes_and_endnotes():
    body = word.read(word_files.commentary(), series="S")[0].body_html
    assert "<strong>narrow</strong>" in body and "<em>contested</em>" in body
    assert '<a href="https://example.org/report">the report</a>' in body
    assert "<h2>Why it matters</h2>" in body and "<h3>A detail</h3>" in body
    assert "<ul><li>Trade routes</li><li>Shared values</li></ul>" in body
    assert "<ol><li>First step</li></ol>" in body
    assert "<blockquote><p>Deterrence begins with presence.</p></blockquote>" in body
    # the footnote is a numbered endnote: a superscript in the text, the note under "Notes"
    assert "details.<sup>1</sup>" in body
    assert body.index("<h2>Notes</h2>") < body.index("Defense White Paper 2023, p. 12.")
    for left_out in ("Picture source", "Editor's Note", "Summary:", "is President", "By Ana"):
        assert left_out not in body
    assert "↑" not in body and "<img" not in body


def test_endnotes_are_numbered_in_citation_order_whatever_words_note_ids():
    def renumber(parts):
        for name in ("word/footnotes.xml", "word/document.xml"):
            parts[name] = parts[name].replace(b'w:id="1"', b'w:id="7"')

    body = word.read(word_files.rewrite(word_files.commentary(), renumber), series="S")[0].body_html
    assert "details.<sup>1</sup>" in body and "<sup>7</sup>" not in body
    assert "Defense White Paper 2023" in body


@pytest.mark.django_db
def test_import_docx_makes_a_draft_with_guest_authors_pictures_and_bios(tmp_path):
    tokuchi = make_author("Hideshi Tokuchi")
    output = run(tmp_path, word_files.commentary(extra_pictures=1))
    assert "Created" in output
    assert "new guest author(s), for bio staff to review: Ana Ruiz" in output
    article = Article.objects.get()
    assert article.status == "draft" and not article.is_live()
    assert article.series.name == "Prospects & Perspectives"
    assert article.summary == "Japan should deepen its security ties with Taiwan."
    assert "<sup>1</sup>" in article.body and "<h2>Notes</h2>" in article.body
    assert "Picture source" not in article.body_text

    ruiz, existing = [b.author for b in article.ordered_bylines()]
    assert existing == tokuchi  # matched, not duplicated
    assert not ruiz.listed and ruiz.pending_review  # a guest author, for bio staff to check
    assert not tokuchi.__class__.objects.get(pk=tokuchi.pk).pending_review
    assert article.ordered_bylines()[0].bio_line.endswith("the U.S. Department of State.")
    assert Organization.objects.filter(
        name="Institute for Security Studies", acronym="ISS"
    ).exists()
    assert Affiliation.objects.filter(author=ruiz, title="Senior Fellow").exists()

    lead = article.lead_image
    assert lead.alt_text == "Two grey navy ships at sea (1)" and not lead.decorative
    assert lead.credit_line() == (
        "Picture source: Ministry of National Defense, January 26, 2024, Flickr, "
        "<https://www.flickr.com/photos/mnd/1>."
    )
    assert ImageCredit.objects.count() == 2  # the second picture went into the library too
    assert article.editors_note().body == "The views expressed are the authors' own."


@pytest.mark.django_db
def test_series_option_names_the_series(tmp_path):
    run(tmp_path, word_files.commentary(), "piece.docx", "--series", "Taiwan Insight")
    assert Article.objects.get().series.name == "Taiwan Insight"


@pytest.mark.django_db
def test_reimporting_a_word_file_updates_its_draft(tmp_path):
    run(tmp_path, word_files.commentary())
    run(tmp_path, word_files.commentary())
    assert Article.objects.count() == 1
    assert Author.objects.count() == 2


# --- hostile and wrong files: a clear error, nothing written -------------------------------


def _zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _bomb():
    def change(parts):
        parts["word/padding.xml"] = b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>"

    return word_files.rewrite(word_files.commentary(footnote=False), change)


def _entity():
    def change(parts):
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"?>",
            b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            1,
        )

    return word_files.rewrite(word_files.commentary(footnote=False), change)


def _macros():
    def change(parts):
        parts["word/vbaProject.bin"] = b"\x00" * 64

    return word_files.rewrite(word_files.commentary(footnote=False), change)


def _macro_content_type():
    def change(parts):
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"document.main+xml", b"document.macroEnabled.main+xml"
        )

    return word_files.rewrite(word_files.commentary(footnote=False), change)


def _truncated():
    data = word_files.commentary(footnote=False)
    return data[:-40] + b"garbage" * 6  # a damaged central directory


def _lying_sizes():
    """A part whose headers declare 1,000 bytes while its data inflates to 5 MB."""

    def change(parts):
        parts["word/filler.xml"] = b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>"

    data = bytearray(word_files.rewrite(word_files.commentary(footnote=False), change))
    name = b"word/filler.xml"
    # (signature, offset of the name, offset of the uncompressed size): local and central headers
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, 1000)
            start += 4
    return bytes(data)


HOSTILE = {
    "not_a_zip": (lambda: b"%PDF-1.7 not a word file", "not a Word document"),
    "encrypted_ole": (
        lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512,
        "password-protected",
    ),
    "zip_bomb": (_bomb, "zip bomb"),
    "external_entity": (_entity, "DTD or entities"),
    "docm_macros": (_macros, "macros"),
    "docm_content_type": (_macro_content_type, "macros"),
    "too_many_pictures": (
        lambda: word_files.commentary(footnote=False, extra_pictures=31),
        "at most 30",
    ),
    "spreadsheet": (
        lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
        "not a Word document",
    ),
    "damaged": (_truncated, "not a Word document"),
    "lying_sizes": (_lying_sizes, "damaged"),
    "no_byline": (
        lambda: word_files.commentary(byline="Ana Ruiz", footnote=False),
        "No byline",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_wrong_word_file_is_refused_with_nothing_written(tmp_path, case):
    build, message = HOSTILE[case]
    path = tmp_path / f"{case}.docx"
    path.write_bytes(build())
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_docx", str(path), stdout=io.StringIO(), stderr=err)
    assert str(path) in err.getvalue() and message in err.getvalue()
    assert Article.objects.count() == Author.objects.count() == ImageCredit.objects.count() == 0


def test_oversized_picture_is_refused_before_it_is_read(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(WordFileError, match="larger than"):
        word.read(word_files.commentary(footnote=False), series="S")


def test_oversized_file_is_refused(settings):
    settings.WORD_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(WordFileError, match="larger than"):
        word.read(word_files.commentary(footnote=False), series="S")


# --- the admin page ---------------------------------------------------------------------------

IMPORT_URL = "/admin/articles/article/import-word/"


def _upload(client, data, name="piece.docx", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Series

    series = Series.objects.get_or_create(name="Prospects & Perspectives")[0]
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, data), "series": series.pk, **extra}
    )


@pytest.mark.django_db
def test_contributor_imports_a_word_file_as_their_own_draft(client, team, media_root):
    client.force_login(team.contributor)
    listing = client.get("/admin/articles/article/").content.decode()
    assert f'href="{IMPORT_URL}"' in listing and "Import from Word" in listing
    response = _upload(client, word_files.commentary())
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.created_by == team.contributor and article.status == "draft"
    assert article.revisions.get().created_by == team.contributor
    page = client.get(response["Location"]).content.decode()
    assert "New guest author(s), for bio staff to review: Ana Ruiz, Hideshi Tokuchi." in page


@pytest.mark.django_db
def test_the_same_file_uploaded_twice_is_refused_the_second_time(client, team, media_root):
    client.force_login(team.editor)
    data = word_files.commentary()
    _upload(client, data)
    response = _upload(client, data)
    assert response.status_code == 200
    assert "already imported as “Deterrence in the Taiwan Strait”" in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_hostile_upload_gets_its_reason_on_the_form_and_writes_nothing(client, team):
    client.force_login(team.editor)
    response = _upload(client, _macros(), name="piece.docm")
    assert response.status_code == 200
    assert "contains macros" in response.content.decode()
    assert Article.objects.count() == Author.objects.count() == ImageCredit.objects.count() == 0


@pytest.mark.django_db
def test_bio_staff_may_not_import_articles(client, team):
    client.force_login(team.bio)
    assert client.get(IMPORT_URL).status_code == 403
    assert _upload(client, word_files.commentary()).status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_reimporting_the_word_file_of_a_live_article_makes_a_working_copy(tmp_path):
    from articles import workflow

    run(tmp_path, word_files.commentary())
    live = Article.objects.get()
    workflow.publish(live, by=None)
    edited = word_files.rewrite(
        word_files.commentary(),
        lambda parts: parts.update(
            {"word/document.xml": parts["word/document.xml"].replace(b"narrow", b"very narrow")}
        ),
    )
    output = run(tmp_path, edited)
    assert "Working copy" in output
    live.refresh_from_db()
    assert "very narrow" not in live.body and live.is_live()
    copy = Article.objects.get(working_copy_of=live)
    assert "very narrow" in copy.body and copy.status == "draft"


def test_without_a_title_style_the_first_heading_is_the_title_and_levels_shift_up():
    from docx import Document

    document = Document()
    document.add_heading("日台關係的下一步", 1)
    document.add_paragraph("By 陳美玲")
    document.add_heading("背景", 2)
    document.add_paragraph("日本與台灣的關係日益緊密。")
    out = io.BytesIO()
    document.save(out)
    parsed, pictures = word.read(out.getvalue(), series="台海觀察")
    assert (parsed.title, parsed.authors, pictures) == ("日台關係的下一步", ["陳美玲"], [])
    assert parsed.body_html == "<h2>背景</h2><p>日本與台灣的關係日益緊密。</p>"
    assert parsed.summary == "日本與台灣的關係日益緊密。"


@pytest.mark.django_db
def test_a_picture_the_library_refuses_refuses_the_file_naming_the_picture(tmp_path):
    def damage_second_picture(parts):
        media = sorted(name for name in parts if name.startswith("word/media/"))
        parts[media[-1]] = parts[media[-1]][:40]  # a truncated PNG

    data = word_files.rewrite(word_files.commentary(extra_pictures=1), damage_second_picture)
    with pytest.raises(WordFileError, match="Picture 2 in the file cannot be used"):
        parsed, pictures = word.read(data, series="S")
        from articles.importer import loader

        loader.load_word(parsed, pictures, source_key="t")
    assert Article.objects.count() == Author.objects.count() == ImageCredit.objects.count() == 0
