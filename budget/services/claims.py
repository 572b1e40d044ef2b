"""Expense claims: submitted → approved → paid, or rejected, each step recorded."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from budget.enums import ClaimStatus, EntrySource
from budget.models import ClaimApproval, ExpenseClaim, Receipt
from budget.selectors import approvals_required, claim_policy_findings
from budget.services.ledger import entry_post
from budget.validators import receipt_content_type
from cwg_portal.notifications import notify
from membership.services.conflicts import refuse_if_conflicted


def _locked(claim):
    return ExpenseClaim.objects.select_for_update().select_related("fund").get(pk=claim.pk)


def _require(user, perm, claim):
    if not user.has_perm(perm, claim):
        raise PermissionDenied


@transaction.atomic
def receipt_add(*, claim, upload, kind, uploaded_by):
    """Keep an uploaded document with the claim, in private storage."""
    content_type = receipt_content_type(upload, max_bytes=settings.RECEIPT_MAX_BYTES)
    receipt = Receipt(
        claim=claim,
        kind=kind,
        token=secrets.token_hex(16),
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    receipt.file.save(receipt.token, upload, save=False)
    receipt.save()
    return receipt


@transaction.atomic
def claim_submit(
    *,
    claimant,
    fund,
    category,
    amount,
    currency,
    description,
    documents,
    event=None,
    allocation=None,
    is_invoice=False,
    meal_days=None,
):
    """File a claim with its documents ((kind, upload) pairs); all or nothing."""
    if event is not None and not claimant.has_perm("budget.claim_for_event", event):
        raise PermissionDenied
    if not documents:
        raise ValidationError({"documents": "Attach at least one receipt or invoice."})
    # Every document is checked before the first is stored: a rollback takes the
    # rows back but not the files already written.
    for _kind, upload in documents:
        receipt_content_type(upload, max_bytes=settings.RECEIPT_MAX_BYTES)
    if allocation is not None and allocation.fund_id != fund.pk:
        raise ValidationError({"allocation": "The allocation belongs to another fund."})
    claim = ExpenseClaim(
        claimant=claimant,
        fund=fund,
        category=category,
        amount=amount,
        currency=currency,
        description=description,
        event=event,
        allocation=allocation,
        is_invoice=is_invoice,
        meal_days=meal_days,
    )
    claim.full_clean()
    claim._history_user = claimant
    claim.save()
    for kind, upload in documents:
        receipt_add(claim=claim, upload=upload, kind=kind, uploaded_by=claimant)
    notify(
        "budget.claim_submitted",
        about=claim,
        key=claim.pk,
        url=claim.get_absolute_url(),
        claim=claim,
        claimant=getattr(claimant, "person", claimant),
    )
    return claim


def claim_approve(*, claim, approver, note=""):
    """Record one member's approval; the claim is approved once enough members have.

    Refused to the claimant, to a member who already approved, and while a
    blocking finding of the reimbursement policy stands.
    """
    refuse_if_conflicted(user=approver, item=claim, what="claim")
    return _claim_approval_record(claim=claim, approver=approver, note=note)


@transaction.atomic
def _claim_approval_record(*, claim, approver, note):
    claim = _locked(claim)
    _require(approver, "budget.approve_claim", claim)
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}, not awaiting approval."
        )
    blocking = [finding.message for finding in claim_policy_findings(claim) if finding.blocking]
    if blocking:
        raise ValidationError(blocking)
    approval = ClaimApproval(claim=claim, approver=approver, note=note)
    approval.full_clean()
    approval.save()
    if claim.approvals.count() >= approvals_required(claim):
        claim.status = ClaimStatus.APPROVED
        claim.approved_at = timezone.now()
        claim._history_user = approver
        claim.save(update_fields=["status", "approved_at"])
    notify(
        "budget.claim_approved",
        about=claim,
        key=claim.pk,
        url=claim.get_absolute_url(),
        claim=claim,
    )
    return claim


@transaction.atomic
def claim_reject(*, claim, rejected_by, reason):
    claim = _locked(claim)
    _require(rejected_by, "budget.approve_claim", claim)
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED):
        raise ValidationError(f"A {claim.get_status_display().lower()} claim cannot be rejected.")
    if not reason.strip():
        raise ValidationError({"reason": "Tell the claimant why the claim is rejected."})
    claim.status = ClaimStatus.REJECTED
    claim.rejected_by = rejected_by
    claim.rejected_at = timezone.now()
    claim.rejection_reason = reason.strip()
    claim._history_user = rejected_by
    claim.save(update_fields=["status", "rejected_by", "rejected_at", "rejection_reason"])
    notify(
        "budget.claim_rejected",
        about=claim,
        key=claim.pk,
        url=claim.get_absolute_url(),
        claim=claim,
    )
    return claim


@transaction.atomic
def claim_pay(*, claim, paid_by, date=None, amount_fund=None):
    """Pay an approved claim: exactly one expense entry, however many press "pay".

    The claim's row is locked, so a second payment waits for the first and then
    finds the claim paid. Side effects: posts the expense entry.
    """
    claim = _locked(claim)
    _require(paid_by, "budget.pay_claim", claim)
    if claim.status == ClaimStatus.PAID:
        raise ValidationError(f"This claim was already paid on {claim.paid_at:%Y-%m-%d}.")
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError(
            f"Only an approved claim can be paid; this one is {claim.get_status_display().lower()}."
        )
    entry = entry_post(
        fund=claim.fund,
        date=date or timezone.localdate(),
        reference=f"CLAIM-{claim.pk}",
        category=claim.category,
        amount=-claim.amount,
        currency=claim.currency,
        amount_fund=-amount_fund if amount_fund is not None else None,
        description=claim.description,
        event=claim.event,
        allocation=claim.allocation,
        counterparty=str(getattr(claim.claimant, "person", claim.claimant)),
        source=EntrySource.CLAIM,
        claim=claim,
        entered_by=paid_by,
    )
    claim.status = ClaimStatus.PAID
    claim.paid_by = paid_by
    claim.paid_at = timezone.now()
    claim._history_user = paid_by
    claim.save(update_fields=["status", "paid_by", "paid_at"])
    notify(
        "budget.claim_paid",
        about=claim,
        key=claim.pk,
        url=claim.get_absolute_url(),
        claim=claim,
    )
    return entry
