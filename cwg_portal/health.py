"""GET /healthz: the contract load balancers and monitors rely on."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cwg_portal.celery import app as celery_app


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


# A broker or cache that accepts the connection and then says nothing must not
# hold the answer past what monitors wait for.
PROBE_TIMEOUT_SECONDS = 0.4


def broker_state():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    timeouts = {
        "socket_connect_timeout": PROBE_TIMEOUT_SECONDS,
        "socket_timeout": PROBE_TIMEOUT_SECONDS,
    }
    try:
        with celery_app.connection_for_write(
            transport_options=timeouts, connect_timeout=PROBE_TIMEOUT_SECONDS
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=PROBE_TIMEOUT_SECONDS)
    except Exception:  # any failure to reach the broker means "unreachable"
        return "unreachable"
    return "ok"


def cache_state():
    """A cache without a remote server (the demo's memory) is always "ok"."""
    state = getattr(cache, "state", None)
    return state() if state else "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database, broker, cache_ = database_state(), broker_state(), cache_state()
    healthy = database == "ok" and broker in ("ok", "eager") and cache_ == "ok"
    body = {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "broker": broker,
        "cache": cache_,
    }
    if database != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
