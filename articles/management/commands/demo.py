from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles import demo, roles
from articles.importer import loader
from articles.importer.parser import parse
from articles.models import Article

SEED = settings.BASE_DIR / "articles" / "fixtures" / "seed_commentary.txt"
SEED_PUBLISHED = "2024-02-01"
SEED_TOPICS = ["Japan", "Taiwan Strait", "Elections", "Alliances"]
DEMO_PASSWORD = "prospect-demo"
DEMO_ACCOUNTS = [
    ("contributor", roles.CONTRIBUTOR),
    ("contributor2", roles.CONTRIBUTOR),
    ("editor", roles.EDITOR),
    ("editor2", roles.EDITOR),
    ("managing", roles.MANAGING_EDITOR),
    ("bio", roles.BIO_STAFF),
]


class Command(BaseCommand):
    help = (
        "Add demonstration content: the seed commentary, with --articles N that many synthetic "
        "commentaries, and demo accounts (DEBUG only). Safe to run again. The roles come from "
        "the migrations and `setup_roles`, not from here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=0, metavar="N")

    def handle(self, *args, articles, **options):
        seed = self.import_seed()
        if articles > 0:
            made = demo.create_articles(articles, stdout=self.stdout)
            self.stdout.write(f"Synthetic commentaries: {made} added.")
            translation, footnoted = demo.ensure_scholarly_showcase(seed)
            self.stdout.write(f"Showcase: “{translation.title}”, “{footnoted.title}”.")
        if settings.DEBUG:
            self.create_accounts(roles.existing_roles())
        else:
            self.stdout.write("DEBUG is off: no demo accounts were created.")

    def import_seed(self):
        from articles.management.commands.import_commentary import parse_date

        parsed = parse(SEED.read_bytes())
        article, created = loader.load(
            parsed,
            source_key="seed-commentary",
            publish_at=parse_date(SEED_PUBLISHED),
            topics=SEED_TOPICS,
        )
        if not article.featured:
            article.featured = True
            article.save(update_fields=["featured"])
        state = "imported" if created else "already present"
        live = Article.objects.live().filter(pk=article.pk).exists()
        self.stdout.write(f"Seed commentary {state}: “{article.title}” (live: {live}).")
        return article

    def create_accounts(self, groups):
        User = get_user_model()
        for username, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org", "is_staff": True}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.set([groups[role]])
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        self.stdout.write(f"Demo accounts (password “{DEMO_PASSWORD}”):")
        for username, role in [*DEMO_ACCOUNTS, ("admin", "superuser")]:
            self.stdout.write(f"  {username:<13} {role}")
