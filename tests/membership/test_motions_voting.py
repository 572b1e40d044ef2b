"""Formal votes' secret ballots: voted on once, by the roll, while voting is
open, with nothing that ties a ballot to its voter; and the count at once
when everyone has voted."""

import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from membership.enums import MotionChoice, MotionKind, MotionStatus
from membership.models import Decision, Motion, MotionBallot, MotionPreference, MotionVoter
from membership.services.motions import motion_vote
from membership.tasks import motion_close_task
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    UserFactory,
    call_motion,
    members_of,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.elections import rows_sharing_xmin
from tests.membership.motions import (
    AGAINST,
    BLANK,
    FOR,
    VENUES,
    rank,
    ranked_motion,
    result,
    rolled,
    vote,
)

pytestmark = pytest.mark.django_db


NOT_OPEN = ["Voting on this motion is not open."]
ALREADY_VOTED = ["You have already voted on this motion."]
NOT_ON_ROLL = "You are not on this motion's voter roll."


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
