from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "embeds"
    verbose_name = "Embedded chat widgets"
    default_auto_field = "django.db.models.BigAutoField"
