from django.core.management.base import BaseCommand

from articles import workflow


class Command(BaseCommand):
    help = (
        "Run the side effects of scheduled publications whose time has come (notifications). "
        "Visibility needs no job: a scheduled article is public at its time regardless. "
        "Idempotent; run it every few minutes, and it catches up after downtime."
    )

    def handle(self, *args, **options):
        announced = workflow.announce_due()
        for article in announced:
            self.stdout.write(
                f"Announced “{article.title}” (live since {article.publish_at:%Y-%m-%d %H:%M})."
            )
        self.stdout.write(f"{len(announced)} publication(s) announced.")
