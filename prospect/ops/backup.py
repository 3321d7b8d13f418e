"""Backups that restore: the database and the media, in one folder with a manifest.

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore --clean``;
SQLite is copied with its online backup API. Local media is archived as ``media.tar.gz``; media on
object storage is listed (key, size, ETag) in ``media-listing.json``, since the bucket is backed
up by its own versioning or replication and the listing lets a restore check nothing is missing.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_LISTING = "media-listing.json"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _database():
    return settings.DATABASES["default"], connections["default"]


def _pg_env(db):
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return env


def _pg_args(db):
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    db, connection = _database()
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl",
              "--file", str(folder / DUMP), *_pg_args(db)], env=_pg_env(db))  # fmt: skip
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_COPY) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    media = _backup_media(folder)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "media": media,
        "migrations": MigrationRecorder(connection).migration_qs.count(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def _backup_media(folder):
    if isinstance(default_storage, FileSystemStorage):
        root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
        return "archive"
    bucket = default_storage.bucket
    listing = [
        {"key": item.key, "size": item.size, "etag": item.e_tag.strip('"')}
        for item in bucket.objects.all()
    ]
    (folder / MEDIA_LISTING).write_text(json.dumps(listing, indent=1))
    return "listing"


def restore(folder):
    """Replace the database and local media with the backup's. Returns what is missing, if
    anything (object storage: keys listed in the backup that the bucket no longer has)."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    db, connection = _database()
    if manifest["database"] != connection.vendor:
        raise BackupError(f"backup is of {manifest['database']}, database is {connection.vendor}")
    connection.close()
    if connection.vendor == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl",
              "--exit-on-error", *_pg_args(db), str(folder / DUMP)], env=_pg_env(db))  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_COPY) as source:
            source.backup(connection.connection)
        source.close()
    if manifest["media"] == "archive":
        _restore_media_archive(folder / MEDIA_ARCHIVE)
        return []
    listed = json.loads((folder / MEDIA_LISTING).read_text())
    present = {item.key for item in default_storage.bucket.objects.all()}
    return [item["key"] for item in listed if item["key"] not in present]


def _restore_media_archive(archive_path):
    """Unpack beside MEDIA_ROOT, then swap, so a failed restore leaves the old media in place."""
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")
    if root.exists():
        shutil.rmtree(root)
    staging.rename(root)
