"""Editions: created from the previous one, moved through their stages, with
milestones whose lateness reaches the owner and the chair."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conferences.enums import EditionStatus, MilestoneStatus
from conferences.services.editions import (
    decision_record,
    edition_advance,
    edition_create,
    lesson_record,
    milestones_overdue_notify,
)
from cwg_portal.models import Notification
from cwg_portal.roles import Role
from events.enums import EventKind, EventStatus
from tests.factories.budget import FundFactory
from tests.factories.conferences import EditionFactory, MilestoneFactory, SponsorTierFactory
from tests.factories.membership import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair():
    return UserFactory(roles=[Role.CWG_CHAIR])


def new_edition(chair, previous=None, **overrides):
    fields = {
        "year": 2031,
        "name": "JupyterCon 2031",
        "start_date": datetime.date(2031, 6, 1),
        "end_date": datetime.date(2031, 6, 4),
        "city": "Berlin",
        "country": "Germany",
        "fund": FundFactory(),
        **overrides,
    }
    return edition_create(previous=previous, by=chair, **fields)


def test_a_new_edition_has_its_jupytercon_event_in_planning(chair):
    edition = new_edition(chair)

    event = edition.event
    assert (event.title, event.kind, event.status, event.place) == (
        "JupyterCon 2031",
        EventKind.JUPYTERCON,
        EventStatus.PLANNING,
        "Berlin, Germany",
    )


def test_a_new_edition_from_the_previous_shifts_its_milestones_by_the_gap(chair):
    previous = EditionFactory(year=2030)
    previous.event.start_date = datetime.date(2030, 5, 10)
    previous.event.end_date = datetime.date(2030, 5, 13)
    previous.event.save()
    owner = PersonFactory()
    MilestoneFactory(
        edition=previous,
        title="Venue",
        due_on=datetime.date(2029, 9, 1),
        owner=owner,
        status=MilestoneStatus.DONE,
    )
    MilestoneFactory(edition=previous, title="Programme", due_on=datetime.date(2030, 3, 1))
    SponsorTierFactory(edition=previous, name="Gold")

    edition = new_edition(chair, previous=previous)

    # 2030-05-10 to 2031-06-01 is 387 days.
    assert list(edition.milestones.values_list("title", "due_on", "owner", "status")) == [
        ("Venue", datetime.date(2030, 9, 23), owner.pk, MilestoneStatus.OPEN),
        ("Programme", datetime.date(2031, 3, 23), None, MilestoneStatus.OPEN),
    ]
    assert list(edition.tiers.values_list("name", flat=True)) == ["Gold"]


def test_an_edition_continues_only_one_previous(chair):
    previous = EditionFactory(year=2030)
    new_edition(chair, previous=previous)

    with pytest.raises(ValidationError):
        new_edition(chair, previous=previous, year=2032, name="JupyterCon 2032")


def test_only_members_create_editions():
    with pytest.raises(PermissionDenied):
        new_edition(UserFactory(roles=[Role.EVENTS_STAFF]))


def test_advancing_moves_the_edition_and_its_event(chair):
    edition = EditionFactory(status=EditionStatus.REGISTRATION_OPEN)

    edition_advance(edition=edition, by=chair)

    edition.refresh_from_db()
    edition.event.refresh_from_db()
    assert (edition.status, edition.event.status) == (EditionStatus.HELD, EventStatus.COMPLETED)


def test_a_closed_edition_moves_no_further(chair):
    with pytest.raises(ValidationError):
        edition_advance(edition=EditionFactory(status=EditionStatus.CLOSED), by=chair)


def test_an_overdue_milestone_tells_its_owner_and_the_chair_once(chair):
    owner = PersonFactory()
    MilestoneFactory(
        title="Venue", owner=owner, due_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    MilestoneFactory(owner=owner, due_on=datetime.date.today() + datetime.timedelta(days=1))

    milestones_overdue_notify()
    milestones_overdue_notify()

    told = Notification.objects.filter(kind="conferences.milestone_overdue")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        [owner.user.username, chair.username]
    )


def test_a_decision_says_who_decided(chair):
    with pytest.raises(ValidationError) as refused:
        decision_record(
            title="Format",
            context="c",
            options="o",
            decision="d",
            rationale="r",
            decided_on=datetime.date(2031, 1, 1),
            by=chair,
        )

    assert refused.value.messages == ["Say who decided: the members present, or the formal vote."]


def test_lessons_of_the_retrospective_become_the_next_editions_checklist(chair):
    previous = EditionFactory(year=2030, status=EditionStatus.HELD)
    lesson_record(edition=previous, text="Book the quiet room earlier.", by=chair)

    edition = new_edition(chair, previous=previous)
    lesson_record(edition=previous, text="Caption every talk.", by=chair)

    assert [item.lesson.text for item in edition.checklist.all()] == [
        "Book the quiet room earlier.",
        "Caption every talk.",
    ]


def test_the_retrospective_waits_until_the_edition_is_held(chair):
    with pytest.raises(ValidationError):
        lesson_record(edition=EditionFactory(), text="Too early", by=chair)
