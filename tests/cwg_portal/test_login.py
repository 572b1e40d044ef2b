"""Login through allauth: sign-up with e-mail verification, password reset,
logout by POST, rate limits, and the admin's login routed through allauth."""

import re

from django.contrib.auth import get_user_model
from django.core.cache import cache

from cwg_portal.roles import Role, role_names
from tests.conftest import CACHE_PREFIX
from tests.factories.membership import PASSWORD, UserFactory

LINK = re.compile(r"https?://testserver(/accounts/\S+/)")


def only_link(message):
    (path,) = LINK.findall(message.body)
    return path


def test_signup_sends_a_verification_link_that_logs_the_new_person_in(client, db, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/dashboard/").status_code == 302
    (message,) = mailoutbox
    assert message.to == ["ada@example.org"]

    response = client.post(only_link(message))

    assert response["Location"] == "/dashboard/"
    dashboard = client.get("/dashboard/").content.decode()
    assert "ada@example.org" in dashboard
    user = get_user_model().objects.get(email="ada@example.org")
    assert role_names(user) == {Role.COMMUNITY}
    assert user.person.display_name == "ada"


def test_login_before_verifying_the_address_sends_another_link_and_keeps_the_door_shut(
    client, db, mailoutbox
):
    UserFactory(username="grace", verified_email=False)

    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})

    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/dashboard/")["Location"] == "/accounts/login/?next=/dashboard/"
    assert [message.to for message in mailoutbox] == [["grace@example.org"]]


def test_password_reset_link_sets_a_new_password_that_logs_in(client, db, mailoutbox):
    user = UserFactory(username="katherine")

    client.post("/accounts/password/reset/", {"email": "katherine@example.org"})
    (message,) = mailoutbox
    form_url = client.get(only_link(message))["Location"]
    response = client.post(
        form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )

    assert response["Location"] == "/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_logout_needs_a_post_so_a_link_cannot_log_anyone_out(client, db):
    client.force_login(UserFactory())

    confirm = client.get("/accounts/logout/")
    still_in = client.get("/dashboard/")
    client.post("/accounts/logout/")
    after = client.get("/dashboard/")

    assert "Are you sure you want to sign out?" in confirm.content.decode()
    assert still_in.status_code == 200
    assert after["Location"] == "/accounts/login/?next=/dashboard/"


def test_repeated_failed_logins_lock_the_address_even_for_the_right_password(client, db):
    UserFactory(username="hedy")

    for _ in range(5):
        client.post("/accounts/login/", {"login": "hedy@example.org", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "hedy@example.org", "password": PASSWORD})

    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_admin_login_goes_through_the_portal_login(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_site_refuses_a_logged_in_person_without_the_admin_role(client, db):
    client.force_login(UserFactory(roles=[Role.CWG_CHAIR]))

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 403


def test_too_many_logins_from_one_address_get_a_page_that_says_so(client, db):
    for _ in range(30):
        client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})

    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})

    assert response.status_code == 429
    assert "Too many attempts came from your connection" in response.content.decode()


def test_each_test_process_keeps_its_cache_keys_apart():
    assert cache.key_prefix == CACHE_PREFIX
