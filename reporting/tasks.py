from celery import Task, shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from reporting.services import builds, review

# A database or broker that drops the connection for a moment: try again later.
TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)


class BuildTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries are spent, or the error is not transient: the page says so.
        builds.build_fail(build_id=kwargs["build_id"], error=exc)


@shared_task(
    name="reporting.report_build",
    base=BuildTask,
    # Acknowledged only once done, and put back if the worker dies: a build cut
    # short left no version (one transaction) and runs again from the start.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
    time_limit=settings.REPORT_BUILD_TIME_LIMIT,
)
def report_build(*, build_id):
    """Build one requested report version; a finished build is left alone."""
    try:
        version = builds.build_run(build_id=build_id)
    except PermissionDenied as refused:
        builds.build_fail(build_id=build_id, error=refused)
        return None
    return getattr(version, "pk", None)


@shared_task(name="reporting.reports_build_scheduled")
def reports_build_scheduled():
    """Rebuild the reports still in the making, so that the chair finds them fresh."""
    return [str(build.pk) for build in builds.builds_scheduled()]


@shared_task(name="reporting.reminders_send")
def reminders_send():
    """Remind the chair of a report due soon, and the council members who have not reviewed it."""
    return len(review.reminders_send())
