"""The API fuzzed, every operation: no server error and every answer as the
schema says (status documented, body of its documented shape), with the demo's
finance staff's token and the demo's real objects in paths and bodies, so that
generated requests reach the services. Hypothesis is derandomised, so CI runs
the same cases every time."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from membership.models import Person
from tests.conftest import restore_reference_data

CHECKS = [not_a_server_error, response_schema_conformance]

# Body fields that name another object, and the list whose first item lends its slug.
REFERENCES = {
    "fund": ("funds", "slug"),
    "category": ("categories", "slug"),
    "event": ("events", "slug"),
    "call": ("workshop-calls", "slug"),
    "allocation": ("allocations", "id"),
}

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(scope="module")
def demo(django_db_blocker):
    """The demo data, committed once for every operation, and the finance staff's
    token; the database is emptied again afterwards."""
    with django_db_blocker.unblock():
        try:
            # Whatever ran before on this process, the demo starts from the
            # reference data its migrations create.
            restore_reference_data()
            call_command("seed_demo", stdout=io.StringIO())
            finance = Person.objects.get(user__username="finance-staff").user
            _, key = AuthToken.objects.create(user=finance)
            yield {"headers": {"Authorization": f"Token {key}"}, "first": first_items(key)}
        finally:
            call_command("flush", interactive=False, verbosity=0)
            restore_reference_data()


def first_items(key):
    """The first item the token sees of each list, read before the fuzzing: Django's
    test client would restore the connection closing that the fuzzer must avoid."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    resources = {path.split("/")[3] for path in schema.raw_schema["paths"] if "{" not in path}
    return {
        resource: (api.get(f"/api/v1/{resource}/").json().get("results") or [{}])[0]
        for resource in resources
        if resource != "me"
    }


def first(demo, resource, field):
    """A real object's `field` from the first item the token sees of `resource`."""
    return demo["first"].get(resource, {}).get(field)


def with_real_objects(case, demo):
    resource = case.operation.path.split("/")[3]
    for name in ("slug", "id"):
        if name in case.path_parameters:
            case.path_parameters[name] = first(demo, resource, name) or case.path_parameters[name]
    if isinstance(case.body, dict):
        for field, (listed, key) in REFERENCES.items():
            if field in case.body:
                case.body[field] = first(demo, listed, key) or case.body[field]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_has_no_server_errors_and_keeps_to_its_schema(
    case, demo, db, connection_kept_open_between_requests
):
    with_real_objects(case, demo)

    case.call_and_validate(headers=demo["headers"], checks=CHECKS)
