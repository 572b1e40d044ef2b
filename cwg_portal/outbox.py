"""The transactional outbox: a task to queue is a row written in the caller's
transaction, relayed to Celery after commit and, should the broker be down then,
by a beat job every minute. Nothing committed is lost, and a broker outage never
fails a request whose change is already saved."""

from contextvars import ContextVar
from importlib import import_module

import structlog
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from cwg_portal.celery import app
from cwg_portal.models import OutboxMessage

logger = structlog.get_logger("cwg_portal.outbox")

# Whether a relay failed in the current request, so that the page can say that
# the notifications will follow.
_relay_failed = ContextVar("outbox_relay_failed", default=False)

# A broker that refuses or drops the connection; anything else is a bug to surface.
BROKER_ERRORS = (OperationalError, OSError)


def enqueue(task_name: str, *, kwargs: dict, key: str):
    """Record `task_name(**kwargs)` to be queued once the caller's transaction
    commits. `key` names the task once: a retried service enqueues nothing more."""
    return _record(task_name, kwargs=kwargs, key=key, eta=None)


def enqueue_at(task_name: str, *, kwargs: dict, key: str, eta):
    """As `enqueue`, for a task that a worker runs at `eta` and not before."""
    return _record(task_name, kwargs=kwargs, key=key, eta=eta)


def _record(task_name, *, kwargs, key, eta):
    message, _ = OutboxMessage.objects.get_or_create(
        key=key, defaults={"task_name": task_name, "kwargs": kwargs, "eta": eta}
    )
    if message.sent_at is None:
        transaction.on_commit(lambda: relay(message.pk))
    return message


def relay(pk):
    """Queue one recorded task unless another relay has; True once it is queued."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        return message is None or _publish(message)


def relay_pending(*, limit=500):
    """Queue the recorded tasks still pending, oldest first; stops at the first
    broker error (the next run tries again). Returns how many were queued."""
    sent = 0
    with transaction.atomic():
        pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            sent_at__isnull=True
        )
        for message in pending.order_by("created_at", "pk")[:limit]:
            if not _publish(message):
                break
            sent += 1
    return sent


def _publish(message):
    options = {"eta": message.eta} if message.eta else {}
    message.attempts += 1
    try:
        if app.conf.task_always_eager:
            # send_task ignores eager mode; without a broker the task runs here,
            # once its app's tasks module has registered it.
            import_module(f"{message.task_name.partition('.')[0]}.tasks")
            app.tasks[message.task_name].apply_async(kwargs=message.kwargs, **options)
        else:
            app.send_task(message.task_name, kwargs=message.kwargs, **options)
    except BROKER_ERRORS as error:
        message.last_error = str(error)
        message.save(update_fields=["attempts", "last_error"])
        _relay_failed.set(True)
        logger.warning(
            "outbox_relay_failed", task=message.task_name, key=message.key, error=str(error)
        )
        return False
    message.sent_at = timezone.now()
    message.save(update_fields=["attempts", "sent_at"])
    return True


def relay_failed():
    """Whether a relay failed since `relay_failed_reset()`, in this request."""
    return _relay_failed.get()


def relay_failed_reset():
    _relay_failed.set(False)
