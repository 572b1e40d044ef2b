"""Seats and terms: the portal roles that follow a seat, and the daily job that
ends the seats whose term is over and takes away what only they gave."""

import datetime
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cwg_portal.celery import app as celery_app
from cwg_portal.roles import Role
from membership.enums import SeatRole
from membership.models import Body, Membership
from membership.services.seats import membership_end, membership_start, memberships_expire
from membership.tasks import memberships_expire_task
from tests.factories.membership import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


@pytest.fixture
def dei():
    return Body.objects.get(slug="dei-committee")


def roles_of(user):
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


def seat_ending(person, body, ends_on):
    """A seat taken long ago whose term ends on the given day."""
    return membership_start(
        person=person, body=body, starts_on=ends_on - timedelta(days=365), ends_on=ends_on
    )


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def seat_state(membership):
    return Membership.objects.values_list("left_on", "reason_for_leaving").get(pk=membership.pk)


def wait_for(condition, seconds=30):
    """Poll until the worker has done its part; fail if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


# --- Starting and ending a seat ---------------------------------------------------------


def test_membership_start_grants_the_bodys_role(cwg):
    person = PersonFactory()

    seat = membership_start(person=person, body=cwg)

    assert (seat.starts_on, seat.ends_on, seat.role) == (timezone.localdate(), None, "member")
    assert roles_of(person.user) == {"cwg-member"}


def test_membership_start_as_chair_grants_the_chair_role(cwg):
    person = PersonFactory()

    membership_start(person=person, body=cwg, role=SeatRole.CHAIR)

    assert roles_of(person.user) == {"cwg-chair"}


@pytest.mark.parametrize(
    ("starts_on", "term_months", "ends_on"),
    [
        (datetime.date(2025, 3, 15), 24, datetime.date(2027, 3, 15)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2023, 12, 31), 2, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_membership_start_ends_the_term_after_the_bodys_term_length(
    starts_on, term_months, ends_on
):
    body = BodyFactory(term_months=term_months)

    seat = membership_start(person=PersonFactory(), body=body, starts_on=starts_on)

    assert Membership.objects.values_list("starts_on", "ends_on").get(pk=seat.pk) == (
        starts_on,
        ends_on,
    )


def test_membership_start_of_a_seat_already_held_is_refused(cwg):
    person = PersonFactory(display_name="Mira Okafor")
    membership_start(person=person, body=cwg)

    with pytest.raises(ValidationError) as refused:
        membership_start(person=person, body=cwg)

    assert refused.value.messages == [
        "Mira Okafor already holds this seat on Community Building Working Group."
    ]
    assert Membership.objects.filter(person=person).count() == 1


def test_membership_end_keeps_the_seat_and_takes_its_role(cwg, dei):
    person = PersonFactory()
    seat = membership_start(person=person, body=cwg)
    membership_start(person=person, body=dei)

    membership_end(membership=seat, reason="Stepped down")

    assert seat_state(seat) == (timezone.localdate(), "Stepped down")
    assert roles_of(person.user) == {"dei-committee"}


def test_membership_end_of_an_ended_seat_changes_nothing(cwg):
    seat = membership_start(person=PersonFactory(), body=cwg)
    membership_end(membership=seat, left_on=timezone.localdate(), reason="Stepped down")

    membership_end(membership=seat, reason="Again")

    assert seat_state(seat) == (timezone.localdate(), "Stepped down")


# --- Terms ending -----------------------------------------------------------------------


def test_memberships_expire_ends_seats_past_their_term_and_their_roles(cwg):
    person = PersonFactory()
    seat = seat_ending(person, cwg, yesterday())
    assert roles_of(person.user) == {"cwg-member"}

    ended = memberships_expire()

    assert ended == 1
    assert seat_state(seat) == (yesterday(), "Term ended")
    assert roles_of(person.user) == set()


def test_memberships_expire_keeps_a_seat_whose_term_ends_today(cwg):
    person = PersonFactory()
    seat = seat_ending(person, cwg, timezone.localdate())

    assert memberships_expire() == 0

    assert seat_state(seat) == (None, "")
    assert roles_of(person.user) == {"cwg-member"}


def test_memberships_expire_leaves_the_role_another_body_grants(cwg):
    person = PersonFactory()
    ended = seat_ending(person, cwg, yesterday())
    other = membership_start(person=person, body=BodyFactory(portal_role=Role.CWG_MEMBER))

    memberships_expire()

    assert (seat_state(ended), seat_state(other)) == ((yesterday(), "Term ended"), (None, ""))
    assert roles_of(person.user) == {"cwg-member"}


def test_memberships_expire_takes_only_the_role_of_the_ended_seat(cwg, dei):
    person = PersonFactory()
    seat_ending(person, cwg, yesterday())
    membership_start(person=person, body=dei)

    memberships_expire()

    assert roles_of(person.user) == {"dei-committee"}


def test_memberships_expire_leaves_roles_no_body_grants(cwg):
    user = UserFactory(roles=[Role.FINANCE_STAFF, Role.EVENTS_STAFF])
    seat_ending(user.person, cwg, yesterday())

    memberships_expire()

    assert roles_of(user) == {"finance-staff", "events-staff"}


def test_memberships_expire_ends_the_seat_of_a_person_without_an_account(cwg):
    seat = MembershipFactory(
        person=PersonFactory(user=None),
        body=cwg,
        starts_on=yesterday() - timedelta(days=30),
        ends_on=yesterday(),
    )

    assert memberships_expire() == 1

    assert seat_state(seat) == (yesterday(), "Term ended")


def test_memberships_expire_a_second_time_changes_nothing(cwg):
    person = PersonFactory()
    seat = seat_ending(person, cwg, yesterday())
    memberships_expire()
    before = Membership.objects.values().get(pk=seat.pk)
    history = seat.history.count()

    assert memberships_expire() == 0

    assert Membership.objects.values().get(pk=seat.pk) == before
    assert (seat.history.count(), roles_of(person.user)) == (history, set())


def test_memberships_expire_task_run_by_the_worker_ends_the_term(celery_worker, cwg):
    person = PersonFactory()
    seat = seat_ending(person, cwg, yesterday())

    memberships_expire_task.delay()

    wait_for(lambda: seat_state(seat)[0] is not None)
    assert seat_state(seat) == (yesterday(), "Term ended")
    assert roles_of(person.user) == set()


@pytest.mark.parametrize(
    ("name", "task", "minute", "hour"),
    [
        ("End memberships whose term is over", "membership.memberships_expire", "5", "0"),
        (
            "Close elections past their closing time",
            "membership.elections_close_due",
            "*/10",
            "*",
        ),
        (
            "Close formal votes past their closing time",
            "membership.motions_close_due",
            "*/10",
            "*",
        ),
        (
            "Lapse motions nobody seconded in time",
            "membership.motions_lapse_due",
            "*/10",
            "*",
        ),
    ],
)
def test_membership_jobs_are_scheduled_as_data_for_beat(name, task, minute, hour):
    scheduled = PeriodicTask.objects.get(name=name)

    assert scheduled.task == task
    assert scheduled.task in celery_app.tasks
    assert (scheduled.crontab.minute, scheduled.crontab.hour, scheduled.enabled) == (
        minute,
        hour,
        True,
    )
