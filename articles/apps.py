from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models import Q

        from prospect.images.usage import register_public_use

        def lead_pictures_of_live_articles():
            from .models import Article

            return Q(lead_of__in=Article.objects.live())

        register_public_use(lead_pictures_of_live_articles)

        from . import freshness

        freshness.connect()
