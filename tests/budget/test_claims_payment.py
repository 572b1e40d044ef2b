"""Paying expense claims: only finance pays, only approved claims, exactly
once, with one ledger entry for the payment."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from budget.enums import ClaimStatus, EntrySource
from budget.models import LedgerEntry
from budget.services.claims import claim_pay
from cwg_portal.roles import Role
from tests.factories.budget import AllocationFactory, ExpenseClaimFactory, FundFactory, category
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


# The claim services act as named accounts, in place of the conftest's role users.
@pytest.fixture
def member():
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


def approved_claim(**kwargs):
    return ExpenseClaimFactory(status=ClaimStatus.APPROVED, **kwargs)


# --- Payment ----------------------------------------------------------------


def test_claim_pay_by_a_member_refused(member):
    claim = approved_claim()

    with pytest.raises(PermissionDenied):
        claim_pay(claim=claim, paid_by=member)

    assert LedgerEntry.objects.count() == 0


def test_claim_pay_by_finance_staff_of_their_own_claim_refused(finance):
    claim = approved_claim(claimant=finance)

    with pytest.raises(PermissionDenied):
        claim_pay(claim=claim, paid_by=finance)

    assert LedgerEntry.objects.count() == 0


def test_claim_pay_of_a_submitted_claim_refused(finance):
    claim = ExpenseClaimFactory()

    with pytest.raises(ValidationError) as refused:
        claim_pay(claim=claim, paid_by=finance)

    assert refused.value.messages == ["Only an approved claim can be paid; this one is submitted."]
    assert LedgerEntry.objects.count() == 0


def test_claim_pay_posts_one_expense_entry(finance):
    fund = FundFactory(currency="USD")
    event = EventFactory()
    allocation = AllocationFactory(fund=fund, event=event, amount=Decimal("2000.00"))
    claim = approved_claim(
        fund=fund,
        event=event,
        allocation=allocation,
        category=category("travel"),
        amount=Decimal("420.35"),
        description="Train tickets",
    )

    entry = claim_pay(claim=claim, paid_by=finance)

    claim.refresh_from_db()
    assert list(LedgerEntry.objects.all()) == [entry]
    assert entry.reference == f"CLAIM-{claim.pk}"
    assert (entry.amount, entry.amount_fund, entry.currency) == (
        Decimal("-420.35"),
        Decimal("-420.35"),
        "USD",
    )
    assert (entry.fund, entry.category, entry.allocation, entry.event, entry.claim) == (
        fund,
        category("travel"),
        allocation,
        event,
        claim,
    )
    assert (entry.source, entry.entered_by, entry.description) == (
        EntrySource.CLAIM,
        finance,
        "Train tickets",
    )
    assert (claim.status, claim.paid_by) == (ClaimStatus.PAID, finance)
    assert claim.paid_at is not None


def test_claim_pay_in_another_currency_records_the_funds_amount(finance):
    claim = approved_claim(
        fund=FundFactory(currency="USD"), currency="EUR", amount=Decimal("1000.00")
    )

    entry = claim_pay(claim=claim, paid_by=finance, amount_fund=Decimal("1085.50"))

    assert (entry.amount, entry.currency, entry.amount_fund, entry.rate) == (
        Decimal("-1000.00"),
        "EUR",
        Decimal("-1085.50"),
        Decimal("1.08550000"),
    )


def test_claim_pay_in_another_currency_without_the_funds_amount_refused(finance):
    claim = approved_claim(fund=FundFactory(currency="USD"), currency="EUR")

    with pytest.raises(ValidationError) as refused:
        claim_pay(claim=claim, paid_by=finance)

    assert refused.value.message_dict == {
        "amount_fund": ["Give the amount in USD: the entry is in EUR."]
    }
    claim.refresh_from_db()
    assert (claim.status, LedgerEntry.objects.count()) == (ClaimStatus.APPROVED, 0)


def test_claim_pay_again_refused(finance):
    claim = approved_claim()
    claim_pay(claim=claim, paid_by=finance)
    claim.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        claim_pay(claim=claim, paid_by=finance)

    assert refused.value.messages == [f"This claim was already paid on {claim.paid_at:%Y-%m-%d}."]
    assert LedgerEntry.objects.filter(claim=claim).count() == 1


@pytest.mark.django_db(transaction=True)
def test_claim_pay_by_two_threads_at_once_pays_once(transactional_db):
    finance = UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])
    claim = approved_claim(amount=Decimal("64.20"))
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def pay():
        try:
            barrier.wait()
            outcomes.append(claim_pay(claim=claim, paid_by=finance))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    claim.refresh_from_db()
    entries = list(LedgerEntry.objects.filter(claim=claim))
    errors = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(entries) == 1
    assert [outcome for outcome in outcomes if isinstance(outcome, LedgerEntry)] == entries
    assert [error.messages for error in errors] == [
        [f"This claim was already paid on {claim.paid_at:%Y-%m-%d}."]
    ]
    assert entries[0].amount == Decimal("-64.20")
    assert claim.status == ClaimStatus.PAID
