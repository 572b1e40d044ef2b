from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from knox.models import AuthToken


@shared_task(name="cwg_portal.email_deliver", autoretry_for=(OSError,), retry_backoff=True)
def email_deliver(*, subject, body, from_email, to, cc=(), bcc=(), reply_to=(), html=None):
    """Deliver one queued e-mail through the configured delivery backend."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=to,
        cc=cc,
        bcc=bcc,
        reply_to=reply_to,
        connection=get_connection(settings.EMAIL_DELIVERY_BACKEND),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(name="cwg_portal.expired_credentials_purge")
def expired_credentials_purge():
    """Delete expired sessions and API tokens; running it twice changes nothing more."""
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    tokens, _ = AuthToken.objects.filter(expiry__lt=now).delete()
    return {"sessions": sessions, "tokens": tokens}
