"""Staff engagements give the events-staff role while in force, through the
role sync shared with body seats, and its end takes the role away."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.roles import Role
from events.enums import EngagementStatus, NoteKind
from events.models import Engagement
from events.services.staff import (
    engagement_create,
    engagement_move,
    engagements_sync,
    note_record,
    staff_member_create,
)
from membership.services.seats import memberships_expire
from tests.factories.events import EngagementFactory, EventFactory, StaffMemberFactory
from tests.factories.membership import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def roles_of(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def chair():
    return UserFactory(roles=[Role.CWG_CHAIR])


def planned(chair, staff_member, **dates):
    fields = {"starts_on": TODAY - datetime.timedelta(days=1), "ends_on": TODAY, **dates}
    return engagement_create(
        staff_member=staff_member, scope="Venue", fee="100.00", currency="USD", by=chair, **fields
    )


def test_signing_an_engagement_in_force_grants_the_events_staff_role(chair):
    member = StaffMemberFactory()
    engagement = planned(chair, member)

    engagement_move(engagement=engagement, status=EngagementStatus.SIGNED, by=chair)

    assert roles_of(member.person.user) == {"events-staff"}


def test_a_planned_engagement_grants_nothing(chair):
    member = StaffMemberFactory()

    planned(chair, member)

    assert roles_of(member.person.user) == set()


def test_ending_the_engagement_takes_the_role_away_today(chair):
    engagement = EngagementFactory(ends_on=TODAY + datetime.timedelta(days=30))
    user = engagement.staff_member.person.user
    engagements_sync()
    assert roles_of(user) == {"events-staff"}

    engagement_move(engagement=engagement, status=EngagementStatus.ENDED, by=chair)

    engagement.refresh_from_db()
    assert (roles_of(user), engagement.ends_on) == (set(), TODAY)


def test_another_engagement_in_force_keeps_the_role(chair):
    first = EngagementFactory()
    EngagementFactory(staff_member=first.staff_member)
    user = first.staff_member.person.user
    engagements_sync()

    engagement_move(engagement=first, status=EngagementStatus.ENDED, by=chair)

    assert roles_of(user) == {"events-staff"}


def test_a_holder_who_is_not_on_the_staff_list_keeps_the_role_through_the_sync():
    user = UserFactory(roles=[Role.EVENTS_STAFF])

    engagements_sync()
    memberships_expire()

    assert roles_of(user) == {"events-staff"}


def test_the_daily_sync_ends_an_engagement_past_its_last_day_and_removes_the_role():
    engagement = EngagementFactory(
        starts_on=TODAY - datetime.timedelta(days=30), ends_on=TODAY - datetime.timedelta(days=1)
    )
    user = engagement.staff_member.person.user
    engagements_sync(today=TODAY - datetime.timedelta(days=1))
    assert roles_of(user) == {"events-staff"}

    first = engagements_sync()
    second = engagements_sync()

    engagement.refresh_from_db()
    assert (first["ended"], second["ended"]) == (1, 0)
    assert (engagement.status, roles_of(user)) == (EngagementStatus.ENDED, set())


def test_the_daily_sync_grants_the_role_on_the_first_day():
    engagement = EngagementFactory(starts_on=TODAY + datetime.timedelta(days=1))
    user = engagement.staff_member.person.user
    engagements_sync()
    assert roles_of(user) == set()

    engagements_sync(today=TODAY + datetime.timedelta(days=1))

    assert roles_of(user) == {"events-staff"}


def test_an_ended_engagement_cannot_be_signed_again(chair):
    engagement = EngagementFactory(status=EngagementStatus.ENDED)

    with pytest.raises(ValidationError) as refused:
        engagement_move(engagement=engagement, status=EngagementStatus.SIGNED, by=chair)

    assert refused.value.messages == ["An engagement that is ended cannot become signed."]


def test_only_members_engage_staff():
    staff = UserFactory(roles=[Role.EVENTS_STAFF])

    with pytest.raises(PermissionDenied):
        staff_member_create(person=PersonFactory(), organisation="X", role="Y", by=staff)

    assert Engagement.objects.count() == 0


def test_a_person_is_on_the_staff_list_once(chair):
    member = StaffMemberFactory()

    with pytest.raises(ValidationError):
        staff_member_create(person=member.person, organisation="X", role="Y", by=chair)


def test_the_staff_member_logs_a_meeting_on_their_own_engagement():
    engagement = EngagementFactory(events=[EventFactory()])
    user = engagement.staff_member.person.user
    other = PersonFactory()

    note = note_record(
        engagement=engagement,
        kind=NoteKind.MEETING,
        held_on=TODAY,
        summary="Venue visit",
        attendees=[user.person, other],
        by=user,
    )

    assert set(note.attendees.all()) == {user.person, other}


def test_another_staff_member_cannot_log_on_an_engagement_not_theirs():
    engagement = EngagementFactory()
    stranger = EngagementFactory().staff_member.person.user

    with pytest.raises(PermissionDenied):
        note_record(
            engagement=engagement, kind=NoteKind.NOTE, held_on=TODAY, summary="x", by=stranger
        )
