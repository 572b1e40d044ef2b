"""Every money object keeps its history: what changed, when, and who did it."""

import datetime
from decimal import Decimal

import pytest

from budget.enums import AllocationStatus, ClaimStatus, DocumentKind
from budget.services.allocations import allocation_close, allocation_create
from budget.services.claims import claim_approve, claim_pay, claim_submit
from budget.services.ledger import entry_post, entry_reverse
from cwg_portal.roles import Role
from tests.factories.budget import FundFactory, category, upload
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


def timeline(obj, *fields):
    """(change type, acting user, *fields) for each historical record, oldest first."""
    return [
        (record.history_type, record.history_user, *(getattr(record, f) for f in fields))
        for record in obj.history.order_by("history_date", "history_id")
    ]


def test_claim_history_records_each_step_and_who_took_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    claimant = UserFactory(username="organiser")
    member = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    finance = UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])
    claim = claim_submit(
        claimant=claimant,
        fund=FundFactory(),
        category=category("travel"),
        amount=Decimal("420.00"),
        currency="USD",
        description="Train tickets",
        documents=[(DocumentKind.RECEIPT, upload())],
    )

    claim_approve(claim=claim, approver=member)
    claim_pay(claim=claim, paid_by=finance)

    assert timeline(claim, "status") == [
        ("+", claimant, ClaimStatus.SUBMITTED),
        ("~", member, ClaimStatus.APPROVED),
        ("~", finance, ClaimStatus.PAID),
    ]
    paid = claim.history.latest()
    assert (paid.paid_by, paid.amount) == (finance, Decimal("420.00"))


def test_allocation_history_records_its_close():
    member = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    chair = UserFactory(username="chair", roles=[Role.CWG_CHAIR])
    allocation = allocation_create(
        fund=FundFactory(),
        purpose="Accessibility workshop",
        amount=Decimal("1200.00"),
        decided_on=datetime.date(2024, 4, 2),
        decided_by=member,
        override_reason="Pledged by the sponsor",
    )

    allocation_close(allocation=allocation, by=chair)

    assert timeline(allocation, "status", "closed_by") == [
        ("+", member, AllocationStatus.OPEN, None),
        ("~", chair, AllocationStatus.CLOSED, chair),
    ]


def test_entry_history_keeps_the_original_and_leads_to_its_reversal():
    finance = UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])
    second = UserFactory(username="second-treasurer", roles=[Role.FINANCE_STAFF])
    original = entry_post(
        fund=FundFactory(),
        date=datetime.date(2024, 3, 15),
        reference="NF-77",
        category=category("venue"),
        amount=Decimal("-640.00"),
        entered_by=finance,
    )

    reversal = entry_reverse(entry=original, entered_by=second, reason="Booked twice")

    original.refresh_from_db()
    assert timeline(original, "reference", "amount") == [
        ("+", finance, "NF-77", Decimal("-640.00"))
    ]
    assert original.reversed_by == reversal
    assert timeline(original.reversed_by, "reference", "amount", "reverses_id") == [
        ("+", second, "NF-77-REV", Decimal("640.00"), original.pk)
    ]
