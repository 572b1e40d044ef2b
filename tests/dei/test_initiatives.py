"""DEI initiatives: kept by the DEI committee, followed by the working group's
members, in the API and the quarterly report."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.roles import Role
from dei.enums import InitiativeStatus
from dei.selectors import report_figures
from dei.services.initiatives import initiative_create, initiative_update
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


@pytest.fixture
def committee():
    return UserFactory(roles=[Role.DEI_COMMITTEE])


@pytest.fixture
def initiative(committee):
    return initiative_create(
        by=committee,
        title="Mentoring for first-time organisers",
        goal="Pair every first-time lead organiser with an experienced one.",
        owner=committee.person,
        partners="PyLadies",
        starts_on=START,
    )


def test_initiative_update_records_outcomes_and_a_version(initiative, committee):
    initiative_update(
        initiative=initiative,
        by=committee,
        status=InitiativeStatus.ACTIVE,
        outcomes="Four pairs so far.",
    )

    initiative.refresh_from_db()
    assert (initiative.status, initiative.outcomes) == (
        InitiativeStatus.ACTIVE,
        "Four pairs so far.",
    )
    assert initiative.history.count() == 2


def test_initiative_ending_before_it_starts_is_refused(initiative, committee):
    with pytest.raises(ValidationError) as raised:
        initiative_update(
            initiative=initiative, by=committee, ends_on=START - datetime.timedelta(days=1)
        )

    assert raised.value.messages == ["An initiative cannot end before it starts."]


@pytest.mark.parametrize("role", [Role.CWG_CHAIR, Role.COUNCIL, Role.ADMIN])
def test_initiative_create_outside_the_committee_is_refused(role):
    user = UserFactory(roles=[role])

    with pytest.raises(PermissionDenied):
        initiative_create(by=user, title="x", goal="y", owner=user.person, starts_on=START)


@pytest.mark.parametrize(
    ("role", "count"),
    [
        (Role.CWG_MEMBER, 1),
        (Role.DEI_COMMITTEE, 1),
        (Role.EVENTS_STAFF, None),
        (Role.COMMUNITY, None),
    ],
)
def test_api_initiatives_for_members_and_the_committee_only(client, initiative, role, count):
    client.force_login(UserFactory(roles=[role]))

    response = client.get("/api/v1/dei/initiatives/")

    if count is None:
        assert response.status_code == 403
    else:
        assert [row["title"] for row in response.json()["results"]] == [initiative.title]


def test_report_section_lists_the_initiatives_under_way(initiative):
    figures = report_figures(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))

    assert figures["initiatives"] == [
        {
            "title": "Mentoring for first-time organisers",
            "owner": initiative.owner.display_name,
            "partners": "PyLadies",
            "status": "Planned",
            "outcomes": "",
        }
    ]


def test_initiative_page_for_a_member_offers_no_edit(client, initiative):
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.get(f"/dei/initiatives/{initiative.pk}/")

    assert "PyLadies" in response.content.decode()
    assert "/edit/" not in response.content.decode()
