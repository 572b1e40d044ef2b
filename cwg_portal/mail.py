"""E-mail leaves through a Celery worker, after the transaction that caused it commits."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def message_payload(message):
    """The plain fields of an e-mail message, which a Celery task can carry."""
    html = [
        body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"
    ]
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "html": html[0] if html else None,
    }


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from cwg_portal.tasks import email_deliver

        for message in email_messages:
            payload = message_payload(message)
            transaction.on_commit(lambda payload=payload: email_deliver.delay(**payload))
        return len(email_messages)
