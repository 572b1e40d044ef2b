"""The committee's decision on a proposal: through the review stages to accept
(which funds the workshop), waitlist or decline."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from budget.services.allocations import allocation_create
from cwg_portal.notifications import notify
from events.enums import EventKind, EventStatus
from events.services import event_create
from membership.services.conflicts import refuse_if_conflicted
from workshops.enums import (
    FINAL,
    IN_REVIEW,
    VERDICT_STATUS,
    ProposalStatus,
    Verdict,
    WorkshopFormat,
)
from workshops.models import Call
from workshops.selectors import awarded_in
from workshops.services.proposals import proposal_locked

CENT = Decimal("0.01")


def _stages_ahead(proposal):
    """The stages still to go through, waived ones left out."""
    stages = proposal.call.stages.filter(waived=False)
    if proposal.stage_id is not None:
        stages = stages.filter(position__gt=proposal.stage.position)
    return stages.order_by("position")


@transaction.atomic
def proposal_advance(*, proposal, by):
    """Move a proposal in review on to the next stage of its call's review."""
    proposal = proposal_locked(proposal)
    if not by.has_perm("workshops.advance_stage", proposal):
        raise PermissionDenied
    following = _stages_ahead(proposal).first()
    if following is None:
        raise ValidationError("The proposal is at its last stage of review: decide it.")
    proposal.stage = following
    proposal._history_user = by
    proposal.save(update_fields=["stage", "updated_at"])
    notify(
        "workshops.stage_moved",
        about=proposal,
        key=f"{proposal.pk}:{following.pk}",
        url=proposal.get_absolute_url(),
        proposal=proposal,
        stage=following,
    )
    return proposal


def line_awards(requested, awarded):
    """Share an award that is less than was asked among the request's lines in
    proportion, in whole cents; the cents left over go one each to the largest
    lines, so that no line is awarded more than it asked for."""
    total = sum(requested, Decimal("0.00"))
    shares = [
        (amount * awarded / total).quantize(CENT, rounding=ROUND_DOWN) for amount in requested
    ]
    left_over = int((awarded - sum(shares, Decimal("0.00"))) / CENT)
    largest_first = sorted(range(len(requested)), key=lambda i: requested[i], reverse=True)
    for i in largest_first[:left_over]:
        shares[i] += CENT
    return shares


def _fund(proposal, by, awarded_amount, message, override_reason):
    # Two awards decided at once would both see the same room in the envelope:
    # the call's row is held until this one is committed.
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    lines = list(proposal.lines.all())
    requested = sum((line.amount for line in lines), Decimal("0.00"))
    if awarded_amount is None or awarded_amount <= 0:
        raise ValidationError({"awarded_amount": "Give the amount awarded."})
    if awarded_amount != awarded_amount.quantize(CENT):
        raise ValidationError({"awarded_amount": "Give the amount in whole cents."})
    if awarded_amount > requested:
        raise ValidationError(
            {
                "awarded_amount": "The award cannot exceed what was asked: "
                f"{requested} {call.currency}."
            }
        )
    left = call.envelope - awarded_in(call)
    if awarded_amount > left:
        raise ValidationError(
            {
                "awarded_amount": f"The call's envelope has {left} {call.currency} left; "
                f"this award is {awarded_amount} {call.currency}."
            }
        )
    event = event_create(
        title=proposal.title,
        kind=EventKind.WORKSHOP,
        status=EventStatus.PLANNING,
        summary=proposal.summary,
        start_date=proposal.starts_on,
        end_date=proposal.ends_on,
        city=proposal.city,
        country=proposal.country,
        is_online=proposal.format == WorkshopFormat.ONLINE,
        organisers=proposal.organisers.all(),
        lead_contact=proposal.lead,
    )
    try:
        allocation = allocation_create(
            fund=call.fund,
            purpose=f"Workshop: {proposal.title}"[:200],
            amount=awarded_amount,
            decided_on=timezone.localdate(),
            decided_by=by,
            event=event,
            decision_note=message or f"Accepted in the call “{call.title}”.",
            override_reason=override_reason,
        )
    except ValidationError as error:
        # The budget speaks of the allocation's amount; here it is the award.
        if "amount" not in getattr(error, "error_dict", {}):
            raise
        raise ValidationError({"awarded_amount": error.message_dict["amount"]}) from error
    shares = line_awards([line.amount for line in lines], awarded_amount)
    for line, share in zip(lines, shares, strict=True):
        line.awarded = share
        line.save(update_fields=["awarded"])
    proposal.awarded_amount = awarded_amount
    proposal.event = event
    proposal.allocation = allocation


def proposal_decide(*, proposal, by, verdict, message="", awarded_amount=None, override_reason=""):
    """Accept, waitlist or decline a proposal, and tell its organisers by e-mail.

    Accepting creates the workshop's event and the budget allocation of the award in
    the same transaction. Accepted and declined are final; a waitlisted proposal may
    still be accepted or declined. A conflicted chair is stood aside and the recusal
    recorded, outside the decision's transaction so its rollback keeps the record.
    """
    refuse_if_conflicted(user=by, item=proposal, what="proposal")
    return _decide(
        proposal=proposal,
        by=by,
        verdict=Verdict(verdict),
        message=message.strip(),
        awarded_amount=awarded_amount,
        override_reason=override_reason,
    )


@transaction.atomic
def _decide(*, proposal, by, verdict, message, awarded_amount, override_reason):
    proposal = proposal_locked(proposal)
    if proposal.status in FINAL:
        when = (
            f" on {date_format(timezone.localtime(proposal.decided_at))}"
            if proposal.decided_at
            else ""
        )
        raise ValidationError(
            f"This proposal was already {proposal.get_status_display().lower()}{when}."
        )
    if proposal.status not in IN_REVIEW:
        raise ValidationError("Only a submitted proposal can be decided.")
    if verdict == Verdict.WAITLIST and proposal.status == ProposalStatus.WAITLISTED:
        raise ValidationError("This proposal is already on the waitlist.")
    if not by.has_perm("workshops.decide_proposal", proposal):
        raise PermissionDenied
    if verdict != Verdict.DECLINE:
        ahead = _stages_ahead(proposal).first()
        if ahead is not None:
            raise ValidationError(
                f"The proposal has still to go through “{ahead.name}” (or the chair waives it)."
            )
    if verdict == Verdict.ACCEPT:
        _fund(proposal, by, awarded_amount, message, override_reason)
    proposal.status = VERDICT_STATUS[verdict]
    proposal.decision_message = message
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal._history_user = by
    proposal.save()
    notify(
        "workshops.decision",
        about=proposal,
        key=f"{proposal.pk}:{proposal.status}",
        url=proposal.get_absolute_url(),
        proposal=proposal,
        verdict=proposal.get_status_display().lower(),
        accepted=verdict == Verdict.ACCEPT,
        waitlisted=verdict == Verdict.WAITLIST,
    )
    return proposal
