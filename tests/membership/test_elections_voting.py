"""Elections' secret ballots: the voter roll frozen at opening, ballots that
hold nothing about the voter or the moment, and each ballot cast once, by
the roll, while voting is open."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from membership.enums import NominationStatus, SeatRole
from membership.models import Ballot, BallotMark, Election, EligibleVoter
from membership.services.elections import candidates, election_close, election_open
from membership.services.seats import membership_start
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    members_of,
    open_election,
    pass_closing_time,
)
from tests.membership.elections import ABSTAIN, NO, YES, candidate, cast, counts, rows_sharing_xmin

pytestmark = pytest.mark.django_db


NOT_OPEN = ["Voting in this election is not open."]
ALREADY_VOTED = ["You have already voted in this election."]
NOT_ON_ROLL = "You are not on this election's voter roll."
EVERY_CANDIDATE = ["Give a choice for every candidate."]


def stored_marks(election):
    return sorted(
        BallotMark.objects.filter(ballot__election=election).values_list("choice", flat=True)
    )


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
