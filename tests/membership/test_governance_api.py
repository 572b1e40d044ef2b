"""The governance API and the selectors behind it: the public sees public people
with public fields only; members see everyone; elections are for logged-in people,
with counts only once closed; no ballot is ever served and nothing is written."""

from datetime import timedelta

import pytest
import yaml
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from membership.enums import BallotChoice, ElectionStatus
from membership.models import Body, Election, Membership, Person
from membership.selectors import memberships_visible_to, people_visible_to, sees_all_people
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import (
    BodyFactory,
    ElectionFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    members_of,
    open_election,
    pass_closing_time,
)

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
PUBLIC_PERSON_KEYS = [
    "affiliation",
    "bio",
    "display_name",
    "github_handle",
    "id",
    "photo_url",
    "pronouns",
]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


@pytest.fixture
def member(cwg):
    """A working group member: a current seat and the role it gives."""
    user = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    MembershipFactory(person=user.person, body=cwg)
    return user


def logged_in(client, user):
    client.force_login(user)
    return client


def public_person_json(person):
    return {
        "id": person.pk,
        "display_name": person.display_name,
        "pronouns": person.pronouns,
        "affiliation": person.affiliation,
        "bio": person.bio,
        "github_handle": person.github_handle,
        "photo_url": None,
    }


@pytest.fixture
def people():
    """One person who chose to be public and one who did not."""
    public = PersonFactory(
        display_name="Ada Public",
        pronouns="she/her",
        affiliation="University of Lagos",
        bio="Translates JupyterLab.",
        github_handle="ada-public",
        is_public=True,
    )
    private = PersonFactory(display_name="Bo Private", is_public=False)
    return public, private


# --- Selectors ---------------------------------------------------------------------------


@pytest.fixture
def viewers(cwg):
    """Who might ask, by name: each sees all people or only the public ones."""
    former = UserFactory(username="former")
    MembershipFactory(
        person=former.person,
        body=cwg,
        starts_on=timezone.localdate() - timedelta(days=400),
        left_on=timezone.localdate() - timedelta(days=1),
    )
    seated = UserFactory(username="seated")
    MembershipFactory(person=seated.person, body=BodyFactory())
    return {
        "anonymous": AnonymousUser(),
        "community": UserFactory(username="community", roles=[Role.COMMUNITY]),
        "former member": former,
        "seated without a role": seated,
        "finance staff": UserFactory(username="finance", roles=[Role.FINANCE_STAFF]),
    }


def test_sees_all_people_only_for_current_members_and_staff_roles(viewers):
    assert {name: sees_all_people(user) for name, user in viewers.items()} == {
        "anonymous": False,
        "community": False,
        "former member": False,
        "seated without a role": True,
        "finance staff": True,
    }


def test_people_visible_to_the_public_are_only_the_public_people(viewers, people):
    public, private = people

    everyone = set(Person.objects.all())

    visible = {name: set(people_visible_to(user)) for name, user in viewers.items()}

    assert private in everyone
    assert visible == {
        "anonymous": {public},
        "community": {public},
        "former member": {public},
        "seated without a role": everyone,
        "finance staff": everyone,
    }


def test_memberships_visible_to_the_public_leave_out_private_people_and_bodies(cwg, people):
    public, private = people
    shown = MembershipFactory(person=public, body=cwg)
    MembershipFactory(person=private, body=cwg)
    MembershipFactory(person=public, body=BodyFactory(is_public=False))

    assert list(memberships_visible_to(AnonymousUser())) == [shown]


# --- People -------------------------------------------------------------------------------


def test_api_people_for_the_public_lists_public_people_with_public_fields(api_client, people):
    public, _ = people

    response = api_client.get("/api/v1/people/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [public_person_json(public)],
    }


def test_api_people_for_the_community_lists_only_public_people(api_client, people):
    public, _ = people
    community = UserFactory(username="community", roles=[Role.COMMUNITY])

    response = logged_in(api_client, community).get("/api/v1/people/")

    assert response.json()["results"] == [public_person_json(public)]


def test_api_people_for_a_member_lists_everyone_with_the_public_flag(api_client, member, people):
    Person.objects.filter(user=member).update(display_name="Cy Member")

    response = logged_in(api_client, member).get("/api/v1/people/")

    results = response.json()["results"]
    assert [(person["display_name"], person["is_public"]) for person in results] == [
        ("Ada Public", True),
        ("Bo Private", False),
        ("Cy Member", False),
    ]
    assert [sorted(person) for person in results] == [
        sorted([*PUBLIC_PERSON_KEYS, "is_public"])
    ] * 3


def test_api_person_detail_of_a_private_person_is_not_found_for_the_public(api_client, people):
    _, private = people

    response = api_client.get(f"/api/v1/people/{private.pk}/")

    assert response.status_code == 404
    assert "Bo Private" not in response.content.decode()


# --- Memberships ----------------------------------------------------------------------------


def test_api_memberships_for_the_public_leave_out_private_people(api_client, cwg, people):
    public, private = people
    shown = MembershipFactory(person=public, body=cwg, reason_for_leaving="")
    MembershipFactory(person=private, body=cwg)
    MembershipFactory(person=public, body=BodyFactory(is_public=False))

    response = api_client.get("/api/v1/memberships/")

    assert response.json()["results"] == [
        {
            "id": shown.pk,
            "person": public_person_json(public),
            "body": "community-working-group",
            "role": "member",
            "starts_on": shown.starts_on.isoformat(),
            "ends_on": None,
            "left_on": None,
            "reason_for_leaving": "",
        }
    ]


def test_api_memberships_for_a_member_include_private_people(api_client, cwg, member, people):
    public, private = people
    MembershipFactory(person=public, body=cwg)
    MembershipFactory(person=private, body=cwg)

    response = logged_in(api_client, member).get("/api/v1/memberships/")

    assert sorted(seat["person"]["display_name"] for seat in response.json()["results"]) == [
        "Ada Public",
        "Bo Private",
        member.person.display_name,
    ]


# --- Bodies -----------------------------------------------------------------------------------


def test_api_bodies_for_the_public_list_only_public_bodies(api_client):
    BodyFactory(name="Hiring Panel", slug="hiring-panel", is_public=False)

    response = api_client.get("/api/v1/bodies/")

    results = response.json()["results"]
    assert [body["slug"] for body in results] == [
        "code-of-conduct-team",
        "community-working-group",
        "dei-committee",
        "executive-council",
    ]
    assert results[1] == {
        "slug": "community-working-group",
        "name": "Community Building Working Group",
        "kind": "working-group",
        "description": "Grows, builds and connects the Jupyter community on behalf of the "
        "Executive Council.",
        "reports_to": "executive-council",
        "term_months": None,
    }


# --- Elections ------------------------------------------------------------------------------


def test_api_elections_are_refused_to_the_public(api_client):
    ElectionFactory()

    responses = [api_client.get("/api/v1/elections/"), api_client.get("/api/v1/")]

    assert [(r.status_code, r.json()) for r in responses] == [(401, NOT_AUTHENTICATED)] * 2


def election_json(election, **counted):
    return {
        "id": election.pk,
        "body": election.body.slug,
        "title": election.title,
        "description": election.description,
        "status": election.status,
        "eligible_count": election.eligible_count,
        **counted,
    }


def without_times(election):
    times = ("nominations_close_at", "opens_at", "closes_at")
    return {key: value for key, value in election.items() if key not in times}


def test_api_election_while_open_shows_no_results(api_client, member):
    body = BodyFactory(slug="dei-working-party")
    first, _ = members_of(body, 2)
    election = open_election(body)
    nomination = NominationFactory(election=election, accepted=True)
    ballot_cast(election=election, voter=first, choices={nomination.pk: BallotChoice.YES})

    (shown,) = logged_in(api_client, member).get("/api/v1/elections/").json()["results"]

    assert without_times(shown) == election_json(
        election, ballots_cast=None, quorum_reached=None, results=None
    )
    assert parse_datetime(shown["closes_at"]) == election.closes_at


def test_api_election_after_the_count_shows_the_results(api_client, member):
    body = BodyFactory(slug="dei-working-party")
    voters = members_of(body, 3)
    election = open_election(body)
    nominee = PersonFactory(display_name="Sam Rivera", is_public=False)
    nomination = NominationFactory(
        election=election, accepted=True, nominee=nominee, statement="I run workshops."
    )
    NominationFactory(election=election)
    for voter, choice in zip(voters, ("yes", "yes", "no"), strict=True):
        ballot_cast(election=election, voter=voter, choices={nomination.pk: choice})
    election_close(election=pass_closing_time(election))
    election.refresh_from_db()

    (shown,) = logged_in(api_client, member).get("/api/v1/elections/").json()["results"]

    assert without_times(shown) == election_json(
        election,
        ballots_cast=3,
        quorum_reached=True,
        results=[
            {
                "nominee": public_person_json(nominee),
                "statement": "I run workshops.",
                "yes_votes": 2,
                "no_votes": 1,
                "abstentions": 0,
                "elected": True,
            }
        ],
    )
    assert election.status == ElectionStatus.CLOSED


# --- Nothing about ballots, nothing written ------------------------------------------------


def test_api_serves_no_ballot_anywhere(api_client, member, tmp_path):
    client = logged_in(api_client, member)
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    schema = yaml.safe_load((tmp_path / "schema.yml").read_text())

    routes = client.get("/api/v1/").json()

    assert sorted(
        route for route in routes if route in {"people", "bodies", "memberships", "elections"}
    ) == [
        "bodies",
        "elections",
        "memberships",
        "people",
    ]
    assert [route for route in routes if "ballot" in route or "voter" in route] == []
    assert [path for path in schema["paths"] if "ballot" in path or "voter" in path] == []
    assert sorted(schema["components"]["schemas"]["Election"]["properties"]) == [
        "ballots_cast",
        "body",
        "closes_at",
        "description",
        "eligible_count",
        "id",
        "nominations_close_at",
        "opens_at",
        "quorum_reached",
        "results",
        "status",
        "title",
    ]
    assert client.get("/api/v1/ballots/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/memberships/", "/api/v1/bodies/"])
def test_api_post_by_the_public_is_refused(path, api_client):
    before = (Person.objects.count(), Membership.objects.count(), Body.objects.count())

    response = api_client.post(path, {"display_name": "Mallory", "slug": "mallory"}, format="json")

    assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)
    assert (Person.objects.count(), Membership.objects.count(), Body.objects.count()) == before


@pytest.mark.parametrize(
    ("path", "status", "answer"),
    [
        ("/api/v1/people/", 403, FORBIDDEN),
        ("/api/v1/memberships/", 403, FORBIDDEN),
        ("/api/v1/bodies/", 403, FORBIDDEN),
        ("/api/v1/elections/", 405, {"detail": 'Method "POST" not allowed.'}),
    ],
)
def test_api_post_by_a_member_is_refused(path, status, answer, api_client, member, cwg):
    before = (Person.objects.count(), Membership.objects.count(), Election.objects.count())

    response = logged_in(api_client, member).post(
        path, {"display_name": "Mallory", "title": "Rigged", "body": cwg.slug}, format="json"
    )

    assert (response.status_code, response.json()) == (status, answer)
    assert (Person.objects.count(), Membership.objects.count(), Election.objects.count()) == before


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3])
def test_api_people_query_count_is_independent_of_size(
    size, api_client, member, django_assert_num_queries
):
    PersonFactory.create_batch(size)
    client = logged_in(api_client, member)

    with django_assert_num_queries(5):
        response = client.get("/api/v1/people/")

    assert response.json()["count"] == size + 1


@pytest.mark.parametrize("size", [1, 3])
def test_api_memberships_query_count_is_independent_of_size(
    size, api_client, member, cwg, django_assert_num_queries
):
    MembershipFactory.create_batch(size, body=cwg)
    client = logged_in(api_client, member)

    with django_assert_num_queries(5):
        response = client.get("/api/v1/memberships/")

    assert response.json()["count"] == size + 1


@pytest.mark.parametrize("size", [1, 3])
def test_api_elections_query_count_is_independent_of_size(
    size, api_client, member, django_assert_num_queries
):
    for _ in range(size):
        NominationFactory.create_batch(2, election=ElectionFactory(status=ElectionStatus.CLOSED))
    client = logged_in(api_client, member)

    with django_assert_num_queries(7):
        response = client.get("/api/v1/elections/")

    assert response.json()["count"] == size
