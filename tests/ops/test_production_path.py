"""The README's production path on a fresh database, served by gunicorn with production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from tests.ops.conftest import wait_for_port
from tests.ops.http import Browser

PORT = int(os.environ.get("TEST_APP_PORT_C", "8864"))
SEED = "articles/fixtures/seed_commentary.txt"
SEED_URL = "/articles/promoting-the-japan-taiwan-partnership-after-taiwans-presidential-election/"


@pytest.fixture
def production(tmp_path):
    """A fresh SQLite database and media folder, production settings, no test settings."""
    env = {
        **{k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "STORAGE_", "DATABASE_", "REDIS_", "STAFF_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SECRET_KEY": "production-path-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # loopback HTTP here; TLS is the proxy's in production
        "DJANGO_SUPERUSER_PASSWORD": "first-editor-pass-93",
    }  # fmt: skip

    def manage(*args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR,
                                env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    Image.new("RGB", (1400, 900), "teal").save(tmp_path / "picture.jpg", quality=90)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("createsuperuser", "--noinput", "--username", "chief", "--email", "c@example.org")
    manage("import_commentary", SEED, "--publish-date", "2024-02-01",
           "--image", str(tmp_path / "picture.jpg"), "--topics", "Japan")  # fmt: skip
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "prospect.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "1"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )  # fmt: skip
    try:
        wait_for_port(PORT, timeout=60, process=server)
        yield Browser(f"http://127.0.0.1:{PORT}"), manage
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_fresh_production_site_has_roles_a_working_admin_and_the_seed_picture(production):
    site, manage = production
    groups = manage("shell", "-c", "from django.contrib.auth.models import Group; "
                    "print(sorted(Group.objects.values_list('name', flat=True)))")  # fmt: skip
    assert "['Bio staff', 'Contributor', 'Editor', 'Managing editor']" in groups

    page = site.get(SEED_URL)
    assert page.status == 200
    src = page.text.split('<img src="', 1)[1].split('"', 1)[0]
    assert src.startswith("/media/renditions/")
    picture = site.get(src)
    assert picture.status == 200 and picture.body[:2] == b"\xff\xd8"
    assert picture.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    site.sign_in("chief", "first-editor-pass-93")
    admin = site.get("/admin/")
    assert admin.status == 302 and admin.headers["Location"].startswith("/admin/2fa/setup/")
    assert site.get(admin.headers["Location"]).status == 200
