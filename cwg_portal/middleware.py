"""Request-wide rules: deny by default, required MFA, private pages, refusal logs,
the notice of delayed notifications."""

import structlog
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from cwg_portal import errors, outbox
from cwg_portal.roles import mfa_enrolment_missing

logger = structlog.get_logger("cwg_portal.access")


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login unless its view is marked `login_not_required`.

    API views are left to Django REST framework, whose default permission is
    IsAuthenticated too, so that an anonymous API client gets a 401 or 403 answer
    rather than a redirect to an HTML login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(view_func, "cls") and hasattr(view_func.cls, "permission_classes"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# The pages a user who must enrol in MFA can still open: enrolment itself and logout.
MFA_ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "healthz",
    }
)


class RequireMFAMiddleware:
    """Holders of sensitive roles reach nothing but MFA setup until they enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name in MFA_ENROLMENT_URL_NAMES:
            return None
        if request.user.is_authenticated and mfa_enrolment_missing(request.user):
            logger.warning(
                "mfa_enrolment_required", path=request.path_info, user_id=request.user.pk
            )
            if errors.is_api(request):
                return errors.api_error(403, "Enrol in two-factor authentication first.")
            return redirect("mfa_activate_totp")
        return None


class PrivatePageMiddleware:
    """No page shown to a logged-in person is stored by a browser or proxy cache:
    such pages hold money, people's data or confidential reports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class AccessRefusedLogMiddleware:
    """Log every refused request (401, 403) with the bound request and user ids."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403):
            logger.warning(
                "access_refused",
                path=request.path_info,
                status_code=response.status_code,
                user_id=getattr(request.user, "pk", None),
            )
        return response


NUL_REFUSED = "Parameters may not contain NUL characters."


class NullCharacterGuardMiddleware:
    """Answer 400 to a NUL byte in the address or in any query or form
    parameter: no field or slug of the portal can hold one, and PostgreSQL
    would refuse it with an error in the middle of a lookup (a slug in a
    route, a choice field, a filter) rather than a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            if errors.is_api(request):
                return errors.api_error(400, "Addresses may not contain NUL characters.")
            return HttpResponseBadRequest("Addresses may not contain NUL characters.")
        for params in (request.GET, request.POST):
            if any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in params.lists()
            ):
                if errors.is_api(request):
                    return errors.api_error(400, NUL_REFUSED)
                return HttpResponseBadRequest(NUL_REFUSED)
        return self.get_response(request)


class DelayedNotificationsMiddleware:
    """When the broker could not take this request's tasks, the change is saved and
    its tasks wait in the outbox: say so, rather than let the person retry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        outbox.relay_failed_reset()
        response = self.get_response(request)
        if outbox.relay_failed() and not request.path_info.startswith("/api/"):
            messages.info(request, DELAYED_NOTIFICATIONS)
        return response


DELAYED_NOTIFICATIONS = (
    "Your change is saved. The e-mails and other notifications it sends are delayed "
    "and will follow within a few minutes; there is no need to send it again."
)
