"""The chair's page of a body: what the chair manages there, and who may see
it."""

import datetime
from datetime import timedelta

import pytest

from membership.models import Body
from tests.factories.membership import MembershipFactory, PersonFactory
from tests.membership.governance_pages import TODAY
from tests.pages import rows

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the chair's page


def test_chair_sees_the_members_and_the_terms_ending_within_60_days(client, chair, cwg):
    soon = PersonFactory(display_name="Ada Soon")
    MembershipFactory(
        person=soon,
        body=cwg,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=TODAY() + timedelta(days=30),
    )
    later = PersonFactory(display_name="Bo Later")
    MembershipFactory(
        person=later,
        body=cwg,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=TODAY() + timedelta(days=90),
    )
    MembershipFactory(
        person=PersonFactory(display_name="Elsewhere"),
        body=Body.objects.get(slug="dei-committee"),
        ends_on=TODAY() + timedelta(days=10),
    )
    client.force_login(chair)

    response = client.get("/people/bodies/community-working-group/manage/")
    dashboard = client.get("/dashboard/")

    since = str(chair.person.memberships.get().starts_on)
    assert rows(response, "Current members of Community Building Working Group") == [
        ["Jonas Lindqvist", "Chair", since, "Open-ended"],
        ["Ada Soon", "Member", "2024-01-01", str(TODAY() + timedelta(days=30))],
        ["Bo Later", "Member", "2024-01-01", str(TODAY() + timedelta(days=90))],
    ]
    assert rows(response, "Terms on Community Building Working Group ending within 60 days") == [
        ["Ada Soon", "Member", str(TODAY() + timedelta(days=30))]
    ]
    assert rows(dashboard, "Terms ending within 60 days") == [
        ["Ada Soon", "Community Building Working Group", str(TODAY() + timedelta(days=30))]
    ]


def test_a_member_who_is_not_the_chair_may_not_manage_the_body(client, member):
    client.force_login(member)

    response = client.get("/people/bodies/community-working-group/manage/")

    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_manage_page_query_count_is_independent_of_size(
    size, client, chair, cwg, django_assert_num_queries
):
    for _ in range(size):
        MembershipFactory(body=cwg, ends_on=TODAY() + timedelta(days=10))
    client.force_login(chair)

    with django_assert_num_queries(12):
        response = client.get("/people/bodies/community-working-group/manage/")

    assert (
        len(rows(response, "Terms on Community Building Working Group ending within 60 days"))
        == size
    )
