"""Code-of-conduct incident reports: filed by anyone, read and worked only by the
responders who are not involved, every access written to the log."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cwg_portal.notifications import notify
from dei.enums import IncidentAccessKind, IncidentStatus
from dei.models import IncidentAccess, IncidentReport

ERASED = "[erased under the retention policy]"


def _log(report, by, kind, note=""):
    IncidentAccess.objects.create(report=report, user=by, kind=kind, note=note)


def _require(by, report):
    if not by.has_perm("dei.read_incident", report):
        raise PermissionDenied


@transaction.atomic
def incident_file(
    *,
    description,
    people_involved="",
    event=None,
    occurred_on=None,
    contact_name="",
    contact_email="",
):
    """Keep a report from anyone, logged in or not; no account is recorded with it.
    Side effects: tells the responders a report came in (without its content)."""
    report = IncidentReport(
        description=description.strip(),
        people_involved=people_involved.strip(),
        event=event,
        occurred_on=occurred_on,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    report.full_clean()
    report.save()
    notify(
        "dei.incident_received",
        about=report,
        key=report.pk,
        url=reverse("dei:incidents"),
        report=report,
    )
    return report


def incident_read(*, report, by):
    """The report for a responder who may read it. Side effects: logs the read."""
    _require(by, report)
    _log(report, by, IncidentAccessKind.READ)
    return report


@transaction.atomic
def incident_update(*, report, by, status, actions_taken, named_people=None):
    """Move the report on (one step at a time) and record the actions taken.

    Side effects: logs the change; on acknowledgement, tells the reporter who
    left an address that the report is in hand (without its content)."""
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    _require(by, report)
    before = report.status
    if status != before and status not in IncidentStatus.next_states(before):
        raise ValidationError(
            {"status": f"A {report.get_status_display().lower()} report cannot become {status}."}
        )
    report.status = status
    report.actions_taken = actions_taken.strip()
    if status == IncidentStatus.RESOLVED and report.resolved_at is None:
        report.resolved_at = timezone.now()
    report.full_clean()
    report.save()
    if named_people is not None:
        report.named_people.set(named_people)
    note = f"{before} → {status}" if status != before else "actions taken updated"
    _log(report, by, IncidentAccessKind.CHANGE, note)
    if status == IncidentStatus.ACKNOWLEDGED and before != status and report.contact_email:
        _acknowledge(report)
    return report


def _acknowledge(report):
    # The reporter may have no account, so no notification kind can reach them:
    # the message goes through the queued e-mail backend, after the commit.
    body = render_to_string("dei/mail/incident_acknowledged.txt", {"report": report})
    send_mail(
        f"Your code-of-conduct report {report.pk} is in hand",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [report.contact_email],
    )


def incident_export(*, report, by):
    """The report as text, for a responder who keeps it outside the portal.
    Side effects: logs the export."""
    _require(by, report)
    _log(report, by, IncidentAccessKind.EXPORT)
    return render_to_string("dei/incident_export.txt", {"report": report})


@transaction.atomic
def incidents_erase_expired(*, years=None, now=None):
    """Erase the details of reports resolved more than `years` ago, keeping their
    status and dates for the counts. Idempotent. Returns how many were erased."""
    years = settings.DEI_INCIDENT_RETENTION_YEARS if years is None else years
    cutoff = (now or timezone.now()) - timedelta(days=round(365.25 * years))
    expired = IncidentReport.objects.select_for_update().filter(
        status=IncidentStatus.RESOLVED, resolved_at__lt=cutoff, erased_at__isnull=True
    )
    erased = 0
    for report in expired:
        report.description = report.people_involved = report.actions_taken = ERASED
        report.contact_name = report.contact_email = ""
        report.erased_at = timezone.now()
        report.save()
        report.named_people.clear()
        _log(report, None, IncidentAccessKind.ERASE, f"resolved more than {years} years ago")
        erased += 1
    return erased
