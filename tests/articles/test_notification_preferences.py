"""The page where staff choose what they are mailed about: their own choices only, CSRF-protected,
defaults named, bad input refused with nothing saved."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import notifications, roles, workflow
from articles.models import NotificationPreference
from articles.models.preferences import Kind, Scope
from tests.factories import make_ready_article, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/notifications/"


def all_choices(**changes):
    """A complete form: every kind at "own", with ``changes``."""
    return {kind.value: Scope.OWN.value for kind in Kind} | changes


def stored(user):
    return dict(user.notification_preferences.values_list("kind", "scope"))


def test_the_page_has_its_address_and_a_link_in_every_admin_page(client, team):
    assert reverse("notification_preferences") == URL
    client.force_login(team.contributor)
    html = client.get("/admin/").content.decode()
    assert f'<a href="{URL}">Notifications</a>' in html


def test_each_kind_is_a_labelled_group_with_the_roles_default_named(client, team):
    client.force_login(team.editor)
    html = client.get(URL).content.decode()
    for kind in Kind:
        assert f"<legend>{kind.label}</legend>" in html
        assert f'aria-describedby="id_{kind.value}_helptext"' in html
    # An editor's defaults: every submission, their own articles for publication.
    assert (
        'value="all" id="id_submitted_1" required checked> <label for="id_submitted_1">'
        "All articles I may see (default for your role)</label>" in html
    )
    assert (
        '<label for="id_published_0">My own articles only (default for your role)</label>'
    ) in html
    assert f"Mail goes to <strong>{team.editor.email}</strong>" in html


def test_a_person_saves_their_own_choices_and_only_differences_are_stored(client, team):
    client.force_login(team.editor)
    editor = {"submitted": "all", "approval_voided": "all"}  # an editor's defaults
    response = client.post(URL, all_choices(**editor, published="none", withdrawn="all"))
    assert response.status_code == 302 and response["Location"] == URL
    assert stored(team.editor) == {"published": "none", "withdrawn": "all"}
    html = client.get(URL).content.decode()
    assert "Your notification preferences are saved." in html
    assert 'value="none" id="id_published_2" required checked' in html
    # Back to the default: the stored choice is forgotten, so role changes reach it again.
    client.post(URL, all_choices(**editor, withdrawn="all"))
    assert stored(team.editor) == {"withdrawn": "all"}


def test_nobody_can_set_someone_elses_preferences(client, team):
    client.force_login(team.contributor)
    data = all_choices(published="none") | {"user": team.editor.pk, "user_id": team.editor.pk}
    client.post(URL, data)
    client.post(f"{URL}?user={team.editor.pk}", data)
    assert stored(team.editor) == {}
    assert stored(team.contributor) == {"published": "none"}


def test_saving_needs_the_csrf_token(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.contributor)
    response = client.post(URL, all_choices(published="none"))
    assert response.status_code == 403
    assert stored(team.contributor) == {}


@pytest.mark.parametrize(
    "data",
    [
        all_choices(published="everyone"),
        {k: v for k, v in all_choices().items() if k != "approved"},
        all_choices(published=["none", "all"]) | {"submitted": "<script>x</script>"},
    ],
    ids=["unknown-choice", "missing-kind", "hostile"],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(client, team, data):
    NotificationPreference.objects.create(user=team.contributor, kind=Kind.WITHDRAWN, scope="none")
    client.force_login(team.contributor)
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the choices marked below; nothing was saved." in html
    assert "<script>x</script>" not in html
    assert stored(team.contributor) == {"withdrawn": "none"}


def test_only_signed_in_staff_reach_the_page(client, team):
    assert client.get(URL).status_code == 302
    client.force_login(make_user("reader"))  # an account without staff status
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_bio_staff_may_choose_too(client, team):
    """They may be on a byline through their author record, so they have articles of their own."""
    client.force_login(team.bio)
    assert client.get(URL).status_code == 200
    client.post(URL, all_choices(published="none"))
    assert stored(team.bio) == {"published": "none"}


def test_an_account_without_an_address_is_told_no_mail_reaches_it(client, team):
    team.editor.email = ""
    team.editor.save()
    client.force_login(team.editor)
    assert "Your account has no email address" in client.get(URL).content.decode()


def test_the_page_shows_what_the_mail_rules_apply(client, team):
    NotificationPreference.objects.create(user=team.managing, kind=Kind.APPROVED, scope="own")
    scopes = notifications.scopes_for(team.managing, notifications.reviewers_and_publishers())
    assert scopes[Kind.APPROVED] == Scope.OWN and scopes[Kind.SUBMITTED] == Scope.ALL
    client.force_login(team.managing)
    html = client.get(URL).content.decode()
    assert 'value="own" id="id_approved_0" required checked' in html
    assert 'value="all" id="id_submitted_1" required checked' in html


def test_choosing_recipients_costs_the_same_however_many_staff_there_are(
    team, django_capture_on_commit_callbacks
):
    def queries_for_one_submission():
        article = make_ready_article(created_by=team.contributor)
        workflow.submit(article, by=team.contributor)
        event = article.events.get()
        with CaptureQueriesContext(connection) as queries:
            assert notifications.recipients_for(event)
        return len(queries)

    few = queries_for_one_submission()
    groups = roles.existing_roles()
    for n in range(20):
        make_user(f"writer{n}", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    assert queries_for_one_submission() == few


@pytest.mark.parametrize("field, value", [("kind", "everything"), ("scope", "sometimes")])
def test_the_database_refuses_unknown_kinds_and_scopes(team, field, value):
    from django.db import IntegrityError, transaction

    values = {"kind": Kind.PUBLISHED, "scope": Scope.NONE, field: value}
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(user=team.editor, **values)
    NotificationPreference.objects.create(user=team.editor, kind=Kind.PUBLISHED, scope="none")
    with pytest.raises(IntegrityError), transaction.atomic():  # one choice per kind
        NotificationPreference.objects.create(user=team.editor, kind=Kind.PUBLISHED, scope="all")
