"""What the API fuzz tests share: the schema served through WSGI, hypothesis
settings that give CI the same cases on every run, and the checks. The fixture
`connection_kept_open_between_requests` they also need is in tests/conftest.py."""

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance]

fuzz_settings = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def api_schema():
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
