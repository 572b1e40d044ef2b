"""Security events as structured log lines.

The request middleware binds the request id, user id and IP to every line; these
receivers add what happened. They never log a password, a code or a token.
"""

import structlog
from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals

logger = structlog.get_logger("cwg_portal.security")


def _user_id(user):
    return getattr(user, "pk", None)


def on_logged_in(sender, request, user, **kwargs):
    logger.info("login", user_id=_user_id(user))


def on_logged_out(sender, request, user, **kwargs):
    logger.info("logout", user_id=_user_id(user))


def on_login_failed(sender, credentials, request=None, **kwargs):
    # The credentials hold the typed password: only the fact of the failure is logged.
    logger.warning("login_failed", user_id=None)


def on_mfa_event(event):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        logger.info(
            event,
            user_id=_user_id(user),
            authenticator_type=getattr(authenticator, "type", None),
        )

    return receiver


def on_password_changed(event):
    def receiver(sender, request=None, user=None, **kwargs):
        logger.info(event, user_id=_user_id(user))

    return receiver


RECEIVERS = [
    (auth_signals.user_logged_in, on_logged_in),
    (auth_signals.user_logged_out, on_logged_out),
    (auth_signals.user_login_failed, on_login_failed),
    (mfa_signals.authenticator_added, on_mfa_event("mfa_authenticator_added")),
    (mfa_signals.authenticator_removed, on_mfa_event("mfa_authenticator_removed")),
    (mfa_signals.authenticator_reset, on_mfa_event("mfa_authenticator_reset")),
    (mfa_signals.authenticator_used, on_mfa_event("mfa_authenticator_used")),
    (mfa_signals.authentication_failed, on_mfa_event("mfa_authentication_failed")),
    (account_signals.password_changed, on_password_changed("password_changed")),
    (account_signals.password_reset, on_password_changed("password_reset")),
]


def connect():
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"cwg_portal.audit.{id(receiver)}", weak=False)
