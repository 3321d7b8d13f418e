"""Webhooks: a real receiver on loopback gets each public event once, signed, and a retry."""

import datetime
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article, EditorNote, WorkflowEvent
from prospect.api.models import WebhookDelivery, WebhookEndpoint
from prospect.api.webhooks import announce, signing
from tests.factories import make_ready_article, make_user

pytestmark = pytest.mark.django_db

SECRET = "receiver-shared-secret"


class Receiver(BaseHTTPRequestHandler):
    requests = []
    answers = []  # status codes to give, in order; 204 once they run out
    port = 9  # discard: nothing listens until the receiver fixture starts one

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append(SimpleNamespace(headers=dict(self.headers), body=body,
                                                   path=self.path))  # fmt: skip
        status = type(self).answers.pop(0) if type(self).answers else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.requests, Receiver.answers = [], []
    # Port 0: the system picks a free one, so parallel test runs never collide.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Receiver
    server.shutdown()
    server.server_close()


def received(receiver):
    """Each request's verified JSON body; fails on a bad signature."""
    documents = []
    for request in receiver.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert signing.verify(SECRET, headers["x-prospect-timestamp"], request.body,
                              headers["x-prospect-signature"])  # fmt: skip
        document = json.loads(request.body)
        assert headers["x-prospect-delivery"] == document["id"]
        documents.append(document)
    return documents


def endpoint(kind=WebhookEndpoint.Kind.JSON, path="/hook", **fields):
    return WebhookEndpoint.objects.create(
        name=f"{kind} receiver", url=f"http://127.0.0.1:{Receiver.port}{path}",
        secret=SECRET, kind=kind, **fields,
    )  # fmt: skip


@pytest.fixture
def team():
    groups = roles.existing_roles()
    return SimpleNamespace(
        writer=make_user("writer", groups=[groups[roles.CONTRIBUTOR]], is_staff=True),
        editor=make_user("editor", groups=[groups[roles.EDITOR]], is_staff=True),
        managing=make_user("managing", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True),
    )


def approved(team, **fields):
    article = make_ready_article(created_by=team.writer, **fields)
    workflow.submit(article, by=team.writer)
    workflow.approve(article, by=team.editor)
    return article


def test_publication_is_delivered_once_signed_with_the_public_summary(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint()
    article = approved(team, title="Trade & Security")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    [document] = received(receiver)
    assert document["type"] == "published"
    assert document["commentary"] == {
        "id": article.pk, "slug": article.slug, "title": "Trade & Security",
        "url": f"{settings.SITE_URL}/articles/{article.slug}/",
        "api_url": f"{settings.SITE_URL}/api/v1/commentaries/{article.slug}",
    }  # fmt: skip
    # The same step announced again (a retried commit hook, a second worker) sends nothing more.
    announce(WorkflowEvent.objects.get(article=article, action="publish"))
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 204, 1)


def test_a_tampered_or_stale_request_fails_verification():
    body = b'{"type":"published"}'
    headers = signing.headers(SECRET, body, now=1_000_000)
    timestamp, sig = headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER]
    assert signing.verify(SECRET, timestamp, body, sig, now=1_000_010)
    assert not signing.verify(SECRET, timestamp, body + b" ", sig, now=1_000_010)
    assert not signing.verify("another secret", timestamp, body, sig, now=1_000_010)
    assert not signing.verify(SECRET, str(1_000_001), body, sig, now=1_000_010)
    assert not signing.verify(SECRET, timestamp, body, sig, now=1_000_000 + 3600)


@pytest.fixture
def queue(settings, monkeypatch):
    """Tasks as database rows run by a worker (production), inside the test's transaction."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "mail"]}}  # fmt: skip


def run_worker():
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, interval=0,
        stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0,
    )  # fmt: skip


def test_a_first_500_is_retried_by_the_task_queue_and_delivered_once(
    receiver, team, queue, django_capture_on_commit_callbacks
):
    endpoint()
    receiver.answers = [500]
    article = approved(team)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("retrying", 500, 1)
    assert "HTTP 500" in delivery.last_error

    run_worker()  # the retry waits for its backoff
    assert len(receiver.requests) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    first, second = received(receiver)  # each attempt signed afresh, the same event
    assert first == second and first["type"] == "published"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 204, 2)
    assert delivery.last_error == ""
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        run_worker()
    assert len(receiver.requests) == 2


def test_scheduled_publication_is_delivered_when_it_goes_live_not_when_scheduled(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint()
    article = approved(team)
    at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing, at=at)
    assert receiver.requests == []
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_due", stdout=io.StringIO())
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_due", stdout=io.StringIO())  # a second run tells no one
        [document] = received(receiver)  # verified then: signatures are fresh for 5 minutes
    assert document["type"] == "published" and document["commentary"]["id"] == article.pk


def test_hidden_articles_never_trigger_a_delivery(receiver, team,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    endpoint(kind=WebhookEndpoint.Kind.JSON)
    endpoint(kind=WebhookEndpoint.Kind.PURGE, path="/purge")
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_ready_article(created_by=team.writer)
        workflow.submit(draft, by=team.writer)
        workflow.request_changes(draft, by=team.editor, comment="Shorter, please.")
        scheduled = approved(team)
        workflow.publish(scheduled, by=team.managing,
                         at=timezone.now() + datetime.timedelta(days=2))  # fmt: skip
        workflow.unschedule(scheduled, by=team.managing)
        workflow.publish(scheduled, by=team.managing,
                         at=timezone.now() + datetime.timedelta(days=2))  # fmt: skip
        workflow.unschedule(scheduled, by=team.managing)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_withdrawal_of_a_public_article_sends_a_withdrawal(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint()
    article = approved(team, title="Soon retracted")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(article, by=team.managing, comment="Retracted")
    published, withdrawn = received(receiver)
    assert published["type"] == "published"
    assert withdrawn["type"] == "withdrawn"
    assert withdrawn["commentary"]["id"] == article.pk
    assert "title" not in withdrawn["commentary"]  # named by its address only


def test_an_update_with_a_correction_sends_the_update_and_the_correction_once(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint()
    article = approved(team)
    workflow.publish(article, by=team.managing)
    for text in ("First fix.", "Second fix."):
        copy = workflow.start_working_copy(article, by=team.writer)
        copy.title = f"After {text}"
        copy.save()
        EditorNote.objects.create(article=copy, kind="correction", body=text)
        workflow.record_edit(copy, by=team.writer)
        workflow.submit(copy, by=team.writer)
        workflow.approve(copy, by=team.editor)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.publish(copy, by=team.managing)
    documents = received(receiver)
    assert [d["type"] for d in documents] == ["updated", "correction"] * 2
    # The first correction, carried into the second update, is not sent again.
    sent = [d["correction"]["text"] for d in documents if d["type"] == "correction"]
    assert sent == ["First fix.", "Second fix."]
    assert documents[2]["commentary"]["title"] == "After Second fix."


def test_a_scheduled_update_is_delivered_when_it_goes_live(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint()
    article = approved(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.writer)
    EditorNote.objects.create(article=copy, kind="correction", body="A late fix.")
    workflow.record_edit(copy, by=team.writer)
    workflow.submit(copy, by=team.writer)
    workflow.approve(copy, by=team.editor)
    at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(copy, by=team.managing, at=at)
    assert receiver.requests == []
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_due", stdout=io.StringIO())
        assert [d["type"] for d in received(receiver)] == ["updated", "correction"]


def test_cdn_purge_endpoint_gets_the_changed_urls(receiver, team,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    endpoint(kind=WebhookEndpoint.Kind.PURGE, path="/purge")
    article = approved(team)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    [document] = received(receiver)
    article = Article.objects.get(pk=article.pk)
    urls = document["urls"]
    assert "commentary" not in document
    for path in (f"/articles/{article.slug}/", f"/articles/{article.slug}/{article.slug}.pdf",
                 "/", "/articles/", "/feed/", "/feed/json/", f"/series/{article.series.slug}/",
                 "/topics/taiwan/"):  # fmt: skip
        assert f"{settings.SITE_URL}{path}" in urls
    assert f"{settings.SITE_URL}/api/v1/commentaries/{article.slug}" in urls


def test_inactive_or_unsubscribed_endpoints_get_nothing(
    receiver, team, django_capture_on_commit_callbacks
):
    endpoint(active=False)
    endpoint(on_published=False)
    article = approved(team)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_an_unreachable_receiver_never_fails_the_publication(
    team, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="gone", url="http://127.0.0.1:8899/", secret=SECRET)
    article = approved(team)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    assert Article.objects.live().filter(pk=article.pk).exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.response_code is None  # immediate backend
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error


def test_only_managing_editors_manage_endpoints_and_the_log_is_read_only(team, client):
    for codename in ("add_webhookendpoint", "change_webhookendpoint", "view_webhookdelivery"):
        assert team.managing.has_perm(f"api.{codename}")
        assert not team.editor.has_perm(f"api.{codename}")
    client.force_login(team.editor)
    assert client.get("/admin/api/webhookendpoint/").status_code == 403
    client.force_login(team.managing)
    add = client.get("/admin/api/webhookendpoint/add/")
    assert add.status_code == 200
    assert len(add.context["adminform"].form.initial["secret"]) >= 40  # a strong one offered
    assert client.get("/admin/api/webhookdelivery/").status_code == 200
    assert client.get("/admin/api/webhookdelivery/add/").status_code == 403


def test_an_endpoint_deactivated_before_delivery_is_not_called(
    receiver, team, queue, django_capture_on_commit_callbacks
):
    hook = endpoint()
    article = approved(team)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    WebhookEndpoint.objects.filter(pk=hook.pk).update(active=False)
    run_worker()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 0)
    assert "deactivated" in delivery.last_error
