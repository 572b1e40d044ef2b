"""Review: balanced assignment that leaves out organisers and the conflicted,
scores on the whole rubric submitted once, and the chair's ranking by weighted
mean against the envelope."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services import person_update
from membership.services.conflicts import declaration_create
from tests.factories.budget import category
from tests.factories.membership import UserFactory
from tests.factories.workshops import draft_proposal, open_call, submitted_proposal
from workshops.enums import Verdict
from workshops.models import Review, Score
from workshops.selectors import ranking
from workshops.services.decisions import proposal_advance, proposal_decide
from workshops.services.proposals import proposal_withdraw
from workshops.services.reviews import (
    conflict_declare,
    review_submit,
    reviewer_assign,
    reviewers_balance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    """The chair (seated as a member too) and three members, in the order they joined."""
    chair = UserFactory(username="chair", roles=[Role.CWG_MEMBER, Role.CWG_CHAIR])
    members = [UserFactory(username=f"member{n}", roles=[Role.CWG_MEMBER]) for n in (1, 2, 3)]
    return [chair, *members]


@pytest.fixture
def call(committee):
    return open_call(by=committee[0])


def reviewers_of(proposal):
    return sorted(
        review.reviewer.display_name for review in proposal.reviews.select_related("reviewer")
    )


def load(call):
    reviews = Review.objects.filter(proposal__call=call).select_related("reviewer")
    counted = {}
    for review in reviews:
        counted[review.reviewer.display_name] = counted.get(review.reviewer.display_name, 0) + 1
    return counted


# --- Balanced assignment ------------------------------------------------------------


def test_reviewers_balance_gives_each_proposal_its_reviewers_and_spreads_the_load(committee, call):
    proposals = [submitted_proposal(call, title=f"Proposal {n}") for n in range(3)]

    created = reviewers_balance(call=call, by=committee[0])

    assert len(created) == 6
    assert [len(reviewers_of(proposal)) for proposal in proposals] == [2, 2, 2]
    assert sorted(load(call).values()) == [1, 1, 2, 2]
    assert all(review.assigned_by is None for review in created)


def test_reviewers_balance_run_twice_adds_nothing(committee, call):
    proposals = [submitted_proposal(call) for _ in range(2)]
    reviewers_balance(call=call, by=committee[0])
    before = [reviewers_of(proposal) for proposal in proposals]

    again = reviewers_balance(call=call, by=committee[0])

    assert again == []
    assert [reviewers_of(proposal) for proposal in proposals] == before
    assert Review.objects.count() == 4


def test_reviewers_balance_counts_a_member_holding_two_roles_once(committee, call):
    chair = committee[0]
    first = submitted_proposal(call, title="First")
    reviewer_assign(proposal=first, reviewer=chair.person, by=chair)
    others = [submitted_proposal(call, title=title) for title in ("Second", "Third")]

    reviewers_balance(call=call, by=chair)

    # Everyone is at one review when the third is handed out: the tie goes to
    # those who joined first, the chair among them.
    assert [reviewers_of(proposal) for proposal in (first, *others)] == [
        ["chair", "member1"],
        ["member2", "member3"],
        ["chair", "member1"],
    ]


def test_reviewers_balance_leaves_out_an_organiser_who_sits_on_the_committee(committee, call):
    organising_member = committee[1]
    proposal = submitted_proposal(call, by=organising_member)

    reviewers_balance(call=call, by=committee[0])

    assert "member1" not in reviewers_of(proposal)
    assert len(reviewers_of(proposal)) == 2


def test_reviewers_balance_leaves_out_a_member_whose_employer_an_organiser_works_for(
    committee, call
):
    organiser = UserFactory(username="organiser")
    person_update(person=organiser.person, affiliation="Quansight")
    declaration_create(
        person=committee[1].person,
        kind=DeclarationKind.EMPLOYER,
        description="I work there.",
        organisation="quansight ",
    )
    proposal = submitted_proposal(call, by=organiser)

    reviewers_balance(call=call, by=committee[0])

    assert reviewers_of(proposal) == ["chair", "member2"]


def test_reviewers_balance_leaves_out_a_member_who_declared_an_interest_in_the_proposal(
    committee, call
):
    proposal = submitted_proposal(call)
    conflict_declare(proposal=proposal, by=committee[0], description="The lead is my student.")

    reviewers_balance(call=call, by=committee[0])

    assert reviewers_of(proposal) == ["member1", "member2"]


def test_reviewers_balance_skips_drafts_and_withdrawn_proposals(committee, call):
    submitted_proposal(call, title="In review")
    draft = draft_proposal(call)
    withdrawn = submitted_proposal(call)
    proposal_withdraw(proposal=withdrawn, by=withdrawn.created_by)

    created = reviewers_balance(call=call, by=committee[0])

    assert {review.proposal.title for review in created} == {"In review"}
    assert (reviewers_of(draft), reviewers_of(withdrawn)) == ([], [])


def test_reviewers_balance_by_a_member_who_is_not_the_chair_is_refused(committee, call):
    submitted_proposal(call)

    with pytest.raises(PermissionDenied):
        reviewers_balance(call=call, by=committee[1])

    assert Review.objects.count() == 0


def test_reviewer_assign_of_a_conflicted_member_is_refused(committee, call):
    proposal = submitted_proposal(call)
    declaration_create(
        person=committee[2].person,
        kind=DeclarationKind.ITEM,
        description="I co-wrote it.",
        item=proposal,
    )

    with pytest.raises(ValidationError) as raised:
        reviewer_assign(proposal=proposal, reviewer=committee[2].person, by=committee[0])

    assert raised.value.message_dict == {
        "reviewer": ["member2 has a conflict of interest with this proposal."]
    }
    assert Review.objects.count() == 0


# --- Submitting a review ----------------------------------------------------------------


def all_scores(call, *values):
    return dict(zip(call.criteria.values_list("pk", flat=True), values, strict=True))


@pytest.fixture
def assigned(committee, call):
    proposal = submitted_proposal(call)
    reviewer = committee[1]
    reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=committee[0])
    return proposal, reviewer


def test_review_submit_keeps_a_score_for_every_criterion(call, assigned):
    proposal, reviewer = assigned

    review = review_submit(
        proposal=proposal, by=reviewer, scores=all_scores(call, 5, 4, 3, 2, 1), comment=" Good. "
    )

    assert (review.comment, review.is_submitted) == ("Good.", True)
    assert list(review.scores.values_list("criterion__name", "score")) == [
        ("Impact on Jupyter", 5),
        ("Feasibility", 4),
        ("Community growth", 3),
        ("Diversity and inclusion", 2),
        ("Budget realism", 1),
    ]


def test_review_submit_a_second_time_is_refused(call, assigned):
    proposal, reviewer = assigned
    review_submit(
        proposal=proposal, by=reviewer, scores=all_scores(call, 3, 3, 3, 3, 3), comment="Ok"
    )

    with pytest.raises(ValidationError) as raised:
        review_submit(
            proposal=proposal, by=reviewer, scores=all_scores(call, 5, 5, 5, 5, 5), comment="Better"
        )

    assert raised.value.messages == ["You have already submitted your review."]
    assert sorted(Score.objects.values_list("score", flat=True)) == [3, 3, 3, 3, 3]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((5, 4, 3, 2, None), "Score each criterion from 1 to 5: Budget realism."),
        (
            (0, 4, 3, 6, 1),
            "Score each criterion from 1 to 5: Impact on Jupyter, Diversity and inclusion.",
        ),
    ],
    ids=["one missing", "out of range"],
)
def test_review_submit_needs_every_criterion_scored(call, assigned, values, message):
    proposal, reviewer = assigned
    scores = {pk: value for pk, value in all_scores(call, *values).items() if value is not None}

    with pytest.raises(ValidationError) as raised:
        review_submit(proposal=proposal, by=reviewer, scores=scores, comment="Partial")

    assert raised.value.message_dict == {"scores": [message]}
    assert (Score.objects.count(), Review.objects.get().is_submitted) == (0, False)


def test_review_submit_needs_a_comment(call, assigned):
    proposal, reviewer = assigned

    with pytest.raises(ValidationError) as raised:
        review_submit(
            proposal=proposal, by=reviewer, scores=all_scores(call, 3, 3, 3, 3, 3), comment=" "
        )

    assert raised.value.message_dict == {
        "comment": ["Say why: the organisers and the committee read it."]
    }
    assert Score.objects.count() == 0


def test_review_submit_by_a_member_who_became_conflicted_is_refused_and_the_recusal_kept(
    call, assigned
):
    proposal, reviewer = assigned
    declaration_create(
        person=reviewer.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="The lead is my sister.",
        related_person=proposal.lead,
    )

    with pytest.raises(PermissionDenied) as raised:
        review_submit(
            proposal=proposal, by=reviewer, scores=all_scores(call, 5, 5, 5, 5, 5), comment="Great"
        )

    assert str(raised.value) == "You have a conflict of interest with this proposal."
    assert list(Recusal.objects.values_list("person", "content_type", "object_id", "reason")) == [
        (
            reviewer.person.pk,
            ContentType.objects.get_for_model(proposal).pk,
            proposal.pk,
            "Conflict of interest",
        )
    ]
    assert Score.objects.count() == 0


def test_review_submit_by_a_member_not_assigned_is_refused(committee, call, assigned):
    proposal, _ = assigned

    with pytest.raises(PermissionDenied):
        review_submit(
            proposal=proposal, by=committee[3], scores=all_scores(call, 5, 5, 5, 5, 5), comment="Hi"
        )

    assert Score.objects.count() == 0


def test_conflict_declare_takes_back_the_unsubmitted_review(committee, call, assigned):
    proposal, reviewer = assigned

    conflict_declare(proposal=proposal, by=reviewer, description="I will attend as a speaker.")

    assert reviewers_of(proposal) == []
    assert Recusal.objects.get().reason == "Declared an interest"


# --- Ranking ---------------------------------------------------------------------------------


@pytest.fixture
def weighted_call(committee):
    """Two criteria, impact weighing three times as much as budget; an envelope of 20,000."""
    return open_call(
        by=committee[0],
        title="Weighted call",
        envelope=Decimal("20000.00"),
        criteria=[("Impact", "", 3), ("Budget", "", 1)],
    )


def review(proposal, reviewer, chair, impact, budget, *, submit=True):
    reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=chair)
    if submit:
        call = proposal.call
        scores = dict(
            zip(call.criteria.values_list("pk", flat=True), (impact, budget), strict=True)
        )
        review_submit(proposal=proposal, by=reviewer, scores=scores, comment="Scored.")


def test_ranking_orders_by_the_weighted_mean_not_the_plain_one(committee, weighted_call):
    chair, first, second, third = committee
    impactful = submitted_proposal(weighted_call, title="Impactful, costly")
    thrifty = submitted_proposal(weighted_call, title="Thrifty, modest")
    unread = submitted_proposal(weighted_call, title="Not reviewed yet")
    # Impactful: (5*3 + 1*1)/4 = 4.00 and (3*3 + 3*1)/4 = 3.00; plain means 3 and 3.
    review(impactful, first, chair, 5, 1)
    review(impactful, second, chair, 3, 3)
    # Thrifty: (2*3 + 5*1)/4 = 2.75; its plain mean, 3.5, would rank it first.
    review(thrifty, first, chair, 2, 5)
    review(thrifty, third, chair, 5, 5, submit=False)

    rows = ranking(weighted_call)

    assert [
        (row.proposal.title, row.mean, row.spread, row.reviews, row.assigned) for row in rows
    ] == [
        ("Impactful, costly", Decimal("3.50"), Decimal("1.00"), 2, 2),
        ("Thrifty, modest", Decimal("2.75"), Decimal("0.00"), 1, 2),
        ("Not reviewed yet", None, None, 0, 0),
    ]
    assert unread.pk == rows[2].proposal.pk


def test_ranking_runs_the_total_against_the_envelope_with_awards_first(committee, weighted_call):
    chair, first, _, _ = committee
    funded = submitted_proposal(weighted_call, title="Already funded")
    proposal_advance(proposal=funded, by=chair)
    proposal_advance(proposal=funded, by=chair)
    proposal_decide(
        proposal=funded, by=chair, verdict=Verdict.ACCEPT, awarded_amount=Decimal("5000")
    )
    travel = category("travel")
    best = submitted_proposal(
        weighted_call,
        title="Best",
        lines=[{"category": travel, "description": "Travel", "amount": Decimal("9000")}],
    )
    next_best = submitted_proposal(
        weighted_call,
        title="Next best",
        lines=[{"category": travel, "description": "Travel", "amount": Decimal("8000")}],
    )
    review(best, first, chair, 5, 5)
    review(next_best, first, chair, 4, 4)

    rows = ranking(weighted_call)

    assert [
        (row.proposal.title, row.requested, row.running_total, row.within_envelope) for row in rows
    ] == [
        ("Best", Decimal("9000.00"), Decimal("14000.00"), True),
        ("Next best", Decimal("8000.00"), Decimal("22000.00"), False),
    ]
