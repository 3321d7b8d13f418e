"""One slug rule for topics: every topic has a usable address, whatever its name."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import topic_slug
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["🔥", "!!!", "—"])
def test_topic_named_without_letters_gets_a_usable_slug_and_no_page_fails(client, name):
    article = make_article("Hot topic", status="published", tags=[name, "Taiwan"])
    tag = Tag.objects.get(name=name)
    assert tag.slug.startswith("topic-")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("sitemap")).status_code == 200
    assert client.get(reverse("articles:topic", args=[tag.slug])).status_code == 200


def test_two_topics_without_letters_get_different_slugs():
    make_article("One", tags=["🔥"])
    make_article("Two", tags=["!!!"])
    slugs = {t.slug for t in Tag.objects.filter(name__in=["🔥", "!!!"])}
    assert len(slugs) == 2 and all(s.startswith("topic-") for s in slugs)


def test_topic_slugs_keep_unicode_like_article_slugs():
    make_article("Japan", tags=["日本外交", "Taiwan Strait"])
    assert set(Tag.objects.values_list("slug", flat=True)) == {"日本外交", "taiwan-strait"}


def test_existing_empty_topic_slugs_are_repaired_by_the_same_rule():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0004_topic_slugs_never_empty")
    broken = [Tag.objects.create(name=f"Topic {n}") for n in range(2)]
    Tag.objects.filter(pk=broken[0].pk).update(name="🔥", slug="")
    Tag.objects.filter(pk=broken[1].pk).update(name="!!!", slug="_1")
    migration.fix_slugs(apps, None)
    for tag in broken:
        tag.refresh_from_db()
        assert tag.slug.startswith("topic-"), tag.slug
    assert topic_slug(Tag(name="🔥")).startswith("topic-")
