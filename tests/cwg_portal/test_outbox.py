"""The outbox: a change committed while the broker is down answers success, keeps
its tasks, and the beat relay queues them once the broker is back, once."""

import pytest
from django.core import mail
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from cwg_portal import outbox
from cwg_portal.celery import app as celery_app
from cwg_portal.middleware import DELAYED_NOTIFICATIONS
from cwg_portal.models import Notification, OutboxMessage
from tests.cwg_portal.test_tasks import wait_for
from tests.factories.membership import PASSWORD
from tests.factories.workshops import chair as make_chair
from tests.factories.workshops import open_call, submitted_proposal
from tests.pages import page_messages
from workshops.enums import ProposalStatus, Verdict
from workshops.services.calls import stage_waive
from workshops.services.decisions import proposal_advance

# Nothing listens on the discard port: connecting is refused at once.
CLOSED_BROKER = "redis://127.0.0.1:9/0"


def _write_to(url):
    """Point the app's publishing side at `url`; the worker keeps consuming the real broker."""
    celery_app.conf.broker_write_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(celery_worker):
    """A real worker on the real broker, and a switch that takes the broker away
    from the web side and brings it back."""
    real = celery_app.conf.broker_write_url

    class Broker:
        def down(self):
            _write_to(CLOSED_BROKER)

        def back(self):
            _write_to(real)

    yield Broker()
    _write_to(real)


def beat_relay():
    """What beat does each minute: send the relay task its schedule names."""
    schedule = PeriodicTask.objects.get(name="Relay the outbox to the broker")
    assert (schedule.crontab.minute, schedule.crontab.hour) == ("*", "*")
    celery_app.send_task(schedule.task)


def decision_mails(notice):
    """The recipients of each e-mail of the decision (the steps before it mail others)."""
    return [message.to for message in mail.outbox if message.subject == notice.subject]


def test_a_decision_taken_while_the_broker_is_down_succeeds_and_its_mail_follows_once(
    client, broker
):
    the_chair = make_chair()
    call = open_call(by=the_chair)
    proposal = proposal_advance(proposal=submitted_proposal(call), by=the_chair)
    stage_waive(stage=call.stages.get(waivable=True), by=the_chair)
    client.force_login(the_chair)
    broker.down()

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/",
        {"verdict": Verdict.DECLINE, "awarded_amount": "", "message": "Not this round."},
        follow=True,
    )

    proposal.refresh_from_db()
    notice = Notification.objects.get(kind="workshops.decision")
    pending = OutboxMessage.objects.get(key=f"notification-email:{notice.pk}")
    assert response.status_code == 200
    assert DELAYED_NOTIFICATIONS in page_messages(response)
    assert proposal.status == ProposalStatus.DECLINED
    assert (pending.kwargs, pending.sent_at, pending.attempts) == (
        {"notification_id": notice.pk},
        None,
        1,
    )
    assert decision_mails(notice) == []

    broker.back()
    beat_relay()
    wait_for(lambda: len(decision_mails(notice)) == 1)
    beat_relay()
    wait_for(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists())

    pending.refresh_from_db()
    assert pending.sent_at is not None
    assert decision_mails(notice) == [[notice.recipient.email]]


def test_signing_up_while_the_broker_is_down_keeps_the_verification_mail(client, broker, settings):
    settings.EMAIL_BACKEND = "cwg_portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    broker.down()

    response = client.post(
        "/accounts/signup/",
        {"email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response["Location"] == "/accounts/confirm-email/"
    (pending,) = OutboxMessage.objects.all()
    assert (pending.task_name, pending.kwargs["to"], pending.sent_at) == (
        "cwg_portal.email_deliver",
        ["ada@example.org"],
        None,
    )
    broker.back()
    beat_relay()
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["ada@example.org"]


def test_a_task_enqueued_twice_under_one_key_is_recorded_once(db):
    with transaction.atomic():
        outbox.enqueue("cwg_portal.outbox_relay", kwargs={}, key="relay:once")
        outbox.enqueue("cwg_portal.outbox_relay", kwargs={}, key="relay:once")

    assert OutboxMessage.objects.filter(key="relay:once").count() == 1


def test_a_task_of_a_rolled_back_change_is_never_recorded(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("cwg_portal.outbox_relay", kwargs={}, key="relay:undone")
        raise RuntimeError

    assert not OutboxMessage.objects.filter(key="relay:undone").exists()
