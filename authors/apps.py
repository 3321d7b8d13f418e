from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models import Q

        from prospect.images.usage import register_public_use

        def portraits():
            # Every author has a public page (listed or not), and it shows the portrait.
            return Q(portrait_of__isnull=False)

        register_public_use(portraits)
