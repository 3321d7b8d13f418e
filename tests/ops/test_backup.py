"""A backup restores the site: public pages come back byte for byte after the database is gone."""

import io
import shutil

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from tests.factories import make_author, make_picture, make_ready_article

pytestmark = pytest.mark.django_db(transaction=True)


def public_pages(client, article, author):
    urls = ["/", article.get_absolute_url(), author.get_absolute_url(), "/feed/", "/sitemap.xml"]
    picture = article.lead_image
    urls.append("/media/" + picture.renditions["sizes"][0]["jpeg"])
    cache.clear()
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.getvalue()
    return pages


def drop_database():
    """Drop the database itself (PostgreSQL) or every table (SQLite), and the media."""
    if connection.vendor == "postgresql":
        import psycopg

        name = connection.settings_dict["NAME"]
        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        connection.close()
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def test_backup_drop_restore_gives_back_the_same_public_pages(client, tmp_path, media_root):
    author = make_author("Restored Author", title="Fellow", portrait=make_picture())
    article = make_ready_article("Survives a disaster", authors=[author], status="published")
    before = public_pages(client, article, author)

    call_command("backup", output=tmp_path / "backup", stdout=io.StringIO())
    drop_database()
    shutil.rmtree(media_root)
    assert not media_root.exists()

    call_command("restore", str(tmp_path / "backup"), interactive=False, stdout=io.StringIO())
    assert Article.objects.live().filter(pk=article.pk).exists()
    after = public_pages(client, article, author)
    assert after.keys() == before.keys()
    for url in before:
        assert after[url] == before[url], url


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", str(tmp_path), interactive=False)
