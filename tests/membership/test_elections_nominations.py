"""Elections' nominations: who may nominate whom and when, the nominee's
answer, and a cancelled election taking none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from membership.enums import ElectionStatus, NominationStatus
from membership.models import Election, Nomination
from membership.services.elections import (
    candidates,
    election_close,
    nomination_create,
    nomination_respond,
)
from tests.factories.membership import (
    BodyFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    members_of,
    open_election,
    pass_closing_time,
)

pytestmark = pytest.mark.django_db


NOMINATIONS_CLOSED = ["Nominations for this election are closed."]


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
