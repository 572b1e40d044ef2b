"""The DEI work's part of the portal: checklists, surveys and code-of-conduct
reports on the dashboards, the DEI section of the quarterly report, the API,
and the hold a checklist puts on paying a workshop's claims when its call
requires the committee's sign-off."""

from django.utils import timezone

from cwg_portal.registry import (
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    Panel,
    ProfileSection,
    ReportSection,
    everyone,
    holds_perm,
)
from cwg_portal.roles import Role, is_coc_responder, is_dei_committee, users_with_role
from dei import demo, selectors
from dei.api import API_ROUTES


def open_reports_context(user):
    now = timezone.now()
    reports = selectors.incidents_open(user)
    return {"reports": [(report, (now - report.received_at).days) for report in reports]}


def _for_committee(items):
    """A committee panel's items: the committee's own view, not an events runner's."""
    return lambda user: items(user) if is_dei_committee(user) else items(user).none()


contributions = Contributions(
    app="dei",
    mount="dei/",
    panels=(
        Panel.listing(
            "Checklists behind schedule",
            "dashboard/dei_checklists_behind.html",
            _for_committee(selectors.checklists_behind_schedule),
            name="checklists",
            order=200,
            limit=10,
        ),
        Panel.listing(
            "DEI sign-offs waiting",
            "dashboard/dei_sign_offs.html",
            selectors.sign_offs_waiting,
            name="checklists",
            order=205,
            limit=10,
        ),
        Panel.listing(
            "Surveys closing this week",
            "dashboard/dei_surveys_closing.html",
            _for_committee(selectors.surveys_closing),
            name="surveys",
            order=210,
        ),
        Panel(
            "Open code-of-conduct reports",
            "dashboard/dei_incidents_open.html",
            is_coc_responder,
            open_reports_context,
            5,
        ),
    ),
    report_sections=(
        ReportSection(
            "dei",
            "Diversity, equity and inclusion",
            selectors.report_figures,
            "dei/report/section.html",
            50,
        ),
    ),
    api_routes=API_ROUTES,
    # The committee's and the responders' own entries; the public report form is
    # linked from the page footer.
    navigation=(
        NavItem("DEI", "dei:checklists", is_dei_committee, 62),
        NavItem("Conduct reports", "dei:incidents", is_coc_responder, 64),
    ),
    profile_sections=(
        ProfileSection(
            "Event-leader training",
            "dei/profile_training.html",
            lambda person: {"sessions": selectors.training_of(person)},
        ),
    ),
    footer=(
        NavItem("Report a code-of-conduct incident", "dei:incident_report", everyone, 10),
        NavItem("DEI glossary", "dei:glossary", everyone, 20),
        NavItem("DEI initiatives", "dei:initiatives", holds_perm("dei.see_initiatives"), 30),
    ),
    notifications=(
        NotificationKind(
            "dei.incident_received",
            "A code-of-conduct report comes in (the responders)",
            "A code-of-conduct report came in",
            lambda report: users_with_role(Role.COC_RESPONDER),
        ),
    ),
    payment_holds=(selectors.checklist_payment_hold,),
    demo=DemoBuilder(demo.seed, after=("membership", "events", "workshops")),
)
