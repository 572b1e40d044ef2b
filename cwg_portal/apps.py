from django.apps import AppConfig


class CwgPortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cwg_portal"
    verbose_name = "CWG Portal"

    def ready(self):
        from cwg_portal import audit, tokens

        audit.connect()
        tokens.connect()
