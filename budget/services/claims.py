"""Expense claims: submitted → approved → paid, or rejected, each step recorded."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from budget.enums import MEAL_CATEGORY, ClaimStatus, EntrySource
from budget.models import Allocation, ClaimApproval, ExpenseClaim, Receipt
from budget.selectors import (
    allocation_refusal,
    approvals_required,
    claim_policy_findings,
    claim_refusals,
)
from budget.services.ledger import entry_post
from budget.validators import receipt_content_type
from cwg_portal.notifications import notify
from membership.services.conflicts import refuse_if_conflicted


def _locked(claim):
    """The claim and its allocation, both held: an allocation closing at the same
    moment waits for this step, or this step sees it closed."""
    claim = ExpenseClaim.objects.select_for_update().select_related("fund").get(pk=claim.pk)
    if claim.allocation_id:
        claim.allocation = Allocation.objects.select_for_update().get(pk=claim.allocation_id)
    return claim


def _refuse(claim, action):
    refusals = claim_refusals(claim, action)
    if refusals:
        raise ValidationError(refusals)


def _allocation_for_claim(*, claimant, allocation, fund, event):
    """The allocation a new claim draws on, held until the claim is stored, or a
    ValidationError: a closed allocation, another fund's or another event's, or
    one the claimant may not claim against (an event they do not organise)."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.fund_id != fund.pk:
        raise ValidationError({"allocation": "The allocation belongs to another fund."})
    if not claimant.has_perm("budget.claim_against_allocation", allocation):
        raise ValidationError(
            {"allocation": "You may not claim against this allocation: it is not your event's."}
        )
    if event is not None and allocation.event_id not in (None, event.pk):
        raise ValidationError({"allocation": "The allocation is for another event."})
    refusal = allocation_refusal(allocation)
    if refusal:
        raise ValidationError({"allocation": refusal})
    return allocation


def _refuse_over_policy(claim, documents):
    """Tell the claimant now what would block approval later."""
    if claim.category.slug == MEAL_CATEGORY and not claim.meal_days:
        raise ValidationError(
            {"meal_days": "Give the number of days the meals cover: they are paid by the day."}
        )
    kinds = {kind for kind, _upload in documents}
    blocking = [f.message for f in claim_policy_findings(claim, kinds=kinds) if f.blocking]
    if blocking:
        raise ValidationError(blocking)


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
    if allocation is not None:
        allocation = _allocation_for_claim(
            claimant=claimant, allocation=allocation, fund=fund, event=event
        )
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
    _refuse_over_policy(claim, documents)
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


def claim_decision_attempted(*, claim, by):
    """Someone tries to approve or reject a claim: a conflicted member is refused
    and stands recorded as recused, whether the attempt came by page, API or code.
    Outside the decision's transaction, whose rollback would take the record back."""
    refuse_if_conflicted(user=by, item=claim, what="claim")


def claim_approve(*, claim, approver, note=""):
    """Record one member's approval; the claim is approved once enough members have.

    Refused to the claimant, to a member who already approved, and while a
    blocking finding of the reimbursement policy stands.
    """
    claim_decision_attempted(claim=claim, by=approver)
    return _claim_approval_record(claim=claim, approver=approver, note=note)


@transaction.atomic
def _claim_approval_record(*, claim, approver, note):
    claim = _locked(claim)
    _require(approver, "budget.approve_claim", claim)
    _refuse(claim, "approve")
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


def claim_reject(*, claim, rejected_by, reason):
    claim_decision_attempted(claim=claim, by=rejected_by)
    return _claim_rejection_record(claim=claim, rejected_by=rejected_by, reason=reason)


@transaction.atomic
def _claim_rejection_record(*, claim, rejected_by, reason):
    claim = _locked(claim)
    _require(rejected_by, "budget.approve_claim", claim)
    _refuse(claim, "reject")
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
    _refuse(claim, "pay")
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
