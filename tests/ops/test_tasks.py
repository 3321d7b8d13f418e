"""Background work: workflow mail survives an SMTP outage and goes out when SMTP returns."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles import roles, workflow
from articles.models import Article
from prospect.mail import SMTP_RETRIES
from tests.factories import make_ready_article, make_user
from tests.ops.flaky_mail import FlakyEmailBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings, monkeypatch):
    """The production arrangement: tasks are database rows run by a worker.

    The worker runs inside the test's transaction here, so it must not recycle the connection
    between tasks as it does in production (that would close the test's transaction)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "mail"]}}  # fmt: skip
    settings.EMAIL_BACKEND = "tests.ops.flaky_mail.FlakyEmailBackend"
    yield
    FlakyEmailBackend.down = False


def run_worker():
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, interval=0,
        stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0,
    )  # fmt: skip


@pytest.fixture
def approved_article():
    groups = roles.existing_roles()
    writer = make_user("writer", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    editor = make_user("editor", groups=[groups[roles.EDITOR]], is_staff=True)
    managing = make_user("managing", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True)
    article = make_ready_article(created_by=writer)
    workflow.submit(article, by=writer)
    workflow.approve(article, by=editor)
    return article, managing


def test_smtp_down_during_publication_publishes_and_mails_when_smtp_returns(
    queue, approved_article, django_capture_on_commit_callbacks
):
    article, managing = approved_article
    FlakyEmailBackend.down = True
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=managing)
    assert Article.objects.live().filter(pk=article.pk).exists()
    assert mail.outbox == []
    run_worker()  # SMTP refuses: a retry is scheduled, nothing lost
    assert mail.outbox == []
    pending = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert pending.count() == 1 and pending.get().run_after > timezone.now()

    FlakyEmailBackend.down = False
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        run_worker()
    assert [m.to for m in mail.outbox] == [["writer@example.org"]]
    assert "Published" in mail.outbox[0].subject
    assert not DBTaskResult.objects.failed().exists()


def test_mail_that_never_goes_out_is_a_failed_task_admins_see(queue, approved_article, client):
    article, _ = approved_article
    FlakyEmailBackend.down = True
    from articles import notifications

    event = article.events.order_by("-pk").first()  # the approval
    queued = notifications.send(event)
    assert queued == 2  # the writer, and the managing editor an approval waits on
    now = timezone.now()
    for hour in range(SMTP_RETRIES + 1):
        with time_machine.travel(now + datetime.timedelta(hours=hour * 2)):
            run_worker()
    failed = DBTaskResult.objects.failed()
    assert failed.count() == queued  # one failed task per message, none lost or doubled
    assert all("ConnectionRefusedError" in f.exception_class_path for f in failed)
    assert DBTaskResult.objects.count() == queued * (SMTP_RETRIES + 1)

    client.force_login(make_user(is_staff=True, is_superuser=True))
    listing = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status__exact": "FAILED"}
    )
    assert listing.status_code == 200 and "send_message" in listing.content.decode()


def test_inline_tasks_in_development_log_an_smtp_failure_and_keep_the_action(
    approved_article, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.ops.flaky_mail.FlakyEmailBackend"
    article, managing = approved_article
    FlakyEmailBackend.down = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.publish(article, by=managing)
    finally:
        FlakyEmailBackend.down = False
    assert Article.objects.live().filter(pk=article.pk).exists()
