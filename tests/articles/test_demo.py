from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles import roles
from articles.models import Article, Status

pytestmark = pytest.mark.django_db


def run_demo(*args):
    call_command("demo", *args, stdout=StringIO())


def test_demo_publishes_the_seed_with_roles_and_is_idempotent(settings):
    settings.DEBUG = True
    run_demo()
    run_demo()
    seed = Article.objects.live().get(source_key="seed-commentary")
    assert seed.number == 1
    assert seed.featured
    assert seed.lead_image.alt_text.startswith("Placeholder")
    assert seed.lead_image.credit_source == "日本台灣交流協會"
    assert seed.tags.count() >= 1
    assert Article.objects.count() == 1
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)
    users = get_user_model().objects
    for username in ["contributor", "contributor2", "editor", "editor2", "managing", "bio"]:
        user = users.get(username=username)
        assert user.check_password("prospect-demo")
    assert users.get(username="managing").has_perm("articles.publish_article")
    assert not users.get(username="editor").has_perm("articles.publish_article")
    assert not users.get(username="bio").has_perm("articles.change_article")
    assert users.get(username="bio").has_perm("authors.change_author")


def test_demo_creates_no_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    run_demo()
    assert not get_user_model().objects.exists()
    assert Article.objects.live().exists()


def test_roles_are_reset_to_the_table_when_run_again():
    groups = roles.ensure_roles()
    groups[roles.BIO_STAFF].permissions.clear()
    roles.ensure_roles()
    assert groups[roles.BIO_STAFF].permissions.count() == len(roles.ROLES[roles.BIO_STAFF])


def test_synthetic_articles_cover_every_state_and_rerun_adds_nothing(settings):
    run_demo("--articles", "60")
    assert Article.objects.filter(source_key__startswith="demo-").count() == 60
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.PUBLISHED, Status.WITHDRAWN} <= statuses
    assert Article.objects.scheduled().exists()
    assert Article.objects.filter(language="zh-hant").exists()
    multi = Article.objects.filter(bylines__position=1).distinct()
    assert multi.exists()
    for article in Article.objects.live()[:10]:
        assert article.number and article.bylines.exists() and article.tags.exists()
        assert all(b.bio_line for b in article.bylines.all())
    run_demo("--articles", "60")
    assert Article.objects.filter(source_key__startswith="demo-").count() == 60


def test_demo_shows_a_translated_pair_an_orcid_a_chinese_name_and_notes(client, settings):
    from articles.models import LegacyAddress

    settings.DEBUG = True
    run_demo("--articles", "3")
    run_demo("--articles", "3")  # idempotent
    seed = Article.objects.get(source_key="seed-commentary")
    chinese = Article.objects.live().get(translation_key=seed.translation_key, language="zh-hant")
    assert Article.objects.filter(translation_key=seed.translation_key).count() == 2
    assert seed.bylines.get().author.orcid
    footnoted = Article.objects.live().get(source_key="showcase-footnotes")
    assert footnoted.bylines.order_by("position").first().author.display_name == "陳怡君"
    assert "<h2>Notes</h2><ol>" in footnoted.body and "<sup>1</sup>" in footnoted.body
    assert LegacyAddress.objects.get(article=seed).path == "/en/pfen/33-11787.html"
    html = client.get(seed.get_absolute_url()).content.decode()
    assert f'hreflang="zh-Hant" href="{settings.SITE_URL}{chinese.canonical_path()}"' in html
