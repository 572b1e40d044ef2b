"""What the apps' admin classes share."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyMixin:
    """For records whose changes go through the services, which check the rules:
    the admin shows them but neither adds, changes nor deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OperatorUserAdmin(UserAdmin):
    """Accounts as a site operator who is not a superuser sees them: names and
    whether the account is active may change; the roles are shown, never
    granted here (elections and engagements grant them); the e-mail address,
    where password resets go, and the password itself are their owner's; a
    superuser's account is beyond an operator's reach."""

    operator_fieldsets = (
        (None, {"fields": ("username", "email")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    operator_editable = ("first_name", "last_name", "is_active")

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.operator_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        fields = [name for _, options in self.operator_fieldsets for name in options["fields"]]
        return [name for name in fields if name not in self.operator_editable]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class OperatorPeriodicTaskAdmin(PeriodicTaskAdmin):
    """Enabling, disabling or running a task changes the schedule: a superuser's
    actions, whatever the view permission lets an operator read."""

    def get_actions(self, request):
        if not request.user.is_superuser:
            return {}
        return super().get_actions(request)


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, OperatorUserAdmin)
admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, OperatorPeriodicTaskAdmin)
