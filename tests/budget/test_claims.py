"""Expense claims: who may approve and pay them, the policy, receipts, and payment
exactly once."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from budget.enums import AllocationStatus, ClaimStatus, DocumentKind, EntrySource
from budget.models import ClaimApproval, ExpenseClaim, LedgerEntry, Receipt
from budget.services.claims import claim_approve, claim_pay, claim_reject, claim_submit
from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services.conflicts import declaration_create
from tests.factories.budget import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    AllocationFactory,
    ExpenseClaimFactory,
    FundFactory,
    category,
    upload,
)
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def second_member():
    return UserFactory(username="second-member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


@pytest.fixture
def claimant():
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


def approved_claim(**kwargs):
    return ExpenseClaimFactory(status=ClaimStatus.APPROVED, **kwargs)


def submit(claimant, fund, documents, **kwargs):
    values = {
        "claimant": claimant,
        "fund": fund,
        "category": category("supplies"),
        "amount": Decimal("85.50"),
        "currency": fund.currency,
        "description": "Printed name badges",
        "documents": documents,
    }
    return claim_submit(**{**values, **kwargs})


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


# --- Submission and receipts ------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def receipt():
    return (DocumentKind.RECEIPT, upload("ticket.pdf"))


def stored_files(media):
    """Every file kept under MEDIA_ROOT/receipts/."""
    return sorted(path for path in (media / "receipts").rglob("*") if path.is_file())


def test_claim_submit_text_file_named_pdf_refused(claimant, media):
    fund = FundFactory()

    with pytest.raises(ValidationError) as refused:
        submit(
            claimant,
            fund,
            [(DocumentKind.RECEIPT, upload("receipt.pdf", b"Just some text, honest.\n"))],
        )

    assert refused.value.messages == ["receipt.pdf is not a PDF, PNG or JPEG file."]
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)
    assert not (media / "receipts").exists()


def test_claim_submit_receipt_over_the_size_limit_refused(claimant, media, settings):
    settings.RECEIPT_MAX_BYTES = 1_048_576
    too_large = PDF_BYTES + b"\x00" * (1_572_864 - len(PDF_BYTES))

    with pytest.raises(ValidationError) as refused:
        submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload("scan.pdf", too_large))])

    assert refused.value.messages == ["scan.pdf is 1.5 MB; a receipt may be at most 1 MB."]
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)


def test_claim_submit_receipt_over_a_limit_below_a_megabyte_names_the_limit(
    claimant, media, settings
):
    settings.RECEIPT_MAX_BYTES = 209_715
    too_large = PDF_BYTES + b"\x00" * (524_288 - len(PDF_BYTES))

    with pytest.raises(ValidationError) as refused:
        submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload("scan.pdf", too_large))])

    assert refused.value.messages == ["scan.pdf is 0.5 MB; a receipt may be at most 0.2 MB."]


def test_claim_submit_receipt_at_the_size_limit_accepted(claimant, media, settings):
    settings.RECEIPT_MAX_BYTES = 64
    content = PDF_BYTES + b"\x00" * (64 - len(PDF_BYTES))

    claim = submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload("scan.pdf", content))])

    assert claim.receipts.get().size == 64


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("receipt.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo-without-extension", JPEG_BYTES, "image/jpeg"),
    ],
    ids=["pdf", "png", "jpeg", "no-extension"],
)
def test_claim_submit_receipt_stored_privately(claimant, media, name, content, content_type):
    fund = FundFactory()

    claim = submit(claimant, fund, [(DocumentKind.RECEIPT, upload(name, content))])

    receipt = claim.receipts.get()
    path = media / "receipts" / str(claim.pk) / receipt.token
    assert (receipt.original_name, receipt.content_type, receipt.size) == (
        name,
        content_type,
        len(content),
    )
    assert (receipt.file.name, receipt.uploaded_by) == (
        f"receipts/{claim.pk}/{receipt.token}",
        claimant,
    )
    assert path.read_bytes() == content
    assert stored_files(media) == [path]


def test_claim_submit_stores_the_claim_with_its_history(claimant, media):
    fund = FundFactory(currency="USD")

    claim = submit(
        claimant,
        fund,
        [
            (DocumentKind.INVOICE, upload("invoice.pdf")),
            (DocumentKind.CONTRACT, upload("contract.pdf")),
        ],
        is_invoice=True,
        amount=Decimal("750.00"),
    )

    claim.refresh_from_db()
    assert (claim.status, claim.claimant, claim.amount, claim.is_invoice) == (
        ClaimStatus.SUBMITTED,
        claimant,
        Decimal("750.00"),
        True,
    )
    assert sorted(claim.receipts.values_list("kind", flat=True)) == ["contract", "invoice"]
    assert claim.history.get().history_user == claimant


def test_claim_submit_with_one_bad_document_stores_nothing(claimant, media):
    fund = FundFactory()

    with pytest.raises(ValidationError):
        submit(
            claimant,
            fund,
            [
                (DocumentKind.RECEIPT, upload("good.pdf")),
                (DocumentKind.RECEIPT, upload("bad.pdf", b"<html>not a receipt</html>")),
            ],
        )

    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)
    assert stored_files(media) == []


def test_claim_submit_without_documents_refused(claimant, media):
    with pytest.raises(ValidationError) as refused:
        submit(claimant, FundFactory(), [])

    assert refused.value.message_dict == {"documents": ["Attach at least one receipt or invoice."]}
    assert ExpenseClaim.objects.count() == 0


def test_claim_submit_with_an_invalid_amount_stores_no_receipt(claimant, media):
    with pytest.raises(ValidationError) as refused:
        submit(
            claimant,
            FundFactory(),
            [(DocumentKind.RECEIPT, upload())],
            amount=Decimal("0.00"),
        )

    assert "amount" in refused.value.message_dict
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)
    assert not (media / "receipts").exists()


def test_claim_submit_with_an_allocation_of_another_fund_refused(claimant, media):
    allocation = AllocationFactory(fund=FundFactory())

    with pytest.raises(ValidationError) as refused:
        submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload())], allocation=allocation)

    assert refused.value.message_dict == {"allocation": ["The allocation belongs to another fund."]}
    assert ExpenseClaim.objects.count() == 0


def test_claim_submit_for_an_event_by_a_stranger_refused(claimant, media):
    event = EventFactory()

    with pytest.raises(PermissionDenied):
        submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload())], event=event)

    assert ExpenseClaim.objects.count() == 0


def test_claim_submit_for_an_event_by_its_organiser_accepted(claimant, media):
    event = EventFactory(organisers=[claimant.person])

    claim = submit(claimant, FundFactory(), [(DocumentKind.RECEIPT, upload())], event=event)

    assert claim.event == event


# --- The allocation a claim draws on ------------------------------------------


def test_claim_submit_against_a_closed_allocation_refused(claimant, media):
    fund = FundFactory()
    event = EventFactory(organisers=[claimant.person])
    allocation = AllocationFactory(
        fund=fund, event=event, purpose="Paris sprint", status=AllocationStatus.CLOSED
    )

    with pytest.raises(ValidationError) as refused:
        submit(claimant, fund, [receipt()], event=event, allocation=allocation)

    assert refused.value.message_dict == {
        "allocation": [
            "The allocation “Paris sprint” is closed (unspent money returned): "
            "nothing more is spent against it."
        ]
    }
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)


def test_claim_submit_against_another_events_allocation_refused(claimant, media):
    fund = FundFactory()
    allocation = AllocationFactory(fund=fund, event=EventFactory())

    with pytest.raises(ValidationError) as refused:
        submit(claimant, fund, [receipt()], allocation=allocation)

    assert refused.value.message_dict == {
        "allocation": ["You may not claim against this allocation: it is not your event's."]
    }
    assert ExpenseClaim.objects.count() == 0


def test_claim_submit_against_an_allocation_for_another_of_ones_events_refused(claimant, media):
    fund = FundFactory()
    mine, other = (EventFactory(organisers=[claimant.person]) for _ in range(2))
    allocation = AllocationFactory(fund=fund, event=other)

    with pytest.raises(ValidationError) as refused:
        submit(claimant, fund, [receipt()], event=mine, allocation=allocation)

    assert refused.value.message_dict == {"allocation": ["The allocation is for another event."]}


def test_claim_submit_against_ones_own_events_open_allocation_allowed(claimant, media):
    fund = FundFactory()
    event = EventFactory(organisers=[claimant.person])
    allocation = AllocationFactory(fund=fund, event=event)

    claim = submit(claimant, fund, [receipt()], event=event, allocation=allocation)

    assert (claim.allocation, claim.status) == (allocation, ClaimStatus.SUBMITTED)


@pytest.mark.parametrize("action", ["approve", "pay"])
def test_claim_approve_or_pay_against_a_closed_allocation_refused(member, finance, action):
    allocation = AllocationFactory(purpose="Paris sprint", status=AllocationStatus.CLOSED)
    status = ClaimStatus.SUBMITTED if action == "approve" else ClaimStatus.APPROVED
    claim = ExpenseClaimFactory(fund=allocation.fund, allocation=allocation, status=status)

    with pytest.raises(ValidationError) as refused:
        if action == "approve":
            claim_approve(claim=claim, approver=member)
        else:
            claim_pay(claim=claim, paid_by=finance)

    assert refused.value.messages == [
        "The allocation “Paris sprint” is closed (unspent money returned): "
        "nothing more is spent against it."
    ]
    claim.refresh_from_db()
    assert (claim.status, LedgerEntry.objects.count()) == (status, 0)


# --- What the policy tells the claimant at filing --------------------------------


@pytest.mark.parametrize("meal_days", [None, 0])
def test_claim_submit_meals_without_a_number_of_days_refused(claimant, media, meal_days):
    fund = FundFactory()

    with pytest.raises(ValidationError) as refused:
        submit(claimant, fund, [receipt()], category=category("catering"), meal_days=meal_days)

    assert refused.value.message_dict["meal_days"] == [
        "Give the number of days the meals cover: they are paid by the day."
        if meal_days is None
        else "Ensure this value is greater than or equal to 1."
    ]
    assert ExpenseClaim.objects.count() == 0


def test_claim_submit_meals_over_the_daily_limit_tells_the_claimant(claimant, media):
    fund = FundFactory()

    with pytest.raises(ValidationError) as refused:
        submit(
            claimant,
            fund,
            [receipt()],
            category=category("catering"),
            amount=Decimal("270.03"),
            meal_days=3,
        )

    assert refused.value.messages == [
        "Meals are reimbursed up to 90.00 USD a day; this claim asks 90.01 a day."
    ]
    assert (ExpenseClaim.objects.count(), stored_files(media)) == (0, [])


def test_claim_submit_invoice_over_the_limit_without_its_contract_tells_the_claimant(
    claimant, media
):
    fund = FundFactory()
    invoice = (DocumentKind.INVOICE, upload("invoice.pdf"))

    with pytest.raises(ValidationError) as refused:
        submit(claimant, fund, [invoice], amount=Decimal("600.01"), is_invoice=True)

    assert refused.value.messages == [
        "An invoice over 600.00 USD needs the signed contract attached."
    ]
    assert ExpenseClaim.objects.count() == 0
