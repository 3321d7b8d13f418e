"""A first-time outside writer can be put on a byline by contributors and editors, as a guest
author that bio staff then review; existing author records stay bio staff's."""

import pytest
from django.urls import reverse

from authors.models import Author
from tests.articles.admin_helpers import change_url
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db
GUEST_URL = "/admin/articles/article/guest-author/"


@pytest.mark.parametrize("who", ["contributor", "editor", "managing"])
def test_contributors_and_editors_add_a_guest_author_from_the_byline(client, team, who):
    client.force_login(getattr(team, who))
    response = client.post(GUEST_URL, {"name": "  Ana   Ruiz "})
    assert response.status_code == 201
    author = Author.objects.get()
    assert response.json()["id"] == author.pk and response.json()["text"] == "Ana Ruiz"
    assert author.display_name == "Ana Ruiz"
    assert not author.listed and author.pending_review


def test_adding_an_existing_name_chooses_that_author_instead(client, team):
    existing = make_author("Ana Ruiz")
    client.force_login(team.contributor)
    response = client.post(GUEST_URL, {"name": "ana ruiz"})
    assert response.status_code == 200 and response.json()["id"] == existing.pk
    assert Author.objects.count() == 1


def test_a_guest_who_may_be_an_existing_author_is_added_with_a_warning(client, team):
    make_author("Hideshi Tokuchi")
    client.force_login(team.editor)
    response = client.post(GUEST_URL, {"name": "H. Tokuchi"})
    assert response.status_code == 201
    assert "Possibly the same person as Hideshi Tokuchi" in response.json()["message"]
    assert Author.objects.likely_duplicates().count() == 2


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_guest_author_needs_a_real_name(client, team, name):
    client.force_login(team.editor)
    response = client.post(GUEST_URL, {"name": name})
    assert response.status_code == 400 and "name" in response.json()["error"]
    assert Author.objects.count() == 0


def test_bio_staff_and_anonymous_visitors_cannot_add_guest_authors_here(client, team):
    client.force_login(team.bio)
    assert client.post(GUEST_URL, {"name": "Ana Ruiz"}).status_code == 403
    client.logout()
    assert client.post(GUEST_URL, {"name": "Ana Ruiz"}).status_code == 302  # to sign in
    assert Author.objects.count() == 0


def test_only_post_creates(client, team):
    client.force_login(team.editor)
    assert client.get(GUEST_URL, {"name": "Ana Ruiz"}).status_code == 405


@pytest.mark.parametrize("who", ["contributor", "editor"])
def test_contributors_and_editors_still_cannot_edit_author_records(client, team, who):
    author = make_author("Hideshi Tokuchi")
    client.force_login(getattr(team, who))
    url = reverse("admin:authors_author_change", args=[author.pk])
    response = client.post(url, {"display_name": "Someone Else", "slug": author.slug})
    assert response.status_code in (403, 200)
    author.refresh_from_db()
    assert author.display_name == "Hideshi Tokuchi"
    assert (
        client.post(reverse("admin:authors_author_add"), {"display_name": "X"}).status_code == 403
    )


def test_the_article_form_loads_the_guest_author_picker(client, team):
    article = make_article(created_by=team.contributor)
    client.force_login(team.contributor)
    html = client.get(change_url(article)).content.decode()
    assert f'src="/static/admin/js/guest-author.js" data-url="{GUEST_URL}"' in html
    assert html.index("admin/js/autocomplete.js") < html.index("admin/js/guest-author.js")


def test_bio_staff_find_new_guest_authors_in_a_filter_and_review_clears_the_flag(client, team):
    guest = Author.objects.create_guest("Ana Ruiz")
    make_author("Hideshi Tokuchi")
    client.force_login(team.bio)
    listing = client.get("/admin/authors/author/", {"guest": "review"}).content.decode()
    assert "Ana Ruiz" in listing and "Hideshi Tokuchi" not in listing
    client.post(
        "/admin/authors/author/",
        {"action": "mark_reviewed", "_selected_action": [guest.pk]},
    )
    guest.refresh_from_db()
    assert not guest.pending_review and guest.bio_reviewed_on is not None
