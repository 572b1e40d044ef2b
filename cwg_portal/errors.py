"""Error answers: pages for people and, under /api/, JSON for programs, also for
the errors raised before Django REST framework sees the request (an unknown
route, a NUL byte, a server error)."""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def api_error(status, detail):
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return api_error(400, "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_error(500, "A server error occurred; it has been logged.")
    return defaults.server_error(request)
