"""Races that only a real database with row locks can show. PostgreSQL only (CI runs it)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles import workflow
from articles.models import Article, Status
from tests.factories import make_ready_article

from .admin_helpers import change_url, form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this"
    ),
]


def run_together(*jobs):
    """Run the jobs in threads released at the same instant; return their results or errors."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def runner(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_double_publish_at_once_publishes_exactly_once(team):
    article = make_ready_article(created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)

    def publish():
        return workflow.publish(Article.objects.get(pk=article.pk), by=team.managing)

    results = run_together(publish, publish)
    assert sum(isinstance(r, Article) for r in results) == 1
    assert sum(isinstance(r, workflow.InvalidTransition) for r in results) == 1
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.number == 1
    assert article.events.filter(action="publish").count() == 1
    assert article.series.next_number == 2


def test_two_saves_from_the_same_version_at_once_keep_one_and_refuse_the_other(team):
    article = make_ready_article("Race", created_by=team.editor)
    clients = []
    for user, title in ((team.editor, "Erin's"), (team.editor2, "Eddie's")):
        client = Client()
        client.force_login(user)
        clients.append((client, form_data(article, title=f"{title} title")))

    def save(client, data):
        return lambda: client.post(change_url(article), data).status_code

    results = run_together(*(save(c, d) for c, d in clients))
    assert sorted(results) == [200, 302]  # one saved, one shown the conflict
    assert Article.objects.get(pk=article.pk).title in ("Erin's title", "Eddie's title")


def test_two_publish_due_runs_at_once_announce_once(team):
    from django.core import mail

    article = make_ready_article(created_by=team.contributor)
    workflow.publish(article)  # by the system, live now
    Article.objects.filter(pk=article.pk).update(announced_at=None)
    mail.outbox.clear()
    results = run_together(workflow.announce_due, workflow.announce_due)
    assert sorted(len(r) for r in results) == [0, 1]
    assert article.events.filter(action="announce").count() == 1
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]
