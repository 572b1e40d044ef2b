"""The profile page: each person edits their own profile, and only that."""

import re
from html import unescape

from membership.models import Person
from tests.factories.membership import UserFactory
from tests.pages import form_errors, page_messages

PROFILE_FIELDS = ("display_name", "pronouns", "affiliation", "bio", "github_handle", "is_public")


def input_value(response, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.content.decode()).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return unescape(value.group(1)) if value else ""


def profile_of(user):
    return Person.objects.values(*PROFILE_FIELDS).get(user=user)


def profile_form(**changes):
    data = {
        "display_name": "Mira Okafor",
        "pronouns": "she/her",
        "affiliation": "University of Lagos",
        "bio": "Maintains the Yoruba translation of JupyterLab.",
        "github_handle": "mira-okafor",
        "is_public": "on",
    }
    return {**data, **changes}


def test_profile_page_saves_the_logged_in_users_profile(client, db):
    user = UserFactory(username="mira")
    other = UserFactory(username="sam")
    others_before = profile_of(other)
    client.force_login(user)

    response = client.post("/people/profile/", profile_form(), follow=True)

    assert response.redirect_chain == [("/people/profile/", 302)]
    assert page_messages(response) == ["Your profile was saved."]
    assert profile_of(user) == {
        "display_name": "Mira Okafor",
        "pronouns": "she/her",
        "affiliation": "University of Lagos",
        "bio": "Maintains the Yoruba translation of JupyterLab.",
        "github_handle": "mira-okafor",
        "is_public": True,
    }
    assert (input_value(response, "display_name"), input_value(response, "github_handle")) == (
        "Mira Okafor",
        "mira-okafor",
    )
    assert profile_of(other) == others_before
    assert Person.objects.count() == 2


def test_profile_page_clears_the_public_flag_when_unticked(client, db):
    user = UserFactory()
    Person.objects.filter(user=user).update(is_public=True)
    client.force_login(user)

    form = profile_form()
    del form["is_public"]
    client.post("/people/profile/", form)

    assert profile_of(user)["is_public"] is False


def test_profile_page_shows_the_saved_profile(client, db):
    user = UserFactory()
    Person.objects.filter(user=user).update(display_name="Sam Rivera", pronouns="they/them")
    client.force_login(user)

    response = client.get("/people/profile/")

    assert (input_value(response, "display_name"), input_value(response, "pronouns")) == (
        "Sam Rivera",
        "they/them",
    )


def test_profile_page_with_bad_github_handle_shows_message_and_changes_nothing(client, db):
    user = UserFactory()
    before = profile_of(user)
    client.force_login(user)

    response = client.post(
        "/people/profile/", profile_form(display_name="Changed", github_handle="@someone")
    )

    assert response.status_code == 200
    assert form_errors(response) == [
        "GitHub handle: A GitHub handle has letters, digits and single hyphens, without a "
        "leading @ or a hyphen at either end."
    ]
    assert profile_of(user) == before


def test_profile_page_with_a_taken_github_handle_shows_message_and_changes_nothing(client, db):
    taken = UserFactory(username="octo")
    Person.objects.filter(user=taken).update(github_handle="octocat")
    user = UserFactory()
    before = profile_of(user)
    client.force_login(user)

    response = client.post("/people/profile/", profile_form(github_handle="OctoCat"))

    assert form_errors(response) == ["Another person already has this GitHub handle."]
    assert profile_of(user) == before
