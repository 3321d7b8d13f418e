import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.importer import loader
from articles.importer.parser import CommentaryFormatError, parse
from articles.models import Article, LegacyAddress, Status

DEFAULT_SERIES = "Prospects & Perspectives"


def parse_date(value):
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--publish-date must be YYYY-MM-DD, not “{value}”.") from exc
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


class Command(BaseCommand):
    help = (
        "Import commentaries exported from their PDFs. Re-importing a file updates its article. "
        "Without --publish-date the article is a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--publish-date", type=parse_date, metavar="YYYY-MM-DD")
        parser.add_argument("--number", type=int, help="The number in its series.")
        parser.add_argument("--image", type=Path, metavar="PATH", help="The lead picture's file.")
        parser.add_argument("--topics", default="", help="Comma-separated topics.")
        parser.add_argument("--series", default=DEFAULT_SERIES, help="When the file names none.")
        parser.add_argument(
            "--legacy-url",
            action="append",
            default=[],
            metavar="URL",
            help="An address the commentary had on the old site (repeatable); it answers 301.",
        )

    def handle(self, *args, files, **options):
        if options["number"] is not None and (options["number"] < 1 or len(files) > 1):
            raise CommandError("--number must be positive and given for one file at a time.")
        if options["legacy_url"] and len(files) > 1:
            raise CommandError("--legacy-url is given for one file at a time.")
        image = self.read_image(options["image"]) if options["image"] else None
        topics = [t.strip() for t in options["topics"].split(",") if t.strip()]
        failures = 0
        for name in files:
            try:
                was_live = Article.objects.filter(
                    source_key=Path(name).stem, status=Status.PUBLISHED
                ).exists()
                article, created = self.import_file(Path(name), image, topics, options)
            except CommandError as exc:
                failures += 1
                self.stderr.write(str(exc))
                continue
            self.stdout.write(f"{self.outcome(article, created, was_live)} from {name}")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be imported.")

    @staticmethod
    def outcome(article, created, was_live):
        if article.is_working_copy:
            return f"Working copy of live “{article.title}” for review"
        if was_live:
            return f"Unchanged: live “{article.title}”"
        verb = "Created" if created else "Updated"
        return f"{verb} “{article.title}” ({article.get_status_display()})"

    def keep_legacy_addresses(self, article, urls):
        for url in urls:
            address = LegacyAddress(article=article, path=url)
            address.full_clean(exclude=["article"], validate_unique=False)
            taken = LegacyAddress.objects.filter(path=address.path).exclude(article=article)
            if taken.exists():
                raise ValidationError(f"{address.path} already leads to another commentary.")
            LegacyAddress.objects.get_or_create(article=article, path=address.path)

    def read_image(self, path):
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the picture ({exc.strerror}).") from exc

    def import_file(self, path, image, topics, options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        try:
            parsed = parse(data, default_series=options["series"])
            with transaction.atomic():
                article, created = loader.load(
                    parsed,
                    source_key=path.stem,
                    publish_at=options["publish_date"],
                    number=options["number"],
                    image=image,
                    topics=topics,
                )
                self.keep_legacy_addresses(article, options["legacy_url"])
            return article, created
        except CommentaryFormatError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
        except IntegrityError as exc:
            raise CommandError(
                f"{path}: conflicts with an existing article (is number {options['number']} "
                "already taken in this series?)."
            ) from exc
