"""The JSON API: token authentication, what each role may read and change, the
shape of its answers, and the OpenAPI schema and docs that describe it."""

import datetime
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from events.enums import EventStatus
from events.models import Event
from tests.factories.events import EventFactory
from tests.factories.membership import PersonFactory, UserFactory

NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
NOT_FOUND = {"detail": "No Event matches the given query."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_client(api_client):
    """An API client that sends `Authorization: Token <key>` for the given user."""

    def authenticate(user):
        _, key = AuthToken.objects.create(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api_client

    return authenticate


def event_json(event):
    return {
        "url": f"http://testserver/api/v1/events/{event.slug}/",
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "summary": event.summary,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "city": event.city,
        "country": event.country,
        "is_online": event.is_online,
        "organisers": sorted(person.pk for person in event.organisers.all()),
        "lead_contact": event.lead_contact_id,
    }


NEW_EVENT = {
    "title": "Jupyter Community Workshop Nairobi",
    "kind": "workshop",
    "status": "planning",
    "summary": "Two days on JupyterLab extensions.",
    "start_date": "2031-05-04",
    "end_date": "2031-05-06",
    "city": "Nairobi",
    "country": "Kenya",
    "is_online": False,
}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/events/", "/api/v1/me/"])
def test_api_anonymous_get_is_refused_with_401_and_no_data(path, api_client, db):
    EventFactory(title="Public Workshop")

    response = api_client.get(path)

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert response["WWW-Authenticate"] == "Token"


def test_api_anonymous_patch_is_refused_with_401_and_changes_nothing(api_client, db):
    event = EventFactory(title="Public Workshop")

    response = api_client.patch(
        f"/api/v1/events/{event.slug}/", {"title": "Defaced"}, format="json"
    )

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert Event.objects.get(pk=event.pk).title == "Public Workshop"


def test_api_token_header_authenticates_the_user(token_client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    client = token_client(user)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == "community-user@example.org"


def test_api_token_is_stored_hashed(user_with_role):
    user = user_with_role(Role.COMMUNITY)

    instance, key = AuthToken.objects.create(user)

    stored = AuthToken.objects.filter(pk=instance.pk).values().get()
    assert stored["digest"] != key
    assert [name for name, value in stored.items() if key in str(value)] == []


def test_api_expired_token_is_refused_with_401(api_client, user_with_role):
    user = user_with_role(Role.CWG_MEMBER)
    instance, key = AuthToken.objects.create(user)
    AuthToken.objects.filter(pk=instance.pk).update(
        expiry=timezone.now() - datetime.timedelta(minutes=1)
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api_client.get("/api/v1/events/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert AuthToken.objects.filter(user=user).count() == 0


def test_api_unknown_token_is_refused_with_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_api_token_of_inactive_user_is_refused_with_401(token_client, user_with_role):
    user = user_with_role(Role.CWG_MEMBER)
    client = token_client(user)
    user.is_active = False
    user.save()

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_api_token_works_without_mfa_for_a_role_that_needs_none(
    token_client, user_with_role, settings
):
    settings.REQUIRE_MFA = True
    EventFactory(title="Public Workshop")
    client = token_client(user_with_role(Role.COMMUNITY))

    response = client.get("/api/v1/events/")

    assert [event["title"] for event in response.json()["results"]] == ["Public Workshop"]


def test_api_planning_event_of_someone_else_is_404_to_community_user(token_client, user_with_role):
    event = EventFactory(status=EventStatus.PLANNING, organisers=[PersonFactory()])
    client = token_client(user_with_role(Role.COMMUNITY))

    response = client.get(f"/api/v1/events/{event.slug}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_api_announced_event_is_readable_by_community_user(token_client, user_with_role):
    lead = PersonFactory()
    event = EventFactory(
        title="JupyterCon Paris",
        status=EventStatus.ANNOUNCED,
        summary="The global conference.",
        organisers=[lead],
        lead_contact=lead,
    )
    client = token_client(user_with_role(Role.COMMUNITY))

    response = client.get(f"/api/v1/events/{event.slug}/")

    assert response.status_code == 200
    assert response.json() == event_json(event)


def test_api_event_list_shows_only_events_visible_to_community_user(token_client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    EventFactory(title="Announced", status=EventStatus.ANNOUNCED)
    EventFactory(title="Completed", status=EventStatus.COMPLETED)
    EventFactory(title="Own Planning", status=EventStatus.PLANNING, organisers=[user.person])
    EventFactory(title="Other Planning", status=EventStatus.PLANNING)
    client = token_client(user)

    response = client.get("/api/v1/events/")

    body = response.json()
    assert body["count"] == 3
    assert sorted(event["title"] for event in body["results"]) == [
        "Announced",
        "Completed",
        "Own Planning",
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_api_event_list_query_count_is_independent_of_size(
    size, token_client, user_with_role, django_assert_num_queries
):
    user = user_with_role(Role.COMMUNITY)
    for _ in range(size):
        lead = PersonFactory()
        EventFactory(organisers=[lead, PersonFactory()], lead_contact=lead)
    EventFactory(status=EventStatus.PLANNING, organisers=[user.person])
    client = token_client(user)

    with django_assert_num_queries(8):
        response = client.get("/api/v1/events/")

    assert response.json()["count"] == size + 1


def test_api_cwg_member_creates_an_event(token_client, user_with_role):
    organiser = PersonFactory()
    client = token_client(user_with_role(Role.CWG_MEMBER))

    response = client.post(
        "/api/v1/events/",
        {**NEW_EVENT, "organisers": [organiser.pk], "lead_contact": organiser.pk},
        format="json",
    )

    event = Event.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        **NEW_EVENT,
        "url": "http://testserver/api/v1/events/jupyter-community-workshop-nairobi/",
        "slug": "jupyter-community-workshop-nairobi",
        "organisers": [organiser.pk],
        "lead_contact": organiser.pk,
    }
    assert event_json(event) == response.json()


def test_api_event_ending_before_it_starts_is_400_and_creates_nothing(token_client, user_with_role):
    client = token_client(user_with_role(Role.CWG_MEMBER))

    response = client.post(
        "/api/v1/events/", {**NEW_EVENT, "end_date": "2031-05-01"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["An event cannot end before it starts."]}
    assert Event.objects.count() == 0


def test_api_event_in_person_without_city_is_400_and_creates_nothing(token_client, user_with_role):
    client = token_client(user_with_role(Role.EVENTS_STAFF))

    response = client.post("/api/v1/events/", {**NEW_EVENT, "city": ""}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["An event in person needs a city."]}
    assert Event.objects.count() == 0


def test_api_event_with_bad_field_values_is_400_keyed_by_field(token_client, user_with_role):
    client = token_client(user_with_role(Role.CWG_MEMBER))

    response = client.post(
        "/api/v1/events/",
        {**NEW_EVENT, "kind": "party", "start_date": "soon", "organisers": [999999]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "kind": ['"party" is not a valid choice.'],
        "start_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
        "organisers": ['Invalid pk "999999" - object does not exist.'],
    }
    assert Event.objects.count() == 0


def test_api_community_user_cannot_create_an_event(token_client, user_with_role):
    client = token_client(user_with_role(Role.COMMUNITY))

    response = client.post("/api/v1/events/", NEW_EVENT, format="json")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Event.objects.count() == 0


def test_api_organiser_updates_their_event(token_client, user_with_role):
    user = user_with_role(Role.COMMUNITY)
    event = EventFactory(
        title="Widgets Sprint",
        slug="widgets-sprint",
        status=EventStatus.PLANNING,
        organisers=[user.person],
    )
    client = token_client(user)

    response = client.patch(
        "/api/v1/events/widgets-sprint/",
        {"title": "Widgets and Extensions Sprint", "city": "Lyon"},
        format="json",
    )

    event.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == event_json(event)
    # The slug stays, so that links to the event keep working after a rename.
    assert (event.title, event.city, event.slug) == (
        "Widgets and Extensions Sprint",
        "Lyon",
        "widgets-sprint",
    )


def test_api_finance_staff_patch_of_planning_event_is_404(token_client, user_with_role):
    event = EventFactory(
        title="Widgets Sprint", status=EventStatus.PLANNING, organisers=[PersonFactory()]
    )
    client = token_client(user_with_role(Role.FINANCE_STAFF))

    response = client.patch(f"/api/v1/events/{event.slug}/", {"title": "Changed"}, format="json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Event.objects.get(pk=event.pk).title == "Widgets Sprint"


def test_api_finance_staff_patch_of_announced_event_is_403(token_client, user_with_role):
    event = EventFactory(title="JupyterCon", status=EventStatus.ANNOUNCED)
    client = token_client(user_with_role(Role.FINANCE_STAFF))

    response = client.patch(f"/api/v1/events/{event.slug}/", {"title": "Changed"}, format="json")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Event.objects.get(pk=event.pk).title == "JupyterCon"


def test_api_patch_making_event_end_before_it_starts_is_400(token_client, user_with_role):
    event = EventFactory(start_date=datetime.date(2031, 5, 4), end_date=datetime.date(2031, 5, 6))
    client = token_client(user_with_role(Role.EVENTS_STAFF))

    response = client.patch(
        f"/api/v1/events/{event.slug}/", {"end_date": "2031-05-01"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["An event cannot end before it starts."]}
    assert Event.objects.get(pk=event.pk).end_date == datetime.date(2031, 5, 6)


def test_api_delete_is_not_allowed_and_event_remains(token_client, user_with_role):
    event = EventFactory()
    client = token_client(user_with_role(Role.CWG_CHAIR))

    response = client.delete(f"/api/v1/events/{event.slug}/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert Event.objects.filter(pk=event.pk).exists()


def test_api_me_returns_the_callers_roles(token_client, user_with_role):
    user = user_with_role(Role.FINANCE_STAFF, first_name="Priya", last_name="Raman")
    client = token_client(user)

    response = client.get("/api/v1/me/")

    assert response.json() == {
        "id": user.pk,
        "email": "finance-staff-user@example.org",
        "display_name": user.person.display_name,
        "roles": ["finance-staff"],
    }


def test_api_me_lists_every_role_sorted(token_client, db):
    user = UserFactory(roles=[Role.EVENTS_STAFF, Role.CWG_CHAIR, Role.COUNCIL])
    client = token_client(user)

    response = client.get("/api/v1/me/")

    assert response.json()["roles"] == ["council", "cwg-chair", "events-staff"]


def test_api_event_fields_match_the_documented_schema(token_client, user_with_role, tmp_path):
    lead = PersonFactory()
    event = EventFactory(organisers=[lead], lead_contact=lead)
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    documented = yaml.safe_load((tmp_path / "schema.yml").read_text())["components"]["schemas"]
    client = token_client(user_with_role(Role.COMMUNITY))

    body = client.get(f"/api/v1/events/{event.slug}/").json()

    properties = documented["Event"]["properties"]
    assert sorted(body) == sorted(properties)
    assert [name for name, spec in properties.items() if spec.get("format") == "date"] == [
        "start_date",
        "end_date",
    ]
    # Dates travel as ISO strings, ids as integers, as the schema says.
    assert (body["start_date"], body["organisers"], body["lead_contact"]) == (
        event.start_date.isoformat(),
        [lead.pk],
        lead.pk,
    )


def test_api_schema_is_valid_and_documents_events_and_token(tmp_path):
    schema_file = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    schema = yaml.safe_load(schema_file.read_text())
    assert sorted(path for path in schema["paths"] if path.startswith("/api/v1/events/")) == [
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
    ]
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_api_docs_serve_swagger_ui_from_local_static_files(client, db):
    response = client.get("/api/docs/")

    html = response.content.decode()
    scripts = re.findall(r'<script src="([^"]*)"', html)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]*)"', html)
    assert response.status_code == 200
    assert scripts == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    assert stylesheets == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/css/api-docs.css",
    ]
    assert re.findall(r'<script[^>]+src="https?:', html) == []
    # No inline style, which the Content-Security-Policy would block; a way back.
    assert "<style" not in html
    assert '<a href="/">Back to the portal</a>' in html
    # The files are in the project's own static files, not fetched from elsewhere.
    static = [url.removeprefix("/static/") for url in scripts[:2] + stylesheets]
    assert [path for path in static if finders.find(path) is None] == []


def test_api_event_organiser_cannot_name_a_private_person(token_client, db):
    organiser = UserFactory(roles=[Role.COMMUNITY])
    event = EventFactory(organisers=[organiser.person])
    private = PersonFactory(display_name="Hidden Person", is_public=False)
    client = token_client(organiser)

    answers = [
        client.patch(
            f"/api/v1/events/{event.slug}/",
            {"organisers": [organiser.person.pk, private.pk]},
            format="json",
        ),
        client.patch(f"/api/v1/events/{event.slug}/", {"lead_contact": private.pk}, format="json"),
    ]

    assert [(answer.status_code, sorted(answer.json())) for answer in answers] == [
        (400, ["organisers"]),
        (400, ["lead_contact"]),
    ]
    assert answers[1].json() == {
        "lead_contact": [f'Invalid pk "{private.pk}" - object does not exist.']
    }
    assert list(event.organisers.all()) == [organiser.person]
