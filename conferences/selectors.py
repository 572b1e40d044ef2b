from django.db.models import Count, Q, Sum
from django.utils import timezone

from conferences.enums import ApplicationStatus, MilestoneStatus, SponsorshipStatus
from conferences.models import (
    Edition,
    EditionSummary,
    Milestone,
    RegistrationCount,
    ScholarshipApplication,
    ScholarshipCall,
    Sponsorship,
    StrategicDecision,
)
from cwg_portal.policies import restrict
from cwg_portal.roles import is_cwg_chair


def editions_visible_to(user):
    editions = Edition.objects.select_related("event", "previous")
    return restrict(editions, user, "conferences.see_edition")


def editions():
    """Every edition; for choices, which callers narrow by their own rule."""
    return Edition.objects.all()


def milestones_of(edition, today=None):
    """The edition's timeline, each milestone marked when it is overdue."""
    today = today or timezone.localdate()
    milestones = list(edition.milestones.select_related("owner"))
    for milestone in milestones:
        milestone.is_overdue = milestone.status == MilestoneStatus.OPEN and milestone.due_on < today
    return milestones


def milestones_open_of(user):
    """The open milestones the user owns."""
    if not user.is_authenticated:
        return Milestone.objects.none()
    milestones = Milestone.objects.filter(owner__user=user, status=MilestoneStatus.OPEN)
    return milestones.select_related("edition")


def milestones_overdue_for(user, today=None):
    """Open milestones past their date that the user owns; every one for the chair."""
    today = today or timezone.localdate()
    overdue = Milestone.objects.filter(status=MilestoneStatus.OPEN, due_on__lt=today)
    if not is_cwg_chair(user):
        overdue = overdue.filter(owner__user=user) if user.is_authenticated else overdue.none()
    return overdue.select_related("edition", "owner").order_by("due_on", "pk")


def decisions_visible_to(user):
    decisions = StrategicDecision.objects.select_related("edition", "formal_decision__body")
    return restrict(decisions, user, "conferences.see_decision")


def sponsorships_visible_to(user):
    sponsorships = Sponsorship.objects.select_related("edition", "tier", "ledger_entry")
    return restrict(sponsorships, user, "conferences.see_sponsorship")


def sponsorship_totals(edition):
    """Per status, how many sponsorships and their amount, per currency."""
    return list(
        edition.sponsorships.values("status", "currency")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("status", "currency")
    )


def report_figures(start, end):
    """Each edition active in the period: its status, milestones due in the
    period done and late, and its sponsorships by status."""
    today = timezone.localdate()
    active = Edition.objects.filter(
        Q(event__end_date__gte=start) | Q(milestones__due_on__range=(start, end))
    ).distinct()
    figures = []
    for edition in active.select_related("event").order_by("year"):
        due = edition.milestones.filter(due_on__range=(start, end))
        late = due.filter(status=MilestoneStatus.OPEN, due_on__lt=today)
        figures.append(
            {
                "name": edition.name,
                "status": edition.get_status_display(),
                "starts_on": edition.event.start_date.isoformat(),
                "milestones_done": due.filter(status=MilestoneStatus.DONE).count(),
                "milestones_late": late.count(),
                "sponsorships": [
                    {
                        "status": SponsorshipStatus(row["status"]).label,
                        "currency": row["currency"],
                        "count": row["count"],
                        "total": str(row["total"]),
                    }
                    for row in sponsorship_totals(edition)
                ],
            }
        )
    return {"editions": figures}


def applications_visible_to(user):
    applications = ScholarshipApplication.objects.select_related("call__edition", "applicant")
    return restrict(applications, user, "conferences.see_application")


def summary_of(edition):
    return EditionSummary.objects.filter(edition=edition).first()


def calls_closing(user, start, end):
    """The scholarship calls of editions `user` may see that close from `start` to `end`."""
    editions = restrict(Edition.objects.all(), user, "conferences.see_edition")
    return ScholarshipCall.objects.filter(
        edition__in=editions, closes_on__range=(start, end)
    ).select_related("edition")


def call_of(edition):
    return ScholarshipCall.objects.filter(edition=edition).first()


def envelope_left(call):
    awarded = call.applications.filter(status=ApplicationStatus.AWARDED)
    return call.envelope - (awarded.aggregate(total=Sum("amount_awarded"))["total"] or 0)


def registrations_by_day(edition):
    """Per day: registered, first-time attendees, revenue, and the running total."""
    days = {}
    counts = RegistrationCount.objects.filter(ticket_type__edition=edition).select_related(
        "ticket_type"
    )
    for row in counts.order_by("on"):
        day = days.setdefault(row.on, {"on": row.on, "count": 0, "first_time": 0, "revenue": 0})
        day["count"] += row.count
        day["first_time"] += row.first_time
        day["revenue"] += row.count * row.ticket_type.price
    running = 0
    for day in days.values():
        running += day["count"]
        day["cumulative"] = running
    return list(days.values())


def registration_curve(edition):
    """[(days before the edition starts, registered so far)], for the chart."""
    start = edition.event.start_date
    return [((day["on"] - start).days, day["cumulative"]) for day in registrations_by_day(edition)]
