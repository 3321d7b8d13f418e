"""Every part of the content compared in words: bylines, notes, picture, topics, series, address."""

import datetime

import pytest

from articles import workflow
from articles.diff import compare
from articles.diff.fields import ROWS
from articles.models import Byline, content, snapshot
from articles.models.revisions import content_keys
from authors.merge import merge
from prospect.images.models import ImageCredit
from tests.factories import make_author, make_picture, make_ready_article, make_series

pytestmark = pytest.mark.django_db


def lines(before, after, label, **options):
    """The sentences of one row ([] when it did not change)."""
    return next(c.lines for c in compare(before, after, **options) if c.label == label)


def changed(before, after, **options):
    return {c.label for c in compare(before, after, **options).changed}


# --- nothing declared can be forgotten ------------------------------------------------------


def test_every_declared_content_key_has_a_row():
    described = {key for _, keys, _ in ROWS for key in keys}
    assert set(content_keys()) <= described, "give the new content key a row in diff/fields.py"


SAMPLE_VALUES = {
    "series_id": "series",
    "title": "Another title",
    "subtitle": "Another subtitle",
    "slug": "another-address",
    "summary": "Another summary.",
    "body": "<p>Another body.</p>",
    "lead_image_id": "picture",
    "language": "zh-hant",
    "tags": ["Another topic"],
    "notes": [{"kind": "correction", "body": "Fixed.", "created_at": "2026-01-02T03:04:05+00:00"}],
    "picture": "picture content",
    "bylines": "bylines",
}


@pytest.mark.parametrize("key", content_keys())
def test_a_change_to_any_content_key_is_described(key):
    article = make_ready_article(body="<p>Body.</p>")
    before = snapshot(article)
    after = dict(before)
    value = SAMPLE_VALUES[key]
    if value == "series":
        value = make_series("Other series").pk
    elif value == "picture":
        value = make_picture(title="Other picture").pk
    elif value == "picture content":
        value = {**before["picture"], "alt_text": "Another scene", "alt": "Another scene"}
    elif value == "bylines":
        value = [{**before["bylines"][0], "role": "translator"}]
    after[key] = value
    found = compare(before, after).changed
    assert found and all(c.lines or c.blocks for c in found), key


@pytest.mark.parametrize("name", [n for n, kind in content.PICTURE.items() if kind == "content"])
def test_a_change_to_any_content_field_of_the_picture_is_described(name):
    article = make_ready_article()
    before = snapshot(article)
    picture = dict(before["picture"])
    picture[name] = (
        True
        if name == "decorative"
        else "2031-01-02"
        if "date" in name or (name == "rights_expire_on")
        else f"changed {name}"
    )
    after = {**before, "picture": picture}
    assert lines(before, after, "Lead picture"), name


# How a snapshot's byline row holds each content field of content.BYLINE, and a change to it.
BYLINE_CHANGES = {
    "author": lambda rows, other: [{**rows[0], "author_id": other.pk}, rows[1]],
    "position": lambda rows, other: [{**rows[0], "position": 9}, rows[1]],
    "role": lambda rows, other: [{**rows[0], "role": "translator"}, rows[1]],
    "bio_line": lambda rows, other: [{**rows[0], "bio_line": "Another line."}, rows[1]],
}


@pytest.mark.parametrize("name", [n for n, kind in content.BYLINE.items() if kind == "content"])
def test_a_change_to_any_content_field_of_a_byline_is_described(name):
    first, second, other = (make_author(n) for n in ("Ann Author", "Ben Byline", "Cy Other"))
    rows = byline_rows((first, "author", "Ann's line."), (second, "author", ""))
    change = BYLINE_CHANGES[name]  # a new byline field needs a line here and in diff/people.py
    assert lines({"bylines": rows}, {"bylines": change(rows, other)}, "Authors"), name


@pytest.mark.parametrize("name", [n for n, k in content.EDITOR_NOTE.items() if k == "content"])
def test_a_change_to_any_content_field_of_a_public_note_is_described(name):
    was = note("editors_note", "Views are the authors'.")
    now = {**was, name: {"kind": "correction", "body": "Other words."}[name]}
    assert lines({"notes": [was]}, {"notes": [now]}, "Editor's Note and corrections"), name


# --- bylines ------------------------------------------------------------------------------


def byline_rows(*rows):
    return [
        {"author_id": a.pk, "role": role, "position": i, "bio_line": bio}
        for i, (a, role, bio) in enumerate(rows)
    ]


def test_bylines_are_compared_by_person_with_role_place_and_bio_line():
    tokuchi, roe, ruiz = (make_author(n) for n in ("Hideshi Tokuchi", "Jane Roe", "Ana Ruiz"))
    was, now = "Hideshi Tokuchi is President, RIPS.", "Hideshi Tokuchi is Chairman, RIPS."
    before = {"bylines": byline_rows((tokuchi, "author", was), (roe, "author", ""))}
    after = {"bylines": byline_rows((tokuchi, "editor", now), (ruiz, "co_author", ""))}
    said = lines(before, after, "Authors")
    assert "Added Ana Ruiz as co-author (position 2)" in said
    assert "Removed Jane Roe (author)" in said
    assert "Hideshi Tokuchi: role author → editor" in said
    assert (
        "Bio line of Hideshi Tokuchi: Hideshi Tokuchi is <del>President,</del> "
        "<ins>Chairman,</ins> RIPS." in said
    )
    assert "co_author" not in " ".join(said)


def test_a_change_of_byline_order_is_said():
    a, b = make_author("Ann Author"), make_author("Ben Byline")
    before = {"bylines": byline_rows((a, "author", ""), (b, "author", ""))}
    after = {"bylines": byline_rows((b, "author", ""), (a, "author", ""))}
    assert lines(before, after, "Authors") == [
        "Order: Ann Author, Ben Byline → Ben Byline, Ann Author"
    ]


def test_a_revision_from_before_an_author_merge_speaks_of_the_merged_author():
    kept, duplicate = make_author("Hideshi Tokuchi"), make_author("H. Tokuchi")
    article = make_ready_article(authors=[duplicate])
    old = snapshot(article)
    merge(kept, duplicate)
    article.refresh_from_db()
    assert lines(old, snapshot(article), "Authors") == []
    extra = make_author("Jane Roe")
    Byline.objects.create(article=article, author=extra, position=5)
    assert lines(old, snapshot(article), "Authors") == ["Added Jane Roe as author (position 2)"]


# --- notes --------------------------------------------------------------------------------


def note(kind, body, at="2026-03-01T02:00:00+00:00"):
    return {"kind": kind, "body": body, "created_at": at}


def test_editors_note_added_changed_and_removed():
    label, text = "Editor's Note and corrections", "The views are those of the authors."
    added = lines({"notes": []}, {"notes": [note("editors_note", text)]}, label)
    assert added == [f"Editor's Note added: <ins>{text}</ins>"]
    edited = lines({"notes": [note("editors_note", text)]},
                   {"notes": [note("editors_note", "The views are those of the author.")]},
                   label)  # fmt: skip
    assert edited == [
        "Editor's Note: The views are those of the <del>authors.</del> <ins>author.</ins>"
    ]
    removed = lines({"notes": [note("editors_note", "Gone.")]}, {"notes": []}, label)
    assert removed == ["Editor's Note removed: <del>Gone.</del>"]


def test_corrections_are_compared_with_their_dates():
    first = note("correction", "The date was wrong.", "2026-03-01T02:00:00+00:00")
    second = note("correction", "A name was misspelt.", "2026-03-05T02:00:00+00:00")
    said = lines({"notes": [first]}, {"notes": [first, second]}, "Editor's Note and corrections")
    assert said == ["Correction added, dated 2026-03-05: <ins>A name was misspelt.</ins>"]
    fixed = {**first, "body": "The year was wrong."}
    said = lines({"notes": [first, second]}, {"notes": [fixed]}, "Editor's Note and corrections")
    assert said == [
        "Correction of 2026-03-01: The <del>date</del> <ins>year</ins> was wrong.",
        "Correction of 2026-03-05 removed: <del>A name was misspelt.</del>",
    ]


def test_note_dates_are_the_newsrooms_days(settings):
    settings.TIME_ZONE = "Asia/Taipei"
    late = note("correction", "Late fix.", "2026-03-01T20:00:00+00:00")  # 04:00 in Taipei
    said = lines({"notes": []}, {"notes": [late]}, "Editor's Note and corrections")
    assert said == ["Correction added, dated 2026-03-02: <ins>Late fix.</ins>"]


# --- picture ------------------------------------------------------------------------------


def test_another_picture_is_named_with_its_credit_in_the_house_style():
    article = make_ready_article()
    before = snapshot(article)
    other = make_picture(
        title="Harbour at dawn",
        credit_source="Reuters",
        credit_date=datetime.date(2024, 1, 26),
        credit_platform="Facebook",
    )
    article.lead_image = other
    article.save()
    said = lines(before, snapshot(article), "Lead picture")
    old_title = str(ImageCredit.objects.get(pk=before["lead_image_id"]))
    assert said[0] == f"“{old_title}” → “Harbour at dawn”"
    assert said[1].startswith("Credit: Picture source: <del>Agency.</del>")
    assert "<ins>Reuters, January 26, 2024, Facebook.</ins>" in said[1]
    assert other.credit_line() == "Picture source: Reuters, January 26, 2024, Facebook."


def test_a_deleted_picture_is_named_as_such():
    article = make_ready_article()
    before = snapshot(article)
    picture = article.lead_image
    article.lead_image = make_picture(title="New one")
    article.save()
    picture.delete()
    said = lines(before, snapshot(article), "Lead picture")
    assert said[0] == "a deleted picture → “New one”"


def test_picture_content_changes_are_said_field_by_field():
    article = make_ready_article()
    before = snapshot(article)
    picture = article.lead_image
    picture.caption = "The harbour."
    picture.credit_source_language = "ja"
    picture.decorative = True
    picture.save()
    said = lines(before, snapshot(article), "Lead picture")
    assert "Caption: <ins>The harbour.</ins>" in said
    assert "Language of the source&#x27;s name: none → ja" in said
    assert "Marked decorative: screen readers skip it" in said


def test_a_replaced_picture_file_is_said():
    article = make_ready_article()
    before = snapshot(article)
    after = {**before, "picture": {**before["picture"], "file_sha256": "0" * 64}}
    assert lines(before, after, "Lead picture") == ["The picture file was replaced"]


def test_a_revision_from_before_picture_content_was_recorded_still_compares():
    article = make_ready_article()
    before = {**snapshot(article), "picture": None}
    article.lead_image.caption = "Now captioned."
    article.lead_image.save()
    assert lines(before, snapshot(article), "Lead picture") == []


# --- series, topics, language, home page ---------------------------------------------------


def test_series_are_named_and_a_deleted_one_said():
    article = make_ready_article(series=make_series("Prospects & Perspectives"))
    before = snapshot(article)
    old = article.series
    article.series = make_series("Policy Briefs")
    article.save()
    assert lines(before, snapshot(article), "Series") == [
        "Prospects &amp; Perspectives → Policy Briefs"
    ]
    old.delete()
    assert lines(before, snapshot(article), "Series") == ["a deleted series → Policy Briefs"]


def test_topics_added_and_removed_by_name():
    said = lines({"tags": ["China", "Japan"]}, {"tags": ["Japan", "Taiwan", "Trade"]}, "Topics")
    assert said == ["Added: <ins>Taiwan</ins>, <ins>Trade</ins>", "Removed: <del>China</del>"]


def test_language_and_home_page_placement_in_words():
    assert lines({"language": "en"}, {"language": "zh-hant"}, "Language") == [
        "English → Traditional Chinese"
    ]
    said = lines({"featured": False}, {"featured": True}, "Home page")
    assert said == ["Now featured on the home page"]


# --- the working copy's slug is no address -------------------------------------------------


def live_article_with_copy():
    article = make_ready_article(status="published")
    copy = workflow.start_working_copy(article, by=None)
    return article, copy


def test_a_working_copy_compared_with_its_live_article_shows_no_address_change():
    article, copy = live_article_with_copy()
    assert copy.slug != article.slug
    assert changed(snapshot(article), snapshot(copy)) == set()
    copy.title = "A clearer title"
    copy.save()
    assert changed(snapshot(article), snapshot(copy)) == {"Title"}


def test_revisions_of_a_working_copy_show_no_address_change_even_from_before_the_marker():
    article, copy = live_article_with_copy()
    live = {k: v for k, v in snapshot(article).items() if k != "working_copy"}
    legacy_copy = {k: v for k, v in snapshot(copy).items() if k != "working_copy"}
    assert changed(live, legacy_copy) == set()  # recognised by its "-next" slug
    copy.slug = "an-editor-typed-this"
    copy.save()
    older = {k: v for k, v in snapshot(copy).items() if k != "working_copy"}
    assert changed(legacy_copy, older, working_copy=True) == set()


def test_a_drafts_new_slug_is_a_real_address_change():
    article = make_ready_article()
    before = snapshot(article)
    article.slug = "a-better-address"
    article.save()
    said = lines(before, snapshot(article), "Address")
    assert said == [f"{before['slug']} → a-better-address"]
