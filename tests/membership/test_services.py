"""Writes of the membership app: roles, people and their profiles; and the
permission backend that opens the Django admin to the admin role."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from cwg_portal.backends import AdminRoleBackend
from cwg_portal.roles import Role, is_admin, role_names
from membership.models import Person
from membership.services import person_for_user, person_update, role_grant, role_revoke
from tests.factories.membership import PersonFactory, UserFactory

GITHUB_HANDLE_MESSAGE = (
    "A GitHub handle has letters, digits and single hyphens, without a leading "
    "@ or a hyphen at either end."
)


def stored_flags(user):
    return get_user_model().objects.values_list("is_staff", "is_superuser").get(pk=user.pk)


def test_role_grant_of_admin_makes_the_user_staff(db):
    user = UserFactory()
    role_names(user)  # A request caches the roles on the user; the grant must refresh them.

    role_grant(user=user, role=Role.ADMIN)

    assert stored_flags(user) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["admin"]
    assert is_admin(user) is True


def test_role_revoke_of_admin_removes_staff(db):
    user = UserFactory(roles=[Role.ADMIN, Role.CWG_MEMBER])

    role_revoke(user=user, role=Role.ADMIN)

    assert stored_flags(user) == (False, False)
    assert list(user.groups.values_list("name", flat=True)) == ["cwg-member"]
    assert is_admin(user) is False


def test_role_grant_of_other_roles_does_not_make_staff(db):
    user = UserFactory()

    for role in Role:
        if role != Role.ADMIN:
            role_grant(user=user, role=role)

    assert stored_flags(user) == (False, False)
    assert sorted(role_names(user)) == sorted(role.value for role in Role if role != Role.ADMIN)


def test_person_for_user_creates_the_person_once(db):
    user = UserFactory(username="mira", profile=False)

    first = person_for_user(user=user)
    second = person_for_user(user=get_user_model().objects.get(pk=user.pk))

    assert first.pk == second.pk
    assert list(Person.objects.filter(user=user).values_list("display_name", flat=True)) == ["mira"]


def test_person_for_user_names_the_person_after_the_account(db):
    user = UserFactory(profile=False, first_name="Mira", last_name="Okafor")

    person = person_for_user(user=user)

    assert person.display_name == "Mira Okafor"


def test_person_update_saves_profile_fields(db):
    person = PersonFactory(display_name="Mira", pronouns="")

    person_update(person=person, display_name="Mira Okafor", pronouns="she/her", is_public=True)

    stored = Person.objects.values("display_name", "pronouns", "is_public").get(pk=person.pk)
    assert stored == {"display_name": "Mira Okafor", "pronouns": "she/her", "is_public": True}


def test_person_update_refuses_fields_outside_the_profile(db):
    person = PersonFactory(display_name="Mira")
    intruder = UserFactory()

    with pytest.raises(ValueError) as error:
        person_update(person=person, user=intruder, display_name="Someone else")

    stored = Person.objects.get(pk=person.pk)
    assert str(error.value) == "Not profile fields: user"
    assert (stored.user_id, stored.display_name) == (person.user_id, "Mira")


@pytest.mark.parametrize("handle", ["-bad", "@someone", "bad-", "two--hyphens"])
def test_person_update_refuses_an_invalid_github_handle(handle, db):
    person = PersonFactory(github_handle="mira-okafor")

    with pytest.raises(ValidationError) as error:
        person_update(person=person, github_handle=handle)

    assert error.value.message_dict == {"github_handle": [GITHUB_HANDLE_MESSAGE]}
    assert Person.objects.get(pk=person.pk).github_handle == "mira-okafor"


def test_person_update_refuses_a_github_handle_longer_than_github_allows(db):
    person = PersonFactory(github_handle="")

    with pytest.raises(ValidationError) as error:
        person_update(person=person, github_handle="a" * 40)

    assert error.value.message_dict == {
        "github_handle": [
            GITHUB_HANDLE_MESSAGE,
            "Ensure this value has at most 39 characters (it has 40).",
        ]
    }
    assert Person.objects.get(pk=person.pk).github_handle == ""


def test_person_update_refuses_a_github_handle_differing_only_in_case(db):
    PersonFactory(github_handle="octocat")
    person = PersonFactory(github_handle="")

    with pytest.raises(ValidationError) as error:
        person_update(person=person, github_handle="OctoCat")

    assert error.value.message_dict == {
        "__all__": ["Another person already has this GitHub handle."]
    }
    assert Person.objects.get(pk=person.pk).github_handle == ""


def test_people_may_all_leave_the_github_handle_empty(db):
    first, second = PersonFactory(github_handle=""), PersonFactory(github_handle="")

    person_update(person=second, github_handle="")

    assert Person.objects.filter(pk__in=[first.pk, second.pk], github_handle="").count() == 2


def test_admin_role_backend_gives_admin_the_admin_model_permissions(db):
    user = UserFactory(roles=[Role.ADMIN])
    backend = AdminRoleBackend()

    granted = [
        perm
        for perm in ("events.add_event", "events.change_event", "events.view_event")
        if backend.has_perm(user, perm)
    ]

    assert granted == ["events.add_event", "events.change_event", "events.view_event"]
    assert backend.has_module_perms(user, "events") is True


def test_admin_role_backend_refuses_admin_a_confidential_model(db, settings):
    settings.CONFIDENTIAL_MODELS = frozenset({"events.event"})
    user = UserFactory(roles=[Role.ADMIN])
    backend = AdminRoleBackend()

    assert backend.has_perm(user, "events.change_event") is False
    assert backend.has_perm(user, "membership.change_person") is True


def test_admin_role_backend_gives_only_model_permissions(db):
    user = UserFactory(roles=[Role.ADMIN])

    assert AdminRoleBackend().has_perm(user, "events.edit_event") is False


def test_admin_role_backend_gives_a_cwg_member_nothing(db):
    user = UserFactory(roles=[Role.CWG_MEMBER])
    backend = AdminRoleBackend()

    assert backend.has_perm(user, "events.change_event") is False
    assert backend.has_module_perms(user, "events") is False


def test_admin_user_has_perm_through_the_configured_backends(db, settings):
    settings.CONFIDENTIAL_MODELS = frozenset({"events.event"})
    admin = UserFactory(roles=[Role.ADMIN])
    member = UserFactory(roles=[Role.CWG_MEMBER])

    assert [
        admin.has_perm("membership.change_person"),
        admin.has_perm("events.change_event"),
        member.has_perm("membership.change_person"),
    ] == [True, False, False]
