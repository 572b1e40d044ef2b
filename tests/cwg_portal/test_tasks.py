"""Celery tasks, run by a real worker on the real Redis broker."""

import time
from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from knox.models import AuthToken

from cwg_portal.celery import app as celery_app
from cwg_portal.tasks import expired_credentials_purge
from tests.factories.membership import UserFactory


def wait_for(condition, seconds=20):
    """Poll until the worker has done its part; fail with the last state if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


def test_mail_is_delivered_by_the_worker_after_commit(celery_worker, settings):
    settings.EMAIL_BACKEND = "cwg_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    mail.EmailMultiAlternatives(
        subject="Your proposal was received",
        body="Thank you.",
        to=["organiser@example.org"],
        alternatives=[("<p>Thank you.</p>", "text/html")],
    ).send()

    wait_for(lambda: len(mail.outbox) == 1)
    (message,) = mail.outbox
    assert (message.subject, message.to, message.alternatives[0].content) == (
        "Your proposal was received",
        ["organiser@example.org"],
        "<p>Thank you.</p>",
    )


def test_expired_credentials_purge_removes_only_expired_sessions_and_tokens(celery_worker):
    user = UserFactory()
    expired_token, _ = AuthToken.objects.create(user=user, expiry=timedelta(seconds=-1))
    live_token, _ = AuthToken.objects.create(user=user)
    old, new = SessionStore(), SessionStore()
    old.set_expiry(-1)
    old.create()
    new.create()

    expired_credentials_purge.delay()

    wait_for(lambda: not AuthToken.objects.filter(pk=expired_token.pk).exists())
    wait_for(lambda: not Session.objects.filter(expire_date__lt=timezone.now()).exists())
    assert list(AuthToken.objects.values_list("pk", flat=True)) == [live_token.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == [new.session_key]
    assert expired_credentials_purge() == {"sessions": 0, "tokens": 0}


def test_purge_is_scheduled_as_data_for_beat(db):
    task = PeriodicTask.objects.get(name="Purge expired sessions and API tokens")

    assert task.task in celery_app.tasks
    assert (task.crontab.minute, task.crontab.hour, task.enabled) == ("17", "3", True)
