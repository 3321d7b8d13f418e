from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "prospect.images"
    label = "images"
    verbose_name = "Image library"
    default_auto_field = "django.db.models.BigAutoField"
