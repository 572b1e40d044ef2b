from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import BaseBackend

from cwg_portal.roles import is_admin

_MODEL_ACTIONS = ("add_", "change_", "delete_", "view_")

# What the admin role may do with the models that hold privileges, credentials
# or the schedule (by model, or by app for all its models). Roles come from
# elections and engagements, never from an operator; a second factor, a token or
# a linked account is its owner's; the schedules are data the migrations keep.
OPERATOR_LIMITS = {
    "auth.user": {"view", "change"},
    "auth.group": {"view"},
    "auth.permission": set(),
    "account.emailaddress": {"view"},
    "mfa.authenticator": set(),
    "knox.authtoken": set(),
    "socialaccount.socialaccount": {"view"},
    "socialaccount.socialtoken": set(),
    "django_celery_beat": {"view"},
}


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
        action, model_name = codename.split("_", 1)
        # Only the admin's own model permissions: a portal rule that happens to
        # read like one ("budget.view_ledger") is not a model and is not granted.
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        label = f"{app_label}.{model_name}"
        limits = OPERATOR_LIMITS.get(label, OPERATOR_LIMITS.get(app_label))
        if limits is not None and action not in limits:
            return False
        return label not in settings.CONFIDENTIAL_MODELS

    def has_module_perms(self, user_obj, app_label):
        return is_admin(user_obj)
