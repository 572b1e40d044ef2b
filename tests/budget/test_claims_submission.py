"""Submitting expense claims: the receipts kept and refused, the allocation a
claim draws on, and what the policy tells the claimant at filing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.enums import AllocationStatus, ClaimStatus, DocumentKind
from budget.models import ExpenseClaim, LedgerEntry, Receipt
from budget.services.claims import claim_approve, claim_pay, claim_submit
from cwg_portal.roles import Role
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


# The claim services act as named accounts, in place of the conftest's role users.
@pytest.fixture
def member():
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


@pytest.fixture
def claimant():
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


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
