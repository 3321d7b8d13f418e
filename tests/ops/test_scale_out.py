"""Two application processes sharing PostgreSQL, Redis and object storage behave as one site."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from articles import roles, workflow
from articles.models import Article
from prospect.images.models import ImageCredit
from tests.factories import image_bytes, make_ready_article, make_user
from tests.ops.conftest import wait_for_port
from tests.ops.http import Browser

pytestmark = pytest.mark.django_db(transaction=True)
PORTS = (int(os.environ.get("TEST_APP_PORT_A", "8862")),
         int(os.environ.get("TEST_APP_PORT_B", "8863")))  # fmt: skip
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
PASSWORD = "scale-out-pass-4471"


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def app_servers(object_storage, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two processes share PostgreSQL; CI runs this on PostgreSQL")
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STORAGE_"))},
        **object_storage,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"scale-{uuid.uuid4().hex[:8]}",
        "DJANGO_SECRET_KEY": "scale-out-test-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "STAFF_OTP_REQUIRED": "0",
        "MEDIA_ROOT": str(tmp_path / "unused-media"),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    base = Path(settings.BASE_DIR)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=base, env=env, check=True, timeout=300)  # fmt: skip
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = [
        subprocess.Popen(
            [
                gunicorn,
                "prospect.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=base,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"gunicorn-{port}.log").open("w"),
        )
        for port in PORTS
    ]
    try:
        for port, process in zip(PORTS, processes, strict=True):
            wait_for_port(port, timeout=60, process=process)
        yield [Browser(f"http://127.0.0.1:{port}") for port in PORTS]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def test_upload_on_one_is_served_by_the_other_and_publication_shows_at_once(app_servers, settings):
    # The servers use the production hashers; the suite's fast one is unknown to them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    one, other = app_servers
    groups = roles.existing_roles()
    chief = make_user("chief", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True,
                      is_superuser=True)  # fmt: skip
    chief.set_password(PASSWORD)
    chief.save()
    writer = make_user("writer", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    editor = make_user("editor", groups=[groups[roles.EDITOR]], is_staff=True)

    one.sign_in("chief", PASSWORD)
    upload = one.post(
        reverse("admin:images_imagecredit_add"),
        {"title": "Across processes", "alt_text": "Harbour at dawn", "credit_source": "Agency"},
        files={"image": ("harbour.jpg", image_bytes(size=(1000, 700)))},
    )
    assert upload.status == 302, upload.text[:2000]
    picture = ImageCredit.objects.get(title="Across processes")

    article = make_ready_article("Visible everywhere at once", created_by=writer,
                                 lead_image=picture)  # fmt: skip
    workflow.submit(article, by=writer)
    workflow.approve(article, by=editor)
    assert "Visible everywhere at once" not in other.get("/").text  # cached on the other now
    assert other.get(article.get_absolute_url()).status == 404

    published = one.post(
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]),
        {"comment": "", "publish_at": "", "correction": "", "revision": ""},
        csrf_page=reverse("admin:articles_article_change", args=[article.pk]),
    )
    assert published.status == 302
    assert Article.objects.live().filter(pk=article.pk).exists()

    assert "Visible everywhere at once" in other.get("/").text, "no stale page on the other"
    page = other.get(article.get_absolute_url())
    assert page.status == 200
    picture.refresh_from_db()
    rendition = picture.renditions["sizes"][0]["jpeg"]
    url = bucket_url(page.text, rendition)
    fetched = other.get(url)
    assert fetched.status == 200 and fetched.body[:2] == b"\xff\xd8"
    assert "Harbour at dawn" in page.text


def bucket_url(html, name):
    import re

    match = re.search(r'(https?://[^"\s]+/' + re.escape(name) + ")", html)
    assert match, f"{name} is not on the page"
    return match[1]
