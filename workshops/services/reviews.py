"""Review: members assigned to proposals (by the chair or balanced automatically),
conflicts declared, scores on the call's rubric submitted once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cwg_portal.notifications import notify
from membership.enums import DeclarationKind
from membership.selectors import is_conflicted
from membership.services import person_for_user
from membership.services.conflicts import declaration_create, recusal_record, refuse_if_conflicted
from workshops.enums import IN_REVIEW
from workshops.models import Review, Score
from workshops.selectors import committee_members
from workshops.services.proposals import proposal_locked


def _refuse_unless_in_review(proposal):
    if proposal.status not in IN_REVIEW:
        raise ValidationError(
            f"This proposal is {proposal.get_status_display().lower()}, not in review."
        )


@transaction.atomic
def reviewer_assign(*, proposal, reviewer, by):
    """The chair gives a proposal to a member to review."""
    if not by.has_perm("workshops.assign_reviewers"):
        raise PermissionDenied
    proposal = proposal_locked(proposal)
    _refuse_unless_in_review(proposal)
    if not committee_members().filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": f"{reviewer} is not a member of the working group."})
    if is_conflicted(reviewer, proposal):
        raise ValidationError(
            {"reviewer": f"{reviewer} has a conflict of interest with this proposal."}
        )
    if proposal.reviews.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} already reviews this proposal."})
    review = Review.objects.create(proposal=proposal, reviewer=reviewer, assigned_by=by)
    notify(
        "workshops.reviewer_assigned",
        about=review,
        key=review.pk,
        url=reverse("workshops:review", kwargs={"proposal_pk": proposal.pk}),
        proposal=proposal,
    )
    return review


@transaction.atomic
def reviewer_unassign(*, review, by):
    """Take a review back from a member before they submitted it."""
    if not by.has_perm("workshops.assign_reviewers"):
        raise PermissionDenied
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_submitted:
        raise ValidationError("This review is submitted; it stays with the proposal.")
    review.delete()


@transaction.atomic
def reviewers_balance(*, call, by):
    """Give every proposal in review as many reviewers as the call asks for, each
    time the member with the fewest reviews in this call who is free of conflicts
    with the proposal (ties go to the member who joined the portal first, so the
    outcome does not depend on the order rows come back in)."""
    if not by.has_perm("workshops.assign_reviewers"):
        raise PermissionDenied
    proposals = list(
        call.proposals.select_for_update()
        .filter(status__in=IN_REVIEW)
        .order_by("submitted_at", "pk")
    )
    # Distinct: a member holding both the member and the chair role is joined
    # once per role, which would count each of their reviews twice.
    members = list(
        committee_members().annotate(
            load=Count(
                "workshop_reviews",
                filter=Q(workshop_reviews__proposal__call=call),
                distinct=True,
            )
        )
    )
    load = {member.pk: member.load for member in members}
    created = []
    for proposal in proposals:
        taken = set(proposal.reviews.values_list("reviewer_id", flat=True))
        eligible = [
            member
            for member in members
            if member.pk not in taken and not is_conflicted(member, proposal)
        ]
        for member in sorted(eligible, key=lambda m: (load[m.pk], m.pk))[
            : max(call.reviewers_per_proposal - len(taken), 0)
        ]:
            created.append(Review.objects.create(proposal=proposal, reviewer=member))
            load[member.pk] += 1
    return created


def review_submit(*, proposal, by, scores, comment):
    """A reviewer scores every criterion of the rubric and says why; once.

    A conflicted reviewer is stood aside and the recusal recorded, which is why the
    check runs before the write's own transaction.
    """
    refuse_if_conflicted(user=by, item=proposal, what="proposal")
    return _review_save(proposal=proposal, by=by, scores=scores, comment=comment)


@transaction.atomic
def _review_save(*, proposal, by, scores, comment):
    person = getattr(by, "person", None)
    review = (
        Review.objects.select_for_update()
        .filter(proposal=proposal, reviewer=person)
        .select_related("proposal__call")
        .first()
    )
    if review is None or not by.has_perm("workshops.review_proposal", proposal):
        raise PermissionDenied("You are not a reviewer of this proposal.")
    _refuse_unless_in_review(review.proposal)
    if review.is_submitted:
        raise ValidationError("You have already submitted your review.")
    criteria = list(review.proposal.call.criteria.all())
    missing = [c.name for c in criteria if scores.get(c.pk) not in range(1, 6)]
    if missing:
        raise ValidationError(
            {"scores": f"Score each criterion from 1 to 5: {', '.join(missing)}."}
        )
    if not comment.strip():
        raise ValidationError({"comment": "Say why: the organisers and the committee read it."})
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, score=scores[criterion.pk])
        for criterion in criteria
    )
    review.comment = comment.strip()
    review.submitted_at = timezone.now()
    review.save(update_fields=["comment", "submitted_at"])
    return review


@transaction.atomic
def conflict_declare(*, proposal, by, description):
    """A member declares an interest in a proposal: from then on they neither
    review it nor see its reviews, and an unsubmitted review of theirs is taken back."""
    if not by.has_perm("workshops.declare_conflict", proposal):
        raise PermissionDenied
    if not description.strip():
        raise ValidationError({"description": "Say what the interest is."})
    person = person_for_user(user=by)
    declaration = declaration_create(
        person=person, kind=DeclarationKind.ITEM, description=description.strip(), item=proposal
    )
    proposal.reviews.filter(reviewer=person, submitted_at__isnull=True).delete()
    recusal_record(person=person, item=proposal, reason="Declared an interest")
    return declaration
