"""What the shared middleware refuses before any view runs."""

import pytest

from cwg_portal.roles import Role
from tests.cwg_portal.url_walk import ARGUMENT, all_routes
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


def argument_names(route):
    return [match.group(2) or match.group(3) for match in ARGUMENT.finditer(route.route)]


# The format suffix is the one argument that is not a value.
ROUTES_WITH_ARGUMENTS = [route for route in all_routes() if set(argument_names(route)) - {"format"}]


def with_nul_in_every_argument(route):
    names = argument_names(route)
    return route.path({name: "json" if name == "format" else "a%00b" for name in names})


@pytest.mark.parametrize("role", [None, Role.FINANCE_STAFF])
def test_a_nul_byte_in_any_route_argument_is_a_400_for_everyone(client, role):
    if role is not None:
        client.force_login(UserFactory(roles=[role]))

    answers = {
        path: client.get(path)
        for path in {with_nul_in_every_argument(route) for route in ROUTES_WITH_ARGUMENTS}
    }

    assert {path: response.status_code for path, response in answers.items()} == {
        path: 400 for path in answers
    }
    # Under /api/ the refusal is JSON, as every API error is.
    assert answers["/api/v1/bodies/a%00b/"].json() == {
        "detail": "Addresses may not contain NUL characters."
    }


def test_a_nul_byte_in_a_repeated_parameter_is_refused(client):
    client.force_login(UserFactory(roles=[Role.FINANCE_STAFF]))

    response = client.get("/api/v1/ledger-entries/?category=donation&category=dona%00tion")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Parameters may not contain NUL characters."},
    )
