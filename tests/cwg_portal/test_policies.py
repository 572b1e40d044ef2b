"""Every policy rule agrees with itself: for every role, anonymous included, and
every sample object in every state, `restrict` lists exactly the objects the
predicate admits."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from budget.enums import AllocationStatus, ClaimStatus
from budget.models import Allocation, BudgetLine, ExpenseClaim, LedgerEntry
from conferences.enums import ApplicationStatus, EditionStatus, SponsorshipStatus
from conferences.models import Edition, ScholarshipApplication, Sponsorship, StrategicDecision
from cwg_portal import policies
from cwg_portal.roles import Role
from events.enums import EngagementStatus, EventStatus
from events.models import Engagement, Event, StaffMember, Task
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
from tests.factories.membership import UserFactory

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


def decision_samples(people):
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
    "conferences.see_decision": decision_samples,
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
