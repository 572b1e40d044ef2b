"""The directory as YAML, shaped like the project's governance people data: one
entry per public person holding a seat on a public body, never anyone else."""

import datetime
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from membership.enums import SeatRole
from membership.models import Body
from tests.factories.membership import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def exported():
    out = StringIO()
    call_command("export_directory", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_export_directory_prints_public_people_with_their_teams_and_terms():
    cwg = Body.objects.get(slug="community-working-group")
    dei = Body.objects.get(slug="dei-committee")
    ada = PersonFactory(
        display_name="Ada Okafor",
        github_handle="ada-okafor",
        affiliation="University of Lagos",
        is_public=True,
    )
    MembershipFactory(
        person=ada, body=cwg, role=SeatRole.CHAIR, starts_on=datetime.date(2024, 1, 15)
    )
    MembershipFactory(
        person=ada,
        body=dei,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        left_on=datetime.date(2023, 6, 30),
        reason_for_leaving="Stepped down",
    )
    MembershipFactory(person=ada, body=BodyFactory(slug="hiring-panel", is_public=False))
    bo = PersonFactory(
        display_name="Bo Lindqvist", github_handle="", affiliation="", is_public=True
    )
    MembershipFactory(
        person=bo,
        body=cwg,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2027, 2, 28),
    )

    assert exported() == [
        {
            "id": "ada-okafor",
            "name": "Ada Okafor",
            "github": "ada-okafor",
            "affiliations": ["University of Lagos"],
            "teams": [
                {
                    "team": "community-working-group",
                    "role": "chair",
                    "start": "2024-01-15",
                    "end": None,
                },
                {
                    "team": "dei-committee",
                    "role": "member",
                    "start": "2022-01-01",
                    "end": "2023-06-30",
                },
            ],
        },
        {
            "id": f"person-{bo.pk}",
            "name": "Bo Lindqvist",
            "github": None,
            "affiliations": [],
            "teams": [
                {
                    "team": "community-working-group",
                    "role": "member",
                    "start": "2025-03-01",
                    "end": "2027-02-28",
                }
            ],
        },
    ]


def test_export_directory_leaves_out_private_people_and_people_without_a_public_seat():
    cwg = Body.objects.get(slug="community-working-group")
    MembershipFactory(person=PersonFactory(display_name="Cy Private", is_public=False), body=cwg)
    PersonFactory(display_name="Di Unseated", is_public=True)
    MembershipFactory(
        person=PersonFactory(display_name="Ed Hidden Body", is_public=True),
        body=BodyFactory(is_public=False),
    )

    output = StringIO()
    call_command("export_directory", stdout=output)

    assert yaml.safe_load(output.getvalue()) == []
    assert "Cy Private" not in output.getvalue()
