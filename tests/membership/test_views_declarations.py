"""The conflict-of-interest register: who may read it and what it lists."""

import datetime

import pytest

from membership.enums import DeclarationKind
from membership.models import Declaration
from tests.factories.membership import DeclarationFactory, PersonFactory
from tests.pages import page_messages, rows, tables

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the register


def test_a_person_declares_an_interest_in_the_register(client, community):
    related = PersonFactory(display_name="Ada Okafor", is_public=True)
    client.force_login(community)

    response = client.post(
        "/people/declarations/",
        {
            "kind": "employer",
            "description": "I work for Acme",
            "organisation": "Acme Analytics",
            "related_person": related.pk,
            "starts_on": "2025-01-01",
            "ends_on": "",
        },
        follow=True,
    )

    assert page_messages(response) == ["Your declaration was added to the register."]
    assert list(
        Declaration.objects.values_list(
            "person", "kind", "description", "organisation", "related_person", "ends_on"
        )
    ) == [
        (
            community.person.pk,
            "employer",
            "I work for Acme",
            "Acme Analytics",
            related.pk,
            None,
        )
    ]
    assert rows(response, "Your declarations") == [
        ["I work for Acme", "Employer", "Acme Analytics", "Ada Okafor", "2025-01-01", ""]
    ]
    assert "Standing interests of everyone" not in tables(response)


def test_members_read_everyones_standing_interests(client, member, community):
    DeclarationFactory(
        person=community.person,
        kind=DeclarationKind.EMPLOYER,
        description="Works for Acme",
        organisation="Acme",
        starts_on=datetime.date(2025, 1, 1),
    )
    DeclarationFactory(person=community.person, kind=DeclarationKind.ITEM, description="An item")
    DeclarationFactory(
        person=community.person,
        description="Over",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    client.force_login(member)

    response = client.get("/people/declarations/")

    assert rows(response, "Standing interests of everyone") == [
        ["Sam Rivera", "Works for Acme", "Employer", "Acme", "", "2025-01-01", ""]
    ]
    assert "Your declarations" not in tables(response)


@pytest.mark.parametrize("size", [1, 3])
def test_declarations_query_count_is_independent_of_size(
    size, client, member, django_assert_num_queries
):
    for _ in range(size):
        DeclarationFactory(person=member.person, related_person=PersonFactory())
    client.force_login(member)

    with django_assert_num_queries(12):
        response = client.get("/people/declarations/")

    assert len(rows(response, "Your declarations")) == size
    assert len(rows(response, "Standing interests of everyone")) == size
