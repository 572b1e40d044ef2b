"""E-mail leaves through a Celery worker, after the transaction that caused it commits
(through the outbox, so that a broker outage delays mail and loses none)."""

import uuid

from django.core.mail.backends.base import BaseEmailBackend

from cwg_portal import outbox


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
        for message in email_messages:
            outbox.enqueue(
                "cwg_portal.email_deliver",
                kwargs=message_payload(message),
                key=f"email:{uuid.uuid4()}",
            )
        return len(email_messages)
