"""Every policy rule agrees with itself: for every role, anonymous included, and
every sample object in every state, `restrict` lists exactly the objects the
predicate admits."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from budget.enums import AllocationStatus, ClaimStatus
from budget.models import Allocation, BudgetLine, ExpenseClaim, LedgerEntry
from conferences.enums import ApplicationStatus, EditionStatus, SponsorshipStatus
from conferences.models import Edition, ScholarshipApplication, Sponsorship, StrategicDecision
from cwg_portal import policies
from cwg_portal.roles import Role
from dei.enums import ChecklistStatus
from dei.models import Checklist, Survey
from dei.services.checklists import template_current
from events.enums import EngagementStatus, EventStatus
from events.models import Engagement, Event, StaffMember, Task
from membership.enums import ElectionStatus
from membership.models import Decision, Election, Motion
from reporting.enums import PostStatus, ReportStatus
from reporting.models import BlogPost, Report
from tests.factories.budget import (
    AllocationFactory,
    ExpenseClaimFactory,
    FiscalYearFactory,
    FundFactory,
    LedgerEntryFactory,
    category,
)
from tests.factories.conferences import (
    ApplicationFactory,
    EditionFactory,
    SponsorshipFactory,
    StrategicDecisionFactory,
)
from tests.factories.events import EngagementFactory, EventFactory, TaskFactory
from tests.factories.membership import (
    BodyFactory,
    ElectionFactory,
    MembershipFactory,
    NominationFactory,
    UserFactory,
    call_motion,
    members_of,
    open_motion,
)
from tests.factories.reporting import ReportFactory
from tests.factories.workshops import (
    chair,
    draft_proposal,
    funded_proposal,
    open_call,
    pass_call_closing,
)
from workshops.enums import InvitationStatus, ProposalStatus
from workshops.models import OrganiserInvitation, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """One account per role, a person who organises events and holds no role
    beyond the community's, and someone not logged in."""
    found = {role.value: UserFactory(username=f"{role.value}-p", roles=[role]) for role in Role}
    found["organiser"] = UserFactory(username="organiser-p", roles=[Role.COMMUNITY])
    found["anonymous"] = AnonymousUser()
    return found


def event_samples(people):
    """An event in each state with the organiser on it, and one in each without."""
    for status in EventStatus.values:
        EventFactory(status=status, organisers=[people["organiser"].person])
        EventFactory(status=status)
    return Event.objects.all()


def allocation_samples(people):
    """Open and closed allocations: for an event the organiser runs, for another
    event, and for no event."""
    mine = EventFactory(organisers=[people["organiser"].person])
    for status in AllocationStatus.values:
        for event in (mine, EventFactory(), None):
            AllocationFactory(status=status, event=event)
    return Allocation.objects.all()


def claim_samples(people):
    """A claim of each state by the organiser, and one of each by someone else."""
    for status in ClaimStatus.values:
        ExpenseClaimFactory(status=status, claimant=people["organiser"])
        ExpenseClaimFactory(status=status)
    return ExpenseClaim.objects.all()


def entry_samples(people):
    LedgerEntryFactory()
    return LedgerEntry.objects.all()


def budget_line_samples(people):
    BudgetLine.objects.create(
        fund=FundFactory(),
        fiscal_year=FiscalYearFactory(),
        category=category("travel"),
        planned_amount=Decimal("1000.00"),
        created_by=people["finance-staff"],
    )
    return BudgetLine.objects.all()


def invitation_samples(people):
    """Invitations in each state to the organiser's address and to another, on
    live proposals and on withdrawn ones."""
    call = open_call()
    for proposal_status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN):
        for status in InvitationStatus.values:
            proposal = draft_proposal(call)
            Proposal.objects.filter(pk=proposal.pk).update(status=proposal_status)
            for address in (people["organiser"].email, "someone@elsewhere.org"):
                OrganiserInvitation.objects.create(
                    proposal=proposal, email=address, invited_by=proposal.created_by, status=status
                )
    return OrganiserInvitation.objects.all()


def proposal_samples(people):
    """Proposals in every status led by the organiser, co-organised by them, and
    neither; some past the committee's first stage; submitted ones in a call
    that has closed."""
    organiser = people["organiser"]

    def proposals(call):
        return (
            draft_proposal(call, by=organiser),
            draft_proposal(call, organisers=[organiser.person]),
            draft_proposal(call),
        )

    call = open_call()
    first, second = call.stages.get(position=1), call.stages.get(position=2)
    for status in set(ProposalStatus.values) - {ProposalStatus.ACCEPTED}:
        for proposal in proposals(call):
            Proposal.objects.filter(pk=proposal.pk).update(status=status, stage=first)
    for status in (ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN):
        proposal = draft_proposal(call)
        Proposal.objects.filter(pk=proposal.pk).update(status=status, stage=second)
    closed = open_call()
    for proposal in proposals(closed):
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.SUBMITTED)
    pass_call_closing(closed)
    the_chair = chair()
    funded_proposal(open_call(by=the_chair), chair=the_chair, by=organiser)
    funded_proposal(open_call(by=the_chair), chair=the_chair, organisers=[organiser.person])
    return Proposal.objects.all()


def election_samples(people):
    """Elections the organiser votes in, is nominated in, may stand in (open to
    self-nomination), and one of each kind without them; and one of a body
    that takes no self-nominations."""
    organiser = people["organiser"]
    taking = {"nominations_close_at": timezone.now() + datetime.timedelta(days=1)}
    ElectionFactory(voters=[organiser])
    NominationFactory(nominee=organiser.person)
    ElectionFactory(**taking)
    ElectionFactory(**taking, status=ElectionStatus.CANCELLED)
    ElectionFactory(**taking, body=BodyFactory(allows_self_nomination=False))
    ElectionFactory(voters=[UserFactory()])
    return Election.objects.all()


def motion_samples(people):
    """Formal votes of a body the organiser sits on, and of one they do not."""
    theirs, other = BodyFactory(), BodyFactory()
    MembershipFactory(body=theirs, person=people["organiser"].person)
    for body in (theirs, other):
        members_of(body, 2)
        call_motion(body)
        open_motion(body)
    return Motion.objects.all()


def decision_samples(people):
    for is_public in (True, False):
        Decision.objects.create(
            body=BodyFactory(is_public=is_public),
            motion="Adopt the rubric.",
            outcome=Decision.Outcome.PASSED,
            decided_on=timezone.localdate(),
            recorded_by=people["cwg-chair"],
        )
    return Decision.objects.all()


def report_samples(people):
    """A report in each state."""
    for number, status in enumerate(ReportStatus.values, start=1):
        ReportFactory(period=f"2020Q{number}", status=status)
    return Report.objects.all()


def post_samples(people):
    """An annual post in each state."""
    chair = people["cwg-chair"]
    for year, status in enumerate(PostStatus.values, start=2020):
        BlogPost.objects.create(
            year=year, title="Year", body="Text", status=status, updated_by=chair
        )
    return BlogPost.objects.all()


def checklist_samples(people):
    """A checklist in each state for an event the organiser runs, and one for another."""
    template = template_current()
    for status in ChecklistStatus.values:
        signed = {"signed_off_by": people["dei-committee"], "signed_off_at": "2026-01-05T10:00Z"}
        extra = signed if status == ChecklistStatus.SIGNED_OFF else {}
        for event in (EventFactory(organisers=[people["organiser"].person]), EventFactory()):
            Checklist.objects.create(event=event, template=template, status=status, **extra)
    return Checklist.objects.all()


def survey_samples(people):
    """A survey of an event the organiser runs, and one of another event."""
    now = timezone.now()
    for event in (EventFactory(organisers=[people["organiser"].person]), EventFactory()):
        Survey.objects.create(
            event=event,
            opens_at=now,
            closes_at=now + timedelta(days=7),
            created_by=people["dei-committee"],
        )
    return Survey.objects.all()


def engagement_samples(people):
    """The events-staff account's engagement in force on one event, an ended one
    on another, and someone else's on a third."""
    staff = StaffMember.objects.create(
        person=people["events-staff"].person, organisation="NumFOCUS", role="Events"
    )
    EngagementFactory(staff_member=staff, events=[EventFactory()])
    EngagementFactory(staff_member=staff, events=[EventFactory()], status=EngagementStatus.ENDED)
    EngagementFactory(events=[EventFactory()])
    return Engagement.objects.all()


def board_samples(people):
    engagement_samples(people)
    return Event.objects.all()


def task_samples(people):
    for event in board_samples(people):
        TaskFactory(event=event)
    return Task.objects.all()


def edition_samples(people):
    for status in EditionStatus.values:
        EditionFactory(status=status)
    return Edition.objects.all()


def strategic_decision_samples(people):
    StrategicDecisionFactory(is_public=True)
    StrategicDecisionFactory(is_public=False)
    return StrategicDecision.objects.all()


def sponsorship_samples(people):
    edition = EditionFactory()
    for status in SponsorshipStatus.values:
        SponsorshipFactory(edition=edition, status=status)
    return Sponsorship.objects.all()


def application_samples(people):
    """An application of each state by the member, and one of each by someone else."""
    for status in ApplicationStatus.values:
        ApplicationFactory(status=status, applicant=people["cwg-member"])
        ApplicationFactory(status=status)
    return ScholarshipApplication.objects.all()


# The objects each rule is checked on.
SAMPLES = {
    "events.see_event": event_samples,
    "events.edit_event": event_samples,
    "events.organise_event": event_samples,
    "events.work_board": board_samples,
    "events.see_task": task_samples,
    "events.see_engagement": engagement_samples,
    "conferences.see_edition": edition_samples,
    "conferences.see_decision": strategic_decision_samples,
    "conferences.see_sponsorship": sponsorship_samples,
    "conferences.move_sponsorship": sponsorship_samples,
    "conferences.mark_sponsorship_paid": sponsorship_samples,
    "conferences.see_application": application_samples,
    "conferences.decide_application": application_samples,
    "budget.see_entry": entry_samples,
    "budget.see_budget_line": budget_line_samples,
    "budget.see_allocation": allocation_samples,
    "budget.claim_against_allocation": allocation_samples,
    "budget.view_claim": claim_samples,
    "workshops.answer_invitation": invitation_samples,
    "membership.see_election": election_samples,
    "membership.see_motion": motion_samples,
    "membership.see_decision": decision_samples,
    "workshops.organise_proposal": proposal_samples,
    "workshops.see_proposal": proposal_samples,
    "workshops.edit_proposal": proposal_samples,
    "workshops.withdraw_proposal": proposal_samples,
    "workshops.see_workshop": proposal_samples,
    "workshops.file_summary": proposal_samples,
    "reporting.see_report": report_samples,
    "reporting.see_council_part": report_samples,
    "reporting.build_report": report_samples,
    "reporting.write_narrative": report_samples,
    "reporting.submit_report": report_samples,
    "reporting.review_report": report_samples,
    "reporting.decide_report": report_samples,
    "reporting.comment_report": report_samples,
    "reporting.see_post": post_samples,
    "reporting.edit_post": post_samples,
    "reporting.review_post": post_samples,
    "reporting.publish_post": post_samples,
    "dei.see_checklist": checklist_samples,
    "dei.work_checklist": checklist_samples,
    "dei.sign_off_checklist": checklist_samples,
    "dei.see_survey": survey_samples,
}


def test_every_rule_has_samples_to_be_checked_on():
    assert {rule.perm for rule in policies.registered()} == set(SAMPLES)


@pytest.mark.parametrize("rule", policies.registered(), ids=lambda rule: rule.perm)
def test_restrict_lists_exactly_what_the_predicate_admits(rule, people):
    everything = SAMPLES[rule.perm](people)

    for name, user in people.items():
        listed = set(policies.restrict(everything, user, rule.perm))
        admitted = {obj for obj in everything if user.has_perm(rule.perm, obj)}
        assert listed == admitted, f"{rule.perm} for {name}"


def test_the_public_sees_announced_and_past_events_organisers_see_their_own_plans(people):
    events = event_samples(people)
    public = {EventStatus.ANNOUNCED, EventStatus.COMPLETED}

    seen = {
        name: {(e.status, people["organiser"].person in e.organisers.all()) for e in found}
        for name in ("anonymous", "organiser", "events-staff")
        for found in [policies.restrict(events, people[name], "events.see_event")]
    }

    assert seen["anonymous"] == {(status, mine) for status in public for mine in (True, False)}
    assert seen["organiser"] == seen["anonymous"] | {
        (status, True) for status in EventStatus.values
    }
    assert seen["events-staff"] == {
        (status, mine) for status in EventStatus.values for mine in (True, False)
    }


def test_no_template_compares_a_status_itself():
    """Templates ask the object or the policy what may happen, never a status string."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    spelled = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*.*")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "status ==" in line or "status !=" in line or ".status in" in line
    ]

    assert spelled == []
