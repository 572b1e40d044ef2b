"""The chair follows each member's participation in formal votes, year by
year, and sees the members' affiliations."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from membership.models import Motion
from membership.selectors import member_affiliations, motion_years, participation
from membership.services.motions import motion_close
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    members_of,
    open_motion,
    pass_motion_closing_time,
)
from tests.membership.motions import BLANK, FOR, vote

pytestmark = pytest.mark.django_db


# --- Participation and affiliations -------------------------------------------------------------


def closed_in(motion, year):
    Motion.objects.filter(pk=motion.pk).update(
        closed_at=datetime.datetime(year, 6, 1, 12, tzinfo=datetime.UTC)
    )


def test_participation_shows_who_falls_short_of_two_thirds_in_a_year():
    body = BodyFactory()
    ada, bo, cy = members_of(body, 3)
    for user, name in ((ada, "Ada"), (bo, "Bo"), (cy, "Cy")):
        user.person.display_name = name
        user.person.save()
    votes = [(FOR, FOR, FOR), (FOR, BLANK, None), (FOR, None, None)]
    for choices in votes:
        motion = open_motion(body, sponsor=ada, seconded_by=bo)
        for voter, choice in zip((ada, bo, cy), choices, strict=True):
            if choice:
                vote(motion, voter, choice)
        closed_in(motion_close(motion=pass_motion_closing_time(motion)), 2025)
    earlier = open_motion(body, sponsor=ada, seconded_by=bo)
    closed_in(motion_close(motion=pass_motion_closing_time(earlier)), 2024)
    open_motion(body, sponsor=ada, seconded_by=bo)

    rows = participation(body, 2025)

    assert [(row["name"], row["eligible"], row["voted"], row["falls_short"]) for row in rows] == [
        ("Ada", 3, 3, False),
        ("Bo", 3, 2, False),
        ("Cy", 3, 1, True),
    ]
    assert motion_years(body) == [2025, 2024]
    assert [(row["name"], row["voted"]) for row in participation(body, 2024)] == [
        ("Ada", 0),
        ("Bo", 0),
        ("Cy", 0),
    ]


def test_participation_follows_the_bodys_own_share():
    body = BodyFactory(participation_numerator=1, participation_denominator=2)
    first, second = members_of(body, 2)
    for choice in (FOR, None):
        motion = open_motion(body, sponsor=first, seconded_by=second)
        if choice:
            vote(motion, second, choice)
        closed_in(motion_close(motion=pass_motion_closing_time(motion)), 2026)

    rows = participation(body, 2026)

    assert {row["user"]: (row["voted"], row["falls_short"]) for row in rows} == {
        first.pk: (0, True),
        second.pk: (1, False),
    }


def test_member_affiliations_count_the_current_members_per_organisation():
    body = BodyFactory()
    for affiliation in ("NumFOCUS", "Bloomberg", "NumFOCUS", ""):
        MembershipFactory(body=body, person=PersonFactory(affiliation=affiliation))
    MembershipFactory(
        body=body,
        person=PersonFactory(affiliation="Former Corp"),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    MembershipFactory(person=PersonFactory(affiliation="Elsewhere Inc"))

    assert member_affiliations(body) == [
        {"affiliation": "NumFOCUS", "members": 2},
        {"affiliation": "Bloomberg", "members": 1},
        {"affiliation": "", "members": 1},
    ]
