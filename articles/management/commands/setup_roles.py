from django.core.management.base import BaseCommand

from articles import roles


class Command(BaseCommand):
    help = (
        "Create the editorial roles (groups) or bring their permissions back to the documented "
        "table. Safe to run again; run it after every upgrade."
    )

    def handle(self, *args, **options):
        groups = roles.ensure_roles()
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
