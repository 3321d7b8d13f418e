from django.core.management.base import BaseCommand, CommandError

from prospect.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and media with those of a backup folder made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args, folder, interactive, **options):
        if interactive:
            answer = input("This replaces the database and media with the backup's. Type 'yes': ")
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            missing = restore(folder)
        except (BackupError, FileNotFoundError, KeyError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        for key in missing:
            self.stderr.write(f"Missing from the bucket: {key}")
        if missing:
            raise CommandError(f"{len(missing)} media files listed in the backup are missing.")
        self.stdout.write(f"Restored from {folder}. Run `manage.py migrate` if the code is newer.")
