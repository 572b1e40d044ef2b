"""The workshops program's part of the portal: reviews to do, the organiser's
proposals and summaries due, the program's pages and API, and the demo's calls."""

from django.urls import reverse

from cwg_portal.calendars import local_date
from cwg_portal.registry import (
    CalendarEntry,
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    Panel,
    ReportSection,
    everyone,
)
from cwg_portal.roles import Role, is_cwg_member, users_with_role
from workshops import demo, selectors
from workshops.api import API_ROUTES

PROPOSALS_IN_PANEL = 10


def reviews_to_do_context(user):
    return {"reviews": selectors.reviews_awaiting(user)}


def organisers(proposal):
    return [person.user for person in proposal.organisers.select_related("user") if person.user]


NOTIFICATIONS = (
    NotificationKind(
        "workshops.proposal_submitted",
        "A workshop proposal is submitted (the chair)",
        "New workshop proposal: “{proposal.title}”",
        lambda proposal: users_with_role(Role.CWG_CHAIR),
    ),
    NotificationKind(
        "workshops.reviewer_assigned",
        "You are asked to review a workshop proposal",
        "Please review “{proposal.title}”",
        lambda review: [review.reviewer.user],
    ),
    NotificationKind(
        "workshops.stage_moved",
        "Your workshop proposal moves on to the next review stage",
        "“{proposal.title}” moved on to “{stage.name}”",
        organisers,
    ),
    NotificationKind(
        "workshops.decision",
        "The committee decides your workshop proposal",
        "Your workshop proposal “{proposal.title}”: {verdict}",
        organisers,
    ),
    NotificationKind(
        "workshops.summary_due",
        "Your workshop's summary is due",
        "The summary of “{proposal.title}” is {due}",
        organisers,
    ),
    NotificationKind(
        "workshops.organiser_invited",
        "You are invited to co-organise a workshop proposal",
        "Invitation to co-organise “{proposal.title}”",
        lambda invitation: selectors.accounts_at(invitation.email),
    ),
    NotificationKind(
        "workshops.invitation_answered",
        "Someone answers your invitation to co-organise",
        "{invitee} answered your invitation: “{proposal.title}”",
        lambda invitation: [invitation.proposal.lead.user],
    ),
)


def calendar_entries(user, start, end):
    for call in selectors.calls_visible_to(user):
        yield CalendarEntry(
            local_date(call.closes_at),
            f"Call closes: {call.title}",
            call.get_absolute_url(),
            "Deadline",
        )
    for review in selectors.reviews_awaiting(user).select_related("proposal__stage"):
        proposal = review.proposal
        if proposal.stage is not None:
            yield CalendarEntry(
                proposal.stage.ends_on,
                f"Review due: {proposal.title}",
                reverse("workshops:review", kwargs={"proposal_pk": proposal.pk}),
                "Review",
            )
    for proposal in selectors.summaries_due_for(user).select_related("event"):
        yield CalendarEntry(
            proposal.summary_due_on,
            f"Summary due: {proposal.title}",
            reverse("workshops:summary", kwargs={"event_slug": proposal.event.slug}),
            "Deadline",
        )


contributions = Contributions(
    app="workshops",
    mount="workshops/",
    panels=(
        Panel(
            "Reviews to do",
            "dashboard/reviews_to_do.html",
            is_cwg_member,
            reviews_to_do_context,
            150,
        ),
        Panel.listing(
            "Your workshop proposals",
            "dashboard/workshop_proposals.html",
            lambda user: selectors.proposals_of(user).select_related("call"),
            name="proposals",
            order=160,
            limit=PROPOSALS_IN_PANEL,
        ),
        Panel.listing(
            "Invitations to co-organise",
            "dashboard/invitations_to_answer.html",
            selectors.invitations_awaiting,
            name="invitations",
            order=155,
        ),
        Panel.listing(
            "Summaries due",
            "dashboard/summaries_due.html",
            selectors.summaries_due_for,
            name="proposals",
            order=170,
        ),
    ),
    navigation=(NavItem("Workshops", "workshops:index", everyone, 30),),
    calendar=(calendar_entries,),
    api_routes=API_ROUTES,
    notifications=NOTIFICATIONS,
    report_sections=(
        ReportSection(
            "workshops",
            "Workshops program",
            selectors.report_figures,
            "workshops/report/section.html",
            10,
        ),
    ),
    demo=DemoBuilder(demo.seed, after=("membership", "events", "budget")),
)
