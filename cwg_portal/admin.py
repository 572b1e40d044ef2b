"""What the apps' admin classes share."""

from django.db import models

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
