"""Who is mailed about what (articles/notifications.py): each person's preferences, their role's
defaults, and the rules no preference overrides — an author hears of their own articles only,
never the person who acted, never an inactive or non-staff account."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from articles import roles, workflow
from articles.models import NotificationPreference
from articles.models.preferences import Kind, Scope
from authors.models import Author
from tests.factories import make_approved_article, make_author, make_ready_article, make_user

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "editor", "managing", "bio"]
RELATIONS = ["created", "bylined", "other"]
EVENTS = [
    "submitted", "changes_requested", "approved", "approval_voided", "scheduled", "published",
    "update_published", "withdrawn",
]  # fmt: skip


@pytest.fixture
def desk(team):
    """The team, plus the people who act in every scenario (so nobody under test ever acts)."""
    groups = roles.existing_roles()
    team.actor_editor = make_user("ed", groups=[groups[roles.EDITOR]], is_staff=True)
    team.actor_managing = make_user("mo", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True)
    return team


def person_of(team, role):
    return {"contributor": team.contributor, "editor": team.editor, "managing": team.managing,
            "bio": team.bio}[role]  # fmt: skip


def author_of(person):
    """The author record of a staff member (one per account)."""
    existing = Author.objects.filter(user=person).first()
    return existing or make_author(f"{person.username} writing", title="Fellow", user=person)


def article_for(team, people, relation):
    """A ready draft that is each of ``people``'s own — created by them (one person) or with
    them on the byline — or somebody else's."""
    fields = {"created_by": team.contributor2}
    if relation == "created":
        [fields["created_by"]] = people
    authors = [make_author(title="Fellow")]
    if relation == "bylined":
        authors += [author_of(person) for person in people]
    return make_ready_article(authors=authors, **fields)


def run_up_to(team, article, event):
    """Take ``article`` to just before ``event``; returns (the step performing it, its actor).
    Others act throughout: an editor submits, a managing editor approves and publishes."""
    ed, mo = team.actor_editor, team.actor_managing
    if event == "submitted":
        return (lambda: workflow.submit(article, by=ed)), ed
    workflow.submit(article, by=ed)
    if event == "changes_requested":
        return (lambda: workflow.request_changes(article, by=ed, comment="Shorter.")), ed
    if event == "approved":
        return (lambda: workflow.approve(article, by=mo)), mo
    workflow.approve(article, by=mo)
    if event == "approval_voided":
        article.title = "Changed after approval"
        article.save()
        return (lambda: workflow.record_edit(article, by=mo)), mo
    if event == "scheduled":
        at = timezone.now() + datetime.timedelta(days=1)
        return (lambda: workflow.publish(article, by=mo, at=at)), mo
    if event == "published":
        return (lambda: workflow.publish(article, by=mo)), mo
    workflow.publish(article, by=mo)
    if event == "withdrawn":
        return (lambda: workflow.withdraw(article, by=mo, comment="Legal request")), mo
    # An update to the live article, made, approved and published by others.
    copy = workflow.start_working_copy(article, by=mo)
    copy.title = "An updated title"
    copy.save()
    workflow.record_edit(copy, by=mo)
    workflow.submit(copy, by=mo)
    workflow.approve(copy, by=ed)
    return (lambda: workflow.publish(copy, by=mo)), mo


def mailed_for(team, article, event, capture):
    """The addresses mailed by ``event`` on ``article``; the actor is never among them."""
    step, actor = run_up_to(team, article, event)
    mail.outbox.clear()
    with capture(execute=True):
        step()
    mailed = {m.to[0] for m in mail.outbox}
    assert actor.email not in mailed
    return mailed


# What each role hears of by default: their own articles, always; others' only what waits on them.
OTHERS_BY_DEFAULT = {
    "contributor": set(),
    "bio": set(),
    "editor": {"submitted", "approval_voided"},
    "managing": {"submitted", "approval_voided", "approved"},
}


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("event", EVENTS)
def test_recipient_matrix_by_role_event_and_whose_article(
    desk, event, relation, django_capture_on_commit_callbacks
):
    people = {role: person_of(desk, role) for role in ROLES}
    if relation == "created":  # one creator per article; bio staff create none
        people.pop("bio")
        cases = [({role: person}, article_for(desk, [person], relation))
                 for role, person in people.items()]  # fmt: skip
    else:
        cases = [(people, article_for(desk, list(people.values()), relation))]
    for group, article in cases:
        mailed = mailed_for(desk, article, event, django_capture_on_commit_callbacks)
        for role, person in group.items():
            expected = relation != "other" or event in OTHERS_BY_DEFAULT[role]
            assert (person.email in mailed) is expected, (role, event, relation)


@pytest.mark.parametrize("event", EVENTS)
def test_an_author_is_never_mailed_about_others_articles_even_asking_for_all(
    desk, event, django_capture_on_commit_callbacks
):
    for kind in Kind:
        NotificationPreference.objects.create(user=desk.contributor, kind=kind, scope=Scope.ALL)
    article = article_for(desk, [desk.contributor], "other")
    assert desk.contributor.email not in mailed_for(
        desk, article, event, django_capture_on_commit_callbacks
    )


def test_a_working_copy_of_my_article_published_by_others_is_mine(
    desk, django_capture_on_commit_callbacks
):
    article = article_for(desk, [desk.contributor], "created")
    mailed = mailed_for(desk, article, "update_published", django_capture_on_commit_callbacks)
    assert mailed == {desk.contributor.email}
    [message] = mail.outbox
    assert message.subject == "[Prospect] Update published: “An updated title”"
    assert "The update to “An updated title”" in message.body


def test_none_silences_even_my_own_articles(desk, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=desk.contributor, kind=Kind.PUBLISHED, scope=Scope.NONE
    )
    article = article_for(desk, [desk.contributor], "created")
    mailed = mailed_for(desk, article, "published", django_capture_on_commit_callbacks)
    assert mailed and desk.contributor.email not in mailed
    # Only that kind: a withdrawal of the same article still reaches them.
    assert desk.contributor.email in mailed_for(
        desk, article_for(desk, [desk.contributor], "created"), "withdrawn",
        django_capture_on_commit_callbacks,
    )  # fmt: skip


def test_an_editor_may_narrow_submissions_to_their_own(desk, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=desk.editor, kind=Kind.SUBMITTED, scope=Scope.OWN)
    others = article_for(desk, [desk.editor], "other")
    assert desk.editor.email not in mailed_for(
        desk, others, "submitted", django_capture_on_commit_callbacks
    )
    mine = article_for(desk, [desk.editor], "bylined")
    assert desk.editor.email in mailed_for(
        desk, mine, "submitted", django_capture_on_commit_callbacks
    )


def test_an_editor_may_widen_publications_to_everything(desk, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=desk.editor, kind=Kind.PUBLISHED, scope=Scope.ALL)
    article = article_for(desk, [desk.editor], "other")
    assert desk.editor.email in mailed_for(
        desk, article, "published", django_capture_on_commit_callbacks
    )


def test_the_person_who_acted_is_never_mailed_even_on_their_own_article(
    team, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=team.managing, kind=Kind.PUBLISHED, scope=Scope.ALL)
    mine = make_author("Maya as author", title="Fellow", user=team.managing)
    article = make_approved_article(team, authors=[mine, make_author(title="Fellow")])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    assert team.managing.email not in {m.to[0] for m in mail.outbox}
    assert team.contributor.email in {m.to[0] for m in mail.outbox}


@pytest.mark.parametrize(
    "account",
    [
        {"is_staff": True, "is_active": False},
        {"is_staff": False, "is_active": True},
        {"is_staff": False, "is_active": True, "is_superuser": True},
        {"is_staff": True, "is_active": True, "email": ""},
    ],
    ids=["inactive", "not-staff", "superuser-not-staff", "no-address"],
)
def test_inactive_non_staff_and_addressless_accounts_are_never_mailed(
    desk, account, django_capture_on_commit_callbacks
):
    email = account.pop("email", None)
    person = make_user("someone", **account)
    if email is not None:
        person.email = email
        person.save()
    for kind in Kind:
        NotificationPreference.objects.create(user=person, kind=kind, scope=Scope.ALL)
    for event in ("submitted", "published"):
        article = article_for(desk, [person], "bylined")
        article.created_by = person
        article.save()
        mailed = mailed_for(desk, article, event, django_capture_on_commit_callbacks)
        assert mailed and "someone@example.org" not in mailed
        assert all(m.to != [""] for m in mail.outbox)


def test_defaults_follow_a_change_of_role_where_nothing_was_chosen(
    desk, django_capture_on_commit_callbacks
):
    groups = roles.existing_roles()
    desk.contributor.groups.set([groups[roles.EDITOR]])
    article = article_for(desk, [desk.contributor], "other")
    assert desk.contributor.email in mailed_for(
        desk, article, "submitted", django_capture_on_commit_callbacks
    )


def test_a_system_step_mails_everyone_concerned(team, django_capture_on_commit_callbacks):
    """Scheduled publications announced by publish_due have no actor: nobody is left out."""
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(hours=1))
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(hours=2)
    import time_machine

    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        workflow.announce_due()
    assert {m.to[0] for m in mail.outbox} == {team.contributor.email}


def test_every_message_links_to_the_preferences_page(team, django_capture_on_commit_callbacks):
    article = make_ready_article(created_by=team.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=team.contributor)
    assert mail.outbox
    assert all("http://testserver/admin/notifications/" in m.body for m in mail.outbox)
