"""Building a report: the figures of every app frozen into a new version, on
demand or on schedule, through a job whose progress the page follows."""

import datetime

import structlog
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cwg_portal import outbox
from cwg_portal.periods import parse, period_kind
from reporting import figures as report_figures
from reporting.enums import EDITABLE, BuildState
from reporting.models import Report, ReportBuild, ReportVersion

logger = structlog.get_logger("reporting.builds")


def period_named(identifier):
    """The period an identifier names, or a ValidationError saying how to write one."""
    try:
        return parse(identifier)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def current_period(today=None):
    """The period of the setting's kind that contains today."""
    return period_kind(settings.REPORT_PERIOD).containing(today or timezone.localdate())


def report_for(period):
    """The report of a period, created (as a draft) the first time it is named."""
    report, _ = Report.objects.get_or_create(
        period=period.identifier,
        defaults={
            "starts_on": period.start,
            "ends_on": period.end,
            "due_on": period.end + datetime.timedelta(days=settings.REPORT_DUE_DAYS),
        },
    )
    return report


def _refuse_unless_may_build(report, by):
    # The schedule (no person) builds whatever state the chair left the report in
    # only while it may change; a person needs the permission too.
    if by is None:
        allowed = report.status in EDITABLE
    else:
        allowed = by.has_perm("reporting.build_report", report)
    if not allowed:
        raise PermissionDenied(f"The report {report.period} cannot be rebuilt now.")


def build_request(*, period, by):
    """Queue a build of the period's report. Side effects: the report (a draft)
    if it did not exist, a queued build, and the job, sent after commit."""
    with transaction.atomic():
        report = report_for(period)
        _refuse_unless_may_build(report, by)
        build = ReportBuild.objects.create(report=report, requested_by=by)
        outbox.enqueue(
            "reporting.report_build",
            kwargs={"build_id": str(build.pk)},
            key=f"report-build:{build.pk}",
        )
    return build


def report_build(*, period, by, on_progress=None):
    """Build the period's report now: its figures from every app, stored as the
    next version unless the latest already holds the same figures. Returns the
    version (new or latest)."""
    report = report_for(period)
    _refuse_unless_may_build(report, by)
    figures = report_figures.collect(period, on_progress=on_progress)
    return version_store(report=report, figures=figures, by=by)


def version_store(*, report, figures, by):
    """The version holding these figures: the latest when nothing changed,
    otherwise a new one numbered after it. Two callers with the same figures at
    the same moment get the same version (the report row is locked, and the
    fingerprint is unique per report besides)."""
    rendered = {
        section["key"]: render_to_string("reporting/_section_figures.html", {"section": section})
        for section in figures["sections"]
    }
    with transaction.atomic():
        # No key update: builds requested meanwhile (rows pointing at the report)
        # are not held up, while a second store waits for this one.
        locked = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
        latest = locked.versions.order_by("-number").first()
        follows = latest.number if latest else 0
        unchanged = report_figures.fingerprint(figures, follows=follows - 1)
        if latest and latest.fingerprint == unchanged:
            return latest
        digest = report_figures.fingerprint(figures, follows=follows)
        try:
            with transaction.atomic():
                version = ReportVersion.objects.create(
                    report=locked,
                    number=follows + 1,
                    fingerprint=digest,
                    figures=figures,
                    rendered=rendered,
                    built_by=by,
                )
        except IntegrityError:
            return ReportVersion.objects.get(report=locked, fingerprint=digest)
    logger.info("report_version_built", period=report.period, number=version.number)
    return version


def _progress(build_id, percent):
    ReportBuild.objects.filter(pk=build_id).update(percent=percent)


def build_run(*, build_id):
    """Run one queued build (the job's body). Safe to run twice: a finished build
    is left alone, and a build cut short leaves no version and runs again whole."""
    build = ReportBuild.objects.select_related("report", "requested_by").filter(pk=build_id).first()
    if build is None or build.is_finished:
        return getattr(build, "version", None)
    ReportBuild.objects.filter(pk=build.pk).update(state=BuildState.RUNNING, percent=0)
    version = report_build(
        period=parse(build.report.period),
        by=build.requested_by,
        on_progress=lambda percent: _progress(build.pk, percent),
    )
    ReportBuild.objects.filter(pk=build.pk).update(
        state=BuildState.DONE, percent=100, version=version, finished_at=timezone.now()
    )
    return version


def build_fail(*, build_id, error):
    """Record that a build gave up, so that its page says so rather than wait."""
    ReportBuild.objects.filter(pk=build_id).exclude(state=BuildState.DONE).update(
        state=BuildState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def builds_scheduled(*, today=None):
    """The schedule's builds: the current period's report, and the last
    period's while it is not yet due. Returns the builds queued."""
    today = today or timezone.localdate()
    current = current_period(today)
    periods = [current.previous(), current]
    if current.previous().end + datetime.timedelta(days=settings.REPORT_DUE_DAYS) < today:
        periods = [current]
    queued = []
    for period in periods:
        try:
            queued.append(build_request(period=period, by=None))
        except PermissionDenied:
            continue
    return queued
