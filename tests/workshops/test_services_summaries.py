"""After the workshop: the summary with its DEI impact, filed once the event is
over, which completes the event and returns the unspent award to the fund; and
the spend per budget category against what was awarded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from budget.enums import AllocationStatus, DocumentKind
from budget.selectors import approvals_required, spending_authority
from budget.services.claims import claim_approve, claim_pay, claim_submit
from cwg_portal.roles import Role
from events.enums import EventStatus
from events.models import Event
from tests.factories.budget import category, upload
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, open_call, submitted_proposal
from workshops.enums import Verdict
from workshops.models import PostEventSummary
from workshops.selectors import workshop_spend
from workshops.services.decisions import proposal_advance, proposal_decide
from workshops.services.summaries import allocations_settle, summary_file

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SUMMARY = {
    "attendance_total": 18,
    "first_time_contributors": 7,
    "outcomes": "Twelve pull requests merged; an audit guide drafted.",
    "dei_reached": "Students from three universities, half of them women.",
    "dei_achieved": "Every session was captioned.",
    "dei_shortfalls": "The quiet room was too small.",
    "lessons": "Book the venue earlier.",
}


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def workshop(the_chair):
    """A workshop awarded 12,000 of the 14,000 asked (9,000 travel, 3,000 venue,
    2,000 lunches), from a fund holding 100,000."""
    proposal = submitted_proposal(open_call(by=the_chair))
    proposal_advance(proposal=proposal, by=the_chair)
    proposal_advance(proposal=proposal, by=the_chair)
    return proposal_decide(
        proposal=proposal,
        by=the_chair,
        verdict=Verdict.ACCEPT,
        awarded_amount=Decimal("12000.00"),
    )


def held(workshop, *, ended_days_ago=2):
    """Time passes: the workshop took place and ended `ended_days_ago` days ago."""
    end = TODAY - datetime.timedelta(days=ended_days_ago)
    Event.objects.filter(pk=workshop.event_id).update(
        start_date=end - datetime.timedelta(days=2), end_date=end
    )
    workshop.event.refresh_from_db()
    return workshop


def file(workshop, *, links=("https://github.com/jupyterlab/jupyterlab/pull/1",), **overrides):
    return summary_file(
        proposal=workshop, by=workshop.created_by, links=links, **{**SUMMARY, **overrides}
    )


def claim(workshop, slug, amount, **extra):
    """An organiser's claim against the workshop's allocation, with its receipt."""
    return claim_submit(
        **extra,
        claimant=workshop.created_by,
        fund=workshop.call.fund,
        category=category(slug),
        amount=Decimal(amount),
        currency="USD",
        description=f"{slug} for the workshop",
        documents=[(DocumentKind.RECEIPT, upload())],
        event=workshop.event,
        allocation=workshop.allocation,
    )


@pytest.fixture
def approvers():
    return [UserFactory(roles=[Role.CWG_MEMBER]) for _ in range(2)]


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE_STAFF])


def paid(expense_claim, approvers, finance):
    for approver in approvers[: approvals_required(expense_claim)]:
        claim_approve(claim=expense_claim, approver=approver)
    return claim_pay(claim=expense_claim, paid_by=finance)


def available(workshop):
    return spending_authority(workshop.call.fund)["available"]


# --- Filing the summary ---------------------------------------------------------------------


def test_summary_file_before_the_workshop_ends_is_refused(workshop):
    end = workshop.event.end_date

    with pytest.raises(ValidationError) as raised:
        file(workshop)

    assert raised.value.messages == [
        f"The workshop ends on {end.day} {end:%B %Y}: file its summary after that."
    ]
    assert PostEventSummary.objects.count() == 0
    assert Event.objects.get().status == EventStatus.PLANNING


def test_summary_file_on_the_last_day_is_allowed(workshop):
    summary = file(held(workshop, ended_days_ago=0))

    assert summary.attendance_total == 18


@pytest.mark.parametrize("field", ["dei_reached", "dei_achieved", "dei_shortfalls"])
def test_summary_file_without_its_dei_impact_is_refused(workshop, field):
    with pytest.raises(ValidationError) as raised:
        file(held(workshop), **{field: "   "})

    assert raised.value.message_dict == {field: ["This field cannot be blank."]}
    assert PostEventSummary.objects.count() == 0
    assert (Event.objects.get().status, workshop.allocation.status) == (
        EventStatus.PLANNING,
        AllocationStatus.OPEN,
    )


@pytest.mark.parametrize("link", ["not a link", "javascript:alert(1)", "ftp://example.org/x"])
def test_summary_file_with_a_link_that_is_no_web_address_is_refused(workshop, link):
    with pytest.raises(ValidationError) as raised:
        file(held(workshop), links=["https://jupyter.org/", link])

    assert raised.value.message_dict == {"links": [f"“{link}” is not a web address."]}
    assert PostEventSummary.objects.count() == 0


def test_summary_file_counts_first_time_contributors_among_the_participants(workshop):
    with pytest.raises(ValidationError) as raised:
        file(held(workshop), attendance_total=5, first_time_contributors=6)

    assert raised.value.message_dict == {
        "__all__": [
            "First-time contributors are counted among the participants, so there cannot "
            "be more of them."
        ]
    }


def test_summary_file_by_someone_who_did_not_organise_it_is_refused(workshop, the_chair):
    with pytest.raises(PermissionDenied):
        summary_file(proposal=held(workshop), by=the_chair, **SUMMARY)

    assert PostEventSummary.objects.count() == 0


def test_summary_file_completes_the_event_and_returns_the_unspent_award(
    workshop, approvers, finance
):
    held(workshop)
    paid(claim(workshop, "travel", "3000.00"), approvers, finance)
    # 100,000 held, 3,000 paid, 9,000 still promised to the workshop.
    assert available(workshop) == Decimal("88000.00")

    summary = file(workshop, links=[" https://github.com/jupyterlab/jupyterlab/pull/1 ", ""])

    assert summary.links == ["https://github.com/jupyterlab/jupyterlab/pull/1"]
    assert Event.objects.get().status == EventStatus.COMPLETED
    workshop.allocation.refresh_from_db()
    assert workshop.allocation.status == AllocationStatus.CLOSED
    assert available(workshop) == Decimal("97000.00")


def test_summary_file_while_a_claim_waits_keeps_the_allocation_open(workshop, approvers, finance):
    waiting = claim(workshop, "travel", "3000.00")

    file(held(workshop))

    workshop.allocation.refresh_from_db()
    assert (Event.objects.get().status, workshop.allocation.status) == (
        EventStatus.COMPLETED,
        AllocationStatus.OPEN,
    )
    assert available(workshop) == Decimal("88000.00")

    paid(waiting, approvers, finance)
    file(workshop, lessons="Claims take a while; file them early.")

    workshop.allocation.refresh_from_db()
    assert workshop.allocation.status == AllocationStatus.CLOSED
    assert available(workshop) == Decimal("97000.00")


def test_allocations_settle_closes_a_reported_workshops_allocation_once_its_claims_are_paid(
    workshop, approvers, finance
):
    waiting = claim(workshop, "travel", "3000.00")
    file(held(workshop))
    assert allocations_settle() == 0

    paid(waiting, approvers, finance)

    assert allocations_settle() == 1
    workshop.allocation.refresh_from_db()
    assert workshop.allocation.status == AllocationStatus.CLOSED
    assert available(workshop) == Decimal("97000.00")
    assert allocations_settle() == 0


def test_allocations_settle_leaves_workshops_without_a_summary_alone(workshop):
    held(workshop)

    assert allocations_settle() == 0
    workshop.allocation.refresh_from_db()
    assert workshop.allocation.status == AllocationStatus.OPEN


def test_summary_file_again_corrects_it_and_keeps_one_summary(workshop):
    file(held(workshop))

    file(workshop, attendance_total=20, is_public=False)

    summary = PostEventSummary.objects.get()
    assert (summary.attendance_total, summary.is_public, summary.outcomes) == (
        20,
        False,
        SUMMARY["outcomes"],
    )


# --- What was spent against what was awarded -----------------------------------------------


def test_workshop_spend_shows_each_category_awarded_paid_and_the_variance(
    workshop, approvers, finance
):
    paid(claim(workshop, "travel", "3000.00"), approvers, finance)
    # Meals over enough days to stay within the daily limit.
    paid(claim(workshop, "catering", "2500.00", meal_days=28), approvers, finance)
    paid(claim(workshop, "supplies", "85.50"), approvers, finance)
    claim(workshop, "venue", "400.00")

    spend = workshop_spend(workshop)

    # 12,000 of 14,000 shared in proportion: 7714.28, 2571.42 and 1714.28, and the
    # two cents left over to the two largest lines.
    assert [
        (row.category.slug, row.requested, row.awarded, row.paid, row.variance)
        for row in spend["lines"]
    ] == [
        ("travel", Decimal("9000.00"), Decimal("7714.29"), Decimal("3000.00"), Decimal("4714.29")),
        ("venue", Decimal("3000.00"), Decimal("2571.43"), Decimal("0.00"), Decimal("2571.43")),
        (
            "catering",
            Decimal("2000.00"),
            Decimal("1714.28"),
            Decimal("2500.00"),
            Decimal("-785.72"),
        ),
        ("supplies", Decimal("0.00"), Decimal("0.00"), Decimal("85.50"), Decimal("-85.50")),
    ]
    assert {key: spend[key] for key in ("awarded", "paid", "pending", "remaining")} == {
        "awarded": Decimal("12000.00"),
        "paid": Decimal("5585.50"),
        "pending": Decimal("400.00"),
        "remaining": Decimal("6414.50"),
    }
