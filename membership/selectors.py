from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.utils import timezone

from cwg_portal.roles import MFA_REQUIRED_ROLES


def users_missing_required_mfa():
    """Active accounts holding a role that requires MFA, without a TOTP authenticator."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=MFA_REQUIRED_ROLES)
        .exclude(authenticator__type=Authenticator.Type.TOTP)
        .distinct()
        .order_by("email")
    )


def signups_unverified(*, days=14):
    """Accounts created in the last days whose e-mail address is not yet verified."""
    since = timezone.now() - timedelta(days=days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    return (
        get_user_model()
        .objects.filter(date_joined__gte=since)
        .exclude(pk__in=verified)
        .order_by("-date_joined")
    )


def profile_gaps(person):
    """The profile fields a person has left empty that others rely on."""
    labels = {
        "pronouns": "pronouns",
        "affiliation": "affiliation",
        "github_handle": "GitHub handle",
    }
    return [label for field, label in labels.items() if not getattr(person, field)]
