"""Who may do what in the workshops program. Permission names use the program's own
verbs, so they never collide with the Django admin's model permissions."""

import rules

from cwg_portal.roles import (
    is_cwg_chair,
    is_cwg_member,
    is_events_staff,
    is_finance_staff,
    runs_events,
)
from membership.selectors import is_conflicted
from workshops.enums import IN_REVIEW, ProposalStatus


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def organises_proposal(user, proposal):
    person = _person(user)
    if proposal is None or person is None:
        return False
    return proposal.lead_id == person.pk or proposal.organisers.filter(pk=person.pk).exists()


@rules.predicate
def is_conflicted_on_proposal(user, proposal):
    person = _person(user)
    return proposal is not None and person is not None and is_conflicted(person, proposal)


def _review_of(user, proposal):
    person = _person(user)
    if proposal is None or person is None:
        return None
    return proposal.reviews.filter(reviewer=person).first()


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
def is_editable(_user, proposal):
    """Organisers change a draft, or a submitted proposal while its call is open."""
    if proposal is None:
        return False
    if proposal.status == ProposalStatus.DRAFT:
        return True
    return proposal.status == ProposalStatus.SUBMITTED and proposal.call.is_open()


@rules.predicate
def is_withdrawable(_user, proposal):
    return proposal is not None and proposal.status in (ProposalStatus.DRAFT, *IN_REVIEW)


@rules.predicate
def is_accepted(_user, proposal):
    return proposal is not None and proposal.status == ProposalStatus.ACCEPTED


@rules.predicate
def is_not_draft(_user, proposal):
    return proposal is not None and proposal.status != ProposalStatus.DRAFT


@rules.predicate
def is_past_committee_review(_user, proposal):
    """After the committee's own first stage, review goes on with the events staff
    (budget and logistics), who then read the proposal."""
    return (
        proposal is not None
        and proposal.status != ProposalStatus.WITHDRAWN
        and proposal.stage_id is not None
        and proposal.stage.position > 1
    )


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
rules.add_perm(
    "workshops.see_proposal",
    organises_proposal
    | (is_cwg_member & is_not_draft)
    | (is_events_staff & is_past_committee_review),
)
rules.add_perm("workshops.edit_proposal", organises_proposal & is_editable)
# Who was invited to co-organise: the organisers themselves, and the chair, who
# sees whom a proposer tried to name before deciding.
rules.add_perm("workshops.see_invitations", organises_proposal | is_cwg_chair)
rules.add_perm("workshops.withdraw_proposal", organises_proposal & is_withdrawable)
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
rules.add_perm("workshops.see_workshop", organises_proposal | runs_events | is_finance_staff)
rules.add_perm("workshops.file_summary", organises_proposal & is_accepted)
