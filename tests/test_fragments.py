"""Fragments kept by the versions of what they show (prospect/fragments.py): a publication
re-renders only what mentions it, and no change a reader could see is ever missed."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Byline
from prospect import fragments
from tests.factories import make_article, make_author, make_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    # Every request misses the page cache, as after any publication: only fragments help.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE = True


@pytest.fixture
def shown():
    author = make_author("Ann Author", title="Fellow")
    picture = make_picture(credit_source="Agency", credit_platform="Facebook")
    article = make_article(
        "A commentary", authors=[author], tags=["Japan"], lead_image=picture, status="published"
    )
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def tables_read(client, article):
    with CaptureQueriesContext(connection) as captured:
        page(client, article)
    return [q["sql"] for q in captured]


def test_a_kept_article_page_renders_with_no_query(client, shown):
    page(client, shown)
    assert tables_read(client, shown) == []


def test_publishing_another_commentary_leaves_this_page_kept(client, shown):
    page(client, shown)
    make_article("Someone else's news", series=shown.series, tags=["Energy"], status="published")
    queries = tables_read(client, shown)
    # At most the related box (other commentaries) is read again; the article is not.
    assert not any('"articles_byline"' in sql for sql in queries), queries
    assert len(queries) <= 2


def test_what_the_page_shows_changes_it_at_once(client, shown):
    before = page(client, shown)
    assert "Ann Author" in before
    author = shown.bylines.get().author
    author.display_name = "Ann Renamed"
    author.save()
    assert "Ann Renamed" in page(client, shown)

    tag = Tag.objects.get(name="Japan")
    tag.name = "Japan and Korea"
    tag.save()
    assert "Japan and Korea" in page(client, shown)

    picture = shown.lead_image
    picture.credit_source = "Another agency"
    picture.save()
    assert "Another agency" in page(client, shown)

    series = shown.series
    series.name = "Renamed series"
    series.save()
    assert "Renamed series" in page(client, shown)


def test_a_correction_and_a_withdrawal_reach_the_page(client, shown):
    page(client, shown)
    from articles.models import EditorNote

    EditorNote.objects.create(article=shown, kind="correction", body="A figure was wrong.")
    assert "A figure was wrong." in page(client, shown)
    workflow.withdraw(shown)
    assert client.get(shown.get_absolute_url()).status_code == 410


def test_an_expired_picture_leaves_the_page_at_its_time_with_no_write(client, shown):
    picture = shown.lead_image
    picture.rights_expire_on = timezone.localdate()
    picture.save()
    assert "Agency" in page(client, shown)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, hours=1)):
        assert "Agency" not in page(client, shown)


def test_related_commentaries_follow_their_own_changes(client):
    author = make_author("Shared Author", title="Fellow")
    first = make_article("First one", authors=[author], tags=["Japan"], status="published")
    second = make_article("Second one", authors=[author], tags=["Japan"], status="published")
    first.refresh_from_db()
    assert "Second one" in page(client, first)
    workflow.withdraw(second)
    assert "Second one" not in page(client, first)


def test_a_scheduled_related_commentary_appears_at_its_time(client):
    author = make_author("Shared Author", title="Fellow")
    first = make_article("First one", authors=[author], tags=["Japan"], status="published")
    at = timezone.now() + datetime.timedelta(hours=2)
    make_article("Coming later", authors=[author], tags=["Japan"], status="scheduled", at=at)
    first.refresh_from_db()
    assert "Coming later" not in page(client, first)
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert "Coming later" in page(client, first)


def test_a_byline_added_without_the_workflow_still_reaches_the_page(client, shown):
    page(client, shown)
    Byline.objects.create(article=shown, author=make_author("Second Writer"), position=1)
    assert "Second Writer" in page(client, shown)


def test_made_up_addresses_leave_nothing_in_the_cache(client):
    cache.clear()
    for n in range(20):
        assert client.get(f"/articles/made-up-{n}/").status_code == 404
    keys = getattr(cache, "_cache", {})
    assert not [k for k in keys if fragments.PREFIX in k]


def test_a_version_changed_while_rendering_is_not_kept_as_current(client, shown, monkeypatch):
    """A write that commits between reading the versions and reading the rows must leave the
    fragment outdated, not stored under the new version."""
    from articles.views import public

    real = public.live_article

    def slow_read(slug):
        Article.objects.filter(pk=shown.pk).update(title="Changed meanwhile")
        fragments.bump(f"article:{slug}")  # what the receivers do for that write
        return real(slug)

    monkeypatch.setattr(public, "live_article", slow_read)
    page(client, shown)
    monkeypatch.setattr(public, "live_article", real)
    Article.objects.filter(pk=shown.pk).update(title="Changed again, no signal")
    # The kept fragment was filed under the version read before the write, which is outdated.
    assert "Changed again, no signal" in page(client, shown)


def card_rows_read(client, path):
    """How many commentaries the list's card query read (the cards not kept)."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    card_queries = [q["sql"] for q in captured if '"articles_article"."id" IN' in q["sql"]]
    return html, card_queries


def test_a_publication_renders_only_its_own_card_in_the_lists(client, shown):
    for n in range(5):
        make_article(f"Older {n}", series=shown.series, status="published")
    client.get("/articles/")
    new = make_article("Brand new", series=shown.series, status="published")
    html, card_queries = card_rows_read(client, "/articles/")
    assert "Brand new" in html and "Older 4" in html
    # One card query, for the newcomer alone; the six others came from the cache.
    assert len(card_queries) == 1 and f'"articles_article"."id" IN ({new.pk})' in card_queries[0]


def test_cards_follow_their_authors_and_their_withdrawal(client, shown):
    assert "Ann Author" in client.get("/").content.decode()
    author = shown.bylines.get().author
    author.display_name = "Ann Renamed"
    author.save()
    assert "Ann Renamed" in client.get("/").content.decode()
    workflow.withdraw(shown)
    assert "A commentary" not in client.get("/articles/").content.decode()


def test_a_translation_going_out_or_moving_reaches_the_other_language_page(client):
    english = make_article("Japan and Taiwan", status="published", language="en")
    chinese = make_article("日本與台灣", status="draft", language="zh-hant",
                           translation_key=english.translation_key)  # fmt: skip
    assert "閱讀中文版" not in page(client, english)
    workflow.publish(chinese)
    assert "閱讀中文版" in page(client, english)
    chinese.slug = "ri-ben-yu-tai-wan"
    chinese.save()
    assert "ri-ben-yu-tai-wan" in page(client, english)
    workflow.withdraw(chinese)
    assert "閱讀中文版" not in page(client, english)


def test_the_archive_filters_and_topic_experts_follow_publications(client, shown):
    assert 'value="energy"' not in client.get("/articles/").content.decode()
    client.get("/topics/japan/")
    writer = make_author("Energy Writer", title="Fellow")
    make_article("On energy", series=shown.series, authors=[writer], tags=["Energy", "Japan"],
                 status="published")  # fmt: skip
    assert 'value="energy"' in client.get("/articles/").content.decode()
    assert "Energy Writer" in client.get("/topics/japan/").content.decode()


# --- kept lists (prospect/kept_lists.py) ----------------------------------------------------


@pytest.fixture
def lists(shown):
    """The lists ``shown`` is on: home, archive (plain and filtered), its series, topic, author."""
    author = shown.bylines.get().author
    return [
        "/",
        "/articles/",
        f"/articles/?series={shown.series.slug}",
        shown.series.get_absolute_url(),
        "/topics/japan/",
        author.get_absolute_url(),
    ]


def test_a_list_nothing_changed_since_reads_no_row(client, lists):
    for path in lists:
        assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert [q["sql"] for q in captured] == [], path


def test_a_publication_reaches_every_list_it_belongs_to(client, shown, lists):
    for path in lists:
        client.get(path)
    author = shown.bylines.get().author
    make_article("Fresh from the desk", series=shown.series, authors=[author], tags=["Japan"],
                 status="published")  # fmt: skip
    for path in lists:
        assert "Fresh from the desk" in client.get(path).content.decode(), path


def test_a_scheduled_commentary_joins_the_lists_at_its_time_with_no_write(client, shown, lists):
    author = shown.bylines.get().author
    at = timezone.now() + datetime.timedelta(hours=3)
    make_article("Out at nine", series=shown.series, authors=[author], tags=["Japan"],
                 status="scheduled", at=at)  # fmt: skip
    for path in lists:
        assert "Out at nine" not in client.get(path).content.decode(), path
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        for path in lists:
            assert "Out at nine" in client.get(path).content.decode(), path


def test_a_withdrawal_leaves_every_list_and_its_count(client, shown, lists):
    others = [make_article(f"Other {n}", series=shown.series, tags=["Japan"],
                           authors=[shown.bylines.get().author], status="published")
              for n in range(20)]  # fmt: skip
    # 21 on the author's, series and topic lists: a second page exists.
    for path in lists[1:]:
        html = client.get(path).content.decode()
        assert "?page=2" in html or "page=2" in html, path
    workflow.withdraw(others[0])
    for path in lists:
        html = client.get(path).content.decode()
        assert "Other 0<" not in html, path
    for path in lists[3:]:
        # Twenty left: one page, the count kept with the list followed the withdrawal.
        assert "page=2" not in client.get(path).content.decode(), path


def test_writes_outside_the_workflow_reach_the_lists(client, shown, lists):
    for path in lists:
        client.get(path)
    other = make_article("Untagged at first", series=shown.series, status="published")
    assert "Untagged at first" not in client.get("/topics/japan/").content.decode()
    other.tags.add("Japan")
    assert "Untagged at first" in client.get("/topics/japan/").content.decode()
    other.tags.remove("Japan")
    assert "Untagged at first" not in client.get("/topics/japan/").content.decode()

    author = shown.bylines.get().author
    assert "Untagged at first" not in client.get(author.get_absolute_url()).content.decode()
    Byline.objects.create(article=other, author=author, position=1)
    assert "Untagged at first" in client.get(author.get_absolute_url()).content.decode()


def test_renamed_and_unlisted_things_reach_their_pages(client, shown, lists):
    for path in lists:
        client.get(path)
    series = shown.series
    series.name = "A renamed series"
    series.save()
    assert "A renamed series" in client.get(series.get_absolute_url()).content.decode()
    tag = Tag.objects.get(slug="japan")
    tag.name = "Japan (renamed)"
    tag.save()
    assert "Japan (renamed)" in client.get("/topics/japan/").content.decode()
    author = shown.bylines.get().author
    author.listed = False
    author.save()
    assert client.get(author.get_absolute_url()).status_code == 404
    workflow.withdraw(shown)
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get("/topics/japan/").status_code == 404


def test_made_up_list_parameters_add_no_kept_lists(client, shown, lists):
    for path in lists:
        client.get(path)
    keys = set(getattr(cache, "_cache", {}))
    for n in range(30):
        client.get(f"/articles/?page={n * 1000}&series=made-up-{n}&year=1{n}&topic=none-{n}")
        client.get(f"/topics/japan/?page={n}")
        client.get(f"/series/made-up-{n}/")
        client.get(f"/authors/made-up-{n}/")
    new_keys = set(getattr(cache, "_cache", {})) - keys
    # Out-of-range pages show the last real page; made-up filters are ignored; made-up names
    # are 404 — none of which keeps a list, an object or a page of its own.
    assert not [k for k in new_keys if "fragment" in k], new_keys
