"""The cache's Redis unreachable: login, sign-up and password reset still work,
rate limits and used TOTP codes still hold (in each process's memory), and
/healthz says so, within a second even when the broker says nothing either."""

import socket
import time

import pytest

from cwg_portal.celery import app as celery_app
from tests.cwg_portal.test_login import only_link
from tests.cwg_portal.test_mfa import one_code_twice
from tests.factories.membership import PASSWORD, UserFactory

# Nothing listens on the discard port: connecting is refused at once.
CLOSED = "redis://127.0.0.1:9/0"


@pytest.fixture
def silent_server():
    """A server that takes connections and never answers: a Redis hung or behind
    a firewall that drops its replies."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def cache_at(settings, url):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": url,
        }
    }


@pytest.fixture
def cache_down(settings):
    cache_at(settings, CLOSED)


def test_login_signup_and_password_reset_work_while_the_cache_is_down(
    client, db, cache_down, mailoutbox
):
    user = UserFactory(username="katherine")

    login = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/logout/")
    signup = client.post(
        "/accounts/signup/",
        {"email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    reset = client.post("/accounts/password/reset/", {"email": "katherine@example.org"})

    assert login["Location"] == "/dashboard/"
    assert signup["Location"] == "/accounts/confirm-email/"
    assert reset["Location"] == "/accounts/password/reset/done/"
    assert [message.to for message in mailoutbox] == [["ada@example.org"], [user.email]]
    assert only_link(mailoutbox[1]).startswith("/accounts/password/reset/key/")


def test_failed_logins_are_still_limited_while_the_cache_is_down(client, db, cache_down):
    user = UserFactory(username="grace")
    wrong = {"login": user.email, "password": "not-the-password"}

    for _ in range(5):
        client.post("/accounts/login/", wrong)
    refused = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_a_totp_code_cannot_be_used_twice_while_the_cache_is_down(client, db, cache_down):
    first, second = one_code_twice(client)

    assert first["Location"] == "/dashboard/"
    assert "Incorrect code." in second.content.decode()


def test_healthz_reports_the_cache_unreachable(client, db, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "eager",
        "cache": "unreachable",
    }


def test_healthz_answers_within_a_second_when_broker_and_cache_say_nothing(
    client, db, settings, silent_server
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache_at(settings, silent_server)
    broker_url = celery_app.conf.broker_write_url
    celery_app.conf.broker_write_url = silent_server
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        celery_app.conf.broker_write_url = broker_url

    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "unreachable",
        "cache": "unreachable",
    }
    assert elapsed < 1
