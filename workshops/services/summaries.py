"""The post-event summary: filed by the organisers after the workshop, with its DEI
impact; filing it completes the event and returns the unspent award to the fund."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budget.enums import AllocationStatus
from budget.selectors import claims_waiting_on
from budget.services.allocations import allocation_close
from cwg_portal.notifications import notify
from dei.selectors import summary_refusal
from dei.services.checklists import checklist_ensure
from events.enums import EventStatus
from events.services import event_update
from workshops.enums import ProposalStatus
from workshops.models import PostEventSummary, Proposal
from workshops.services.proposals import proposal_locked

SUMMARY_FIELDS = (
    "attendance_total",
    "first_time_contributors",
    "outcomes",
    "dei_reached",
    "dei_achieved",
    "dei_shortfalls",
    "lessons",
    "is_public",
)
MAX_LINKS = 30
# Organisers are reminded once a week until the summary is filed.
REMINDER_INTERVAL = timedelta(days=7)


def _clean_links(links):
    links = [link.strip() for link in links if link.strip()]
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": f"Give at most {MAX_LINKS} links."})
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except ValidationError as error:
            raise ValidationError({"links": f"“{link}” is not a web address."}) from error
    return links


@transaction.atomic
def summary_file(*, proposal, by, links=(), **fields):
    """File the summary of a workshop that took place, or correct it.

    Refused while items of the event's DEI checklist are still only planned. The
    first filing marks the event completed. Filing closes the allocation, which
    returns what was not spent to the fund, unless claims are still waiting to be
    paid: then the allocation stays open for them, and the daily allocations_settle
    (or a later correction) closes it once they are settled.
    """
    unknown = set(fields) - set(SUMMARY_FIELDS)
    if unknown:
        raise ValueError(f"Not summary fields: {', '.join(sorted(unknown))}")
    proposal = proposal_locked(proposal)
    if not by.has_perm("workshops.file_summary", proposal):
        raise PermissionDenied
    if proposal.event.end_date > timezone.localdate():
        raise ValidationError(
            f"The workshop ends on {proposal.event.end_date:%-d %B %Y}: "
            "file its summary after that."
        )
    checklist_ensure(event=proposal.event)
    refusal = summary_refusal(proposal.event)
    if refusal:
        raise ValidationError(refusal)
    summary = getattr(proposal, "post_event_summary", None)
    first_filing = summary is None
    if first_filing:
        summary = PostEventSummary(proposal=proposal, filed_by=by)
    for name, value in fields.items():
        setattr(summary, name, value.strip() if isinstance(value, str) else value)
    summary.links = _clean_links(links)
    summary.full_clean(exclude=["proposal", "filed_by"])
    summary._history_user = by
    summary.save()
    if first_filing:
        event_update(event=proposal.event, status=EventStatus.COMPLETED)
    _close_when_settled(proposal.allocation, by=by)
    return summary


def _close_when_settled(allocation, *, by):
    """Return the unspent award to the fund once no claim on it waits."""
    if allocation.status != AllocationStatus.OPEN or claims_waiting_on(allocation).exists():
        return False
    allocation_close(allocation=allocation, by=by)
    return True


def allocations_settle():
    """Close the allocations of reported workshops whose last waiting claims were
    paid or rejected since the summary was filed, in the summary filer's name."""
    reported = Proposal.objects.filter(
        post_event_summary__isnull=False, allocation__status=AllocationStatus.OPEN
    ).select_related("allocation", "post_event_summary__filed_by")
    settled = 0
    for proposal in reported:
        with transaction.atomic():
            settled += _close_when_settled(
                proposal.allocation, by=proposal.post_event_summary.filed_by
            )
    return settled


def summaries_missing(*, today=None):
    """Accepted workshops that are over and have no summary yet."""
    today = today or timezone.localdate()
    return Proposal.objects.filter(
        status=ProposalStatus.ACCEPTED,
        event__end_date__lt=today,
        post_event_summary__isnull=True,
    ).select_related("event", "call")


def summary_reminders_send(*, today=None):
    """Remind the organisers of each finished workshop without a summary, once a
    week from the day after it ends; running twice on a day sends nothing more."""
    today = today or timezone.localdate()
    sent = 0
    for proposal in summaries_missing(today=today):
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            last = locked.summary_reminded_on
            if last is not None and today - last < REMINDER_INTERVAL:
                continue
            locked.summary_reminded_on = today
            locked.save(update_fields=["summary_reminded_on"])
            overdue = proposal.summary_due_on < today
            notify(
                "workshops.summary_due",
                about=proposal,
                key=f"{proposal.pk}:{today}",
                url=reverse("workshops:summary", kwargs={"event_slug": proposal.event.slug}),
                proposal=proposal,
                due_on=proposal.summary_due_on,
                overdue=overdue,
                due="overdue" if overdue else "due",
            )
            sent += 1
    return sent
