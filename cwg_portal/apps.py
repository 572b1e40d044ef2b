from django.apps import AppConfig


class CwgPortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cwg_portal"
    verbose_name = "CWG Portal"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cwg_portal import audit, tokens

        audit.connect()
        tokens.connect()
        # Each app's permission and state rules, as `rules` finds each rules.py.
        autodiscover_modules("policies")
