"""Elections: nominations, secret ballots cast once by the frozen voter roll, the
count at closing time (by a real Celery worker), and the council's approval."""

import calendar
import datetime
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import (
    BallotChoice,
    CouncilVerdict,
    DeclarationKind,
    ElectionStatus,
    NominationStatus,
    SeatRole,
)
from membership.models import (
    Ballot,
    BallotMark,
    Body,
    CouncilApproval,
    Election,
    EligibleVoter,
    Membership,
    Nomination,
    Recusal,
)
from membership.services.conflicts import declaration_create
from membership.services.elections import (
    ballot_cast,
    candidates,
    council_decide,
    election_close,
    election_open,
    nomination_create,
    nomination_respond,
)
from membership.services.seats import membership_start
from membership.tasks import election_close_task, elections_close_due
from tests.factories.membership import (
    BodyFactory,
    ElectionFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    chair_of,
    members_of,
    open_election,
    pass_closing_time,
)

pytestmark = pytest.mark.django_db

YES, NO, ABSTAIN = BallotChoice.YES, BallotChoice.NO, BallotChoice.ABSTAIN
NOT_OPEN = ["Voting in this election is not open."]
ALREADY_VOTED = ["You have already voted in this election."]
NOT_ON_ROLL = "You are not on this election's voter roll."
EVERY_CANDIDATE = ["Give a choice for every candidate."]
NOMINATIONS_CLOSED = ["Nominations for this election are closed."]


# --- Helpers ------------------------------------------------------------------


def candidate(election, name="Sam Rivera"):
    return NominationFactory(
        election=election, accepted=True, nominee=PersonFactory(display_name=name)
    )


def cast(election, voter, marks):
    """Cast a ballot marking each nomination in `marks` with its choice."""
    choices = {nomination.pk: choice for nomination, choice in marks.items()}
    return ballot_cast(election=election, voter=voter, choices=choices)


def counts(nomination):
    nomination.refresh_from_db()
    return (nomination.yes_votes, nomination.no_votes, nomination.abstentions, nomination.elected)


def stored_marks(election):
    return sorted(
        BallotMark.objects.filter(ballot__election=election).values_list("choice", flat=True)
    )


def roles_of(user):
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


def wait_for(condition, seconds=30):
    """Poll until the worker has done its part; fail if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


# --- Opening: the voter roll ----------------------------------------------------


def test_election_open_freezes_the_current_members_as_voters():
    body = BodyFactory()
    voters = members_of(body, 2)
    MembershipFactory(body=body, ends_on=timezone.localdate() - timedelta(days=1))
    MembershipFactory(body=body, starts_on=timezone.localdate() + timedelta(days=1))
    MembershipFactory(body=BodyFactory())

    election = open_election(body)

    assert election.eligible_count == 2
    assert sorted(election.voters.values_list("user_id", "has_voted")) == sorted(
        (voter.pk, False) for voter in voters
    )


def election_opened_by(body, user):
    now = timezone.now()
    return election_open(
        body=body,
        title="Election of a new member",
        nominations_close_at=now + timedelta(days=1),
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=9),
        opened_by=user,
    )


def test_election_open_by_the_bodys_chair_opens_it():
    body = BodyFactory()
    chair = MembershipFactory(body=body, role=SeatRole.CHAIR).person.user

    election = election_opened_by(body, chair)

    assert (election.opened_by, election.eligible_count) == (chair, 1)


def test_election_open_by_anyone_but_the_bodys_chair_is_refused():
    body = BodyFactory(name="DEI Working Party")
    (member,) = members_of(body, 1)
    other_chair = MembershipFactory(role=SeatRole.CHAIR).person.user
    refusals = []

    for user in (member, other_chair, UserFactory()):
        with pytest.raises(PermissionDenied) as refused:
            election_opened_by(body, user)
        refusals.append(str(refused.value))

    assert refusals == ["Only the chair of DEI Working Party may open its elections."] * 3
    assert Election.objects.count() == 0


# --- Secret ballots ---------------------------------------------------------------


def table_columns(model):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return sorted(column.name for column in description)


def referenced_tables(model):
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, model._meta.db_table)
    return {column: table for column, (_, table) in relations.items()}


def test_ballot_tables_hold_nothing_about_the_voter_or_the_moment():
    assert sorted(field.name for field in Ballot._meta.get_fields()) == [
        "election",
        "id",
        "marks",
    ]
    assert sorted(field.name for field in BallotMark._meta.get_fields()) == [
        "ballot",
        "choice",
        "id",
        "nomination",
    ]
    assert table_columns(Ballot) == ["election_id", "id"]
    assert table_columns(BallotMark) == ["ballot_id", "choice", "id", "nomination_id"]
    assert referenced_tables(Ballot) == {"election_id": "membership_election"}
    assert referenced_tables(BallotMark) == {
        "ballot_id": "membership_ballot",
        "nomination_id": "membership_nomination",
    }
    assert (Ballot._meta.ordering, BallotMark._meta.ordering) == ([], [])


def test_voter_roll_says_only_whether_someone_voted():
    assert [
        field.name for field in EligibleVoter._meta.get_fields() if field.related_model is Ballot
    ] == []
    assert table_columns(EligibleVoter) == ["election_id", "has_voted", "id", "user_id"]
    assert referenced_tables(EligibleVoter) == {
        "election_id": "membership_election",
        "user_id": "auth_user",
    }


def test_ballot_cast_stores_a_random_ballot_apart_from_the_roll():
    body = BodyFactory()
    first, second, third = members_of(body, 3)
    election = open_election(body)
    nomination = candidate(election)

    ballots = [cast(election, first, {nomination: YES}), cast(election, second, {nomination: NO})]

    assert [uuid.UUID(str(ballot.pk)).version for ballot in ballots] == [4, 4]
    assert sorted(Ballot.objects.values_list("pk", flat=True)) == sorted(b.pk for b in ballots)
    assert stored_marks(election) == ["no", "yes"]
    assert sorted(election.voters.values_list("user_id", "has_voted")) == sorted(
        [(first.pk, True), (second.pk, True), (third.pk, False)]
    )


def rows_sharing_xmin(sql):
    """How many pairs of rows one transaction wrote: a join on xmin that would
    tell who cast which ballot."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_ballot_and_roll_rows_share_no_transaction_id(transactional_db):
    body = BodyFactory()
    voters = members_of(body, 3)
    election = open_election(body)
    nomination = candidate(election)

    for voter, choice in zip(voters, (YES, NO, YES), strict=True):
        cast(election, voter, {nomination: choice})

    assert election.voters.filter(has_voted=True).count() == 3
    assert (
        rows_sharing_xmin(
            "SELECT count(*) FROM membership_ballot b JOIN membership_eligiblevoter r "
            "ON b.xmin = r.xmin"
        )
        == 0
    )
    assert (
        rows_sharing_xmin(
            "SELECT count(*) FROM membership_ballotmark m JOIN membership_eligiblevoter r "
            "ON m.xmin = r.xmin"
        )
        == 0
    )


# --- Casting once, by the roll, in the window ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_ballot_cast_twice_at_the_same_moment_counts_once(transactional_db):
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election)
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def vote(choice):
        try:
            barrier.wait()
            outcomes.append(cast(election, voter, {nomination: choice}))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(choice,)) for choice in (YES, NO)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    ballots = list(Ballot.objects.filter(election=election))
    errors = [outcome.messages for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(ballots) == 1
    assert [outcome for outcome in outcomes if isinstance(outcome, Ballot)] == ballots
    assert errors == [ALREADY_VOTED]
    assert BallotMark.objects.filter(ballot__election=election).count() == 1
    assert list(election.voters.values_list("has_voted", flat=True)) == [True]


def test_ballot_cast_a_second_time_is_refused():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election)
    cast(election, voter, {nomination: YES})

    with pytest.raises(ValidationError) as refused:
        cast(election, voter, {nomination: NO})

    assert refused.value.messages == ALREADY_VOTED
    assert stored_marks(election) == ["yes"]


def test_ballot_cast_by_someone_not_on_the_roll_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    election = open_election(body)
    nomination = candidate(election)
    outsider = UserFactory()

    with pytest.raises(PermissionDenied) as refused:
        cast(election, outsider, {nomination: YES})

    assert str(refused.value) == NOT_ON_ROLL
    assert (Ballot.objects.count(), BallotMark.objects.count()) == (0, 0)


def test_ballot_cast_by_a_member_who_joined_after_opening_is_refused():
    body = BodyFactory()
    members_of(body, 2)
    election = open_election(body)
    nomination = candidate(election)
    newcomer = PersonFactory()
    membership_start(person=newcomer, body=body)

    with pytest.raises(PermissionDenied) as refused:
        cast(election, newcomer.user, {nomination: YES})

    assert str(refused.value) == NOT_ON_ROLL
    assert (Ballot.objects.count(), BallotMark.objects.count()) == (0, 0)
    assert election.voters.filter(user=newcomer.user).exists() is False
    assert list(election.voters.values_list("has_voted", flat=True)) == [False, False]


def test_ballot_cast_before_voting_opens_is_refused():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body, voting=False)
    nomination = candidate(election)

    with pytest.raises(ValidationError) as refused:
        cast(election, voter, {nomination: YES})

    assert refused.value.messages == NOT_OPEN
    assert (Ballot.objects.count(), election.voters.get().has_voted) == (0, False)


def test_ballot_cast_after_closing_time_before_the_count_is_refused():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election)
    pass_closing_time(election)

    with pytest.raises(ValidationError) as refused:
        cast(election, voter, {nomination: YES})

    assert refused.value.messages == NOT_OPEN
    assert (Ballot.objects.count(), election.voters.get().has_voted) == (0, False)


def test_ballot_cannot_be_cast_or_changed_after_the_count():
    body = BodyFactory()
    voted, not_voted = members_of(body, 2)
    election = open_election(body)
    nomination = candidate(election)
    cast(election, voted, {nomination: YES})
    election_close(election=pass_closing_time(election))
    election.refresh_from_db()

    refusals = []
    for voter in (voted, not_voted):
        with pytest.raises(ValidationError) as refused:
            cast(election, voter, {nomination: NO})
        refusals.append(refused.value.messages)

    assert refusals == [NOT_OPEN, NOT_OPEN]
    assert stored_marks(election) == ["yes"]
    assert counts(nomination) == (1, 0, 0, True)


def test_ballot_cast_needs_a_choice_for_every_candidate_and_only_them():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    first, second = candidate(election, "Ada"), candidate(election, "Grace")
    pending = NominationFactory(election=election)
    declined = NominationFactory(election=election, status=NominationStatus.DECLINED)

    refusals = []
    for marks in (
        {first: YES},
        {first: YES, second: NO, pending: YES},
        {first: YES, second: NO, declined: NO},
    ):
        with pytest.raises(ValidationError) as refused:
            cast(election, voter, marks)
        refusals.append(refused.value.messages)

    assert refusals == [EVERY_CANDIDATE] * 3
    assert sorted(n.nominee.display_name for n in candidates(election)) == ["Ada", "Grace"]
    assert (Ballot.objects.count(), election.voters.get().has_voted) == (0, False)


def test_ballot_cast_with_abstain_where_not_allowed_stores_nothing():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body, allow_abstain=False)
    first, second = candidate(election, "Ada"), candidate(election, "Grace")

    with pytest.raises(ValidationError) as refused:
        cast(election, voter, {first: YES, second: ABSTAIN})

    assert refused.value.messages == ["“abstain” is not a choice in this election."]
    assert (Ballot.objects.count(), BallotMark.objects.count()) == (0, 0)
    assert election.voters.get().has_voted is False


def test_ballot_cast_with_an_unknown_choice_is_refused():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election)

    with pytest.raises(ValidationError) as refused:
        cast(election, voter, {nomination: "maybe"})

    assert refused.value.messages == ["“maybe” is not a choice in this election."]
    assert (Ballot.objects.count(), election.voters.get().has_voted) == (0, False)


def test_ballot_cast_with_abstain_where_allowed_is_stored():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    first, second = candidate(election, "Ada"), candidate(election, "Grace")

    cast(election, voter, {first: ABSTAIN, second: NO})

    assert stored_marks(election) == ["abstain", "no"]


# --- Nominations ----------------------------------------------------------------------


def test_nomination_by_a_current_member_awaits_the_nominees_answer():
    body = BodyFactory()
    (member,) = members_of(body, 1)
    election = open_election(body, voting=False)
    nominee = PersonFactory(display_name="Sam Rivera")

    nomination = nomination_create(
        election=election, nominee=nominee, nominated_by=member, statement="Runs workshops."
    )

    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.nominee, stored.nominated_by, stored.status, stored.responded_at) == (
        nominee,
        member,
        NominationStatus.PENDING,
        None,
    )
    assert list(candidates(election)) == []


def test_nomination_of_oneself_is_accepted_at_once_where_the_body_allows_it():
    body = BodyFactory(allows_self_nomination=True)
    election = open_election(body, voting=False)
    outsider = PersonFactory()

    nomination = nomination_create(election=election, nominee=outsider, nominated_by=outsider.user)

    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.ACCEPTED
    assert list(candidates(election)) == [nomination]


def test_nomination_of_oneself_is_refused_where_the_body_does_not_allow_it():
    body = BodyFactory(allows_self_nomination=False)
    election = open_election(body, voting=False)
    outsider = PersonFactory()

    with pytest.raises(PermissionDenied):
        nomination_create(election=election, nominee=outsider, nominated_by=outsider.user)

    assert Nomination.objects.count() == 0


def test_nomination_of_someone_else_by_a_non_member_is_refused():
    body = BodyFactory(allows_self_nomination=True)
    election = open_election(body, voting=False)

    with pytest.raises(PermissionDenied):
        nomination_create(election=election, nominee=PersonFactory(), nominated_by=UserFactory())

    assert Nomination.objects.count() == 0


def test_nomination_of_a_current_member_is_refused():
    body = BodyFactory(name="DEI Working Party")
    nominator, colleague = members_of(body, 2)
    election = open_election(body, voting=False)

    with pytest.raises(ValidationError) as refused:
        nomination_create(election=election, nominee=colleague.person, nominated_by=nominator)

    assert refused.value.messages == [
        f"{colleague.person.display_name} is already a member of DEI Working Party."
    ]
    assert Nomination.objects.count() == 0


def test_nomination_after_nominations_close_is_refused():
    body = BodyFactory()
    (member,) = members_of(body, 1)
    election = open_election(body, voting=True)
    outsider = PersonFactory()

    refusals = []
    for nominee, nominated_by in ((PersonFactory(), member), (outsider, outsider.user)):
        with pytest.raises(ValidationError) as refused:
            nomination_create(election=election, nominee=nominee, nominated_by=nominated_by)
        refusals.append(refused.value.messages)

    assert refusals == [NOMINATIONS_CLOSED, NOMINATIONS_CLOSED]
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize(
    ("accept", "status", "is_candidate"),
    [(True, NominationStatus.ACCEPTED, True), (False, NominationStatus.DECLINED, False)],
)
def test_nomination_respond_by_the_nominee(accept, status, is_candidate):
    election = open_election(BodyFactory(), voting=False)
    nomination = NominationFactory(election=election, statement="")

    nomination_respond(
        nomination=nomination, user=nomination.nominee.user, accept=accept, statement="Yes, I run."
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.statement) == (status, "Yes, I run.")
    assert nomination.responded_at is not None
    assert (nomination in candidates(election)) is is_candidate


def test_nomination_respond_by_someone_else_is_refused():
    election = open_election(BodyFactory(), voting=False)
    nomination = NominationFactory(election=election)

    with pytest.raises(PermissionDenied):
        nomination_respond(nomination=nomination, user=nomination.nominated_by, accept=True)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.responded_at) == (NominationStatus.PENDING, None)


def test_nomination_respond_after_nominations_close_is_refused():
    election = open_election(BodyFactory(), voting=True)
    nomination = NominationFactory(election=election)

    with pytest.raises(ValidationError) as refused:
        nomination_respond(nomination=nomination, user=nomination.nominee.user, accept=True)

    assert refused.value.messages == NOMINATIONS_CLOSED
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.PENDING


CANCELLED = ["This election was cancelled: it takes no nominations or answers."]


def cancel(election):
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.CANCELLED)
    election.refresh_from_db()
    return election


def count_early(election):
    """The election is counted, as if its voting had already closed."""
    return election_close(election=pass_closing_time(election))


@pytest.mark.parametrize(
    ("end", "message"), [(cancel, CANCELLED), (count_early, NOMINATIONS_CLOSED)]
)
def test_nomination_respond_once_the_election_is_cancelled_or_closed_is_refused(end, message):
    election = open_election(BodyFactory(), voting=False)
    nomination = NominationFactory(election=election, statement="")
    end(election)

    with pytest.raises(ValidationError) as refused:
        nomination_respond(
            nomination=nomination, user=nomination.nominee.user, accept=True, statement="I run."
        )

    assert refused.value.messages == message
    nomination.refresh_from_db()
    assert (nomination.status, nomination.statement, nomination.responded_at) == (
        NominationStatus.PENDING,
        "",
        None,
    )


def test_nomination_in_a_cancelled_election_is_refused():
    body = BodyFactory()
    (member,) = members_of(body, 1)
    election = cancel(open_election(body, voting=False))
    outsider = PersonFactory()

    refusals = []
    for nominee, nominated_by in ((PersonFactory(), member), (outsider, outsider.user)):
        with pytest.raises(ValidationError) as refused:
            nomination_create(election=election, nominee=nominee, nominated_by=nominated_by)
        refusals.append(refused.value.messages)

    assert refusals == [CANCELLED, CANCELLED]
    assert Nomination.objects.count() == 0


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


# --- The council's approval --------------------------------------------------------------


@pytest.fixture
def council(user_with_role):
    return user_with_role(Role.COUNCIL)


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


def elected_candidate(body, *, name="Sam Rivera"):
    """A candidate elected by the body's members through the real count."""
    roll = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election, name)
    cast(election, roll[0], {nomination: YES})
    election_close(election=pass_closing_time(election))
    nomination.refresh_from_db()
    return nomination


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def test_council_approval_seats_the_candidate_with_role_and_one_mail(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)
    nominee = nomination.nominee

    with django_capture_on_commit_callbacks(execute=True):
        approval = council_decide(
            nomination=nomination, decided_by=council, approve=True, note="Welcome aboard."
        )

    seat = Membership.objects.get(person=nominee)
    assert (seat.body, seat.role, seat.starts_on, seat.ends_on, seat.left_on, seat.election) == (
        cwg,
        "member",
        timezone.localdate(),
        None,
        None,
        nomination.election,
    )
    stored = CouncilApproval.objects.get()
    assert (stored.pk, stored.nomination, stored.verdict, stored.note, stored.decided_by) == (
        approval.pk,
        nomination,
        CouncilVerdict.APPROVED,
        "Welcome aboard.",
        council,
    )
    assert roles_of(nominee.user) == {"cwg-member"}
    assert [(message.subject, message.to, message.body) for message in mailoutbox] == [
        (
            "Welcome to Community Building Working Group",
            [nominee.user.email],
            "The Executive Council approved your election to Community Building Working Group. "
            "Your seat starts today; the portal now shows you the member's pages.\n\n"
            "The council's note: Welcome aboard.",
        )
    ]


def test_council_approval_on_a_body_with_terms_sets_the_end_of_term(council):
    body = BodyFactory(portal_role=Role.DEI_COMMITTEE, term_months=24)
    nomination = elected_candidate(body)

    council_decide(nomination=nomination, decided_by=council, approve=True)

    today = timezone.localdate()
    seat = Membership.objects.get(person=nomination.nominee)
    assert (seat.starts_on, seat.ends_on) == (today, add_months(today, 24))
    assert roles_of(nomination.nominee.user) == {"dei-committee"}


def test_council_decline_seats_nobody_and_says_so(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)

    with django_capture_on_commit_callbacks(execute=True):
        council_decide(nomination=nomination, decided_by=council, approve=False, note="")

    assert CouncilApproval.objects.get().verdict == CouncilVerdict.DECLINED
    assert Membership.objects.filter(person=nomination.nominee).exists() is False
    assert roles_of(nomination.nominee.user) == set()
    assert [(message.subject, message.body) for message in mailoutbox] == [
        (
            "Your election to Community Building Working Group",
            "The Executive Council did not approve your election to "
            "Community Building Working Group.",
        )
    ]


def test_council_decide_by_someone_outside_the_council_is_refused(cwg, user_with_role):
    nomination = elected_candidate(cwg)
    chair = user_with_role(Role.CWG_CHAIR)

    with pytest.raises(PermissionDenied):
        council_decide(nomination=nomination, decided_by=chair, approve=True)

    assert CouncilApproval.objects.count() == 0
    assert Membership.objects.filter(person=nomination.nominee).exists() is False
    assert roles_of(nomination.nominee.user) == set()


@pytest.mark.parametrize("elected", [False, None])
def test_council_decide_on_a_candidate_not_elected_is_refused(elected, cwg, council):
    election = ElectionFactory(body=cwg, status=ElectionStatus.CLOSED)
    nomination = NominationFactory(election=election, accepted=True, elected=elected)

    with pytest.raises(ValidationError) as refused:
        council_decide(nomination=nomination, decided_by=council, approve=True)

    assert refused.value.messages == ["Only an elected candidate goes to the council."]
    assert (CouncilApproval.objects.count(), Membership.objects.count()) == (0, 0)


def test_council_decide_twice_is_refused(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)
    council_decide(nomination=nomination, decided_by=council, approve=True)
    other_councillor = UserFactory(roles=[Role.COUNCIL])

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        council_decide(nomination=nomination, decided_by=other_councillor, approve=False)

    assert refused.value.messages == ["The council has already decided on this candidate."]
    assert list(CouncilApproval.objects.values_list("verdict", "decided_by")) == [
        (CouncilVerdict.APPROVED, council.pk)
    ]
    assert Membership.objects.filter(person=nomination.nominee).count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("conflict", ["relationship", "own-nomination"])
def test_council_decide_by_a_conflicted_councillor_is_refused_and_recorded(conflict, cwg):
    nomination = elected_candidate(cwg)
    if conflict == "relationship":
        councillor = UserFactory(roles=[Role.COUNCIL])
        declaration_create(
            person=councillor.person,
            kind=DeclarationKind.RELATIONSHIP,
            description="Sam is my partner.",
            related_person=nomination.nominee,
        )
    else:
        councillor = nomination.nominee.user
        membership_start(person=nomination.nominee, body=Body.objects.get(slug="executive-council"))

    with pytest.raises(PermissionDenied) as refused:
        council_decide(nomination=nomination, decided_by=councillor, approve=True)

    assert str(refused.value) == "You have a conflict of interest with this candidate."
    assert CouncilApproval.objects.count() == 0
    assert list(Recusal.objects.values_list("person", "object_id", "reason")) == [
        (councillor.person.pk, nomination.pk, "Conflict of interest")
    ]
    assert Membership.objects.filter(person=nomination.nominee, body=cwg).exists() is False
