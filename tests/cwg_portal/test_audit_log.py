"""Security events are structured log lines with time, request id and user id,
and never carry a password or a code."""

import json
import logging

import pytest
from django.conf import settings

from cwg_portal.roles import Role
from tests.factories.membership import PASSWORD, UserFactory


@pytest.fixture
def log_lines(caplog):
    """The JSON lines the portal would write, rendered by its own formatter."""
    caplog.set_level(logging.INFO)
    # The portal's own formatter, as its settings build it (whatever a test
    # before this one did to the root logger's handlers).
    spec = dict(settings.LOGGING["formatters"]["json"])
    formatter = spec.pop("()")(**spec)

    def lines():
        return [formatter.format(record) for record in caplog.records]

    return lines


def events_named(lines, name):
    return [json.loads(line) for line in lines if f'"event": "{name}"' in line]


def test_failed_login_is_logged_with_its_request_id_but_without_the_password(client, db, log_lines):
    UserFactory(username="ida")

    client.post("/accounts/login/", {"login": "ida@example.org", "password": "s3cret-typo"})

    (event,) = events_named(log_lines(), "login_failed")
    assert set(event) >= {"timestamp", "request_id", "user_id", "level"}
    assert event["user_id"] is None
    assert not any("s3cret-typo" in line for line in log_lines())


def test_login_is_logged_with_the_user_id(client, db, log_lines):
    user = UserFactory(username="ida")

    client.post("/accounts/login/", {"login": "ida@example.org", "password": PASSWORD})

    (event,) = events_named(log_lines(), "login")
    assert event["user_id"] == user.pk
    assert event["request_id"]
    assert not any(PASSWORD in line for line in log_lines())


def test_refused_access_is_logged_with_the_user_and_path(client, db, log_lines):
    user = UserFactory(roles=[Role.COMMUNITY])
    client.force_login(user)

    client.get("/events/new/")

    (event,) = events_named(log_lines(), "access_refused")
    assert (event["path"], event["status_code"], event["user_id"]) == ("/events/new/", 403, user.pk)


def test_password_reset_links_are_redacted_from_request_lines(client, db, log_lines):
    client.get("/accounts/password/reset/key/1-set-password-token-abc/")

    assert not any("set-password-token-abc" in line for line in log_lines())
    assert any("/accounts/password/reset/key/[redacted]" in line for line in log_lines())
