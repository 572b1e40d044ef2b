"""Two-factor authentication: required for sensitive roles, secrets encrypted at
rest, a code cannot be used twice, and API tokens cannot get around it."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from knox.models import AuthToken

from cwg_portal.adapters import MFAAdapter
from cwg_portal.roles import Role
from tests.factories.membership import PASSWORD, UserFactory


def current_code(secret):
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def enrol(client):
    """Activate TOTP through allauth's own pages; returns the plain secret."""
    # Changing one's second factor asks for the password again.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA = True


@pytest.mark.parametrize("role", [Role.FINANCE_STAFF, Role.COUNCIL, Role.COC_RESPONDER, Role.ADMIN])
def test_sensitive_roles_reach_only_mfa_setup_until_they_enrol(client, db, mfa_required, role):
    user = UserFactory(roles=[role])
    log_in(client, user)

    refused = client.get("/dashboard/")
    enrol(client)
    after = client.get("/dashboard/")

    assert refused["Location"] == "/accounts/2fa/totp/activate/"
    assert after.status_code == 200
    assert "Dashboard" in after.content.decode()


def test_other_roles_are_not_forced_to_enrol(client, db, mfa_required):
    log_in(client, UserFactory(roles=[Role.CWG_MEMBER, Role.COMMUNITY]))

    response = client.get("/dashboard/")

    assert response.status_code == 200


def test_mfa_is_not_required_when_the_switch_is_off(client, db, settings):
    settings.REQUIRE_MFA = False
    log_in(client, UserFactory(roles=[Role.FINANCE_STAFF]))

    assert client.get("/dashboard/").status_code == 200


def test_totp_secret_is_stored_encrypted(client, db):
    user = UserFactory()
    log_in(client, user)

    secret = enrol(client)

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert MFAAdapter().decrypt(stored) == secret


def one_code_twice(client):
    """An enrolled person signs in with a code, signs out, and tries the same
    code again: the two answers."""
    user = UserFactory()
    log_in(client, user)
    secret = enrol(client)
    client.post("/accounts/logout/")
    code = current_code(secret)

    log_in(client, user)
    first = client.post("/accounts/2fa/authenticate/", {"code": code})
    client.post("/accounts/logout/")
    log_in(client, user)
    return first, client.post("/accounts/2fa/authenticate/", {"code": code})


def test_a_totp_code_cannot_be_used_twice(client, db):
    first, second = one_code_twice(client)

    assert first["Location"] == "/dashboard/"
    assert "Incorrect code." in second.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_login_with_mfa_needs_the_second_step(client, db):
    user = UserFactory(roles=[Role.ADMIN])
    log_in(client, user)
    enrol(client)
    client.post("/accounts/logout/")

    response = log_in(client, user)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_api_token_of_a_user_who_must_enrol_is_refused(client, db, mfa_required):
    user = UserFactory(roles=[Role.FINANCE_STAFF])
    _, key = AuthToken.objects.create(user=user)

    response = client.get("/api/v1/me/", headers={"Authorization": f"Token {key}"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Enrol in two-factor authentication first."}
