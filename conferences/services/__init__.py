"""Writes of the JupyterCon app."""

from django.core.exceptions import PermissionDenied


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied
