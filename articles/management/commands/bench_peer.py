"""Build the benchmark's peer: a stock Wagtail 8 site serving the same commentaries.

Run by ``make bench-peer``. Everything goes to the git-ignored ``.bench-peer/`` folder: its own
virtualenv with Wagtail from PyPI, a project made by ``wagtail start``, one page model with a
``RichTextField`` body, and as many commentary pages as this site has live articles, each with
the same title and body as here (the seed commentary among them). Nothing of Wagtail's is
committed. It uses PostgreSQL on the same server as ``DATABASE_URL``, in a database of its own
(the same name with ``_wagtail`` appended). ``manage.py throughput`` then measures it.
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article

from .throughput import PEER_DIR

WAGTAIL = "wagtail>=8.0,<8.1"

MODELS = '''from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The index: the twenty newest commentaries, as any Wagtail listing would show them."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["commentaries"] = (
            CommentaryPage.objects.live().child_of(self).order_by("-first_published_at")[:20]
        )
        return context


class CommentaryPage(Page):
    body = RichTextField(blank=True)
'''

BASE = """{% load static %}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{{ page.title }}</title><meta name="viewport" content="width=device-width, initial-scale=1">
</head><body>{% block content %}{% endblock %}</body></html>
"""
HOME = """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1><ul>
{% for item in commentaries %}<li><a href="{% pageurl item %}">{{ item.title }}</a></li>{% endfor %}
</ul>{% endblock %}
"""
COMMENTARY = """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<article><h1>{{ page.title }}</h1>{{ page.body|richtext }}</article>{% endblock %}
"""

LOAD = """
import json, os
from home.models import CommentaryPage, HomePage
data = json.load(open(os.environ["PEER_DATA"]))
from wagtail.models import Page, Site
home = HomePage.objects.first()
if home is None:  # what wagtail start's own data migration does, with our model
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Commentaries",
                                                                  slug="home"))
Site.objects.update_or_create(is_default_site=True,
                              defaults={"hostname": "localhost", "port": 80, "root_page": home})
if not CommentaryPage.objects.exists():
    for item in data:
        home.add_child(instance=CommentaryPage(title=item["title"], slug=item["slug"],
                                               body=item["body"]))
seed = CommentaryPage.objects.get(slug=data[0]["slug"])
print(seed.relative_url(Site.objects.get(is_default_site=True)) or f"/{seed.slug}/")
"""


class Command(BaseCommand):
    help = "Build a stock Wagtail 8 site with the same commentaries, for `manage.py throughput`."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise CommandError("The peer is measured on PostgreSQL: set DATABASE_URL.")
        venv, project = PEER_DIR / "venv", PEER_DIR / "project"
        python = venv / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            self.pip(python, "--upgrade", "pip")
            self.pip(python, WAGTAIL, "gunicorn", "psycopg[binary]", "dj-database-url")
        if not project.exists():
            project.mkdir(parents=True)
            subprocess.run([str(venv / "bin" / "wagtail"), "start", "peer", str(project)],
                           check=True)  # fmt: skip
            self.customise(project)
        self.write_templates(project)
        name = f"{db['NAME']}_wagtail"
        self.create_database(db, name)
        url = urlsplit(os.environ["DATABASE_URL"])
        peer_env = {
            "DJANGO_SETTINGS_MODULE": "peer.settings.production",
            "PEER_DATABASE_URL": urlunsplit(url._replace(path=f"/{name}")),
            "PEER_SECRET_KEY": "bench-peer-only",
        }
        env = {**os.environ, **peer_env}
        manage = [str(python), "manage.py"]
        subprocess.run([*manage, "makemigrations", "home", "-v0"], cwd=project, env=env, check=True)
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=project, env=env, check=True)
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=project, env=env,
                       check=True)  # fmt: skip
        data = PEER_DIR / "commentaries.json"
        data.write_text(json.dumps(self.commentaries()))
        seed_url = subprocess.run(
            [*manage, "shell", "-c", LOAD],
            cwd=project, env={**env, "PEER_DATA": str(data)}, check=True, capture_output=True,
            text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        version = subprocess.run(
            [str(python), "-c", "import wagtail; print(wagtail.__version__)"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        config = {
            "gunicorn": str(venv / "bin" / "gunicorn"),
            "project": str(project),
            "env": peer_env,
            "version": version,
            "paths": {"article": seed_url, "home": "/"},
        }
        (PEER_DIR / "peer.json").write_text(json.dumps(config, indent=2))
        self.stdout.write(f"Wagtail {version} peer ready: article {seed_url}, index /")

    def pip(self, python, *packages):
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages], check=True)

    def customise(self, project):
        home = project / "home"
        (home / "models.py").write_text(MODELS)
        for migration in (home / "migrations").glob("0*.py"):
            migration.unlink()
        production = project / "peer" / "settings" / "production.py"
        production.write_text(
            production.read_text() + "\nimport os\nimport dj_database_url\n"
            "DEBUG = False\nSECRET_KEY = os.environ['PEER_SECRET_KEY']\n"
            "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n"
            "DATABASES = {'default': dj_database_url.parse(os.environ['PEER_DATABASE_URL'], "
            "conn_max_age=60, conn_health_checks=True)}\n"
        )

    def write_templates(self, project):
        templates = project / "home" / "templates" / "home"
        templates.mkdir(parents=True, exist_ok=True)
        (templates / "home_page.html").write_text(HOME)
        (templates / "commentary_page.html").write_text(COMMENTARY)
        (project / "peer" / "templates" / "base.html").write_text(BASE)

    def create_database(self, db, name):
        params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"],
                  "dbname": "postgres", "autocommit": True}  # fmt: skip
        if db.get("PASSWORD"):
            params["password"] = db["PASSWORD"]
        with psycopg.connect(**params) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if exists.fetchone() is None:
                connection.execute(f'CREATE DATABASE "{name}"')

    def commentaries(self):
        """Title, slug and body of every live article, the seed commentary first."""
        live = Article.objects.live().order_by("publish_at")
        seed = live.filter(source_key="seed-commentary")
        ordered = [*seed, *live.exclude(source_key="seed-commentary")]
        return [{"title": a.title, "slug": f"c{a.pk}", "body": a.body} for a in ordered]
