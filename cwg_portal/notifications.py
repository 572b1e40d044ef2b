"""Telling people what needs them or concerns them.

An app registers its notification kinds in its `portal.py`; its services call
`notify` inside their transaction. Each recipient gets an inbox entry, and an
e-mail at once, in the next daily digest, or none, as they chose for that kind.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cwg_portal import outbox, registry
from cwg_portal.models import Delivery, Notification, NotificationPreference


def notify(kind, *, about, key, url="", **context):
    """Tell everyone the kind's rule names for `about`. `key` names the event
    (for example "claim-approved:42"): sending the same key again adds nothing."""
    spec = registry.notification_kinds()[kind]
    recipients = {user.pk: user for user in spec.recipients(about) if user and user.is_active}
    if not recipients:
        return []
    chosen = dict(
        NotificationPreference.objects.filter(user__in=recipients, kind=kind).values_list(
            "user", "delivery"
        )
    )
    context = {**context, "about": about, "url": url, "site_url": settings.SITE_URL}
    subject = spec.subject.format(**context)
    sent = []
    for user in recipients.values():
        notification, created = Notification.objects.get_or_create(
            recipient=user,
            key=f"{kind}:{key}",
            defaults={
                "kind": kind,
                "subject": subject[:300],
                "body": render_to_string(spec.template, {**context, "recipient": user}),
                "url": url,
                "delivery": chosen.get(user.pk, Delivery.IMMEDIATE),
            },
        )
        if created and notification.delivery == Delivery.IMMEDIATE:
            outbox.enqueue(
                "cwg_portal.notification_email_send",
                kwargs={"notification_id": notification.pk},
                key=f"notification-email:{notification.pk}",
            )
        sent.append(notification)
    return sent


def inbox_of(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user):
    return inbox_of(user).filter(read_at__isnull=True).count()


def mark_read(*, user, notification_id):
    """Mark one of the user's own notifications read; another person's is not found."""
    return (
        inbox_of(user)
        .filter(pk=notification_id, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def mark_all_read(*, user):
    return inbox_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def preferences_of(user):
    """[(kind, delivery)] for every registered kind, in the apps' order."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        (kind, chosen.get(kind.key, Delivery.IMMEDIATE))
        for kind in registry.notification_kinds().values()
    ]


@transaction.atomic
def preferences_set(*, user, choices):
    """Store how the user wants each kind ({kind key: delivery}); all or nothing."""
    kinds = registry.notification_kinds()
    for kind, delivery in choices.items():
        if kind not in kinds or delivery not in Delivery.values:
            raise ValidationError(f"“{kind}” cannot be delivered as “{delivery}”.")
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
