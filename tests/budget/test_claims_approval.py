"""Approving and rejecting expense claims: who may approve, what the policy
asks of the approvers, and the recusals conflicts of interest require."""

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError

from budget.enums import ClaimStatus, DocumentKind
from budget.models import ClaimApproval
from budget.services.claims import claim_approve, claim_reject
from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services.conflicts import declaration_create
from tests.factories.budget import ExpenseClaimFactory, FundFactory, category
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


# The claim services act as named accounts, in place of the conftest's role users.
@pytest.fixture
def member():
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def second_member():
    return UserFactory(username="second-member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def claimant():
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


# --- Approval ---------------------------------------------------------------


def test_claim_approve_by_its_own_claimant_refused(member):
    claim = ExpenseClaimFactory(claimant=member)

    with pytest.raises(PermissionDenied):
        claim_approve(claim=claim, approver=member)

    assert claim.approvals.count() == 0


def test_claim_approve_by_a_member_with_a_declared_relationship_is_refused_and_recorded(
    member, claimant
):
    claim = ExpenseClaimFactory(claimant=claimant)
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="Sibling of the organiser",
        related_person=claimant.person,
    )

    refusal = r"You have a conflict of interest with this claim\."
    with pytest.raises(PermissionDenied, match=refusal):
        claim_approve(claim=claim, approver=member)

    assert claim.approvals.count() == 0
    assert [(r.person, r.item) for r in Recusal.objects.all()] == [(member.person, claim)]
    assert member.has_perm("budget.approve_claim", claim) is False


@pytest.mark.parametrize("role", [Role.FINANCE_STAFF, Role.COMMUNITY, Role.COUNCIL])
def test_claim_approve_by_a_non_member_refused(role):
    outsider = UserFactory(username="outsider", roles=[role])
    claim = ExpenseClaimFactory()

    with pytest.raises(PermissionDenied):
        claim_approve(claim=claim, approver=outsider)

    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 0)


def test_claim_approve_at_the_threshold_by_one_member(member):
    claim = ExpenseClaimFactory(amount=django_settings.BUDGET_SECOND_APPROVAL_ABOVE)

    approved = claim_approve(claim=claim, approver=member, note="Receipts match.")

    claim.refresh_from_db()
    assert approved.status == claim.status == ClaimStatus.APPROVED
    assert claim.approved_at is not None
    assert list(claim.approvals.values_list("approver__username", "note")) == [
        ("member", "Receipts match.")
    ]


def test_claim_approve_below_a_lowered_threshold_by_one_member(member, settings):
    settings.BUDGET_SECOND_APPROVAL_ABOVE = Decimal("50.00")
    claim = ExpenseClaimFactory(amount=Decimal("50.00"))

    claim_approve(claim=claim, approver=member)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_claim_approve_above_the_threshold_needs_two_members(member, second_member):
    claim = ExpenseClaimFactory(
        amount=django_settings.BUDGET_SECOND_APPROVAL_ABOVE + Decimal("0.01")
    )

    claim_approve(claim=claim, approver=member)
    claim.refresh_from_db()
    after_first = (claim.status, claim.approved_at)
    claim_approve(claim=claim, approver=second_member)
    claim.refresh_from_db()

    assert after_first == (ClaimStatus.SUBMITTED, None)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.approvals.count() == 2


def test_claim_approve_twice_by_the_same_member_refused(member):
    claim = ExpenseClaimFactory(amount=Decimal("1500.00"))
    claim_approve(claim=claim, approver=member)

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=claim, approver=member)

    assert refused.value.messages == ["You have already approved this claim."]
    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 1)


def test_claim_approve_in_another_currency_needs_two_members(member):
    claim = ExpenseClaimFactory(fund=FundFactory(currency="USD"), currency="EUR")

    claim_approve(claim=claim, approver=member)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_claim_approve_without_receipt_refused(member):
    claim = ExpenseClaimFactory(receipts=[])

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=claim, approver=member)

    assert refused.value.messages == ["No receipt or invoice is attached."]
    assert ClaimApproval.objects.count() == 0


def test_claim_approve_invoice_over_the_limit_without_contract_refused(member):
    claim = ExpenseClaimFactory(
        is_invoice=True, amount=Decimal("600.01"), receipts=[DocumentKind.INVOICE]
    )

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=claim, approver=member)

    assert refused.value.messages == [
        "An invoice over 600.00 USD needs the signed contract attached."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 0)


@pytest.mark.parametrize(
    ("amount", "documents"),
    [
        ("600.01", [DocumentKind.INVOICE, DocumentKind.CONTRACT]),
        ("600.00", [DocumentKind.INVOICE]),
    ],
    ids=["with-contract", "at-the-limit"],
)
def test_claim_approve_invoice_within_policy_allowed(member, amount, documents):
    claim = ExpenseClaimFactory(is_invoice=True, amount=Decimal(amount), receipts=documents)

    claim_approve(claim=claim, approver=member)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_claim_approve_meals_over_the_daily_limit_refused(member):
    claim = ExpenseClaimFactory(
        category=category("catering"), amount=Decimal("270.03"), meal_days=3
    )

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=claim, approver=member)

    assert refused.value.messages == [
        "Meals are reimbursed up to 90.00 USD a day; this claim asks 90.01 a day."
    ]
    assert claim.approvals.count() == 0


def test_claim_approve_meals_at_the_daily_limit_allowed(member):
    claim = ExpenseClaimFactory(
        category=category("catering"), amount=Decimal("270.00"), meal_days=3
    )

    claim_approve(claim=claim, approver=member)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_claim_approve_of_a_rejected_claim_refused(member, second_member):
    claim = ExpenseClaimFactory()
    claim_reject(claim=claim, rejected_by=member, reason="Not a group expense.")

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=claim, approver=second_member)

    assert refused.value.messages == ["This claim is rejected, not awaiting approval."]
