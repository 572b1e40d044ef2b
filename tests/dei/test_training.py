"""Training and mentoring of event leaders: recorded by the DEI committee,
followed by the working group's members."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.roles import Role
from dei.selectors import report_figures, training_of
from dei.services.training import mentoring_follow_up, mentoring_start, training_record
from tests.factories.membership import UserFactory
from tests.pages import text

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 2, 10)


@pytest.fixture
def committee():
    return UserFactory(roles=[Role.DEI_COMMITTEE])


def test_training_record_counts_attendance_and_shows_on_the_leaders_record(committee):
    leader = UserFactory(roles=[Role.COMMUNITY]).person

    session = training_record(
        by=committee,
        topic="Running an inclusive workshop",
        held_on=DAY,
        trainer="NumFOCUS DISC team",
        attendees=[leader],
    )

    assert list(training_of(leader)) == [session]
    figures = report_figures(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert figures["trainings"] == [
        {"topic": "Running an inclusive workshop", "held_on": "2026-02-10", "attendees": 1}
    ]


def test_mentoring_pair_with_follow_ups(committee, client):
    mentor, mentee = (UserFactory().person for _ in range(2))
    pair = mentoring_start(by=committee, mentor=mentor, mentee=mentee, started_on=DAY)
    mentoring_follow_up(pair=pair, by=committee, held_on=DAY, note="Venue chosen together.")
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.get(f"/dei/mentoring/{pair.pk}/")

    assert "Venue chosen together." in response.content.decode()
    assert "Record a follow-up" not in response.content.decode()


def test_mentoring_oneself_is_refused(committee):
    person = UserFactory().person

    with pytest.raises(ValidationError):
        mentoring_start(by=committee, mentor=person, mentee=person, started_on=DAY)


@pytest.mark.parametrize("role", [Role.CWG_CHAIR, Role.EVENTS_STAFF, Role.ADMIN])
def test_training_record_outside_the_committee_is_refused(role):
    with pytest.raises(PermissionDenied):
        training_record(by=UserFactory(roles=[role]), topic="x", held_on=DAY, trainer="y")


def test_follow_up_post_by_a_member_is_refused(committee, client):
    pair = mentoring_start(
        by=committee, mentor=UserFactory().person, mentee=UserFactory().person, started_on=DAY
    )
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.post(f"/dei/mentoring/{pair.pk}/", {"held_on": "2026-02-11", "note": "x"})

    assert response.status_code == 403
    assert pair.follow_ups.count() == 0


def test_a_leaders_own_profile_shows_the_training_they_attended(client):
    leader = UserFactory(roles=[Role.COMMUNITY])
    training_record(
        by=UserFactory(roles=[Role.DEI_COMMITTEE]),
        topic="Code-of-conduct response",
        held_on=datetime.date(2026, 3, 2),
        trainer="NumFOCUS",
        attendees=[leader.person],
    )
    client.force_login(leader)

    page = text(client.get("/people/profile/"))

    assert "Event-leader training" in page
    assert "Code-of-conduct response, 2 March 2026, with NumFOCUS" in page
