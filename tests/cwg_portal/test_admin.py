"""The Django admin as the site operator (the admin role, staff but not a
superuser) uses it: nothing there grants a role, a password, a second factor,
a token or a change to the schedule."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django_celery_beat.models import PeriodicTask
from knox.models import AuthToken

from cwg_portal.roles import Role
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(username="operator", roles=[Role.ADMIN])
    client.force_login(user)
    return user


def test_operator_cannot_make_themselves_superuser_or_join_a_role(client, operator):
    member_role = Group.objects.get(name=Role.CWG_MEMBER.value)
    form = client.get(f"/admin/auth/user/{operator.pk}/change/").content.decode()

    client.post(
        f"/admin/auth/user/{operator.pk}/change/",
        {
            "username": "operator",
            "email": "operator@example.org",
            "first_name": "Site",
            "last_name": "Operator",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [member_role.pk],
        },
    )

    operator.refresh_from_db()
    assert ('name="is_superuser"' in form, 'name="groups"' in form) == (False, False)
    assert (operator.first_name, operator.is_superuser) == ("Site", False)
    assert sorted(operator.groups.values_list("name", flat=True)) == [Role.ADMIN.value]


def test_operator_opens_no_password_form_and_no_superusers_account(client, operator):
    other = UserFactory(username="ines")
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)

    answers = {
        "password of another": client.get(f"/admin/auth/user/{other.pk}/password/"),
        "own password": client.get(f"/admin/auth/user/{operator.pk}/password/"),
        "superuser's account": client.post(
            f"/admin/auth/user/{superuser.pk}/change/",
            {"first_name": "Changed", "is_active": ""},
        ),
    }

    assert {what: answer.status_code for what, answer in answers.items()} == {
        "password of another": 403,
        "own password": 403,
        "superuser's account": 403,
    }
    superuser.refresh_from_db()
    assert (superuser.first_name, superuser.is_active) == ("", True)


def test_operator_cannot_change_roles_authenticators_or_tokens(client, operator):
    other = UserFactory(username="ines")
    Authenticator.objects.create(user=other, type=Authenticator.Type.RECOVERY_CODES, data={})
    AuthToken.objects.create(user=other)
    group = Group.objects.get(name=Role.CWG_CHAIR.value)

    answers = {
        path: client.get(path).status_code
        for path in (
            f"/admin/auth/group/{group.pk}/change/",
            "/admin/auth/group/add/",
            "/admin/mfa/authenticator/",
            "/admin/knox/authtoken/",
            "/admin/account/emailaddress/add/",
        )
    }

    assert answers == {
        f"/admin/auth/group/{group.pk}/change/": 200,
        "/admin/auth/group/add/": 403,
        "/admin/mfa/authenticator/": 403,
        "/admin/knox/authtoken/": 403,
        "/admin/account/emailaddress/add/": 403,
    }
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "renamed"})
    assert (response.status_code, Group.objects.filter(name="renamed").exists()) == (403, False)


def test_operator_reads_the_schedule_but_neither_edits_nor_runs_it(client, operator):
    task = PeriodicTask.objects.order_by("pk").first()

    listing = client.get("/admin/django_celery_beat/periodictask/")
    change = client.post(
        f"/admin/django_celery_beat/periodictask/{task.pk}/change/",
        {"name": task.name, "task": task.task, "enabled": ""},
    )
    client.post(
        "/admin/django_celery_beat/periodictask/",
        {"action": "toggle_tasks", "_selected_action": [task.pk]},
        follow=True,
    )

    assert listing.status_code == 200
    assert 'value="run_tasks"' not in listing.content.decode()
    assert change.status_code == 403
    task.refresh_from_db()
    assert task.enabled is True
