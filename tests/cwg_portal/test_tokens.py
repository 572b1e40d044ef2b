"""A person's API tokens: the page lists them with creation and expiry and
revokes one or all; a password change or reset revokes them all."""

from datetime import timedelta

from knox.models import AuthToken

from tests.cwg_portal.test_login import only_link
from tests.factories.membership import PASSWORD, UserFactory
from tests.pages import page_messages, rows

NEW_PASSWORD = "a-brand-new-passphrase"


def token_for(user, **kwargs):
    instance, key = AuthToken.objects.create(user=user, **kwargs)
    return instance, {"HTTP_AUTHORIZATION": f"Token {key}"}


def opens_the_api(client, header):
    return client.get("/api/v1/me/", **header).status_code == 200


def test_the_token_page_lists_only_the_persons_valid_tokens_with_creation_and_expiry(client, db):
    user = UserFactory(username="ada")
    mine, _ = token_for(user)
    token_for(user, expiry=timedelta(seconds=-1))
    token_for(UserFactory(username="grace"))
    client.force_login(user)

    response = client.get("/accounts/tokens/")

    assert rows(response, "Your valid tokens") == [
        [
            mine.token_key,
            f"{mine.created:%Y-%m-%d %H:%M} UTC",
            f"{mine.expiry:%Y-%m-%d %H:%M} UTC",
            "Revoke",
        ]
    ]


def test_revoking_a_token_stops_it_opening_the_api(client, db):
    user = UserFactory(username="ada")
    revoked, revoked_header = token_for(user)
    _, kept_header = token_for(user)
    client.force_login(user)

    response = client.post("/accounts/tokens/", {"token_key": revoked.token_key}, follow=True)
    client.logout()

    assert page_messages(response) == ["The token was revoked; it opens nothing any more."]
    assert not opens_the_api(client, revoked_header)
    assert opens_the_api(client, kept_header)


def test_revoking_someone_elses_token_is_refused_and_changes_nothing(client, db):
    others, header = token_for(UserFactory(username="grace"))
    client.force_login(UserFactory(username="ada"))

    response = client.post("/accounts/tokens/", {"token_key": others.token_key}, follow=True)
    client.logout()

    assert page_messages(response) == ["That token was already revoked or has expired."]
    assert opens_the_api(client, header)


def test_revoking_all_tokens_leaves_none(client, db):
    user = UserFactory(username="ada")
    headers = [token_for(user)[1] for _ in range(2)]
    client.force_login(user)

    response = client.post("/accounts/tokens/", {"revoke_all": "1"}, follow=True)
    client.logout()

    assert page_messages(response) == ["Revoked all your API tokens (2)."]
    assert [opens_the_api(client, header) for header in headers] == [False, False]


def test_a_password_change_revokes_every_token(client, db):
    user = UserFactory(username="ada")
    _, header = token_for(user)
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.logout()

    assert response.status_code == 302
    assert not opens_the_api(client, header)
    assert AuthToken.objects.filter(user=user).count() == 0


def test_a_password_reset_revokes_every_token(client, db, mailoutbox):
    user = UserFactory(username="katherine")
    _, header = token_for(user)
    client.post("/accounts/password/reset/", {"email": "katherine@example.org"})
    form_url = client.get(only_link(mailoutbox[0]))["Location"]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == "/accounts/password/reset/key/done/"
    assert not opens_the_api(client, header)
