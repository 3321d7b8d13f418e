"""What production gets without being told: second factor, queued tasks, error reporting opt-in."""

import json
import os
import subprocess
import sys

from django.conf import settings

REPORT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "import sentry_sdk; print(json.dumps({'otp': s.STAFF_OTP_REQUIRED, "
    "'tasks': s.TASKS['default']['BACKEND'], 'storage': s.STORAGES['default']['BACKEND'], "
    "'sentry': sentry_sdk.get_client().is_active()}))"
)
PRODUCTION = {"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}


def settings_with(overrides):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "STORAGE_", "SENTRY_", "STAFF_", "TASK_"))}  # fmt: skip
    env.update({"DJANGO_SETTINGS_MODULE": "prospect.settings", **overrides})
    result = subprocess.run([sys.executable, "-c", REPORT], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_a_second_factor_and_queues_tasks_in_postgresql():
    report = settings_with(PRODUCTION)
    assert report["otp"] is True
    assert report["tasks"] == "django_tasks_db.DatabaseBackend"
    assert report["storage"] == "django.core.files.storage.FileSystemStorage"
    assert report["sentry"] is False


def test_development_runs_tasks_inline_and_needs_no_second_factor():
    report = settings_with({"DJANGO_DEBUG": "1"})
    assert report["otp"] is False
    assert report["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_a_bucket_and_a_dsn_turn_on_object_storage_and_error_reporting():
    report = settings_with({**PRODUCTION, "STORAGE_BUCKET": "media",
                            "SENTRY_DSN": "https://key@127.0.0.1:8868/1"})  # fmt: skip
    assert report["storage"] == "storages.backends.s3.S3Storage"
    assert report["sentry"] is True


def test_an_endpoint_without_a_bucket_is_refused():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "prospect.settings", "DJANGO_DEBUG": "1",
           "STORAGE_ENDPOINT_URL": "http://127.0.0.1:8868"}  # fmt: skip
    env.pop("STORAGE_BUCKET", None)
    command = [sys.executable, "-c", "import django; django.setup()"]
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "STORAGE_BUCKET" in result.stderr
