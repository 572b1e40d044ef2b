"""Allocations: money the group commits to a purpose, within its spending authority."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from budget.enums import AllocationStatus
from budget.models import Allocation
from budget.selectors import claims_waiting_on, spending_authority
from budget.services.ledger import fund_lock
from cwg_portal.notifications import notify


@transaction.atomic
def allocation_create(
    *,
    fund,
    purpose,
    amount,
    decided_on,
    decided_by,
    event=None,
    decision_note="",
    decision_url="",
    override_reason="",
):
    """Commit money to a purpose.

    Refused when it would take the fund's available money below zero, unless the
    deciding member gives a reason, which is recorded with the allocation.
    Side effects: locks the fund.
    """
    fund = fund_lock(fund)
    available = spending_authority(fund)["available"]
    if amount is not None and amount > available and not override_reason.strip():
        raise ValidationError(
            {
                "amount": (
                    f"Only {available} {fund.currency} is available; this allocation would "
                    f"overspend by {amount - available} {fund.currency}. Give a reason to "
                    "allocate it anyway."
                )
            }
        )
    allocation = Allocation(
        fund=fund,
        purpose=purpose,
        amount=amount,
        decided_on=decided_on,
        decided_by=decided_by,
        event=event,
        decision_note=decision_note,
        decision_url=decision_url,
        override_reason=override_reason.strip(),
    )
    allocation.full_clean()
    allocation._history_user = decided_by
    allocation.save()
    notify(
        "budget.allocation_created",
        about=allocation,
        key=allocation.pk,
        url=allocation.get_absolute_url(),
        allocation=allocation,
    )
    return allocation


def _allocation_end(*, allocation, by, status, refuse_if_spent=False):
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    waiting = claims_waiting_on(allocation).count()
    if waiting:
        raise ValidationError(
            f"{waiting} claim{pluralize(waiting)} against this allocation "
            f"{pluralize(waiting, 'waits,wait')}: pay or reject "
            f"{pluralize(waiting, 'it,them')} first."
        )
    if refuse_if_spent and allocation.entries.exists():
        raise ValidationError("Money was spent against this allocation: close it instead.")
    if allocation.status != AllocationStatus.OPEN:
        raise ValidationError(f"This allocation is already {allocation.get_status_display()}.")
    allocation.status = status
    allocation.closed_by = by
    allocation.closed_at = timezone.now()
    allocation._history_user = by
    allocation.save(update_fields=["status", "closed_by", "closed_at"])
    notify(
        "budget.allocation_closed",
        about=allocation,
        key=allocation.pk,
        url=allocation.get_absolute_url(),
        allocation=allocation,
    )
    return allocation


@transaction.atomic
def allocation_close(*, allocation, by):
    """The purpose is done: what was not spent goes back to the available money."""
    return _allocation_end(allocation=allocation, by=by, status=AllocationStatus.CLOSED)


@transaction.atomic
def allocation_cancel(*, allocation, by):
    """The purpose is dropped; refused once money was spent against it (checked
    under the row lock, so a payment cannot slip in between)."""
    return _allocation_end(
        allocation=allocation, by=by, status=AllocationStatus.CANCELLED, refuse_if_spent=True
    )
