"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = "import django; django.setup(); print('started')"


def start(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "prospect.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "s" * 50}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_key_and_hosts(overrides, missing):
    result = start(overrides)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_starts_with_both():
    result = start({"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_needs_nothing():
    assert start({"DJANGO_DEBUG": "1"}).returncode == 0


def test_publisher_defaults_are_the_series_footer():
    assert settings.PUBLISHER["name"] == "Prospect Foundation"
    assert settings.PUBLISHER["telephone"] == "886-2-23654366"
    assert settings.PUBLISHER["fax"] == "886-2-23679193"
    assert settings.PUBLISHER["website"] == "http://www.pf.org.tw"
    assert "Tingzhou Rd." in settings.PUBLISHER["address"]


def test_time_zone_support_is_on():
    assert settings.USE_TZ is True


def test_offline_commands_run_without_production_secrets():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    served = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert served.returncode != 0 and "DJANGO_SECRET_KEY" in served.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {"DJANGO_SECRET_KEY": "k" * 60 + "-production-like", "DJANGO_ALLOWED_HOSTS": "example.org"}
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
