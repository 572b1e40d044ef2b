"""Who may do what in the workshops program. Permission names use the program's
own verbs, so they never collide with the Django admin's model permissions.

The actions that lists, choices and exports filter by are `Rule`s (one
definition gives the predicate and `restrict`); the review's actions also ask
the conflict register and each reviewer's own review, which only the object
predicates below can read.
"""

import rules
from allauth.account.models import EmailAddress
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from cwg_portal.policies import Rule, register
from cwg_portal.roles import (
    is_cwg_chair,
    is_cwg_member,
    is_events_staff,
    is_finance_staff,
    runs_events,
)
from membership.selectors import is_conflicted
from workshops.enums import IN_REVIEW, InvitationStatus, ProposalStatus


def organised_by(user):
    """The proposals `user` leads or co-organises (having accepted)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(lead__user=user) | Q(organisers__user=user)


def visible_to(user):
    """Organisers see their own; the committee sees every proposal once submitted,
    and the events staff those past the committee's own first stage of review."""
    seen = organised_by(user)
    if is_cwg_member(user):
        seen |= ~Q(status=ProposalStatus.DRAFT)
    if is_events_staff(user):
        seen |= Q(stage__position__gt=1) & ~Q(status=ProposalStatus.WITHDRAWN)
    return seen


def editable_by(user):
    """Organisers change a draft, or a submitted proposal while its call is open."""
    now = timezone.now()
    return organised_by(user) & (
        Q(status=ProposalStatus.DRAFT)
        | Q(status=ProposalStatus.SUBMITTED, call__opens_at__lte=now, call__closes_at__gt=now)
    )


def invited(user):
    """Invitations to an address `user` has shown to be theirs (the account's own,
    or one they verified) on a proposal that is still alive."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    verified = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (Q(email=user.email.lower()) | Q(email__in=verified)) & ~Q(
        proposal__status__in=[ProposalStatus.WITHDRAWN, ProposalStatus.DECLINED]
    )


ORGANISE, *_ = register(
    Rule("workshops.organise_proposal", where=organised_by),
    Rule("workshops.see_proposal", where=visible_to),
    Rule("workshops.edit_proposal", where=editable_by),
    Rule(
        "workshops.withdraw_proposal",
        where=organised_by,
        states=(ProposalStatus.DRAFT, *IN_REVIEW),
    ),
    # The workshop's page (its money, claims and summary), reached from an
    # accepted proposal: its organisers, those who run events and finance staff.
    Rule("workshops.see_workshop", roles=runs_events | is_finance_staff, where=organised_by),
    Rule("workshops.file_summary", where=organised_by, states=(ProposalStatus.ACCEPTED,)),
    # Only the invitee answers, from an address that is theirs.
    Rule("workshops.answer_invitation", where=invited, states=(InvitationStatus.PENDING,)),
)

organises_proposal = rules.predicate(
    lambda user, proposal: proposal is not None and ORGANISE.allows(user, proposal),
    name="organises_proposal",
)


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def is_conflicted_on_proposal(user, proposal):
    person = _person(user)
    return proposal is not None and person is not None and is_conflicted(person, proposal)


def _review_of(user, proposal):
    person = _person(user)
    if proposal is None or person is None:
        return None
    # From the proposal's reviews, which a list of proposals prefetches: a page of
    # rows then asks nothing more of the database.
    return next((r for r in proposal.reviews.all() if r.reviewer_id == person.pk), None)


@rules.predicate
def is_assigned_reviewer(user, proposal):
    return _review_of(user, proposal) is not None


@rules.predicate
def has_submitted_review(user, proposal):
    review = _review_of(user, proposal)
    return review is not None and review.is_submitted


@rules.predicate
def is_in_review(_user, proposal):
    return proposal is not None and proposal.status in IN_REVIEW


@rules.predicate
def is_not_draft(_user, proposal):
    return proposal is not None and proposal.status != ProposalStatus.DRAFT


# A reviewer forms their own view first; members who do not review see the
# committee's reviews at once, and no one conflicted sees them at all.
sees_reviews = (
    is_cwg_member
    & is_not_draft
    & ~is_conflicted_on_proposal
    & (~is_assigned_reviewer | has_submitted_review)
)

rules.add_perm("workshops.open_call", is_cwg_chair)
rules.add_perm("workshops.propose", rules.is_authenticated)
rules.add_perm("workshops.list_all_proposals", is_cwg_member)
# Who was invited to co-organise: the organisers themselves, and the chair, who
# sees whom a proposer tried to name before deciding.
rules.add_perm("workshops.see_invitations", organises_proposal | is_cwg_chair)
rules.add_perm("workshops.see_reviews", sees_reviews)
rules.add_perm(
    "workshops.review_proposal",
    is_assigned_reviewer & is_cwg_member & is_in_review & ~is_conflicted_on_proposal,
)
rules.add_perm("workshops.declare_conflict", is_cwg_member & is_not_draft & ~organises_proposal)
rules.add_perm("workshops.assign_reviewers", is_cwg_chair)
rules.add_perm("workshops.see_ranking", is_cwg_chair)
rules.add_perm("workshops.advance_stage", is_cwg_chair & is_in_review)
rules.add_perm(
    "workshops.decide_proposal", is_cwg_chair & is_in_review & ~is_conflicted_on_proposal
)
