"""Formal votes' count: a question by quorum and threshold, a ranked choice by
instant run-off, each recorded as a public decision; and the tasks that
count them at closing time."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from membership.enums import MotionKind, MotionStatus
from membership.models import Decision, Motion
from membership.services.counting import instant_runoff
from membership.services.motions import motion_close, motion_vote
from membership.tasks import motion_close_task, motions_close_due
from tests.factories.membership import (
    BodyFactory,
    call_motion,
    members_of,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.motions import AGAINST, BLANK, FOR, VENUES, rank, ranked_motion, result, vote

pytestmark = pytest.mark.django_db


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
