"""The claim pages: submitting with receipts, the lists and the payment queue,
one claim's page and history, approving, rejecting and paying, and the
receipt downloads."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.enums import ClaimStatus, DocumentKind, EntrySource
from budget.models import ExpenseClaim, LedgerEntry, Receipt
from budget.services.claims import claim_approve, claim_submit
from cwg_portal.roles import Role
from tests.budget.books import select_options, submit
from tests.factories.budget import (
    PDF_BYTES,
    PNG_BYTES,
    ExpenseClaimFactory,
    FundFactory,
    category,
    upload,
)
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.pages import form_errors, page_messages, rows, text


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def claim_form(fund, *files, **changes):
    data = {
        "fund": fund.pk,
        "event": "",
        "allocation": "",
        "category": category("travel").pk,
        "description": "Train to the workshop",
        "amount": "120.40",
        "currency": "USD",
        "meal_days": "",
        "document_1_kind": "receipt",
        "document_2_kind": "receipt",
        "document_3_kind": "receipt",
    }
    for slot, file in enumerate(files, start=1):
        data[f"document_{slot}"] = file
    return {**data, **changes}


# ---------------------------------------------------------------- claims


def test_claim_with_receipts_is_submitted_and_its_page_shows_them(client, community, fund):
    client.force_login(community)

    response = client.post(
        "/budget/claims/new/",
        claim_form(fund, upload("ticket.pdf"), upload("booking.png", b"\x89PNG\r\n\x1a\nbody")),
        follow=True,
    )

    claim = ExpenseClaim.objects.get()
    assert response.redirect_chain == [(f"/budget/claims/{claim.pk}/", 302)]
    assert page_messages(response) == [f"Your claim {claim.pk} was submitted."]
    assert (claim.claimant, claim.amount, claim.currency, claim.status) == (
        community,
        Decimal("120.40"),
        "USD",
        ClaimStatus.SUBMITTED,
    )
    assert [
        [row[0], row[1], row[2]] for row in rows(response, f"Documents of claim {claim.pk}")
    ] == [["ticket.pdf", "Receipt", "application/pdf"], ["booking.png", "Receipt", "image/png"]]


def test_claim_with_a_file_that_is_not_a_pdf_named_receipt_pdf_is_refused_and_nothing_is_kept(
    client, community, fund, settings
):
    client.force_login(community)

    response = client.post(
        "/budget/claims/new/", claim_form(fund, upload("receipt.pdf", b"MZ\x90\x00 not a pdf"))
    )

    assert form_errors(response) == ["receipt.pdf is not a PDF, PNG or JPEG file."]
    assert (ExpenseClaim.objects.count(), Receipt.objects.count()) == (0, 0)
    assert not (settings.MEDIA_ROOT / "receipts").exists()


def test_claim_without_a_document_shows_the_service_message(client, community, fund):
    client.force_login(community)

    response = client.post("/budget/claims/new/", claim_form(fund))

    assert form_errors(response) == ["Documents: Attach at least one receipt or invoice."]
    assert ExpenseClaim.objects.count() == 0


def test_claim_form_offers_the_events_the_user_may_claim_for(client, community, fund):
    EventFactory(title="Own Workshop", organisers=[community.person])
    EventFactory(title="Someone Else's Workshop")
    client.force_login(community)

    response = client.get("/budget/claims/new/")

    assert select_options(response, "event") == ["No event", "Own Workshop"]


def test_claim_for_an_event_the_user_does_not_organise_is_refused(client, community, fund):
    event = EventFactory(title="Someone Else's Workshop")
    client.force_login(community)

    response = client.post("/budget/claims/new/", claim_form(fund, upload(), event=event.pk))

    assert form_errors(response) == [
        "Event: Select a valid choice. That choice is not one of the available choices."
    ]
    assert ExpenseClaim.objects.count() == 0


def test_claims_list_shows_a_community_user_only_their_own(client, community, fund):
    mine = submit(community, fund, description="My badges")
    submit(UserFactory(), fund, description="Their badges")
    client.force_login(community)

    response = client.get("/budget/claims/")

    assert [row[0] for row in rows(response, "Expense claims")] == [f"Claim {mine.pk}: My badges"]


def test_claims_list_shows_members_every_claim_and_filters_by_status(
    client, member, community, fund
):
    first = submit(community, fund, description="First")
    second = submit(UserFactory(), fund, description="Second")
    approved = submit(community, fund, description="Approved one")
    claim_approve(claim=approved, approver=member)
    client.force_login(member)

    everything = client.get("/budget/claims/")
    queue = client.get("/budget/claims/", {"status": "submitted"})

    assert [row[0] for row in rows(everything, "Expense claims")] == [
        f"Claim {approved.pk}: Approved one",
        f"Claim {second.pk}: Second",
        f"Claim {first.pk}: First",
    ]
    assert [row[0] for row in rows(queue, "Expense claims")] == [
        f"Claim {first.pk}: First",
        f"Claim {second.pk}: Second",
    ]


def test_payment_queue_lists_approved_claims_oldest_first_with_age_and_overdue_mark(
    client, finance, member, community, fund, settings
):
    settings.BUDGET_PAYMENT_DAYS = 30
    old = submit(community, fund, description="Old")
    recent = submit(community, fund, description="Recent")
    for claim in (old, recent):
        claim_approve(claim=claim, approver=member)
    # The clock cannot be moved back: the approval is dated 45 days ago directly.
    ExpenseClaim.objects.filter(pk=old.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=45)
    )
    client.force_login(finance)

    response = client.get("/budget/claims/", {"status": "approved"})

    assert [(row[0], row[6], row[7]) for row in rows(response, "Expense claims")] == [
        (f"Claim {old.pk}: Old", "Approved overdue", "45"),
        (f"Claim {recent.pk}: Recent", "Approved", "0"),
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_claims_list_query_count_is_independent_of_size(
    size, client, member, fund, django_assert_num_queries
):
    event = EventFactory()
    for _ in range(size):
        submit(UserFactory(), fund, event=None, description=f"For {event.title}")
    client.force_login(member)

    with django_assert_num_queries(8):
        response = client.get("/budget/claims/")

    assert len(rows(response, "Expense claims")) == size


def test_another_users_claim_answers_404_to_a_community_user(client, community, fund):
    claim = submit(UserFactory(), fund)
    client.force_login(community)

    responses = [
        client.get(f"/budget/claims/{claim.pk}/"),
        client.get(f"/budget/receipts/{claim.receipts.get().pk}/"),
    ]

    assert [response.status_code for response in responses] == [404, 404]


def test_claim_page_shows_amounts_timeline_receipts_and_blocking_findings(
    client, member, community, fund, settings
):
    settings.BUDGET_CONTRACT_REQUIRED_ABOVE = Decimal("600.00")
    # Filed before the policy told claimants at filing: such claims still wait.
    claim = ExpenseClaimFactory(
        claimant=community, fund=fund, amount=Decimal("750.00"), is_invoice=True
    )
    client.force_login(member)

    response = client.get(f"/budget/claims/{claim.pk}/")

    page = text(response)
    assert ("Approve claim" in page, "Reject claim" in page) == (False, True)
    assert "Amount 750.00 USD" in page
    assert "Approvals 0 of 1 needed" in page
    submitted = timezone.localtime(claim.submitted_at)
    assert f"Submitted by community-user on {submitted:%Y-%m-%d %H:%M}" in page
    assert "Blocks approval An invoice over 600.00 USD needs the signed contract attached." in page
    assert 'class="finding--blocking"' in response.content.decode()
    receipt = claim.receipts.get()
    assert f'href="/budget/receipts/{receipt.pk}/"' in response.content.decode()


def test_member_approves_a_claim_and_the_timeline_shows_who_and_when(
    client, member, community, fund
):
    claim = submit(community, fund)
    client.force_login(member)

    response = client.post(
        f"/budget/claims/{claim.pk}/approve/", {"note": "Matches the receipt"}, follow=True
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert page_messages(response) == ["Your approval is recorded; the claim is approved."]
    approval = claim.approvals.get()
    when = f"{timezone.localtime(approval.approved_at):%Y-%m-%d %H:%M}"
    assert f"Approval by cwg-member-user on {when}: Matches the receipt" in text(response)
    assert "Approve claim" not in text(response)


def test_approval_blocked_by_the_policy_shows_the_service_message(client, member, community, fund):
    claim = ExpenseClaimFactory(
        claimant=community, fund=fund, amount=Decimal("750.00"), is_invoice=True
    )
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/approve/", {"note": ""})

    assert form_errors(response) == [
        "An invoice over 600.00 USD needs the signed contract attached."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 0)


def test_a_member_cannot_approve_their_own_claim(client, member, fund):
    claim = submit(member, fund)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/approve/", {"note": ""})

    assert response.status_code == 403
    assert ExpenseClaim.objects.get().status == ClaimStatus.SUBMITTED


def test_reject_without_a_reason_shows_the_service_message_and_changes_nothing(
    client, member, community, fund
):
    claim = submit(community, fund)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/reject/", {"reason": ""})

    assert form_errors(response) == [
        "Reason for the claimant (required): Tell the claimant why the claim is rejected."
    ]
    assert ExpenseClaim.objects.get().status == ClaimStatus.SUBMITTED


def test_reject_with_a_reason_records_it_for_the_claimant(client, member, community, fund):
    claim = submit(community, fund)
    client.force_login(member)

    client.post(f"/budget/claims/{claim.pk}/reject/", {"reason": "Not a workshop cost"})
    client.force_login(community)
    response = client.get(f"/budget/claims/{claim.pk}/")

    claim.refresh_from_db()
    assert (claim.status, claim.rejected_by, claim.rejection_reason) == (
        ClaimStatus.REJECTED,
        member,
        "Not a workshop cost",
    )
    when = f"{timezone.localtime(claim.rejected_at):%Y-%m-%d %H:%M}"
    assert f"Rejected by cwg-member-user on {when}: Not a workshop cost" in text(response)


def test_finance_pays_an_approved_claim_once_and_the_page_links_the_entry(
    client, finance, member, community, fund
):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    client.force_login(finance)

    paid = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": "2024-06-01"}, follow=True)
    again = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": ""})

    entry = LedgerEntry.objects.get()
    claim.refresh_from_db()
    assert page_messages(paid) == [f"The claim was paid: ledger entry CLAIM-{claim.pk}."]
    assert (entry.claim, entry.amount, entry.date, entry.source) == (
        claim,
        Decimal("-85.50"),
        datetime.date(2024, 6, 1),
        EntrySource.CLAIM,
    )
    assert f"Payment Ledger entry CLAIM-{claim.pk}, -85.50 USD" in text(paid)
    assert f'href="/budget/ledger/{entry.pk}/"' in paid.content.decode()
    assert form_errors(again) == [f"This claim was already paid on {claim.paid_at:%Y-%m-%d}."]
    assert LedgerEntry.objects.count() == 1


def test_paying_a_claim_in_another_currency_asks_for_the_amount_in_the_fund_currency(
    client, finance, member, community, fund
):
    claim = submit(community, fund, amount="100.00", currency="EUR")
    claim_approve(claim=claim, approver=member)
    claim_approve(claim=claim, approver=UserFactory(roles=[Role.CWG_CHAIR]))
    client.force_login(finance)

    form = client.get(f"/budget/claims/{claim.pk}/")
    missing = client.post(f"/budget/claims/{claim.pk}/pay/", {"amount_fund": ""})
    paid = client.post(f"/budget/claims/{claim.pk}/pay/", {"amount_fund": "108.25"})

    assert "Amount paid in USD" in text(form)
    assert form_errors(missing) == [
        "Amount paid in USD: Give the amount in USD: the entry is in EUR."
    ]
    assert paid.status_code == 302
    assert list(LedgerEntry.objects.values_list("amount", "currency", "amount_fund")) == [
        (Decimal("-100.00"), "EUR", Decimal("-108.25"))
    ]


def test_pay_is_refused_to_a_member(client, member, community, fund):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/pay/", {"date": ""})

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 0


def test_receipt_download_streams_the_private_file_as_an_attachment(client, community, fund):
    claim = submit(community, fund, documents=[(DocumentKind.RECEIPT, upload("ticket.pdf"))])
    receipt = claim.receipts.get()
    client.force_login(community)

    response = client.get(f"/budget/receipts/{receipt.pk}/")

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ticket.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_receipt_download_is_named_after_the_kind_of_file_it_is(client, community, fund):
    documents = [
        (DocumentKind.RECEIPT, upload("evil.html")),
        (DocumentKind.RECEIPT, upload("scan", content=PNG_BYTES)),
    ]
    claim = submit(community, fund, documents=documents)
    client.force_login(community)

    names = [
        client.get(f"/budget/receipts/{receipt.pk}/")["Content-Disposition"]
        for receipt in claim.receipts.order_by("pk")
    ]

    assert names == ['attachment; filename="evil.pdf"', 'attachment; filename="scan.png"']


def test_claim_page_shows_its_history_with_who_changed_what(client, db):
    member = UserFactory(username="approver", roles=[Role.CWG_MEMBER])
    claim = claim_submit(
        claimant=UserFactory(username="organiser"),
        fund=FundFactory(),
        category=category("supplies"),
        amount=Decimal("85.50"),
        currency="USD",
        description="Printed name badges",
        documents=[(DocumentKind.RECEIPT, upload())],
    )
    claim_approve(claim=claim, approver=member)
    client.force_login(member)

    response = client.get(f"/budget/claims/{claim.pk}/")

    latest, created = rows(response, f"History of claim {claim.pk}")
    assert latest[1:3] == ["approver", "Changed"]
    assert "Status: submitted → approved" in latest[3]
    assert created[2:] == ["Created", "—"]
