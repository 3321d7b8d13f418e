import datetime
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleRevision, EditorNote, Status
from prospect.slugs import RESERVED_SLUGS
from tests.factories import make_article, make_author, make_series, make_user

pytestmark = pytest.mark.django_db


def test_chinese_title_gives_a_usable_unicode_slug():
    article = make_article("日本與台灣的夥伴關係")
    assert article.slug == "日本與台灣的夥伴關係"
    assert unquote(article.get_absolute_url()) == "/articles/日本與台灣的夥伴關係/"


def test_title_without_letters_still_gets_a_slug():
    article = make_article("!!! ??? …")
    assert article.slug.startswith("article-") and len(article.slug) > len("article-")


def test_slugs_never_collide():
    first, second = make_article("Same Title"), make_article("Same Title")
    assert (first.slug, second.slug) == ("same-title", "same-title-2")


@pytest.mark.parametrize("word", sorted(RESERVED_SLUGS))
def test_reserved_words_are_refused_as_slugs(word):
    article = Article(title="Anything", series=make_series(), slug=word)
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "slug" in caught.value.message_dict


def test_title_that_is_a_reserved_word_gets_another_slug():
    assert make_article("Search").slug == "search-2"


def test_database_refuses_an_empty_slug():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(slug="")


def test_numbers_are_unique_per_series_and_assigned_at_publication():
    series = make_series()
    first = make_article(series=series, status="published")
    draft = make_article(series=series)
    second = make_article(series=series, status="scheduled")
    assert (first.number, draft.number, second.number) == (1, None, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=draft.pk).update(number=1)


def test_numbers_are_never_reused_after_withdrawal():
    series = make_series()
    make_article(series=series, status="withdrawn")
    assert make_article(series=series, status="published").number == 2


def test_database_refuses_published_without_dates():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)


def test_one_version_per_language_of_a_commentary():
    english = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(translation_key=english.translation_key, language="en")
    chinese = make_article("中文版", translation_key=english.translation_key, language="zh-hant")
    assert chinese.translation_key == english.translation_key


def test_body_is_sanitized_and_derived_fields_computed_at_save():
    article = make_article(body="<p onclick='x()'>Hello <script>bad()</script>world</p>")
    assert article.body == "<p>Hello world</p>"
    assert article.body_text == "Hello world"
    assert article.reading_minutes == 1


def test_publication_freezes_bio_lines_and_editors_note():
    author = make_author("Hideshi Tokuchi", title="President")
    series = make_series(editors_note="The views are the authors' own.")
    article = make_article(series=series, authors=[author], status="published")
    byline = article.bylines.get()
    assert byline.bio_line == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )
    assert article.editors_note().body == "The views are the authors' own."
    # The author's later job does not rewrite what was printed.
    affiliation = author.affiliations.get()
    affiliation.end_date = timezone.localdate()
    affiliation.save()
    author.short_bio = "Hideshi Tokuchi is retired."
    author.save()
    byline.refresh_from_db()
    assert byline.display_bio_line().startswith("Hideshi Tokuchi is President")


def test_editor_may_override_the_bio_line_before_publication():
    author = make_author("Jane Roe", title="Fellow")
    article = make_article(authors=[author])
    article.bylines.update(bio_line="Jane Roe writes on maritime law.")
    workflow.publish(article, at=timezone.now())
    assert article.bylines.get().bio_line == "Jane Roe writes on maritime law."


def test_only_one_editors_note_per_article():
    article = make_article()
    EditorNote.objects.create(article=article, kind="editors_note", body="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        EditorNote.objects.create(article=article, kind="editors_note", body="Two")


def test_internal_notes_are_never_public():
    article = make_article()
    EditorNote.objects.create(article=article, kind="internal", body="Fix the intro")
    EditorNote.objects.create(article=article, kind="correction", body="Date fixed")
    assert [n.body for n in article.public_notes()] == ["Date fixed"]
    assert list(EditorNote.objects.public().values_list("body", flat=True)) == ["Date fixed"]


def test_revision_snapshot_holds_bylines_tags_and_picture():
    author = make_author("Jane Roe")
    article = make_article(authors=[author], tags=["Japan", "Taiwan"])
    revision = ArticleRevision.capture(article, message="Checkpoint")
    assert revision.data["title"] == article.title
    assert revision.data["bylines"][0]["author_id"] == author.pk
    assert revision.data["tags"] == ["Japan", "Taiwan"]
    assert "lead_image_id" in revision.data


def test_revisions_survive_their_authors_account_being_deleted():
    user = make_user()
    article = make_article(created_by=user)
    ArticleRevision.capture(article, by=user)
    user.delete()
    article.refresh_from_db()
    assert article.created_by is None
    assert article.revisions.get().created_by is None


def test_author_with_bylines_cannot_be_deleted():
    from django.db.models import ProtectedError

    author = make_author()
    make_article(authors=[author])
    with pytest.raises(ProtectedError):
        author.delete()


def test_workflow_refuses_transitions_from_the_wrong_state():
    article = make_article(status="published")
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article)
    with pytest.raises(workflow.InvalidTransition):
        workflow.withdraw(make_article())


def test_people_cannot_publish_unreviewed_work_even_with_permission():
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(make_article(), by=user)


def test_scheduled_state_is_reported():
    article = make_article(status="scheduled", at=timezone.now() + datetime.timedelta(days=2))
    assert article.is_scheduled and not article.is_live()
