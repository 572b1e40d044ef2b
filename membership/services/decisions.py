"""The public record of a body's decisions."""

from django.db import transaction

from membership.models import Decision


@transaction.atomic
def decision_record(
    *,
    body,
    motion,
    outcome,
    decided_on,
    recorded_by,
    votes_for=0,
    votes_against=0,
    votes_abstain=0,
    link="",
):
    """Record a decision (consensus, or a vote's counts and outcome)."""
    decision = Decision(
        body=body,
        motion=motion,
        outcome=outcome,
        decided_on=decided_on,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        link=link,
        recorded_by=recorded_by,
    )
    decision.full_clean()
    decision._history_user = recorded_by
    decision.save()
    return decision
