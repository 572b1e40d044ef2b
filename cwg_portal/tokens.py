"""A person's API tokens: listed, revoked one by one or all at once, and all
revoked when the password changes or is reset (a token must not outlive the
password that let someone obtain it)."""

from allauth.account import signals
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken


def tokens_of(user):
    """The user's tokens still valid, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


@transaction.atomic
def token_revoke(*, user, token_key):
    """Revoke the user's own token that starts with `token_key`, and no one else's."""
    revoked, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not revoked:
        raise ValidationError("That token was already revoked or has expired.")
    return revoked


@transaction.atomic
def tokens_revoke_all(*, user):
    """Revoke every token of the user; how many there were."""
    revoked, _ = AuthToken.objects.filter(user=user).delete()
    return revoked


def _revoke_on_password_change(sender, request, user, **kwargs):
    tokens_revoke_all(user=user)


def connect():
    for signal in (signals.password_changed, signals.password_set, signals.password_reset):
        signal.connect(_revoke_on_password_change, dispatch_uid=f"tokens-revoke-{signal!r}")
