"""Under /api/ every error is a JSON body, also those raised before Django REST
framework sees the request; and the schema documents them."""

import pytest

from cwg_portal.roles import Role
from tests.factories.membership import UserFactory


def test_an_unknown_api_route_answers_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_a_nul_byte_in_an_api_parameter_answers_a_json_400(client, db):
    response = client.get("/api/v1/bodies/?search=a%00b")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Parameters may not contain NUL characters."},
    )


def test_a_session_user_who_must_enrol_in_mfa_gets_a_json_403_from_the_api(client, db, settings):
    settings.REQUIRE_MFA = True
    client.force_login(UserFactory(roles=[Role.FINANCE_STAFF]))

    response = client.get("/api/v1/me/")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Enrol in two-factor authentication first."},
    )


def test_pages_outside_the_api_keep_their_html_error_pages(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.fixture
def api_schema(client, db):
    return client.get("/api/schema/?format=json").json()


def test_the_schema_documents_the_errors_every_operation_can_answer(api_schema):
    undocumented = [
        (method.upper(), path, status)
        for path, operations in api_schema["paths"].items()
        for method, operation in operations.items()
        for status in ("400", "401", "403", *(("404",) if "{" in path else ()))
        if status not in operation["responses"]
    ]

    assert undocumented == []


def test_the_schema_says_which_ledger_links_may_be_null(api_schema):
    entry = api_schema["components"]["schemas"]["LedgerEntry"]["properties"]

    assert (entry["reverses"].get("nullable"), entry["reversed_by"].get("nullable")) == (
        True,
        True,
    )
