"""The dashboard: one panel per concern, each shown to the roles it concerns.

A panel's context function returns what needs the user's attention; the apps
that come later add their panels to PANELS.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from cwg_portal.roles import (
    MFA_REQUIRED_ROLES,
    is_admin,
    is_authenticated,
    is_council,
    role_names,
    runs_events,
)
from events.selectors import events_organised_by, events_upcoming
from membership.selectors import profile_gaps, signups_unverified, users_missing_required_mfa
from membership.services import person_for_user


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    predicate: rules.Predicate
    context: Callable


def account_context(user):
    person = person_for_user(user=user)
    return {
        "person": person,
        "profile_gaps": profile_gaps(person),
        "mfa_enabled": is_mfa_enabled(user),
        "mfa_required": settings.REQUIRE_MFA and bool(role_names(user) & MFA_REQUIRED_ROLES),
        "roles": sorted(role_names(user)),
    }


def organised_events_context(user):
    return {"events": events_organised_by(user=user)}


@rules.predicate
def organises_events(user):
    return events_organised_by(user=user).exists()


def upcoming_events_context(user):
    return {"events": events_upcoming(user=user)}


def security_context(user):
    return {
        "missing_mfa": users_missing_required_mfa()[:20],
        "unverified": signups_unverified()[:20],
    }


PANELS = [
    Panel("Your account", "dashboard/account.html", is_authenticated, account_context),
    Panel(
        "Events you organise",
        "dashboard/organised_events.html",
        organises_events,
        organised_events_context,
    ),
    Panel(
        "Upcoming events",
        "dashboard/upcoming_events.html",
        runs_events | is_council,
        upcoming_events_context,
    ),
    Panel("Account security", "dashboard/security.html", is_admin, security_context),
]


def panels_for(user):
    return [(panel, panel.context(user)) for panel in PANELS if panel.predicate(user)]
