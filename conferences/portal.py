"""JupyterCon's part of the portal: its pages and API, the overdue milestones
on the owners' and the chair's dashboards, the milestones in their calendars,
its report section and demo editions."""

from conferences import demo
from conferences.api import ApplicationViewSet, EditionViewSet, SponsorshipViewSet
from conferences.selectors import (
    calls_closing,
    milestones_open_of,
    milestones_overdue_for,
    report_figures,
)
from cwg_portal.registry import (
    ApiRoute,
    CalendarEntry,
    Contributions,
    DemoBuilder,
    NotificationKind,
    Panel,
    ReportSection,
)
from cwg_portal.roles import Role, users_with_role


def milestone_entries(user, start, end):
    """The open milestones the user owns."""
    for milestone in milestones_open_of(user).filter(due_on__range=(start, end)):
        yield CalendarEntry(
            milestone.due_on,
            f"Milestone due: {milestone.title} ({milestone.edition})",
            milestone.get_absolute_url(),
            "Milestone",
        )


def call_deadlines(user, start, end):
    """Scholarship calls' closing days: in the public feed as in everyone's own."""
    for call in calls_closing(user, start, end):
        yield CalendarEntry(
            call.closes_on,
            f"Scholarship applications close: {call.edition}",
            call.get_absolute_url(),
            "Deadline",
        )


def owner_and_chair(milestone):
    owner = milestone.owner.user if milestone.owner and milestone.owner.user_id else None
    return [owner, *users_with_role(Role.CWG_CHAIR)]


contributions = Contributions(
    app="conferences",
    mount="jupytercon/",
    panels=(
        Panel.listing(
            "Overdue milestones",
            "dashboard/milestones_overdue.html",
            milestones_overdue_for,
            name="milestones",
            order=24,
            limit=10,
        ),
    ),
    notifications=(
        NotificationKind(
            "conferences.milestone_overdue",
            "A JupyterCon milestone is overdue",
            "Overdue: {milestone.title} ({milestone.edition})",
            owner_and_chair,
        ),
    ),
    calendar=(milestone_entries, call_deadlines),
    report_sections=(
        ReportSection(
            "jupytercon", "JupyterCon", report_figures, "conferences/report/section.html", 25
        ),
    ),
    api_routes=(
        ApiRoute("conference-editions", EditionViewSet, "conference-edition"),
        ApiRoute("sponsorships", SponsorshipViewSet, "sponsorship"),
        ApiRoute("scholarship-applications", ApplicationViewSet, "scholarship-application"),
    ),
    demo=DemoBuilder(demo.seed, after=("membership", "events", "budget")),
)
