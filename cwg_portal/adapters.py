"""allauth adapters: the portal's hooks into sign-up, provider login and MFA."""

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.http import Http404

from cwg_portal import registry


def _welcome(user):
    """What each app does for a new account (a profile, the community role)."""
    for hook in registry.account_created_hooks():
        hook(user)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            _welcome(user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        """A provider without credentials (GitHub before GITHUB_CLIENT_ID is set) is
        not there at all, rather than an error."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as missing:
            raise Http404("This login provider is not configured.") from missing

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        _welcome(user)
        return user


def _fernet():
    keys = settings.FIELD_ENCRYPTION_KEYS or [
        # Development only: production refuses to start without FIELD_ENCRYPTION_KEYS.
        base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()).decode()
    ]
    return MultiFernet([Fernet(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted; the first key
    of FIELD_ENCRYPTION_KEYS encrypts and every listed key decrypts."""

    def encrypt(self, text):
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return _fernet().decrypt(encrypted_text.encode()).decode()
