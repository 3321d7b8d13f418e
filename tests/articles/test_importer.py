import datetime
import re

import pytest
from django.core.management import CommandError, call_command

from articles.importer.parser import CommentaryFormatError, parse
from articles.models import Article, ArticleRevision, Byline, EditorNote, Series
from authors.models import Affiliation, Author, Organization
from prospect.images.models import ImageCredit

SEED_HEADINGS = [
    "Taiwan's presidential election and the East Asian security outlook",
    "Uncertainties",
    "Japan's roles in regional security",
    "The Way ahead",
]
EDITORS_NOTE = (
    "The views expressed in this publication are those of the authors and do not necessarily "
    "reflect the policy or the position of the Prospect Foundation."
)


def import_seed(seed_path, *args):
    call_command("import_commentary", str(seed_path), *args, stdout=None)
    return Article.objects.get(source_key=seed_path.stem)


# --- parsing, field by field -------------------------------------------------------------


def test_seed_parses_series_title_and_byline(seed_bytes):
    parsed = parse(seed_bytes)
    assert parsed.series == "Prospects & Perspectives"
    assert parsed.title == (
        "Promoting the Japan-Taiwan Partnership After Taiwan's Presidential Election"
    )
    assert parsed.authors == ["Hideshi Tokuchi"]


def test_seed_picture_credit_is_split_into_its_parts(seed_bytes):
    picture = parse(seed_bytes).picture
    assert picture.source == "日本台灣交流協會"
    assert picture.date == datetime.date(2024, 1, 26)
    assert picture.platform == "Facebook"
    assert (
        picture.url == "https://www.facebook.com/photo/?fbid=689880003313287&set=a.395427452758545"
    )
    assert picture.caption.startswith("The saying that a Taiwan contingency")
    assert "Picture source" not in picture.caption


def test_seed_body_has_the_four_section_headings_without_bold_markup(seed_bytes):
    assert parse(seed_bytes).headings == SEED_HEADINGS


def test_drop_cap_markup_becomes_plain_text(seed_bytes):
    first = parse(seed_bytes).paragraphs[0]
    assert first.startswith("The saying that a Taiwan contingency")
    assert "**" not in first


@pytest.mark.parametrize(
    "joined",
    [
        "last November that the Taiwan “question” remains the most important",
        "is not unique to those specific politicians.",
        "statement on January 13 congratulating the smooth implementation",
    ],
)
def test_paragraphs_split_by_page_breaks_are_rejoined(seed_bytes, joined):
    assert any(joined in paragraph for paragraph in parse(seed_bytes).paragraphs)


def test_no_paragraph_ends_mid_sentence(seed_bytes):
    for paragraph in parse(seed_bytes).paragraphs:
        assert re.search(r"[.:!?][”\"’)]*$", paragraph), paragraph


def test_paragraphs_that_really_end_are_not_joined(seed_bytes):
    paragraphs = parse(seed_bytes).paragraphs
    assert paragraphs[0].endswith("This is due to four main areas:")
    assert paragraphs[1].startswith("First, Japan and Taiwan are geographically close")
    assert len(paragraphs) == 22  # 25 blocks in the export, three of them halves


def test_bio_sentence_gives_author_organization_and_title(seed_bytes):
    bio = parse(seed_bytes).bios["Hideshi Tokuchi"]
    assert bio.sentence == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )
    [affiliation] = bio.affiliations
    assert affiliation.title == "President"
    assert affiliation.organization == "Research Institute for Peace and Security"
    assert affiliation.acronym == "RIPS"


def test_editors_note_is_read_and_publisher_block_left_out(seed_bytes):
    parsed = parse(seed_bytes)
    assert parsed.editors_note == EDITORS_NOTE
    assert "Tingzhou" not in parsed.body_markdown
    assert "independent research institution" not in parsed.body_markdown
    assert "Editor" not in parsed.body_markdown


def test_co_authored_byline_and_bios_in_one_parenthesis():
    text = (
        b"## Prospects & Perspectives\n\n## A Joint View\n\nBy *Jane Roe* and *Kenji Sato*\n\n"
        b"First paragraph ends here.\n\n"
        b"(Jane Roe is Senior Fellow, Institute for Maritime Strategy (IMS). Kenji Sato is "
        b"Professor, Keio University.)\n\n---\n\n**Editor's Note:** A note.\n"
    )
    parsed = parse(text)
    assert parsed.authors == ["Jane Roe", "Kenji Sato"]
    assert parsed.bios["Jane Roe"].affiliations[0].acronym == "IMS"
    assert parsed.bios["Kenji Sato"].sentence == "Kenji Sato is Professor, Keio University."
    assert parsed.bios["Kenji Sato"].affiliations[0].organization == "Keio University"


def test_chinese_paragraphs_split_by_a_page_break_join_without_a_space():
    text = "## 台海觀察\n\n## 日台關係\n\nBy *陳美玲*\n\n日本與台灣的關係\n\n日益緊密。\n".encode()
    assert parse(text).paragraphs == ["日本與台灣的關係日益緊密。"]


# --- writing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_stores_the_seed_as_structured_data(seed_path):
    article = import_seed(seed_path)
    assert article.series.name == "Prospects & Perspectives"
    assert article.status == "draft"  # no --publish-date
    assert article.number is None
    for heading in SEED_HEADINGS:
        assert f"<h2>{heading}</h2>" in article.body
    assert article.body.count("<h2>") == 4
    assert "<strong>" not in article.body
    assert article.reading_minutes >= 4
    assert "Picture source" not in article.body_text

    [byline] = article.bylines.all()
    assert byline.author.display_name == "Hideshi Tokuchi"
    assert byline.bio_line == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )
    organization = Organization.objects.get()
    assert (organization.name, organization.acronym) == (
        "Research Institute for Peace and Security",
        "RIPS",
    )
    affiliation = Affiliation.objects.get()
    assert (affiliation.author, affiliation.title) == (byline.author, "President")
    assert byline.author.bio_line() == byline.bio_line

    picture = article.lead_image
    assert picture.credit_source == "日本台灣交流協會"
    assert picture.credit_source_language == "zh-Hant"
    assert picture.credit_date == datetime.date(2024, 1, 26)
    assert picture.credit_platform == "Facebook"
    assert picture.credit_url.startswith("https://www.facebook.com/photo/?fbid=689880003313287")
    assert picture.credit_line() == (
        "Picture source: 日本台灣交流協會, January 26, 2024, Facebook, "
        "<https://www.facebook.com/photo/?fbid=689880003313287&set=a.395427452758545>."
    )
    assert picture.alt_text.startswith("Placeholder")
    assert article.editors_note().body == EDITORS_NOTE
    assert article.revisions.count() == 1


@pytest.mark.django_db
def test_publish_date_and_number_publish_the_article(seed_path):
    article = import_seed(seed_path, "--publish-date", "2024-02-01", "--number", "7")
    assert article.is_live()
    assert article.number == 7
    assert article.publish_at.date() == datetime.date(2024, 2, 1)
    assert article.series.next_number == 8


@pytest.mark.django_db
def test_reimport_updates_the_same_article_without_duplicates(seed_path):
    first = import_seed(seed_path, "--publish-date", "2024-02-01")
    second = import_seed(seed_path, "--publish-date", "2024-02-01")
    assert first.pk == second.pk
    counts = [
        Article.objects.count(), Author.objects.count(), Organization.objects.count(),
        Affiliation.objects.count(), Byline.objects.count(), ImageCredit.objects.count(),
        Series.objects.count(), EditorNote.objects.count(),
    ]  # fmt: skip
    assert counts == [1] * 8
    assert second.number == first.number == 1
    # import, publish; re-importing an unchanged export of a live article writes nothing
    assert ArticleRevision.objects.filter(article=first).count() == 2


# --- bad files ----------------------------------------------------------------------------

MALFORMED = {
    "missing_title": (b"By *Someone*\n\nA body paragraph.\n", "no title"),
    "unparseable_credit": (
        b"## Series\n\nCaption. Picture source: , , <<not a url>>.\n\n"
        b"## Title\n\nBy *A B*\n\nText.\n",
        "picture credit",
    ),
    "impossible_credit_date": (
        b"## S\n\nCaption. Picture source: Agency, February 31, 2024, *X*.\n\n"
        b"## T\n\nBy *A B*\n\nText.\n",
        "not a real date",
    ),
    "empty": (b"", "empty"),
    "blank": (b"\n\n   \n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin1": ("## S\n\n## Título\n\nBy *José*\n\nTexto.\n".encode("latin-1"), "not UTF-8"),
    "no_byline": (b"## Series\n\n## Title\n\nJust a paragraph.\n", "no byline"),
    "no_body": (b"## Series\n\n## Title\n\nBy *A B*\n\n---\n", "no body"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_file_fails_cleanly_with_nothing_written(tmp_path, case):
    data, message = MALFORMED[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_commentary", str(path), stderr=(err := _Buffer()))
    assert str(path) in err.text and message in err.text
    assert re.search(r"line \d+", err.text)
    assert Article.objects.count() == Author.objects.count() == ImageCredit.objects.count() == 0
    assert Series.objects.count() == 0


def test_format_error_names_the_line():
    with pytest.raises(CommentaryFormatError) as caught:
        parse(b"\n\n## Series\n\n## Title\n\nnot a byline\n")
    assert caught.value.line == 5  # the title, which a byline should follow


@pytest.mark.django_db
def test_one_bad_file_does_not_stop_or_undo_the_good_one(tmp_path, seed_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_commentary", str(bad), str(seed_path), stderr=_Buffer())
    assert Article.objects.filter(source_key=seed_path.stem).exists()


@pytest.mark.django_db
def test_number_already_taken_is_refused_with_nothing_written(tmp_path, seed_path):
    import_seed(seed_path, "--publish-date", "2024-02-01", "--number", "3")
    other = tmp_path / "other.txt"
    other.write_bytes(seed_path.read_bytes().replace(b"## Promoting", b"## Also Promoting"))
    with pytest.raises(CommandError):
        call_command(
            "import_commentary", str(other), "--publish-date", "2024-03-01", "--number", "3",
            stderr=(err := _Buffer()),
        )  # fmt: skip
    assert "already taken" in err.text
    assert Article.objects.count() == 1


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, value):
        self.text += value

    def flush(self):
        pass


# --- page furniture, bios, live articles ----------------------------------------------------

PAGE_NUMBER_LINES = [
    "2", "- 2 -", "— 2 —", "2 | Prospects & Perspectives", "Prospects & Perspectives | 2",
    "Page 2", "Page 2 of 3", "p. 2", "2/3", "第 2 頁",
]  # fmt: skip


def _export(between, *, bio="(Jane Roe is Senior Fellow, Institute for Maritime Strategy (IMS).)"):
    return (
        "## Prospects & Perspectives\n\n## A Title\n\nBy *Jane Roe*\n\n"
        f"The first half of a sentence that the page\n\n{between}\n\nbreak cut in two.\n\n"
        f"{bio}\n"
    ).encode()


@pytest.mark.parametrize("line", PAGE_NUMBER_LINES)
def test_page_number_lines_are_dropped_where_a_page_break_splits_a_paragraph(line):
    parsed = parse(_export(line))
    assert parsed.paragraphs == ["The first half of a sentence that the page break cut in two."]


@pytest.mark.parametrize("line", PAGE_NUMBER_LINES)
def test_page_number_line_inside_a_block_is_dropped_too(line):
    text = _export("").replace(b"the page\n\n\n\nbreak", f"the page\n{line}\nbreak".encode())
    assert parse(text).paragraphs == [
        "The first half of a sentence that the page break cut in two."
    ]


def test_a_year_standing_alone_is_not_taken_for_a_page_number():
    text = _export("").replace(b"the page\n\n\n\nbreak cut in two.", b"the page.\n\n2024\n\n")
    assert "2024" in parse(text).paragraphs


MULTI_SENTENCE_BIO = (
    "(Jane Roe is Senior Fellow, Institute for Security Studies (ISS). She previously served "
    "as Deputy Director at the U.S. Department of Defense. Kenji Sato is Professor, Keio "
    "University. He writes on Dr. Ito's legacy.)"
)


def test_a_bio_parenthesis_is_read_sentence_by_sentence():
    text = _export("x.", bio=MULTI_SENTENCE_BIO).replace(
        b"*Jane Roe*", b"*Jane Roe* and *Kenji Sato*"
    )
    bios = parse(text).bios
    [iss] = bios["Jane Roe"].affiliations
    assert (iss.title, iss.organization, iss.acronym) == (
        "Senior Fellow", "Institute for Security Studies", "ISS",
    )  # fmt: skip
    assert bios["Jane Roe"].sentence == (
        "Jane Roe is Senior Fellow, Institute for Security Studies (ISS). She previously served "
        "as Deputy Director at the U.S. Department of Defense."
    )
    [keio] = bios["Kenji Sato"].affiliations
    assert (keio.title, keio.organization, keio.acronym) == ("Professor", "Keio University", "")
    assert bios["Kenji Sato"].sentence.endswith("He writes on Dr. Ito's legacy.")


def test_free_text_after_the_acronym_is_not_part_of_the_organization_name():
    bio = "(Jane Roe is Senior Fellow, Institute for Security Studies (ISS), where she leads X.)"
    [affiliation] = parse(_export("x.", bio=bio)).bios["Jane Roe"].affiliations
    assert affiliation.organization == "Institute for Security Studies"


def test_a_bio_parenthesis_cut_by_a_page_break_is_read_whole():
    bio = (
        "(Jane Roe is Senior Fellow, Institute for Security Studies (ISS). She previously\n\n"
        "3 | Prospects & Perspectives\n\nserved at the U.S. Department of State.)"
    )
    parsed = parse(_export("x.", bio=bio))
    assert parsed.bios["Jane Roe"].sentence == (
        "Jane Roe is Senior Fellow, Institute for Security Studies (ISS). She previously "
        "served at the U.S. Department of State."
    )
    assert "previously" not in parsed.body_markdown


@pytest.mark.django_db
def test_each_imported_multi_sentence_bio_prints_as_one_parenthesis(tmp_path, client):
    path = tmp_path / "joint.txt"
    export = _export("x.", bio=MULTI_SENTENCE_BIO).replace(
        b"*Jane Roe*", b"*Jane Roe* and *Kenji Sato*"
    )
    path.write_bytes(export)
    call_command("import_commentary", str(path), "--publish-date", "2024-02-01", stdout=_Buffer())
    article = Article.objects.get()
    assert Organization.objects.filter(name="Institute for Security Studies").exists()
    assert not Organization.objects.filter(name__contains="previously").exists()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="bio-line"') == 2  # one per author, each sentence inside it
    assert (
        "(Jane Roe is Senior Fellow, Institute for Security Studies (ISS). She previously served "
        "as Deputy Director at the U.S. Department of Defense.)"
    ) in html
    assert "(Kenji Sato is Professor, Keio University. He writes on Dr. Ito&#x27;s legacy.)" in html


@pytest.mark.django_db
def test_reimporting_an_edited_export_of_a_live_article_makes_a_working_copy(tmp_path, seed_path):
    live = import_seed(seed_path, "--publish-date", "2024-02-01", "--number", "5")
    live_body, live_picture = live.body, live.lead_image
    edited = tmp_path / seed_path.name
    edited.write_bytes(
        seed_path.read_bytes()
        .replace(b"only 110km apart", b"only 111km apart")
        .replace(b"*Facebook*", b"*Instagram*")
    )
    call_command("import_commentary", str(edited), stdout=(out := _Buffer()))
    assert "Working copy" in out.text

    live.refresh_from_db()
    live_picture.refresh_from_db()
    assert live.body == live_body and live.is_live()
    assert live_picture.credit_platform == "Facebook"  # the live page's credit is untouched
    assert Article.objects.live().count() == 1
    copy = Article.objects.get(working_copy_of=live)
    assert copy.status == "draft" and not copy.is_live()
    assert "111km" in copy.body
    assert copy.lead_image.credit_platform == "Instagram"
    assert copy.lead_image_id != live_picture.pk
    assert [b.author_id for b in copy.bylines.all()] == [b.author_id for b in live.bylines.all()]

    # Importing again updates the same working copy; the copy goes through review as usual.
    call_command("import_commentary", str(edited), stdout=_Buffer())
    assert Article.objects.filter(working_copy_of=live).count() == 1
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_reimporting_an_unchanged_export_of_a_live_article_writes_nothing(seed_path):
    live = import_seed(seed_path, "--publish-date", "2024-02-01")
    revisions, events = live.revisions.count(), live.events.count()
    call_command("import_commentary", str(seed_path), stdout=(out := _Buffer()))
    assert "Unchanged" in out.text
    assert Article.objects.count() == 1
    assert (live.revisions.count(), live.events.count()) == (revisions, events)


@pytest.mark.django_db
def test_reimporting_over_an_approved_draft_sends_it_back_to_review(tmp_path, seed_path, team):
    from articles import workflow

    article = import_seed(seed_path, "--topics", "Japan")
    workflow.submit(article, by=team.editor)
    workflow.approve(article, by=team.editor2)
    assert Article.objects.get(pk=article.pk).status == "approved"
    edited = tmp_path / seed_path.name
    edited.write_bytes(seed_path.read_bytes().replace(b"only 110km apart", b"only 111km apart"))
    call_command("import_commentary", str(edited), stdout=_Buffer())
    article.refresh_from_db()
    assert article.status == "in_review" and article.approved_revision is None
