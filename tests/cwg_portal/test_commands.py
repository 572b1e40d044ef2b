"""The management commands: the demo seed and API token issue."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from events.models import Event
from membership.models import Person
from tests.factories.membership import UserFactory

DEMO_PASSWORD = "a-demo-password-for-the-tests"


@pytest.fixture
def demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return DEMO_PASSWORD


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def demo_counts():
    User = get_user_model()
    return {
        "users": User.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "group memberships": User.groups.through.objects.count(),
        "email addresses": EmailAddress.objects.count(),
    }


def test_seed_demo_run_twice_creates_nothing_more(db, demo_password):
    run("seed_demo")
    first = demo_counts()

    run("seed_demo")

    assert demo_counts() == first
    assert first == {
        "users": 9,
        # One per user, and two former members from the demo's governance files.
        "people": 11,
        # Three events, the workshop funded in the demo's past round, and the
        # two past JupyterCon editions.
        "events": 6,
        "group memberships": 9,
        "email addresses": 9,
    }


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_seed_demo_creates_a_user_per_role(role, db, demo_password):
    run("seed_demo")

    user = get_user_model().objects.get(username=role.value)
    addresses = EmailAddress.objects.filter(user=user)
    assert user.email == f"{role.value}@example.org"
    assert list(addresses.values_list("email", "verified", "primary")) == [
        (f"{role.value}@example.org", True, True)
    ]
    assert list(user.groups.values_list("name", flat=True)) == [role.value]
    assert user.check_password(DEMO_PASSWORD)


def test_seed_demo_admin_is_staff_but_not_superuser(db, demo_password):
    run("seed_demo")

    admin = get_user_model().objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (True, False)


def test_seed_demo_only_admin_is_staff(db, demo_password):
    run("seed_demo")

    staff = get_user_model().objects.filter(is_staff=True)
    assert list(staff.values_list("username", flat=True)) == ["admin"]


def test_seed_demo_password_changes_on_rerun(db, monkeypatch, demo_password):
    run("seed_demo")
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")

    run("seed_demo")

    user = get_user_model().objects.get(username="community")
    assert (user.check_password("another-demo-password"), user.check_password(DEMO_PASSWORD)) == (
        True,
        False,
    )


def test_seed_demo_large_adds_ten_years_of_events(db, demo_password):
    run("seed_demo")
    today = timezone.localdate()

    run("seed_demo", "--size", "large")

    decade = Event.objects.filter(slug__startswith="community-workshop-")
    years = sorted({event.start_date.year for event in decade})
    assert Event.objects.count() == 6 + 120
    assert years == list(range(today.year - 10, today.year))
    assert decade.filter(start_date__year=today.year - 1).count() == 12


def test_issue_api_token_prints_a_token_that_authenticates(db):
    user = UserFactory(username="mira", roles=[Role.CWG_MEMBER])

    output = run("issue_api_token", "mira")

    token = output.splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/me/")
    assert response.json() == {
        "id": user.pk,
        "email": "mira@example.org",
        "display_name": user.person.display_name,
        "roles": ["cwg-member"],
    }
    assert token.split() == [token]
    assert AuthToken.objects.filter(user=user).count() == 1


def test_issue_api_token_for_unknown_user_fails_and_creates_nothing(db):
    UserFactory(username="mira")

    with pytest.raises(CommandError) as error:
        run("issue_api_token", "nobody")

    assert str(error.value) == "No active user named 'nobody'."
    assert AuthToken.objects.count() == 0


def test_issue_api_token_for_inactive_user_fails_and_creates_nothing(db):
    UserFactory(username="mira", is_active=False)

    with pytest.raises(CommandError) as error:
        run("issue_api_token", "mira")

    assert str(error.value) == "No active user named 'mira'."
    assert AuthToken.objects.count() == 0
