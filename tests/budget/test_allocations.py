"""Spending authority: what the fund holds, has paid and has promised."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget.enums import AllocationStatus
from budget.models import Allocation
from budget.selectors import spending_authority
from budget.services.allocations import allocation_cancel, allocation_close, allocation_create
from cwg_portal.roles import Role
from tests.concurrency import at_the_same_moment
from tests.factories.budget import AllocationFactory, FundFactory, LedgerEntryFactory, category
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2024, 4, 2)


@pytest.fixture
def member():
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def fund():
    """12,345.67 received, 734.56 paid out: a balance of 11,611.11, nothing promised."""
    fund = FundFactory(currency="USD")
    LedgerEntryFactory(fund=fund, category=category("donation"), amount=Decimal("10000.00"))
    LedgerEntryFactory(fund=fund, category=category("grant"), amount=Decimal("2345.67"))
    LedgerEntryFactory(fund=fund, category=category("venue"), amount=Decimal("-734.56"))
    return fund


def allocate(fund, member, amount, **kwargs):
    return allocation_create(
        fund=fund,
        purpose="Community workshop",
        amount=Decimal(amount),
        decided_on=DECIDED_ON,
        decided_by=member,
        **kwargs,
    )


def test_spending_authority_held_less_paid_less_committed_is_available(fund):
    workshop = AllocationFactory(fund=fund, amount=Decimal("3000.00"))
    LedgerEntryFactory(
        fund=fund, category=category("catering"), amount=Decimal("-500.25"), allocation=workshop
    )
    AllocationFactory(fund=fund, amount=Decimal("999.00"), status=AllocationStatus.CLOSED)
    AllocationFactory(fund=fund, amount=Decimal("888.00"), status=AllocationStatus.CANCELLED)

    authority = spending_authority(fund)

    assert authority == {
        "held": Decimal("12345.67"),
        "paid": Decimal("1234.81"),
        "balance": Decimal("11110.86"),
        "committed": Decimal("2499.75"),
        "available": Decimal("8611.11"),
    }
    assert authority["held"] - authority["paid"] - authority["committed"] == Decimal("8611.11")


def test_spending_authority_counts_an_overspent_allocation_as_nothing_committed(fund):
    trip = AllocationFactory(fund=fund, amount=Decimal("100.00"))
    LedgerEntryFactory(
        fund=fund, category=category("travel"), amount=Decimal("-120.00"), allocation=trip
    )

    authority = spending_authority(fund)

    assert (authority["committed"], authority["available"]) == (
        Decimal("0"),
        Decimal("11491.11"),
    )


def test_spending_authority_of_an_empty_fund_is_zero():
    assert spending_authority(FundFactory()) == {
        "held": Decimal("0.00"),
        "paid": Decimal("0.00"),
        "balance": Decimal("0.00"),
        "committed": Decimal("0"),
        "available": Decimal("0.00"),
    }


def test_allocation_create_up_to_available_allowed(fund, member):
    allocation = allocate(fund, member, "11611.11")

    assert allocation.status == AllocationStatus.OPEN
    assert allocation.override_reason == ""
    assert spending_authority(fund)["available"] == Decimal("0.00")


def test_allocation_create_above_available_refused_with_the_overspend(fund, member):
    AllocationFactory(fund=fund, amount=Decimal("3000.00"))

    with pytest.raises(ValidationError) as refused:
        allocate(fund, member, "9000.00")

    assert refused.value.message_dict == {
        "amount": [
            "Only 8611.11 USD is available; this allocation would overspend by 388.89 USD. "
            "Give a reason to allocate it anyway."
        ]
    }
    assert Allocation.objects.filter(fund=fund).count() == 1


def test_allocation_create_above_available_with_override_reason_stored(fund, member):
    allocation = allocate(
        fund, member, "12000.00", override_reason="  The sponsor's pledge arrives in May.  "
    )

    allocation.refresh_from_db()
    assert allocation.amount == Decimal("12000.00")
    assert allocation.override_reason == "The sponsor's pledge arrives in May."
    assert allocation.decided_by == member
    assert spending_authority(fund)["available"] == Decimal("-388.89")


def test_allocation_create_with_blank_override_reason_refused(fund, member):
    with pytest.raises(ValidationError) as refused:
        allocate(fund, member, "12000.00", override_reason="   ")

    assert list(refused.value.message_dict) == ["amount"]
    assert Allocation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_allocation_create_twice_at_the_same_moment_stays_within_the_available_money(
    transactional_db,
):
    member = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    fund = FundFactory(currency="USD")
    LedgerEntryFactory(fund=fund, category=category("donation"), amount=Decimal("10000.00"))

    outcomes = at_the_same_moment(
        lambda: allocate(fund, member, "6000.00"), lambda: allocate(fund, member, "6000.00")
    )

    refusals = [
        outcome.message_dict for outcome in outcomes if isinstance(outcome, ValidationError)
    ]
    assert refusals == [
        {
            "amount": [
                "Only 4000.00 USD is available; this allocation would overspend by 2000.00 USD. "
                "Give a reason to allocate it anyway."
            ]
        }
    ]
    assert list(Allocation.objects.values_list("amount", flat=True)) == [Decimal("6000.00")]


def test_allocation_close_returns_its_unspent_part(fund, member):
    allocation = allocate(fund, member, "3000.00")
    LedgerEntryFactory(
        fund=fund, category=category("venue"), amount=Decimal("-500.25"), allocation=allocation
    )
    assert spending_authority(fund)["available"] == Decimal("8611.11")

    closed = allocation_close(allocation=allocation, by=member)

    assert closed.status == AllocationStatus.CLOSED
    assert closed.closed_by == member
    assert closed.closed_at is not None
    assert spending_authority(fund)["available"] == Decimal("11110.86")


def test_allocation_close_twice_refused(fund, member):
    allocation = allocate(fund, member, "3000.00")
    allocation_close(allocation=allocation, by=member)

    with pytest.raises(ValidationError) as refused:
        allocation_close(allocation=allocation, by=member)

    assert refused.value.messages == ["This allocation is already Closed (unspent money returned)."]


def test_allocation_cancel_without_spending_returns_all_of_it(fund, member):
    allocation = allocate(fund, member, "3000.00")

    cancelled = allocation_cancel(allocation=allocation, by=member)

    assert cancelled.status == AllocationStatus.CANCELLED
    assert spending_authority(fund)["available"] == Decimal("11611.11")


def test_allocation_cancel_with_spending_refused(fund, member):
    allocation = allocate(fund, member, "3000.00")
    LedgerEntryFactory(
        fund=fund, category=category("venue"), amount=Decimal("-10.00"), allocation=allocation
    )

    with pytest.raises(ValidationError) as refused:
        allocation_cancel(allocation=allocation, by=member)

    assert refused.value.messages == ["Money was spent against this allocation: close it instead."]
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.OPEN


def test_allocation_cancel_after_close_refused(fund, member):
    allocation = allocate(fund, member, "3000.00")
    allocation_close(allocation=allocation, by=member)

    with pytest.raises(ValidationError) as refused:
        allocation_cancel(allocation=allocation, by=member)

    assert refused.value.messages == ["This allocation is already Closed (unspent money returned)."]
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.CLOSED
