"""The council's review of a report, after the Apache board's agenda: the chair
submits a version; a shepherd, taken in turn among the council, follows it;
each council member pre-approves or flags each section and comments, the chair
answers in the thread; the council accepts or asks for changes. Every step is
kept on the report's timeline and told to those it concerns."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cwg_portal.notifications import notify
from cwg_portal.roles import Role, users_with_role
from reporting.enums import ReportStatus, ReviewAction, Verdict
from reporting.models import Report, ReviewComment, ReviewEvent, SectionReview


def _locked(report, by, perm, refusal):
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not by.has_perm(perm, locked):
        raise PermissionDenied(refusal)
    return locked


def _section_keys(report):
    version = report.submitted_version
    return [section["key"] for section in version.figures["sections"]] if version else []


def _refuse_unknown_section(report, section):
    if section not in _section_keys(report):
        raise ValidationError(f"The report has no section “{section}”.")


def _event(report, action, by, *, section="", note=""):
    return ReviewEvent.objects.create(
        report=report, action=action, actor=by, section=section, note=note
    )


def shepherd_next(report):
    """The council member after the last report's shepherd, in a fixed order."""
    council = list(users_with_role(Role.COUNCIL).order_by("username"))
    if not council:
        return None
    last = (
        Report.objects.exclude(pk=report.pk)
        .filter(shepherd__isnull=False)
        .order_by("-starts_on")
        .values_list("shepherd__username", flat=True)
        .first()
    )
    following = [user for user in council if last is not None and user.username > last]
    return (following or council)[0]


def report_submit(*, report, by):
    """Send the latest version to the council. Side effects: the shepherd (in
    turn, the first time), the timeline, a notification to the council."""
    with transaction.atomic():
        locked = _locked(report, by, "reporting.submit_report", "Only the chair submits a report.")
        latest = locked.versions.order_by("-number").first()
        if latest is None:
            raise ValidationError("Build the report before submitting it.")
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_version = latest
        if locked.shepherd is None:
            locked.shepherd = shepherd_next(locked)
            if locked.shepherd is not None:
                _event(locked, ReviewAction.SHEPHERD, None, note=str(locked.shepherd))
        locked.save(update_fields=["status", "submitted_version", "shepherd"])
        _event(locked, ReviewAction.SUBMITTED, by, note=f"Version {latest.number}")
        notify(
            "reporting.report_submitted",
            about=locked,
            key=f"{locked.pk}:{latest.number}",
            url=locked.get_absolute_url(),
            report=locked,
            version=latest,
        )
    return locked


def section_review(*, report, section, verdict, by):
    """Pre-approve or flag one section of the submitted version; again replaces
    the member's earlier verdict. A flag is told to the chair."""
    if verdict not in Verdict.values:
        raise ValidationError("Pre-approve or flag the section.")
    with transaction.atomic():
        locked = _locked(
            report, by, "reporting.review_report", "Only the council reviews a submitted report."
        )
        _refuse_unknown_section(locked, section)
        review, _ = SectionReview.objects.update_or_create(
            version=locked.submitted_version,
            section=section,
            reviewer=by,
            defaults={"verdict": verdict},
        )
        _event(locked, verdict, by, section=section)
        if verdict == Verdict.FLAGGED:
            notify(
                "reporting.section_flagged",
                about=locked,
                key=f"{review.pk}:{timezone.now().isoformat()}",
                url=f"{locked.get_absolute_url()}#section-{section}",
                report=locked,
                section=section,
                reviewer=by,
            )
    return review


def comment_add(*, report, section, text, by, parent=None):
    """A comment on a section, or an answer in a comment's thread. A council
    member's comment is told to the chair; an answer to the comment's author."""
    text = text.strip()
    if not text:
        raise ValidationError("Write the comment.")
    with transaction.atomic():
        locked = _locked(
            report, by, "reporting.comment_report", "Comments are open while the council reviews."
        )
        _refuse_unknown_section(locked, section)
        if parent is not None and (parent.report_id != locked.pk or parent.section != section):
            raise ValidationError("An answer belongs to a comment on the same section.")
        comment = ReviewComment.objects.create(
            report=locked, section=section, parent=parent, author=by, text=text
        )
        action = ReviewAction.ANSWERED if parent else ReviewAction.COMMENTED
        _event(locked, action, by, section=section)
        notify(
            "reporting.comment_answered" if parent else "reporting.comment_added",
            about=comment,
            key=comment.pk,
            url=f"{locked.get_absolute_url()}#section-{section}",
            report=locked,
            comment=comment,
        )
    return comment


def report_decide(*, report, accept, by, note=""):
    """Accept the submitted report, or send it back to the chair for changes."""
    with transaction.atomic():
        locked = _locked(
            report, by, "reporting.decide_report", "Only the council decides on a report."
        )
        if not accept and not note.strip():
            raise ValidationError("Say which changes the council asks for.")
        locked.status = ReportStatus.ACCEPTED if accept else ReportStatus.CHANGES_REQUESTED
        locked.save(update_fields=["status"])
        _event(locked, ReviewAction(locked.status), by, note=note.strip())
        notify(
            "reporting.report_decided",
            about=locked,
            key=f"{locked.pk}:{locked.timeline.count()}",
            url=locked.get_absolute_url(),
            report=locked,
            decision=locked.get_status_display().lower(),
            note=note.strip(),
        )
    return locked


def reminders_send(*, today=None):
    """Remind, each day from REPORT_REMINDER_DAYS before the due date, the chair
    of a report not submitted and the council members who have not reviewed a
    submitted one. Once a day each: the key holds the date."""
    today = today or timezone.localdate()
    window = today + datetime.timedelta(days=settings.REPORT_REMINDER_DAYS)
    sent = []
    due = Report.objects.filter(due_on__gte=today, due_on__lte=window).exclude(
        status=ReportStatus.ACCEPTED
    )
    for report in due.select_related("submitted_version"):
        kind = (
            "reporting.review_due"
            if report.status == ReportStatus.SUBMITTED
            else "reporting.report_due"
        )
        with transaction.atomic():
            sent += notify(
                kind,
                about=report,
                key=f"{report.pk}:{today.isoformat()}",
                url=report.get_absolute_url(),
                report=report,
            )
    return sent
