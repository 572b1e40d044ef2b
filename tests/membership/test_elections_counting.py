"""Elections' count: quorum and threshold at closing time, counted by a real
Celery worker, once."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from membership.enums import ElectionStatus, NominationStatus
from membership.models import Election
from membership.services.elections import election_close, election_open
from membership.tasks import election_close_task, elections_close_due
from tests.factories.membership import (
    BodyFactory,
    ElectionFactory,
    NominationFactory,
    chair_of,
    members_of,
    open_election,
    pass_closing_time,
)
from tests.membership.elections import ABSTAIN, NO, YES, candidate, cast, counts

pytestmark = pytest.mark.django_db


def wait_for(condition, seconds=30):
    """Poll until the worker has done its part; fail if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


# --- The count: quorum and threshold ---------------------------------------------------


SIMPLE_MAJORITY = {}
TWO_THIRDS = {"threshold_numerator": 2, "threshold_denominator": 3, "threshold_strict": False}
MORE_THAN_TWO_THIRDS = {**TWO_THIRDS, "threshold_strict": True}


@pytest.mark.parametrize(
    ("voters", "votes", "rules", "quorum_reached", "result"),
    [
        pytest.param(2, [YES, NO], SIMPLE_MAJORITY, True, (1, 1, 0, False), id="tie-fails"),
        pytest.param(3, [YES, YES, NO], SIMPLE_MAJORITY, True, (2, 1, 0, True), id="majority"),
        pytest.param(4, [YES, YES], SIMPLE_MAJORITY, True, (2, 0, 0, True), id="at-quorum"),
        pytest.param(4, [YES], SIMPLE_MAJORITY, False, (1, 0, 0, False), id="below-quorum"),
        pytest.param(
            2, [ABSTAIN, ABSTAIN], SIMPLE_MAJORITY, True, (0, 0, 2, False), id="all-abstain"
        ),
        pytest.param(
            4, [YES, ABSTAIN], SIMPLE_MAJORITY, True, (1, 0, 1, True), id="abstain-makes-quorum"
        ),
        pytest.param(3, [YES, YES, NO], TWO_THIRDS, True, (2, 1, 0, True), id="two-thirds-met"),
        pytest.param(
            3, [YES, YES, NO], MORE_THAN_TWO_THIRDS, True, (2, 1, 0, False), id="strict-2/3"
        ),
        pytest.param(4, [YES, YES, NO, NO], TWO_THIRDS, True, (2, 2, 0, False), id="2/3-unmet"),
    ],
)
def test_election_close_applies_quorum_and_threshold(voters, votes, rules, quorum_reached, result):
    body = BodyFactory()
    roll = members_of(body, voters)
    election = open_election(body, **rules)
    nomination = candidate(election)
    for voter, choice in zip(roll, votes, strict=False):
        cast(election, voter, {nomination: choice})

    election = election_close(election=pass_closing_time(election))

    stored = Election.objects.get(pk=election.pk)
    assert (stored.status, stored.ballots_cast, stored.quorum_reached) == (
        ElectionStatus.CLOSED,
        len(votes),
        quorum_reached,
    )
    assert counts(nomination) == result


def test_election_close_below_quorum_elects_nobody():
    body = BodyFactory()
    roll = members_of(body, 5)
    election = open_election(body)
    first, second = candidate(election, "Ada"), candidate(election, "Grace")
    for voter in roll[:2]:
        cast(election, voter, {first: YES, second: YES})

    election_close(election=pass_closing_time(election))

    assert Election.objects.get(pk=election.pk).quorum_reached is False
    assert [counts(first), counts(second)] == [(2, 0, 0, False), (2, 0, 0, False)]


def test_election_close_without_eligible_voters_does_not_reach_quorum():
    election = ElectionFactory(voters=[])
    nomination = candidate(election)

    election_close(election=pass_closing_time(election))

    stored = Election.objects.get(pk=election.pk)
    assert (stored.eligible_count, stored.ballots_cast, stored.quorum_reached) == (0, 0, False)
    assert counts(nomination) == (0, 0, 0, False)


def test_election_close_counts_only_candidates():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election)
    declined = NominationFactory(election=election, status=NominationStatus.DECLINED)
    cast(election, voter, {nomination: YES})

    election_close(election=pass_closing_time(election))

    assert (counts(nomination), counts(declined)) == ((1, 0, 0, True), (None, None, None, None))


def test_election_close_a_second_time_changes_nothing():
    body = BodyFactory()
    first, second, _ = members_of(body, 3)
    election = open_election(body)
    nomination = candidate(election)
    cast(election, first, {nomination: YES})
    cast(election, second, {nomination: NO})
    election_close(election=pass_closing_time(election))
    before = Election.objects.values().get(pk=election.pk)

    election_close(election=election)

    assert Election.objects.values().get(pk=election.pk) == before
    assert before["result_computed_at"] is not None
    assert counts(nomination) == (1, 1, 0, False)


def test_election_close_before_closing_time_is_refused():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    cast(election, voter, {candidate(election): YES})

    with pytest.raises(ValidationError) as refused:
        election_close(election=election)

    assert refused.value.messages == ["The election is still open."]
    stored = Election.objects.get(pk=election.pk)
    assert (stored.status, stored.ballots_cast, stored.result_computed_at) == (
        ElectionStatus.OPEN,
        None,
        None,
    )


# --- The tasks that count ---------------------------------------------------------------


def test_election_close_task_before_closing_time_does_nothing():
    body = BodyFactory()
    members_of(body, 1)
    election = open_election(body)
    candidate(election)

    assert election_close_task(election.pk) is None

    stored = Election.objects.get(pk=election.pk)
    assert (stored.status, stored.quorum_reached, stored.result_computed_at) == (
        ElectionStatus.OPEN,
        None,
        None,
    )


def test_election_close_task_for_a_missing_election_returns_quietly():
    assert election_close_task(2**31 - 1) is None


def test_election_close_task_leaves_a_cancelled_election_uncounted():
    election = ElectionFactory(status=ElectionStatus.CANCELLED)
    nomination = NominationFactory(election=election, accepted=True)
    pass_closing_time(election)

    election_close_task(election.pk)

    stored = Election.objects.get(pk=election.pk)
    assert (stored.status, stored.quorum_reached, stored.result_computed_at) == (
        ElectionStatus.CANCELLED,
        None,
        None,
    )
    assert counts(nomination) == (None, None, None, None)


def test_elections_close_due_counts_only_open_elections_past_closing_time():
    due = pass_closing_time(ElectionFactory(voters=[]))
    still_open = ElectionFactory()
    cancelled = pass_closing_time(ElectionFactory(status=ElectionStatus.CANCELLED))

    assert elections_close_due() == [due.pk]

    assert dict(
        Election.objects.filter(pk__in=[due.pk, still_open.pk, cancelled.pk]).values_list(
            "pk", "status"
        )
    ) == {
        due.pk: ElectionStatus.CLOSED,
        still_open.pk: ElectionStatus.OPEN,
        cancelled.pk: ElectionStatus.CANCELLED,
    }
    assert elections_close_due() == []


def test_election_close_task_run_by_the_worker_counts_once(celery_worker):
    # Made directly: the service would queue its own timed task on the broker.
    roll = members_of(BodyFactory(), 3)
    election = ElectionFactory(voters=roll)
    nomination = candidate(election)
    for voter, choice in zip(roll, (YES, YES, NO), strict=True):
        cast(election, voter, {nomination: choice})
    pass_closing_time(election)

    election_close_task.delay(election.pk)

    wait_for(lambda: Election.objects.get(pk=election.pk).result_computed_at is not None)
    counted = Election.objects.values().get(pk=election.pk)
    assert (counted["status"], counted["ballots_cast"], counted["quorum_reached"]) == (
        ElectionStatus.CLOSED,
        3,
        True,
    )
    assert counts(nomination) == (2, 1, 0, True)
    assert election_close_task(election.pk) is None
    assert Election.objects.values().get(pk=election.pk) == counted


def test_election_opened_is_counted_by_the_worker_at_its_closing_time(celery_worker):
    body = BodyFactory()
    first, second = members_of(body, 2)
    now = timezone.now()
    election = election_open(
        body=body,
        title="A short election",
        nominations_close_at=now - timedelta(minutes=2),
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(seconds=3),
        opened_by=chair_of(body),
    )
    nomination = candidate(election)
    cast(election, first, {nomination: YES})
    cast(election, second, {nomination: ABSTAIN})

    wait_for(lambda: Election.objects.get(pk=election.pk).result_computed_at is not None)

    stored = Election.objects.get(pk=election.pk)
    assert (stored.status, stored.ballots_cast, stored.quorum_reached) == (
        ElectionStatus.CLOSED,
        2,
        True,
    )
    assert stored.result_computed_at >= stored.closes_at
    assert counts(nomination) == (1, 0, 1, True)
