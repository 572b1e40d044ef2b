from django.apps import AppConfig


class DeiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dei"
    verbose_name = "Diversity, equity and inclusion"
