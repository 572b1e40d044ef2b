"""What every API view shares: permissions from `rules`
and errors that are always a 4xx with field messages, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions
from rest_framework.views import exception_handler as drf_exception_handler


class RulesPermission(permissions.BasePermission):
    """Maps each viewset action to a `rules` permission named in the view's
    `permission_required` dict; an action without an entry is refused."""

    def _perm(self, view):
        return view.permission_required.get(view.action)

    def has_permission(self, request, view):
        perm = self._perm(view)
        if perm is None:
            return False
        # Object actions are decided per object in has_object_permission.
        return view.detail or request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        return perm is not None and request.user.has_perm(perm, obj)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
