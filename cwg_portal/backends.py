from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import BaseBackend

from cwg_portal.roles import is_admin

_MODEL_ACTIONS = ("add_", "change_", "delete_", "view_")


class AdminRoleBackend(BaseBackend):
    """Gives the admin role the Django admin's model permissions.

    The site operator is staff but not a superuser, because a superuser passes
    every permission check, including those that keep confidential models (such
    as code-of-conduct reports, listed in `CONFIDENTIAL_MODELS`) to their own
    readers. What may never be changed (posted ledger entries) is refused by the
    model's admin class, whatever the permission says.
    """

    def has_perm(self, user_obj, perm, obj=None):
        app_label, _, codename = perm.partition(".")
        if not codename.startswith(_MODEL_ACTIONS) or not is_admin(user_obj):
            return False
        model_name = codename.split("_", 1)[1]
        # Only the admin's own model permissions: a portal rule that happens to
        # read like one ("budget.view_ledger") is not a model and is not granted.
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        return f"{app_label}.{model_name}" not in settings.CONFIDENTIAL_MODELS

    def has_module_perms(self, user_obj, app_label):
        return is_admin(user_obj)
