"""What every API view shares: permissions from `rules`, errors that are always
a 4xx with field messages, never a 500, and a schema that documents them."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class SlugRelatedField(serializers.SlugRelatedField):
    """A slug lookup that refuses what no slug can hold (a NUL byte, which the
    database would reject with an error) before it reaches the database."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An object by id among those `visible(user)` gives the caller: any other id
    is refused as unknown, so that a private object can be neither probed nor
    named. `queryset` is every such object, for the schema."""

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)


class MoneyTotalField(serializers.DecimalField):
    """A sum of money, to the cent: a total grows past the width of the column
    its terms are stored in, so it has no limit on its digits."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=None, decimal_places=2, read_only=True, **kwargs)


class RulesPermission(permissions.BasePermission):
    """Maps each viewset action to a `rules` permission named in the view's
    `permission_required` dict; an action without an entry is refused."""

    def _perm(self, view):
        return view.permission_required.get(view.action)

    def has_permission(self, request, view):
        if view.action is None:
            # A method the route does not offer (DELETE on events, GET on an
            # action): those who may use the route hear 405, others are refused.
            route_perms = [view.permission_required.get(a) for a in view.action_map.values()]
            if any(perm and request.user.has_perm(perm) for perm in route_perms):
                raise exceptions.MethodNotAllowed(request.method)
            return False
        perm = self._perm(view)
        if perm is None:
            return False
        # Object actions are decided per object in has_object_permission.
        return view.detail or request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        return perm is not None and request.user.has_perm(perm, obj)


class PublicReadOnly(permissions.BasePermission):
    """Reads are public (each queryset narrows what the public sees); nothing is written."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS


def _error_key(field):
    # Model-wide errors (check constraints) come as "__all__"; DRF calls them
    # non_field_errors, as its own serializers do.
    return api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {_error_key(field): errors for field, errors in exc.message_dict.items()}
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


# An error body: {"detail": "..."}, field messages {"field": ["..."]}, or a list of
# messages (a ValidationError raised without a field).
ERROR_BODY = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]
}
# What any operation may answer before or instead of its own result: a malformed
# request or parameter (a NUL byte anywhere), a bad token, a refusal.
ERRORS_OF_EVERY_OPERATION = {
    "400": "The request or one of its parameters is invalid.",
    "401": "The token is invalid or expired.",
    "403": "Not allowed to the caller.",
}
NOT_FOUND = "No such object visible to the caller, or no such page of the list."


class PortalAutoSchema(AutoSchema):
    """Documents, beside each operation's result, every error status it can
    answer, with its JSON body, so that clients and the fuzzer see the truth."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS_OF_EVERY_OPERATION)
        if "{" in self.path or self._is_list_view():
            errors["404"] = NOT_FOUND
        for status, description in errors.items():
            responses.setdefault(
                status,
                {
                    "content": {"application/json": {"schema": ERROR_BODY}},
                    "description": description,
                },
            )
        return responses
