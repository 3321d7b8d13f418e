from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.importer import loader, word
from articles.importer.word_package import WordFileError

from .import_commentary import DEFAULT_SERIES


class Command(BaseCommand):
    help = (
        "Import commentaries from Word files (.docx) as drafts. Re-importing a file updates its "
        "draft; for a live article it becomes a working copy for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--series", default=DEFAULT_SERIES, help="The series of the drafts.")

    def handle(self, *args, files, series, **options):
        failures = 0
        for name in files:
            path = Path(name)
            try:
                article, created = self.import_file(path, series)
            except CommandError as exc:
                failures += 1
                self.stderr.write(str(exc))
                continue
            verb = "Created" if created else "Updated"
            if article.is_working_copy:
                verb = "Working copy for review of"
            self.stdout.write(
                f"{verb} “{article.title}” ({article.get_status_display()}) from {name}"
            )
            guests = [b.author.display_name for b in article.ordered_bylines()
                      if b.author.pending_review]  # fmt: skip
            if guests:
                self.stdout.write(
                    f"  new guest author(s), for bio staff to review: {', '.join(guests)}"
                )
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be imported.")

    def import_file(self, path, series):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        try:
            parsed, pictures = word.read(data, series=series)
            return loader.load_word(parsed, pictures, source_key=f"docx:{path.name}")
        except WordFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
