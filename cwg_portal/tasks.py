from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from knox.models import AuthToken

from cwg_portal import outbox
from cwg_portal.models import Delivery, Notification


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


def _deliver(*, subject, body, to):
    # Through the configured backend, as every other e-mail of the portal.
    return EmailMultiAlternatives(subject=subject, body=body, to=to).send()


@shared_task(name="cwg_portal.notification_email_send")
def notification_email_send(notification_id):
    """E-mail one notification; a redelivered task finds it sent and sends nothing."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return 0
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return _deliver(
            subject=notification.subject,
            body=notification.body,
            to=[notification.recipient.email],
        )


@shared_task(name="cwg_portal.notification_digests_send")
def notification_digests_send():
    """One e-mail per person gathering their digest notifications not yet sent;
    a second run finds nothing left to send."""
    sent = 0
    with transaction.atomic():
        waiting = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("recipient", "created_at", "pk")
        )
        by_person = {}
        for notification in waiting:
            by_person.setdefault(notification.recipient, []).append(notification)
        now = timezone.now()
        for person, notifications in by_person.items():
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
            body = render_to_string(
                "cwg_portal/notifications/digest.txt",
                {"notifications": notifications, "site_url": settings.SITE_URL},
            )
            count = len(notifications)
            subject = f"{count} notification{'' if count == 1 else 's'} from the portal"
            sent += _deliver(subject=subject, body=body, to=[person.email])
    return sent


@shared_task(name="cwg_portal.outbox_relay")
def outbox_relay():
    """Queue the recorded tasks that their commit could not (the broker was down)."""
    return outbox.relay_pending()
