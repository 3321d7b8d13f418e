"""Bio staff keep people right: bios, merges, reviews and history — and touch nothing else."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article, Byline, EditorNote
from authors.merge import merge
from authors.models import Affiliation, Author, AuthorLink, AuthorRedirect
from tests.factories import (
    make_article,
    make_author,
    make_organization,
    make_picture,
    make_public_author,
    make_ready_article,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bio_client(client):
    groups = roles.ensure_roles()
    client.force_login(make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True))
    return client


# --- the bio sentence, live -------------------------------------------------------------


def test_admin_previews_the_bio_sentence_from_unsaved_form_values(bio_client):
    rips = make_organization()
    keio = make_organization("Keio University", acronym="")
    data = {
        "display_name": "Hideshi  Tokuchi", "honorific": "Dr.", "short_bio": "",
        "affiliations-TOTAL_FORMS": "3",
        "affiliations-0-organization": str(keio.pk), "affiliations-0-title": "Adjunct Professor",
        "affiliations-1-organization": str(rips.pk), "affiliations-1-title": "President",
        "affiliations-1-primary": "on",
        "affiliations-2-organization": str(rips.pk), "affiliations-2-title": "Former Director",
        "affiliations-2-end_date": "2019-12-31",
    }  # fmt: skip
    response = bio_client.post(reverse("admin:authors_author_bio_preview"), data)
    assert response.json()["bio_line"] == (
        "Dr. Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS), "
        "and Adjunct Professor, Keio University."
    )
    none = bio_client.post(reverse("admin:authors_author_bio_preview"),
                           {"display_name": "X", "short_bio": "X writes novels."})  # fmt: skip
    assert none.json()["bio_line"] == "X writes novels."


def test_author_change_form_loads_the_live_preview_script(bio_client):
    author = make_author("Jane Roe", title="Fellow")
    html = bio_client.get(reverse("admin:authors_author_change", args=[author.pk])).content.decode()
    assert "bio-preview.js" in html
    assert "Jane Roe is Fellow, Research Institute for Peace and Security (RIPS)." in html


def test_long_bio_is_sanitized(bio_client):
    author = make_author(long_bio='<p onclick="x()">Writes <script>bad()</script>well.</p>')
    assert author.long_bio == "<p>Writes well.</p>"


# --- frozen bylines ----------------------------------------------------------------------


def test_byline_frozen_at_publication_survives_a_new_job():
    author = make_author("Hideshi Tokuchi", title="President")
    article = make_ready_article(authors=[author])
    workflow.publish(article)
    job = author.affiliations.get()
    job.end_date = timezone.localdate()
    job.save()
    Affiliation.objects.create(
        author=author, organization=make_organization("Keio University", acronym=""),
        title="Professor", start_date=timezone.localdate() + datetime.timedelta(days=1),
        primary=True,
    )  # fmt: skip
    author.refresh_from_db()
    later = timezone.localdate() + datetime.timedelta(days=2)
    assert author.bio_line(on=later) == "Hideshi Tokuchi is Professor, Keio University."
    assert article.bylines.get().bio_line == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )


# --- duplicates and merging --------------------------------------------------------------


def test_likely_duplicates_are_flagged():
    a = make_author("Hideshi Tokuchi")
    b = make_author("TOKUCHI Hideshi")
    make_author("Someone Else")
    assert set(Author.objects.likely_duplicates()) == {a, b}


def test_duplicates_show_in_the_admin_list(bio_client):
    make_author("Hideshi Tokuchi")
    make_author("TOKUCHI Hideshi")
    html = bio_client.get(reverse("admin:authors_author_changelist"), {"duplicates": "yes"})
    text = html.content.decode()
    assert "TOKUCHI Hideshi" in text and "Hideshi Tokuchi" in text


def test_merge_moves_everything_and_redirects(client, bio_client):
    keep = make_author("Hideshi Tokuchi", title="President")
    duplicate = make_author("TOKUCHI Hideshi", other_script_name="徳地秀士",
                            orcid="0000-0002-1825-0097", portrait=make_picture())  # fmt: skip
    Affiliation.objects.create(
        author=duplicate,
        organization=make_organization("Keio University", acronym=""),
        title="Professor",
    )
    AuthorLink.objects.create(author=duplicate, label="Bluesky", url="https://bsky.app/x")
    duplicate.expertise.add("Japan")
    shared = make_article("Both bylined", authors=[keep, duplicate], status="published")
    only_dup = make_article("Duplicate only", authors=[duplicate], status="published")
    old_url = duplicate.get_absolute_url()

    changelist = reverse("admin:authors_author_changelist")
    response = bio_client.post(
        changelist, {"action": "merge_authors", "_selected_action": [keep.pk, duplicate.pk]}
    )
    assert response.status_code == 302 and "merge" in response.url
    confirm = bio_client.get(response.url)
    assert "Keep which record?" in confirm.content.decode()
    done = bio_client.post(reverse("admin:authors_author_merge"),
                           {"ids": f"{keep.pk},{duplicate.pk}", "keep": keep.pk})  # fmt: skip
    assert done.status_code == 302

    assert not Author.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert [b.author for b in shared.bylines.all()] == [keep]
    assert only_dup.bylines.get().author == keep
    assert set(keep.affiliations.values_list("title", flat=True)) == {"President", "Professor"}
    assert keep.links.get().label == "Bluesky"
    assert list(keep.expertise.names()) == ["Japan"]
    assert (keep.other_script_name, keep.orcid) == ("徳地秀士", "0000-0002-1825-0097")
    assert keep.portrait is not None
    response = client.get(old_url)
    assert response.status_code == 301 and response.url == keep.get_absolute_url()


def test_merge_is_all_or_nothing(monkeypatch):
    keep, duplicate = make_author("A One"), make_author("One A")
    make_article(authors=[duplicate])

    def fail(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(AuthorRedirect.objects, "create", fail)
    with pytest.raises(RuntimeError):
        merge(keep, duplicate)
    assert Author.objects.filter(pk=duplicate.pk).exists()
    assert Byline.objects.get().author == duplicate


def test_merge_needs_exactly_two(bio_client):
    a = make_author("Solo")
    response = bio_client.post(
        reverse("admin:authors_author_changelist"),
        {"action": "merge_authors", "_selected_action": [a.pk]},
        follow=True,
    )
    assert "Select exactly two authors" in response.content.decode()


# --- stale bios and history --------------------------------------------------------------


def test_stale_bios_and_missing_affiliations_are_listed(bio_client):
    old = make_author(
        "Old Review",
        title="Fellow",
        bio_reviewed_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    make_author("Fresh Review", title="Fellow", bio_reviewed_on=timezone.localdate())
    never = make_author("Never Reviewed", title="Fellow")
    jobless = make_author("No Job", bio_reviewed_on=timezone.localdate())
    url = reverse("admin:authors_author_changelist")
    due = bio_client.get(url, {"bio_review": "due"}).content.decode()
    assert old.display_name in due and never.display_name in due and "Fresh Review" not in due
    none = bio_client.get(url, {"affiliation": "none"}).content.decode()
    assert jobless.display_name in none and "Fresh Review" not in none


def test_marking_bios_reviewed(bio_client):
    author = make_author("To Review")
    bio_client.post(reverse("admin:authors_author_changelist"),
                    {"action": "mark_reviewed", "_selected_action": [author.pk]})  # fmt: skip
    author.refresh_from_db()
    assert author.bio_reviewed_on == timezone.localdate()


def test_every_change_to_people_is_recorded_with_who_and_when(bio_client):
    author = make_author("Tracked Person")
    data = {
        "display_name": "Tracked Person", "sort_name": "Person, Tracked", "slug": author.slug,
        "short_bio": "A new line.", "listed": "on",
        "affiliations-TOTAL_FORMS": "1", "affiliations-INITIAL_FORMS": "0",
        "affiliations-0-organization": str(make_organization().pk),
        "affiliations-0-title": "Fellow", "affiliations-0-position": "0",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = bio_client.post(reverse("admin:authors_author_change", args=[author.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = author.history.first()
    assert latest.history_user.username == "bea" and latest.short_bio == "A new line."
    assert Affiliation.history.first().history_user.username == "bea"
    page = bio_client.get(reverse("admin:authors_author_history", args=[author.pk]))
    assert page.status_code == 200 and "bea" in page.content.decode()


# --- bio staff touch nothing else --------------------------------------------------------


def article_admin_urls(article, note):
    a = article.pk
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?_popup=1&_to_field=id",
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[a]),
        reverse("admin:articles_article_delete", args=[a]),
        reverse("admin:articles_article_history", args=[a]),
        reverse("admin:articles_article_revisions", args=[a]),
        reverse("admin:articles_article_preview", args=[a, article.revisions.first().pk]),
        reverse("admin:articles_editornote_changelist"),
        reverse("admin:articles_editornote_change", args=[note.pk]),
        reverse("admin:articles_articlerevision_changelist"),
        reverse("admin:articles_series_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:autocomplete")
        + "?app_label=articles&model_name=editornote&field_name=article&term=a",
        reverse("admin:autocomplete")
        + "?app_label=authors&model_name=author&field_name=user&term=a",
        reverse("admin:autocomplete")
        + "?app_label=articles&model_name=article&field_name=series&term=a",
    ]


def test_bio_staff_are_refused_on_every_article_note_and_user_url(bio_client):
    article = make_ready_article("Closed to bio staff")
    workflow.record_edit(article, by=None)
    note = EditorNote.objects.create(article=article, body="Internal")
    for url in article_admin_urls(article, note):
        response = bio_client.get(url)
        assert response.status_code in (403, 404) or (
            response.status_code == 302 and response.url.rstrip("/").endswith("/admin")
        ), (url, response.status_code)
        assert "Closed to bio staff" not in response.content.decode(), url
    for action in ("submit", "approve", "publish"):
        bio_client.post(reverse("admin:articles_article_transition", args=[article.pk, action]))
    assert Article.objects.get(pk=article.pk).status == "draft"
    assert get_user_model().objects.count() == 1


def test_bio_staff_may_use_authors_organizations_and_pictures(bio_client):
    for name in ("authors_author", "authors_organization", "authors_affiliation",
                 "images_imagecredit"):  # fmt: skip
        assert bio_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert bio_client.get(reverse(f"admin:{name}_add")).status_code == 200


# --- public author pages -----------------------------------------------------------------


def test_seed_author_page_shows_bio_affiliation_and_the_commentary(client, seed_path):
    call_command("import_commentary", str(seed_path), "--publish-date", "2024-02-01",
                 stdout=StringIO())  # fmt: skip
    author = Author.objects.get(display_name="Hideshi Tokuchi")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)." in html
    assert "President, Research Institute for Peace and Security (RIPS)" in html
    assert "Promoting the Japan-Taiwan Partnership" in html


def test_directory_is_alphabetical_by_sort_name_with_chinese_names_grouped(client):
    for name in ("Zoe Adams", "Aiko Suzuki", "陳美玲", "Bob Brown"):
        make_public_author(name)
    html = client.get(reverse("authors:list")).content.decode()
    order = [html.index(n) for n in ("Zoe Adams", "Bob Brown", "Aiko Suzuki", "陳美玲")]
    assert order == sorted(order)
    assert ">中</h2>" in html and ">A</h2>" in html


def test_directory_search_in_either_script_and_expertise_filter(client):
    a = make_public_author("Hideshi Tokuchi", other_script_name="徳地秀士")
    make_public_author("Jane Roe").expertise.add("Maritime law")
    a.expertise.add("Japan")
    assert "Hideshi Tokuchi" in client.get(reverse("authors:list"), {"q": "徳地"}).content.decode()
    only = client.get(reverse("authors:list"), {"expertise": "maritime-law"}).content.decode()
    assert "Jane Roe" in only and "Hideshi Tokuchi" not in only
    assert client.get(reverse("authors:list"), {"q": "\x00" * 500}).status_code == 200


def test_unlisted_authors_stay_out_of_the_directory(client):
    make_public_author("Hidden Guest", listed=False)
    assert "Hidden Guest" not in client.get(reverse("authors:list")).content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"affiliations-TOTAL_FORMS": "lots"},
        {"affiliations-TOTAL_FORMS": "²"},
        {"affiliations-TOTAL_FORMS": "-3"},
        {"affiliations-TOTAL_FORMS": "1", "affiliations-0-organization": "x"},
        {"affiliations-TOTAL_FORMS": "1", "affiliations-0-organization": "{org}",
         "affiliations-0-position": "first"},
        {"affiliations-TOTAL_FORMS": "1", "affiliations-0-organization": "²"},
        {"affiliations-TOTAL_FORMS": "100000000"},
    ],
)  # fmt: skip
def test_bio_preview_rejects_malformed_or_oversized_forms_with_400(bio_client, bad):
    organization = make_organization()
    bad = {k: v.replace("{org}", str(organization.pk)) for k, v in bad.items()}
    response = bio_client.post(
        reverse("admin:authors_author_bio_preview"), {"display_name": "X", **bad}
    )
    assert response.status_code == 400
    assert "error" in response.json()
