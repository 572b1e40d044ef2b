"""The portal's roles and the predicates that test them.

A role is a Django group of the same name; the membership app grants and removes
them. Every view, API view and template asks these predicates (directly or through
`rules` permissions), so what a role may do is decided here and nowhere else.
"""

import rules
from django.db import models


class Role(models.TextChoices):
    CWG_MEMBER = "cwg-member", "Working group member"
    CWG_CHAIR = "cwg-chair", "Working group chair"
    FINANCE_STAFF = "finance-staff", "Finance staff"
    EVENTS_STAFF = "events-staff", "Events staff"
    COUNCIL = "council", "Executive Council"
    DEI_COMMITTEE = "dei-committee", "DEI committee"
    COC_RESPONDER = "coc-responder", "Code-of-conduct responder"
    COMMUNITY = "community", "Community"
    ADMIN = "admin", "Site administrator"


# Roles whose holders reach money, confidential reports or the site itself.
MFA_REQUIRED_ROLES = frozenset({Role.COUNCIL, Role.FINANCE_STAFF, Role.COC_RESPONDER, Role.ADMIN})


def role_names(user):
    """The set of role names a user holds, cached on the user object for the request."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(role):
    @rules.predicate(name=f"has_role:{role}")
    def predicate(user):
        return role in role_names(user)

    return predicate


is_authenticated = rules.is_authenticated
is_cwg_chair = has_role(Role.CWG_CHAIR)
# The chair is a member with one more role; everything a member may do, the chair may.
is_cwg_member = has_role(Role.CWG_MEMBER) | is_cwg_chair
is_finance_staff = has_role(Role.FINANCE_STAFF)
is_events_staff = has_role(Role.EVENTS_STAFF)
is_council = has_role(Role.COUNCIL)
is_dei_committee = has_role(Role.DEI_COMMITTEE)
is_coc_responder = has_role(Role.COC_RESPONDER)
is_admin = has_role(Role.ADMIN)

# Who runs events: the members who decide and the professional staff who plan.
runs_events = is_cwg_member | is_events_staff


def mfa_enrolment_missing(user):
    """True when the user must enrol in MFA before using the portal."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings

    if not settings.REQUIRE_MFA or not role_names(user) & MFA_REQUIRED_ROLES:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def users_with_role(role):
    """The active accounts holding a role: whom a notification for that role reaches."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role, is_active=True)
