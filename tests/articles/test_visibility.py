"""Article.objects.live() is the one visibility rule; is_live() mirrors it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "in_review", "scheduled", "withdrawn"]


@pytest.mark.parametrize("status", HIDDEN_STATES)
def test_live_excludes_unpublished_future_and_withdrawn_articles(status):
    hidden = make_article(status=status)
    shown = make_article(status="published")
    assert list(Article.objects.live()) == [shown]
    assert not hidden.is_live()
    assert shown.is_live()


def test_scheduled_article_becomes_live_at_its_time_with_nothing_run():
    at = timezone.now() + datetime.timedelta(hours=1)
    article = make_article(status="scheduled", at=at)
    assert not Article.objects.live().filter(pk=article.pk).exists()
    with time_machine.travel(at - datetime.timedelta(seconds=1)):
        assert not Article.objects.live().filter(pk=article.pk).exists()
        assert not article.is_live()
    with time_machine.travel(at):
        assert Article.objects.live().filter(pk=article.pk).exists()
        assert article.is_live()


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "withdrawn", "published"])
def test_is_live_agrees_with_live_queryset(status):
    article = make_article(status=status)
    assert article.is_live() == Article.objects.live().filter(pk=article.pk).exists()
