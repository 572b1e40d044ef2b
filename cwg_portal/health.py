"""GET /healthz: the contract load balancers and monitors rely on."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
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


def broker_state():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception:  # any failure to reach the broker means "unreachable"
        return "unreachable"
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database, broker = database_state(), broker_state()
    healthy = database == "ok" and broker in ("ok", "eager")
    body = {"status": "ok" if healthy else "degraded", "database": database, "broker": broker}
    if database != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
