"""Who may open every URL of the project.

The walk resolves every pattern from the URL conf; ACCESS says who may open it.
A URL without an entry fails, so a new page cannot ship without a decision. The
Django admin is one entry for its whole namespace: only the admin role gets in.
"""

import pytest
from django.urls import reverse

from cwg_portal.roles import Role
from tests.cwg_portal.conftest import ANONYMOUS
from tests.cwg_portal.url_walk import all_routes

ROLES = frozenset(Role)
EVERYONE = ROLES | {ANONYMOUS}
LOGGED_IN = ROLES
EVENT_RUNNERS = frozenset({Role.CWG_MEMBER, Role.CWG_CHAIR, Role.EVENTS_STAFF})
ADMIN_ONLY = frozenset({Role.ADMIN})
# Pages that only answer in the middle of a flow the walk is not in (a pending
# login, a configured provider, an enrolled authenticator): nobody opens them cold.
NOBODY = frozenset()

# The sample event is in planning and organised by the community user, so it
# proves that planning events are hidden from everyone else.
ACCESS = {
    "home": EVERYONE,
    "healthz": EVERYONE,
    "dashboard": LOGGED_IN,
    # Login, signup and recovery are public; allauth sends logged-in users onwards.
    "account_login": EVERYONE,
    "account_signup": EVERYONE,
    "account_logout": EVERYONE,
    "account_inactive": EVERYONE,
    "account_email_verification_sent": EVERYONE,
    "account_confirm_email": EVERYONE,
    "account_confirm_login_code": LOGGED_IN,
    "account_reset_password": EVERYONE,
    "account_reset_password_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,
    "account_reset_password_from_key_done": EVERYONE,
    "socialaccount_login_cancelled": EVERYONE,
    # The end of a failed provider login answers 401 by design.
    "socialaccount_login_error": NOBODY,
    "socialaccount_signup": NOBODY,
    # GitHub login exists only once GITHUB_CLIENT_ID is set; until then, 404.
    "github_login": NOBODY,
    "github_callback": NOBODY,
    # allauth's old addresses, which redirect to the ones above.
    "accounts/social/login/cancelled/": LOGGED_IN,
    "accounts/social/login/error/": LOGGED_IN,
    "accounts/social/signup/": LOGGED_IN,
    # A person's own account settings. Flow pages (a pending login code or second
    # factor) send a logged-in person on and a stranger back to the login.
    "account_reauthenticate": LOGGED_IN,
    "account_email": LOGGED_IN,
    "account_change_password": LOGGED_IN,
    "account_set_password": LOGGED_IN,
    "socialaccount_connections": LOGGED_IN,
    "accounts/social/connections/": LOGGED_IN,
    "mfa_index": LOGGED_IN,
    # The second step of a login: a logged-in person is sent on, a stranger back.
    "mfa_authenticate": LOGGED_IN,
    "mfa_reauthenticate": LOGGED_IN,
    "mfa_activate_totp": LOGGED_IN,
    # These act on an enrolled authenticator; the walk's people have none.
    "mfa_deactivate_totp": NOBODY,
    "mfa_view_recovery_codes": NOBODY,
    "mfa_generate_recovery_codes": LOGGED_IN,
    "mfa_download_recovery_codes": NOBODY,
    "membership:profile": LOGGED_IN,
    "events:list": LOGGED_IN,
    "events:create": EVENT_RUNNERS,
    "events:detail": EVENT_RUNNERS | {Role.COUNCIL, Role.COMMUNITY},
    "events:edit": EVENT_RUNNERS | {Role.COMMUNITY},
    "api:api-root": LOGGED_IN,
    "api:me": LOGGED_IN,
    "api:event-list": LOGGED_IN,
    "api:event-detail": EVENT_RUNNERS | {Role.COUNCIL, Role.COMMUNITY},
    "api-schema": EVERYONE,
    "api-docs": EVERYONE,
    # The admin's catch-all answers 404 to its own users and the login to others.
    "admin/(?P<url>.*)$": NOBODY,
    # A GET on the admin's logout (which needs a POST) sends a logged-in person
    # to the admin's front door, where non-admins are then refused.
    "admin:logout": LOGGED_IN,
    # The admin's autocomplete answers only with a field to complete.
    "admin:autocomplete": NOBODY,
}


def is_admin_site(route):
    return route.key.startswith("admin:") or route.route.startswith("admin/")


def access_for(route):
    if route.key in ACCESS:
        return ACCESS[route.key]
    if is_admin_site(route):
        return ADMIN_ONLY
    raise KeyError(route.key)


ROUTES = all_routes()


def test_every_url_has_an_entry_in_the_matrix():
    missing = [r.key for r in ROUTES if not is_admin_site(r) and r.key not in ACCESS]
    assert missing == []


def test_the_matrix_names_no_url_that_does_not_exist():
    keys = {route.key for route in ROUTES}
    assert sorted(set(ACCESS) - keys) == []


REFUSED_STATUSES = {401, 403, 404}


def is_refused(response):
    if response.status_code in REFUSED_STATUSES:
        return True
    if response.status_code == 302:
        target = response["Location"].split("?")[0]
        return target in (reverse("account_login"), reverse("admin:login"))
    return False


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.key}|{route.route}")
def test_url_opens_only_for_those_the_matrix_admits(route, client, subjects, sample_arguments):
    allowed = access_for(route)
    path = route.path(sample_arguments)
    wrong = []
    for subject, user in subjects.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code < 500, f"{subject} got {response.status_code} on {path}"
        if is_refused(response) == (subject in allowed):
            wrong.append(f"{subject}: {response.status_code} {response.get('Location', '')}")
    assert wrong == [], f"GET {path}"
