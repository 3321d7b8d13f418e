from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prospect.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or a SQLite copy) and the media (an "
        "archive, or the bucket's listing on object storage) into one new folder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="folder to create (default: backups/<UTC date and time>)",
        )

    def handle(self, *args, output, **options):
        folder = output or settings.BASE_DIR / "backups" / timezone.now().strftime("%Y%m%dT%H%M%SZ")
        try:
            manifest = backup(folder)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {manifest['database']} and media ({manifest['media']}) to {folder}"
        )
