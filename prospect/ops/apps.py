from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operator's commands: backup and restore."""

    name = "prospect.ops"
    label = "ops"
    verbose_name = "Operations"
