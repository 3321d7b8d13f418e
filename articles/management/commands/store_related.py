from django.core.management.base import BaseCommand

from articles import related
from articles.models import Article, Status


class Command(BaseCommand):
    help = (
        "Choose and store the related commentaries of every published article (publication "
        "does this for each article; run once after upgrading, or after a bulk import)."
    )

    def handle(self, *args, **options):
        published = Article.objects.filter(status=Status.PUBLISHED, working_copy_of__isnull=True)
        count = 0
        for article in published.iterator():
            Article.objects.filter(pk=article.pk).update(related_ids=related.candidates(article))
            count += 1
        self.stdout.write(f"Stored related commentaries for {count} articles.")
