"""What the DEI checklist holds up elsewhere: the workshop's post-event summary
while items are still only planned, and paying claims against the workshop's
allocation until the committee signs off, when the call requires it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget.enums import ClaimStatus, DocumentKind
from budget.selectors import approvals_required, claim_actions
from budget.services.claims import claim_approve, claim_pay, claim_submit
from cwg_portal.roles import Role
from dei.enums import ItemStatus
from dei.services.checklists import checklist_ensure, checklist_sign_off
from tests.factories.budget import category, upload
from tests.factories.dei import plan_meeting_the_rule, settle_everything, workshop_committed
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, filed_summary, open_call
from workshops.models import PostEventSummary

pytestmark = pytest.mark.django_db

HOLD = (
    "Payment waits for the DEI committee to sign off the DEI checklist of this "
    "workshop: its call requires the sign-off before claims are paid."
)


@pytest.fixture
def organiser():
    return UserFactory(roles=[Role.COMMUNITY])


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE_STAFF])


def test_summary_with_a_planned_item_untouched_is_refused(organiser):
    workshop = workshop_committed(chair=chair(), by=organiser, held=True, slugs=["captioning"])

    with pytest.raises(ValidationError) as raised:
        filed_summary(workshop, by=organiser)

    assert raised.value.messages == [
        "Record on the DEI checklist what became of each planned item (done, or not "
        "applicable and why) before filing the summary. Still planned: Caption talks "
        "and online sessions."
    ]
    assert PostEventSummary.objects.count() == 0


def test_summary_once_every_planned_item_is_settled_is_filed(organiser):
    workshop = workshop_committed(chair=chair(), by=organiser, held=True)
    settle_everything(checklist_ensure(event=workshop.event), by=organiser)

    summary = filed_summary(workshop, by=organiser)

    assert summary.proposal == workshop
    assert not workshop.event.dei_checklist.items.filter(status=ItemStatus.PLANNED).exists()


def approved_claim(workshop, claimant):
    claim = claim_submit(
        claimant=claimant,
        fund=workshop.call.fund,
        category=category("venue"),
        amount=Decimal("800.00"),
        currency=workshop.call.fund.currency,
        description="Venue deposit",
        documents=[(DocumentKind.RECEIPT, upload())],
        event=workshop.event,
        allocation=workshop.allocation,
    )
    for _ in range(approvals_required(claim)):
        claim = claim_approve(claim=claim, approver=UserFactory(roles=[Role.CWG_MEMBER]))
    assert claim.status == ClaimStatus.APPROVED
    return claim


@pytest.fixture
def held_for_sign_off(organiser):
    the_chair = chair()
    call = open_call(by=the_chair, requires_dei_signoff=True)
    workshop = workshop_committed(chair=the_chair, by=organiser, call=call)
    return workshop, approved_claim(workshop, organiser)


def test_claim_pay_waits_for_the_dei_sign_off_the_call_requires(held_for_sign_off, finance):
    _workshop, claim = held_for_sign_off

    with pytest.raises(ValidationError) as raised:
        claim_pay(claim=claim, paid_by=finance)

    assert raised.value.messages == [HOLD]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim_actions(finance, claim) == set()


def test_claim_pay_after_the_sign_off_is_paid(held_for_sign_off, finance, organiser):
    workshop, claim = held_for_sign_off
    checklist = plan_meeting_the_rule(checklist_ensure(event=workshop.event), by=organiser)
    checklist_sign_off(checklist=checklist, by=UserFactory(roles=[Role.DEI_COMMITTEE]))

    entry = claim_pay(claim=claim, paid_by=finance)

    claim.refresh_from_db()
    assert (claim.status, entry.amount) == (ClaimStatus.PAID, Decimal("-800.00"))


def test_claim_pay_without_the_call_requiring_sign_off_is_paid(organiser, finance):
    workshop = workshop_committed(chair=chair(), by=organiser)
    claim = approved_claim(workshop, organiser)

    claim_pay(claim=claim, paid_by=finance)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


def test_claim_page_says_why_the_payment_waits(held_for_sign_off, finance, client):
    _workshop, claim = held_for_sign_off
    client.force_login(finance)

    response = client.get(claim.get_absolute_url())

    assert response.context["payment_waits"] == [HOLD]
    assert HOLD in response.content.decode()
    assert "Pay claim" not in response.content.decode()
