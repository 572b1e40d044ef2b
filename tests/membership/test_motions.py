"""Formal votes: called by a member, seconded by another, voted on once by the
roll frozen at the second, counted at closing time (or at once when everyone
has voted) and recorded as a public decision; the sponsor's change restarts the
vote; the chair follows each member's participation."""

import datetime
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from membership.enums import MotionChoice, MotionKind, MotionStatus
from membership.models import (
    Body,
    Decision,
    Motion,
    MotionBallot,
    MotionOption,
    MotionPreference,
    MotionVoter,
)
from membership.selectors import member_affiliations, motion_years, participation
from membership.services.counting import instant_runoff
from membership.services.motions import (
    motion_close,
    motion_edit,
    motion_lapse,
    motion_second,
    motion_vote,
    motion_withdraw,
)
from membership.tasks import motion_close_task, motions_close_due, motions_lapse_due
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    call_motion,
    members_of,
    open_motion,
    pass_motion_closing_time,
    pass_second_deadline,
)
from tests.membership.elections import rows_sharing_xmin

pytestmark = pytest.mark.django_db

FOR, AGAINST, BLANK = MotionChoice.FOR, MotionChoice.AGAINST, MotionChoice.BLANK
NOT_OPEN = ["Voting on this motion is not open."]
ALREADY_VOTED = ["You have already voted on this motion."]
NOT_ON_ROLL = "You are not on this motion's voter roll."
VENUES = ["Conference centre", "University campus", "Public library"]


# --- Helpers ------------------------------------------------------------------


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


def vote(motion, voter, choice):
    return motion_vote(motion=motion, voter=voter, choice=choice)


def rank(motion, voter, *labels):
    """Vote on a ranked choice by the options' labels, first choice first."""
    pks = dict(motion.options.values_list("label", "pk"))
    return motion_vote(motion=motion, voter=voter, ranking=[pks[label] for label in labels])


def ranked_motion(body, options=VENUES):
    return open_motion(body, kind=MotionKind.RANKED, options=options)


def result(motion):
    motion = Motion.objects.get(pk=motion.pk)
    return (
        motion.status,
        motion.ballots_cast,
        motion.blank_votes,
        motion.quorum_reached,
        motion.votes_for,
        motion.votes_against,
        motion.passed,
    )


def rolled(motion):
    return sorted(motion.voters.values_list("user_id", "has_voted"))


def labelled_rounds(motion):
    """The stored rounds with the options' labels instead of their ids."""
    motion = Motion.objects.get(pk=motion.pk)
    labels = {str(pk): label for pk, label in motion.options.values_list("pk", "label")}
    return [
        (
            {labels[pk]: votes for pk, votes in count["counts"].items()},
            sorted(labels[str(pk)] for pk in count["eliminated"]),
        )
        for count in motion.rounds
    ]


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


# --- Calling and seconding ------------------------------------------------------


def test_motion_call_by_a_member_awaits_a_second_with_the_bodys_rules_copied():
    body = BodyFactory(motion_days=5, motion_quorum_numerator=2, motion_quorum_denominator=3)
    (sponsor,) = members_of(body, 1)

    motion = call_motion(body, sponsor=sponsor, title="Fund the Lagos workshop")
    body.motion_days = 9
    body.save()

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.sponsor, stored.title, stored.revision) == (
        MotionStatus.AWAITING_SECOND,
        sponsor,
        "Fund the Lagos workshop",
        1,
    )
    assert (stored.voting_days, stored.quorum_numerator, stored.quorum_denominator) == (5, 2, 3)
    assert (stored.opens_at, stored.closes_at, stored.eligible_count) == (None, None, 0)
    assert MotionVoter.objects.filter(motion=motion).count() == 0


def test_motion_call_by_someone_not_on_the_body_is_refused():
    body = BodyFactory()
    members_of(body, 2)

    with pytest.raises(PermissionDenied) as refused:
        call_motion(body, sponsor=UserFactory())

    assert str(refused.value) == "Only a member of the body may call a formal vote."
    assert Motion.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        (MotionKind.RANKED, ["Only one"], "A ranked choice needs at least two options."),
        (MotionKind.RANKED, ["Lagos", " ", "lagos "], "Each option must be different."),
        (MotionKind.BINARY, ["Lagos"], "A question for or against has no options."),
    ],
)
def test_motion_call_with_wrong_options_is_refused(kind, options, message):
    body = BodyFactory()
    members_of(body, 1)

    with pytest.raises(ValidationError) as refused:
        call_motion(body, kind=kind, options=options)

    assert refused.value.message_dict == {"options": [message]}
    assert Motion.objects.count() == 0


def test_motion_call_keeps_the_options_in_the_sponsors_order():
    body = BodyFactory()
    members_of(body, 1)

    motion = call_motion(body, kind=MotionKind.RANKED, options=[" Lagos ", "", "Nairobi"])

    assert list(motion.options.values_list("position", "label")) == [(1, "Lagos"), (2, "Nairobi")]


def test_motion_second_opens_the_vote_and_freezes_the_current_members_as_voters():
    body = BodyFactory(motion_days=7)
    sponsor, seconder = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    latecomer = MembershipFactory(body=body).person.user
    MembershipFactory(body=body, ends_on=timezone.localdate() - timedelta(days=1))
    MembershipFactory(body=BodyFactory())
    before = timezone.now()

    motion = motion_second(motion=motion, seconded_by=seconder)

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.eligible_count) == (
        MotionStatus.OPEN,
        seconder,
        3,
    )
    assert before <= stored.seconded_at == stored.opens_at <= timezone.now()
    assert stored.closes_at - stored.opens_at == timedelta(days=7)
    assert rolled(motion) == sorted((u.pk, False) for u in (sponsor, seconder, latecomer))
    MembershipFactory(body=body)
    assert motion.voters.count() == 3


def test_motion_second_by_the_sponsor_is_refused():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=sponsor)

    assert refused.value.messages == ["The sponsor cannot second their own motion."]
    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.opens_at) == (
        MotionStatus.AWAITING_SECOND,
        None,
        None,
    )


def test_motion_second_by_someone_not_on_the_body_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = call_motion(body)
    elsewhere = MembershipFactory(body=BodyFactory()).person.user

    with pytest.raises(PermissionDenied) as refused:
        motion_second(motion=motion, seconded_by=elsewhere)

    assert str(refused.value) == "Only a member of the body may second its motions."
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_motion_second_a_second_time_is_refused():
    body = BodyFactory()
    _, first, second = members_of(body, 3)
    motion = open_motion(body, seconded_by=first)

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=second)

    assert refused.value.messages == ["This motion is not awaiting a second."]
    assert Motion.objects.get(pk=motion.pk).seconded_by == first


def test_motion_second_cannot_name_the_sponsor_in_the_database():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    motion.seconded_by = sponsor

    with pytest.raises(ValidationError) as refused:
        motion.full_clean()

    assert refused.value.messages == ["The sponsor cannot second their own motion."]


def test_motion_on_a_body_needing_no_second_opens_when_called():
    body = BodyFactory(motion_needs_second=False)
    (sponsor,) = members_of(body, 1)

    motion = call_motion(body, sponsor=sponsor)

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.status, stored.seconded_by, stored.eligible_count) == (
        MotionStatus.OPEN,
        None,
        1,
    )
    assert rolled(motion) == [(sponsor.pk, False)]


# --- Secret ballots, cast once -----------------------------------------------------


def table_columns(model):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return sorted(column.name for column in description)


def test_motion_ballot_tables_hold_nothing_about_the_voter_or_the_moment():
    assert table_columns(MotionBallot) == ["choice", "id", "motion_id"]
    assert table_columns(MotionPreference) == ["ballot_id", "id", "option_id", "rank"]
    assert table_columns(MotionVoter) == ["has_voted", "id", "motion_id", "user_id"]
    assert (MotionBallot._meta.ordering, MotionPreference._meta.ordering) == ([], [])


def test_motion_vote_stores_a_random_ballot_apart_from_the_roll():
    body = BodyFactory()
    first, second, third = members_of(body, 3)
    motion = open_motion(body)

    ballots = [vote(motion, first, FOR), vote(motion, second, BLANK)]

    assert [uuid.UUID(str(ballot.pk)).version for ballot in ballots] == [4, 4]
    assert sorted(MotionBallot.objects.values_list("choice", flat=True)) == ["blank", "for"]
    assert rolled(motion) == sorted([(first.pk, True), (second.pk, True), (third.pk, False)])


@pytest.mark.django_db(transaction=True)
def test_motion_ballot_and_roll_rows_share_no_transaction_id(transactional_db):
    body = BodyFactory()
    voters = members_of(body, 3)
    motion = ranked_motion(body)

    for voter in voters:
        rank(motion, voter, *VENUES)

    motion.refresh_from_db()
    assert motion.status == MotionStatus.CLOSED
    assert (
        rows_sharing_xmin(
            "SELECT count(*) FROM membership_motionballot b JOIN membership_motionvoter r "
            "ON b.xmin = r.xmin"
        )
        == 0
    )
    assert (
        rows_sharing_xmin(
            "SELECT count(*) FROM membership_motionpreference p JOIN membership_motionvoter r "
            "ON p.xmin = r.xmin"
        )
        == 0
    )


@pytest.mark.django_db(transaction=True)
def test_motion_vote_twice_at_the_same_moment_leaves_one_ballot(transactional_db):
    body = BodyFactory()
    voter, _, _ = members_of(body, 3)
    motion = open_motion(body)
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def cast(choice):
        try:
            barrier.wait()
            outcomes.append(vote(motion, voter, choice))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(choice,)) for choice in (FOR, AGAINST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    ballots = list(MotionBallot.objects.filter(motion=motion))
    errors = [outcome.messages for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(ballots) == 1
    assert [outcome for outcome in outcomes if isinstance(outcome, MotionBallot)] == ballots
    assert errors == [ALREADY_VOTED]
    assert motion.voters.filter(has_voted=True).count() == 1


def test_motion_vote_a_second_time_is_refused_and_the_first_stands():
    body = BodyFactory()
    voter, _, _ = members_of(body, 3)
    motion = open_motion(body)
    vote(motion, voter, FOR)

    with pytest.raises(ValidationError) as refused:
        vote(motion, voter, AGAINST)

    assert refused.value.messages == ALREADY_VOTED
    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["for"]


def test_motion_vote_by_a_non_member_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = open_motion(body)

    with pytest.raises(PermissionDenied) as refused:
        vote(motion, UserFactory(), FOR)

    assert str(refused.value) == NOT_ON_ROLL
    assert MotionBallot.objects.count() == 0


def test_motion_vote_by_a_member_who_joined_after_the_second_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = open_motion(body)
    latecomer = MembershipFactory(body=body).person.user

    with pytest.raises(PermissionDenied) as refused:
        vote(motion, latecomer, FOR)

    assert str(refused.value) == NOT_ON_ROLL


def test_motion_vote_before_the_second_is_refused():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)

    with pytest.raises(PermissionDenied):
        vote(motion, sponsor, FOR)

    assert MotionBallot.objects.count() == 0


def test_motion_vote_after_the_closing_time_before_the_count_is_refused():
    body = BodyFactory()
    voter, _ = members_of(body, 2)
    motion = pass_motion_closing_time(open_motion(body))

    with pytest.raises(ValidationError) as refused:
        vote(motion, voter, FOR)

    assert refused.value.messages == NOT_OPEN
    assert MotionBallot.objects.count() == 0


def first_option(motion):
    return motion.options.first().pk


@pytest.mark.parametrize(
    ("kind", "arguments", "message"),
    [
        (MotionKind.BINARY, lambda _: {"choice": "maybe"}, "Vote for, against or blank."),
        (
            MotionKind.BINARY,
            lambda _: {"choice": MotionChoice.RANKING},
            "Vote for, against or blank.",
        ),
        (MotionKind.RANKED, lambda _: {}, "Rank at least one option, or vote blank."),
        (MotionKind.RANKED, lambda _: {"choice": FOR}, "Rank at least one option, or vote blank."),
        (
            MotionKind.RANKED,
            lambda motion: {"ranking": [first_option(motion)] * 2},
            "Give each option one rank at most.",
        ),
        (
            MotionKind.RANKED,
            lambda motion: {"ranking": [first_option(motion) + 1000]},
            "Rank only the options of this motion.",
        ),
    ],
)
def test_motion_vote_that_is_not_a_vote_stores_nothing(kind, arguments, message):
    body = BodyFactory()
    voter, _, _ = members_of(body, 3)
    motion = open_motion(body, kind=kind, options=VENUES if kind == MotionKind.RANKED else ())

    with pytest.raises(ValidationError) as refused:
        motion_vote(motion=motion, voter=voter, **arguments(motion))

    assert refused.value.messages == [message]
    assert MotionBallot.objects.filter(motion=motion).count() == 0
    assert motion.voters.filter(has_voted=True).count() == 0


def test_motion_vote_ranked_keeps_the_ranks_without_the_voter():
    body = BodyFactory()
    voter, _, _ = members_of(body, 3)
    motion = ranked_motion(body)

    ballot = rank(motion, voter, "Public library", "Conference centre")

    assert ballot.choice == MotionChoice.RANKING
    assert list(ballot.preferences.order_by("rank").values_list("rank", "option__label")) == [
        (1, "Public library"),
        (2, "Conference centre"),
    ]


# --- Counting a question -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("voters", "votes", "expected"),
    [
        pytest.param(4, [FOR, FOR], (2, 0, True, 2, 0, True), id="exactly-at-quorum"),
        pytest.param(5, [FOR, FOR], (2, 0, False, 2, 0, False), id="below-quorum"),
        pytest.param(4, [FOR, AGAINST], (2, 0, True, 1, 1, False), id="tie-fails"),
        pytest.param(5, [FOR, FOR, AGAINST], (3, 0, True, 2, 1, True), id="simple-majority"),
        pytest.param(4, [BLANK, BLANK], (2, 2, True, 0, 0, False), id="blanks-only"),
        pytest.param(4, [FOR, BLANK], (2, 1, True, 1, 0, True), id="blank-counts-for-quorum-only"),
        pytest.param(
            5, [FOR, BLANK, BLANK, AGAINST], (4, 2, True, 1, 1, False), id="blanks-leave-a-tie"
        ),
    ],
)
def test_motion_close_counts_a_question(voters, votes, expected):
    body = BodyFactory()
    roll = members_of(body, voters)
    motion = open_motion(body)
    for voter, choice in zip(roll, votes, strict=False):
        vote(motion, voter, choice)

    motion_close(motion=pass_motion_closing_time(motion))

    assert result(motion) == (MotionStatus.CLOSED, *expected)


def test_motion_close_applies_the_bodys_own_quorum():
    body = BodyFactory(motion_quorum_numerator=2, motion_quorum_denominator=3)
    roll = members_of(body, 3)
    motion = open_motion(body)
    vote(motion, roll[0], FOR)

    motion_close(motion=pass_motion_closing_time(motion))

    assert result(motion) == (MotionStatus.CLOSED, 1, 0, False, 1, 0, False)


def test_motion_close_records_the_decision_publicly(cwg):
    sponsor, *others = members_of(cwg, 4)
    motion = open_motion(
        cwg, sponsor=sponsor, title="Fund the Lagos workshop", text="Grant $5,000."
    )
    for voter, choice in zip(others, (FOR, FOR, BLANK), strict=True):
        vote(motion, voter, choice)

    motion = motion_close(motion=pass_motion_closing_time(motion))

    decision = Decision.objects.get()
    assert motion.decision == decision
    assert (
        decision.body,
        decision.motion,
        decision.votes_for,
        decision.votes_against,
        decision.votes_abstain,
        decision.outcome,
        decision.decided_on,
        decision.recorded_by,
    ) == (
        cwg,
        "Fund the Lagos workshop\nGrant $5,000.",
        2,
        0,
        1,
        Decision.Outcome.PASSED,
        timezone.localdate(),
        sponsor,
    )


def test_motion_close_a_second_time_changes_nothing():
    body = BodyFactory()
    first, second, _ = members_of(body, 3)
    motion = open_motion(body)
    vote(motion, first, FOR)
    vote(motion, second, AGAINST)
    motion_close(motion=pass_motion_closing_time(motion))
    before = Motion.objects.values().get(pk=motion.pk)

    motion_close(motion=motion)

    assert Motion.objects.values().get(pk=motion.pk) == before
    assert Decision.objects.count() == 1


def test_motion_close_before_the_closing_time_is_refused():
    body = BodyFactory()
    members_of(body, 3)
    motion = open_motion(body)

    with pytest.raises(ValidationError) as refused:
        motion_close(motion=motion)

    assert refused.value.messages == ["The vote on this motion is still open."]
    assert result(motion) == (MotionStatus.OPEN, None, None, None, None, None, None)


def test_motion_close_leaves_a_motion_awaiting_a_second_alone():
    body = BodyFactory()
    members_of(body, 2)
    motion = call_motion(body)

    motion_close(motion=motion)

    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND
    assert Decision.objects.count() == 0


# --- Counting a ranked choice ---------------------------------------------------------------


def test_instant_runoff_transfers_the_eliminated_options_ballots():
    ballots = [["A"], ["A"], ["B"], ["B"], ["C", "B"]]

    winner, rounds = instant_runoff(ballots, ["A", "B", "C"])

    assert winner == "B"
    assert rounds == [
        {"counts": {"A": 2, "B": 2, "C": 1}, "eliminated": ["C"]},
        {"counts": {"A": 2, "B": 3}, "eliminated": []},
    ]


def test_instant_runoff_breaks_a_tie_for_fewest_by_first_choices():
    # Round 2 has B and C level at 3; B had fewer first choices, so B goes, and
    # its ballots carry C past A. Eliminating C instead would have elected A.
    ballots = [["A"]] * 4 + [["B", "C"]] * 2 + [["C"]] * 3 + [["D", "B", "C"]]

    winner, rounds = instant_runoff(ballots, ["A", "B", "C", "D"])

    assert winner == "C"
    assert rounds == [
        {"counts": {"A": 4, "B": 2, "C": 3, "D": 1}, "eliminated": ["D"]},
        {"counts": {"A": 4, "B": 3, "C": 3}, "eliminated": ["B"]},
        {"counts": {"A": 4, "C": 6}, "eliminated": []},
    ]


def test_instant_runoff_eliminates_together_options_tied_in_first_choices_too():
    ballots = [["A"]] * 3 + [["B"]] * 2 + [["C", "B"], ["D", "B"]]

    winner, rounds = instant_runoff(ballots, ["A", "B", "C", "D"])

    assert winner == "B"
    assert rounds == [
        {"counts": {"A": 3, "B": 2, "C": 1, "D": 1}, "eliminated": ["C", "D"]},
        {"counts": {"A": 3, "B": 4}, "eliminated": []},
    ]


def test_instant_runoff_with_the_last_two_options_level_chooses_none():
    winner, rounds = instant_runoff([["A", "B"], ["B", "A"]], ["A", "B", "C"])

    assert winner is None
    assert rounds == [
        {"counts": {"A": 1, "B": 1, "C": 0}, "eliminated": ["C"]},
        {"counts": {"A": 1, "B": 1}, "eliminated": []},
    ]


def test_instant_runoff_without_a_ranked_ballot_chooses_none():
    winner, rounds = instant_runoff([], ["A", "B"])

    assert (winner, rounds) == (None, [{"counts": {"A": 0, "B": 0}, "eliminated": []}])


def test_instant_runoff_drops_exhausted_ballots_from_the_majority():
    ballots = [["A"], ["A"], ["B"], ["B"], ["C"]]

    winner, rounds = instant_runoff(ballots, ["A", "B", "C"])

    assert winner is None
    assert rounds[-1] == {"counts": {"A": 2, "B": 2}, "eliminated": []}


def test_motion_close_runs_off_a_ranked_choice_and_records_the_chosen_option(cwg):
    roll = members_of(cwg, 6)
    motion = open_motion(
        cwg, kind=MotionKind.RANKED, options=VENUES, title="Venue", text="Choose the venue."
    )
    centre, campus, library = VENUES
    for voter, ranking in zip(
        roll[:5],
        [[centre], [centre, library], [campus], [campus], [library, campus]],
        strict=True,
    ):
        rank(motion, voter, *ranking)
    vote(motion, roll[5], BLANK)

    motion = Motion.objects.get(pk=motion.pk)

    assert (motion.status, motion.closed_early, motion.passed, motion.winner.label) == (
        MotionStatus.CLOSED,
        True,
        True,
        campus,
    )
    assert (motion.ballots_cast, motion.blank_votes, motion.votes_for) == (6, 1, None)
    assert labelled_rounds(motion) == [
        ({centre: 2, campus: 2, library: 1}, [library]),
        ({centre: 2, campus: 3}, []),
    ]
    decision = motion.decision
    assert (decision.motion, decision.outcome) == (
        "Venue\nChoose the venue.\nChosen by ranked-choice vote: University campus.",
        Decision.Outcome.PASSED,
    )
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (3, 2, 1)


def test_motion_close_with_the_last_two_options_level_chooses_none_and_fails():
    body = BodyFactory()
    first, second, _ = members_of(body, 3)
    motion = ranked_motion(body)
    rank(motion, first, VENUES[0])
    rank(motion, second, VENUES[1])

    motion = motion_close(motion=pass_motion_closing_time(motion))

    assert (motion.passed, motion.winner, motion.quorum_reached) == (False, None, True)
    assert motion.decision.motion.endswith("\nNo option was chosen.")
    assert (
        motion.decision.outcome,
        motion.decision.votes_for,
        motion.decision.votes_against,
        motion.decision.votes_abstain,
    ) == (Decision.Outcome.FAILED, 0, 2, 0)


def test_motion_close_below_quorum_chooses_no_option():
    body = BodyFactory()
    voter, *_ = members_of(body, 3)
    motion = ranked_motion(body)
    rank(motion, voter, VENUES[2])

    motion = motion_close(motion=pass_motion_closing_time(motion))

    assert (motion.quorum_reached, motion.passed, motion.winner) == (False, False, None)
    assert labelled_rounds(motion) == [({VENUES[0]: 0, VENUES[1]: 0, VENUES[2]: 1}, [])]
    assert motion.decision.outcome == Decision.Outcome.FAILED


def test_motion_close_of_a_ranked_choice_with_only_blank_votes_chooses_none():
    body = BodyFactory()
    first, second = members_of(body, 2)
    motion = ranked_motion(body)
    motion_vote(motion=motion, voter=first, choice=BLANK)
    motion_vote(motion=motion, voter=second, choice=BLANK)

    motion = Motion.objects.get(pk=motion.pk)

    assert (motion.status, motion.quorum_reached, motion.passed, motion.blank_votes) == (
        MotionStatus.CLOSED,
        True,
        False,
        2,
    )
    assert motion.decision.votes_abstain == 2


# --- Closing early ---------------------------------------------------------------------------


def test_motion_closes_at_once_when_every_voter_has_voted():
    body = BodyFactory()
    roll = members_of(body, 3)
    motion = open_motion(body)
    vote(motion, roll[0], FOR)
    vote(motion, roll[1], AGAINST)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.OPEN

    vote(motion, roll[2], FOR)

    stored = Motion.objects.get(pk=motion.pk)
    assert result(stored) == (MotionStatus.CLOSED, 3, 0, True, 2, 1, True)
    assert stored.closed_early is True
    assert stored.closed_at < stored.closes_at
    assert Decision.objects.get().outcome == Decision.Outcome.PASSED
    assert motion_close_task(motion.pk) is None
    assert Decision.objects.count() == 1


# --- The sponsor's changes ------------------------------------------------------------------


def test_motion_edit_during_the_vote_discards_the_votes_and_asks_their_voters_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee")
    sponsor, first, second, third = members_of(body, 4)
    motion = open_motion(body, sponsor=sponsor, title="Adopt the checklist")
    vote(motion, first, FOR)
    vote(motion, second, AGAINST)
    Motion.objects.filter(pk=motion.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() + timedelta(days=4)
    )
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        motion_edit(
            motion=motion,
            edited_by=sponsor,
            title="Adopt the checklist",
            text="Adopt the DISC checklist for every workshop.",
        )

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.text, stored.revision, stored.status) == (
        "Adopt the DISC checklist for every workshop.",
        2,
        MotionStatus.OPEN,
    )
    assert before <= stored.opens_at == stored.revised_at
    assert stored.closes_at - stored.opens_at == timedelta(days=7)
    assert MotionBallot.objects.filter(motion=motion).count() == 0
    assert rolled(motion) == sorted((user.pk, False) for user in (sponsor, first, second, third))
    closes = timezone.localtime(stored.closes_at).strftime("%Y-%m-%d %H:%M %Z")
    assert sorted((message.to, message.subject) for message in mailoutbox) == [
        ([first.email], "Vote again: Adopt the checklist"),
        ([second.email], "Vote again: Adopt the checklist"),
    ]
    assert mailoutbox[0].body == (
        "The sponsor changed the motion “Adopt the checklist” of DEI Committee while it was "
        "being voted on. The votes cast on the earlier wording were discarded, yours with "
        f"them. Please read the motion again and vote before {closes}:\n\n"
        f"{settings.SITE_URL}/people/motions/{motion.pk}/vote/"
    )
    vote(motion, first, AGAINST)
    assert list(MotionBallot.objects.values_list("choice", flat=True)) == ["against"]


def test_motion_edit_of_the_options_replaces_them_and_the_ranked_ballots():
    body = BodyFactory()
    sponsor, voter, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor, kind=MotionKind.RANKED, options=VENUES)
    rank(motion, voter, VENUES[1])

    motion_edit(
        motion=motion,
        edited_by=sponsor,
        title=motion.title,
        text=motion.text,
        options=["Conference centre", "Public library"],
    )

    assert list(motion.options.values_list("label", flat=True)) == [
        "Conference centre",
        "Public library",
    ]
    assert MotionPreference.objects.count() == 0
    assert MotionOption.objects.filter(label="University campus").count() == 0


def test_motion_edit_that_changes_nothing_leaves_the_vote_running(mailoutbox):
    body = BodyFactory()
    sponsor, voter, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor)
    vote(motion, voter, FOR)
    before = Motion.objects.values().get(pk=motion.pk)

    motion_edit(motion=motion, edited_by=sponsor, title=motion.title, text=motion.text)

    assert Motion.objects.values().get(pk=motion.pk) == before
    assert MotionBallot.objects.count() == 1
    assert mailoutbox == []


def test_motion_edit_while_awaiting_a_second_changes_the_wording_only():
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)

    motion_edit(motion=motion, edited_by=sponsor, title="New title", text="New wording.")

    stored = Motion.objects.get(pk=motion.pk)
    assert (stored.title, stored.text, stored.revision, stored.status, stored.opens_at) == (
        "New title",
        "New wording.",
        2,
        MotionStatus.AWAITING_SECOND,
        None,
    )


def test_motion_edit_by_anyone_but_the_sponsor_is_refused():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = open_motion(body, seconded_by=seconder)

    with pytest.raises(PermissionDenied) as refused:
        motion_edit(motion=motion, edited_by=seconder, title="Hijacked", text="Hijacked.")

    assert str(refused.value) == "Only the sponsor may change the motion."
    assert Motion.objects.get(pk=motion.pk).revision == 1


@pytest.mark.parametrize("counted", [False, True])
def test_motion_edit_after_the_vote_ended_is_refused(counted):
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = pass_motion_closing_time(open_motion(body, sponsor=sponsor))
    if counted:
        motion_close(motion=motion)

    with pytest.raises(ValidationError) as refused:
        motion_edit(motion=motion, edited_by=sponsor, title="Later", text="Later.")

    assert refused.value.messages == [
        "The vote on this motion is over; it can no longer be changed."
    ]
    assert Motion.objects.get(pk=motion.pk).revision == 1


# --- Withdrawal and lapse -------------------------------------------------------------------

WITHDRAWN = ["This motion was withdrawn by its sponsor."]
LAPSED = ["This motion lapsed: nobody seconded it in time."]


def ended_state(motion):
    stored = Motion.objects.get(pk=motion.pk)
    return stored.status, stored.withdrawn_by, stored.decision


def test_motion_withdraw_while_awaiting_a_second_ends_it_without_a_decision(mailoutbox):
    body = BodyFactory()
    sponsor, _ = members_of(body, 2)
    motion = call_motion(body, sponsor=sponsor)
    before = timezone.now()

    motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert ended_state(motion) == (MotionStatus.WITHDRAWN, sponsor, None)
    assert Motion.objects.get(pk=motion.pk).closed_at >= before
    assert Decision.objects.count() == 0
    assert mailoutbox == []


def test_motion_withdraw_during_the_vote_discards_the_ballots_and_tells_the_roll(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee")
    sponsor, first, second = members_of(body, 3)
    sponsor.person.display_name = "Amani Mwangi"
    sponsor.person.save()
    motion = open_motion(
        body, sponsor=sponsor, kind=MotionKind.RANKED, options=VENUES, title="Choose the venue"
    )
    rank(motion, first, VENUES[0], VENUES[2])
    vote(motion, second, BLANK)

    with django_capture_on_commit_callbacks(execute=True):
        motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert ended_state(motion) == (MotionStatus.WITHDRAWN, sponsor, None)
    assert (MotionBallot.objects.count(), MotionPreference.objects.count()) == (0, 0)
    assert rolled(motion) == sorted((user.pk, False) for user in (sponsor, first, second))
    assert sorted((message.to, message.subject) for message in mailoutbox) == [
        ([first.email], "Withdrawn: Choose the venue"),
        ([second.email], "Withdrawn: Choose the venue"),
    ]
    assert mailoutbox[0].body == (
        "Amani Mwangi withdrew the motion “Choose the venue” of DEI Committee before its vote "
        "ended. The vote is cancelled: the votes cast were discarded and no decision will be "
        f"recorded.\n\n{settings.SITE_URL}/people/motions/{motion.pk}/"
    )
    assert Decision.objects.count() == 0


def test_motion_withdraw_by_anyone_but_the_sponsor_is_refused():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = open_motion(body, seconded_by=seconder)

    with pytest.raises(PermissionDenied) as refused:
        motion_withdraw(motion=motion, withdrawn_by=seconder)

    assert str(refused.value) == "Only the sponsor may withdraw the motion."
    assert ended_state(motion) == (MotionStatus.OPEN, None, None)


@pytest.mark.parametrize("counted", [False, True])
def test_motion_withdraw_after_the_vote_ended_is_refused(counted):
    body = BodyFactory()
    sponsor, voter = members_of(body, 2)
    motion = open_motion(body, sponsor=sponsor)
    vote(motion, voter, FOR)
    pass_motion_closing_time(motion)
    if counted:
        motion_close(motion=motion)

    with pytest.raises(ValidationError) as refused:
        motion_withdraw(motion=motion, withdrawn_by=sponsor)

    assert refused.value.messages == [
        "The vote on this motion is over; it can no longer be withdrawn."
    ]
    assert Motion.objects.get(pk=motion.pk).status == (
        MotionStatus.CLOSED if counted else MotionStatus.OPEN
    )
    assert MotionBallot.objects.count() == 1


def withdrawn_while_voting(body):
    sponsor, _, _ = members_of(body, 3)
    motion = open_motion(body, sponsor=sponsor)
    return motion_withdraw(motion=motion, withdrawn_by=sponsor)


def lapsed(body):
    members_of(body, 3)
    return motion_lapse(motion=pass_second_deadline(call_motion(body)))


@pytest.mark.parametrize(
    ("end", "message"), [(withdrawn_while_voting, WITHDRAWN), (lapsed, LAPSED)]
)
def test_motion_withdrawn_or_lapsed_takes_no_second_change_vote_or_withdrawal(end, message):
    body = BodyFactory()
    motion = end(body)
    sponsor = motion.sponsor
    other = MotionVoter.objects.exclude(user=sponsor).first()
    member = other.user if other else members_of(body, 1)[0]
    before = Motion.objects.values().get(pk=motion.pk)
    attempts = [
        lambda: motion_second(motion=motion, seconded_by=member),
        lambda: motion_edit(motion=motion, edited_by=sponsor, title="Again", text="Again."),
        lambda: motion_vote(motion=motion, voter=member, choice=FOR),
        lambda: motion_withdraw(motion=motion, withdrawn_by=sponsor),
    ]

    refusals = []
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        refusals.append(refused.value.messages)

    assert refusals == [message] * 4
    assert Motion.objects.values().get(pk=motion.pk) == before
    assert (MotionBallot.objects.count(), Decision.objects.count()) == (0, 0)


def test_motion_withdrawn_during_the_vote_is_never_counted_at_its_closing_time():
    body = BodyFactory()
    motion = withdrawn_while_voting(body)
    pass_motion_closing_time(motion)

    assert (motion_close_task(motion.pk), motions_close_due()) == (None, [])

    stored = motion_close(motion=motion)
    assert (stored.status, stored.passed, stored.decision) == (MotionStatus.WITHDRAWN, None, None)
    assert Decision.objects.count() == 0


def test_motions_lapse_due_lapses_only_motions_unseconded_past_their_days(
    mailoutbox, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="DEI Committee", motion_days=5)
    sponsor, _ = members_of(body, 2)
    due = pass_second_deadline(call_motion(body, sponsor=sponsor, title="Adopt the checklist"))
    waiting = call_motion(body)
    seconded = pass_second_deadline(open_motion(body))
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        lapsed_now = motions_lapse_due()
    lapsed_again = motions_lapse_due()

    assert (lapsed_now, lapsed_again) == ([due.pk], [])
    assert dict(Motion.objects.values_list("pk", "status")) == {
        due.pk: MotionStatus.LAPSED,
        waiting.pk: MotionStatus.AWAITING_SECOND,
        seconded.pk: MotionStatus.OPEN,
    }
    assert Motion.objects.get(pk=due.pk).closed_at >= before
    assert Decision.objects.count() == 0
    assert [(message.to, message.subject) for message in mailoutbox] == [
        ([sponsor.email], "Lapsed: Adopt the checklist")
    ]
    assert mailoutbox[0].body == (
        "Nobody seconded your motion “Adopt the checklist” of DEI Committee within 5 days of "
        "its call, so it lapsed without a vote. You may call it again.\n\n"
        f"{settings.SITE_URL}/people/motions/{due.pk}/"
    )


def test_motion_lapse_before_its_deadline_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    motion = call_motion(body)

    with pytest.raises(ValidationError) as refused:
        motion_lapse(motion=motion)

    assert refused.value.messages == ["This motion may still be seconded."]
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.AWAITING_SECOND


def test_motion_second_after_its_deadline_is_refused_before_the_sweep_lapses_it():
    body = BodyFactory()
    _, seconder = members_of(body, 2)
    motion = pass_second_deadline(call_motion(body))

    with pytest.raises(ValidationError) as refused:
        motion_second(motion=motion, seconded_by=seconder)

    assert refused.value.messages == ["The time to second this motion is over: it lapses."]
    assert ended_state(motion) == (MotionStatus.AWAITING_SECOND, None, None)
    assert MotionVoter.objects.count() == 0


def test_motion_seconds_by_is_the_call_plus_the_bodys_days_at_the_call():
    body = BodyFactory(motion_days=5)
    members_of(body, 2)
    motion = call_motion(body)
    Body.objects.filter(pk=body.pk).update(motion_days=10)

    assert motion.seconds_by - motion.called_at == timedelta(days=5)


# --- The tasks that count ---------------------------------------------------------------------


def test_motion_close_task_before_the_closing_time_does_nothing():
    body = BodyFactory()
    members_of(body, 2)
    motion = open_motion(body)

    assert motion_close_task(motion.pk) is None

    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.OPEN


def test_motion_close_task_for_a_missing_motion_returns_quietly():
    assert motion_close_task(2**31 - 1) is None


def test_motions_close_due_counts_only_open_motions_past_their_closing_time():
    body = BodyFactory()
    members_of(body, 2)
    due = pass_motion_closing_time(open_motion(body))
    running = open_motion(body)
    awaiting = call_motion(body)

    assert motions_close_due() == [due.pk]

    assert dict(Motion.objects.values_list("pk", "status")) == {
        due.pk: MotionStatus.CLOSED,
        running.pk: MotionStatus.OPEN,
        awaiting.pk: MotionStatus.AWAITING_SECOND,
    }
    assert motions_close_due() == []


def test_motion_close_task_run_by_the_worker_counts_once(celery_worker):
    body = BodyFactory()
    first, second, _ = members_of(body, 3)
    motion = open_motion(body)
    vote(motion, first, FOR)
    vote(motion, second, FOR)
    pass_motion_closing_time(motion)

    motion_close_task.delay(motion.pk)

    wait_for(lambda: Motion.objects.get(pk=motion.pk).status == MotionStatus.CLOSED)
    counted = Motion.objects.values().get(pk=motion.pk)
    assert result(motion) == (MotionStatus.CLOSED, 2, 0, True, 2, 0, True)
    assert motion_close_task(motion.pk) is None
    assert Motion.objects.values().get(pk=motion.pk) == counted
    assert Decision.objects.count() == 1


# --- Participation and affiliations -------------------------------------------------------------


def closed_in(motion, year):
    Motion.objects.filter(pk=motion.pk).update(
        closed_at=datetime.datetime(year, 6, 1, 12, tzinfo=datetime.UTC)
    )


def test_participation_shows_who_falls_short_of_two_thirds_in_a_year():
    body = BodyFactory()
    ada, bo, cy = members_of(body, 3)
    for user, name in ((ada, "Ada"), (bo, "Bo"), (cy, "Cy")):
        user.person.display_name = name
        user.person.save()
    votes = [(FOR, FOR, FOR), (FOR, BLANK, None), (FOR, None, None)]
    for choices in votes:
        motion = open_motion(body, sponsor=ada, seconded_by=bo)
        for voter, choice in zip((ada, bo, cy), choices, strict=True):
            if choice:
                vote(motion, voter, choice)
        closed_in(motion_close(motion=pass_motion_closing_time(motion)), 2025)
    earlier = open_motion(body, sponsor=ada, seconded_by=bo)
    closed_in(motion_close(motion=pass_motion_closing_time(earlier)), 2024)
    open_motion(body, sponsor=ada, seconded_by=bo)

    rows = participation(body, 2025)

    assert [(row["name"], row["eligible"], row["voted"], row["falls_short"]) for row in rows] == [
        ("Ada", 3, 3, False),
        ("Bo", 3, 2, False),
        ("Cy", 3, 1, True),
    ]
    assert motion_years(body) == [2025, 2024]
    assert [(row["name"], row["voted"]) for row in participation(body, 2024)] == [
        ("Ada", 0),
        ("Bo", 0),
        ("Cy", 0),
    ]


def test_participation_follows_the_bodys_own_share():
    body = BodyFactory(participation_numerator=1, participation_denominator=2)
    first, second = members_of(body, 2)
    for choice in (FOR, None):
        motion = open_motion(body, sponsor=first, seconded_by=second)
        if choice:
            vote(motion, second, choice)
        closed_in(motion_close(motion=pass_motion_closing_time(motion)), 2026)

    rows = participation(body, 2026)

    assert {row["user"]: (row["voted"], row["falls_short"]) for row in rows} == {
        first.pk: (0, True),
        second.pk: (1, False),
    }


def test_member_affiliations_count_the_current_members_per_organisation():
    body = BodyFactory()
    for affiliation in ("NumFOCUS", "Bloomberg", "NumFOCUS", ""):
        MembershipFactory(body=body, person=PersonFactory(affiliation=affiliation))
    MembershipFactory(
        body=body,
        person=PersonFactory(affiliation="Former Corp"),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    MembershipFactory(person=PersonFactory(affiliation="Elsewhere Inc"))

    assert member_affiliations(body) == [
        {"affiliation": "NumFOCUS", "members": 2},
        {"affiliation": "Bloomberg", "members": 1},
        {"affiliation": "", "members": 1},
    ]
