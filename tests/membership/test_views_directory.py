"""The public directory of bodies and people: who is listed and how, a body's
page, and the YAML exports. Each test says what the reader sees."""

import datetime
import re

import pytest
import yaml

from membership.enums import SeatRole
from tests.factories.membership import BodyFactory, MembershipFactory, PersonFactory
from tests.membership.governance_pages import headings
from tests.pages import rows

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- directory


def test_directory_lists_the_public_bodies_to_anyone(client):
    BodyFactory(name="Hiring panel", slug="hiring-panel", is_public=False)

    response = client.get("/people/directory/")

    assert response.status_code == 200
    assert headings(response, 2) == [
        "Code of Conduct Team",
        "Community Building Working Group",
        "DEI Standing Committee",
        "Executive Council",
        "Download",
    ]
    assert 'href="/people/directory/community-working-group/"' in response.content.decode()
    assert 'href="/people/directory/hiring-panel/"' not in response.content.decode()


def test_directory_body_lists_public_current_members_and_the_archive(client, cwg):
    ada = PersonFactory(
        display_name="Ada Okafor",
        pronouns="she/her",
        affiliation="University of Lagos",
        github_handle="ada-okafor",
        is_public=True,
    )
    MembershipFactory(
        person=ada, body=cwg, role=SeatRole.CHAIR, starts_on=datetime.date(2024, 1, 15)
    )
    bo = PersonFactory(display_name="Bo Lindqvist", pronouns="", affiliation="", is_public=True)
    MembershipFactory(person=bo, body=cwg, starts_on=datetime.date(2025, 3, 1))
    cy = PersonFactory(display_name="Cy Former", is_public=True)
    MembershipFactory(
        person=cy,
        body=cwg,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        left_on=datetime.date(2022, 6, 30),
    )
    private = PersonFactory(display_name="Private Person", is_public=False)
    MembershipFactory(person=private, body=cwg)
    MembershipFactory(
        person=private,
        body=cwg,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    MembershipFactory(person=PersonFactory(display_name="Elsewhere", is_public=True))

    response = client.get("/people/directory/community-working-group/")

    assert headings(response, 1) == ["Community Building Working Group"]
    assert rows(response, "Current members of Community Building Working Group") == [
        ["Ada Okafor", "she/her", "University of Lagos", "@ada-okafor", "Chair", "2024-01-15"],
        ["Bo Lindqvist", "", "", "", "Member", "2025-03-01"],
    ]
    assert 'href="https://github.com/ada-okafor"' in response.content.decode()
    assert rows(response, "Past members of Community Building Working Group") == [
        ["Cy Former", "Member", "2020-01-01", "2022-06-30"]
    ]
    assert "Private Person" not in response.content.decode()
    assert "Elsewhere" not in response.content.decode()


def test_directory_of_a_body_that_is_not_public_answers_404(client, member):
    BodyFactory(slug="hiring-panel", is_public=False)
    client.force_login(member)

    response = client.get("/people/directory/hiring-panel/")

    assert response.status_code == 404


def test_directory_offers_the_governance_files_that_anyone_downloads(client, cwg):
    ada = PersonFactory(display_name="Ada Okafor", github_handle="ada-okafor", is_public=True)
    MembershipFactory(
        person=ada, body=cwg, role=SeatRole.CHAIR, starts_on=datetime.date(2024, 1, 15)
    )
    MembershipFactory(person=PersonFactory(display_name="Hidden", is_public=False), body=cwg)

    index = client.get("/people/directory/")
    response = client.get("/people/directory/contributors.yml")

    links = re.findall(r'href="(/people/directory/[^"/]+\.yml)"', index.content.decode())
    assert links == [
        "/people/directory/jupyter-teams.yml",
        "/people/directory/organizations.yml",
        "/people/directory/contributors.yml",
    ]
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="contributors.yml"'
    assert yaml.safe_load(response.content.decode()) == {
        "version": 1,
        "authors": [
            {
                "id": "ada-okafor",
                "name": "Ada Okafor",
                "github": "https://github.com/ada-okafor",
                "teams": [{"team": "community_building_working_group", "term": "2024-"}],
            }
        ],
    }


def test_directory_teams_file_lists_the_portal_bodies_with_their_repository_ids(client):
    response = client.get("/people/directory/jupyter-teams.yml")

    assert yaml.safe_load(response.content.decode())["teams"] == [
        {
            "id": "community_building_working_group",
            "name": "Community Building Working Group",
            "homepage": "communitybuildingworkinggroup.md",
        },
        {
            "id": "executive_council",
            "name": "Executive Council",
            "homepage": "executive_council.md",
        },
        {
            "id": "dei_standing_committee",
            "name": "DEI Standing Committee",
            "homepage": "charters/DeiCharter.md",
        },
    ]


def seat_public_people(body, size, **past_seat_end):
    """`size` public people, each with a current seat on the body and a past one."""
    for number in range(size):
        person = PersonFactory(display_name=f"Member {number}", is_public=True)
        MembershipFactory(person=person, body=body)
        MembershipFactory(
            person=person, body=body, starts_on=datetime.date(2020, 1, 1), **past_seat_end
        )


@pytest.mark.parametrize("size", [1, 3])
def test_directory_contributors_file_query_count_is_independent_of_size(
    size, client, cwg, django_assert_num_queries
):
    seat_public_people(cwg, size, left_on=datetime.date(2021, 1, 1))

    with django_assert_num_queries(6):
        response = client.get("/people/directory/contributors.yml")

    assert len(yaml.safe_load(response.content.decode())["authors"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_directory_body_query_count_is_independent_of_size(
    size, client, cwg, django_assert_num_queries
):
    seat_public_people(cwg, size, ends_on=datetime.date(2021, 1, 1))

    with django_assert_num_queries(4):
        response = client.get("/people/directory/community-working-group/")

    assert len(rows(response, "Current members of Community Building Working Group")) == size
    assert len(rows(response, "Past members of Community Building Working Group")) == size
