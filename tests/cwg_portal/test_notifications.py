"""Notifications: each kind reaches the people its rule names, once per event,
in the inbox and by e-mail at once, in a daily digest, or not by e-mail at all."""

import pytest
from celery.worker import state as worker_state
from django.core import mail
from django.urls import reverse

from cwg_portal import notifications, registry
from cwg_portal.models import Delivery, Notification
from cwg_portal.roles import Role
from cwg_portal.tasks import notification_digests_send, notification_email_send
from tests.cwg_portal.test_tasks import wait_for
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, open_call, submitted_proposal

pytestmark = pytest.mark.django_db


def submit(capture, **kwargs):
    """A community member submits a proposal to an open call, commits included."""
    call = open_call(by=kwargs.pop("by_chair", None))
    with capture(execute=True):
        return submitted_proposal(call, **kwargs)


def test_a_submitted_proposal_tells_the_chair_in_the_inbox_and_by_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    the_chair = chair()

    proposal = submit(django_capture_on_commit_callbacks, by_chair=the_chair)

    (notification,) = notifications.inbox_of(the_chair)
    assert notification.subject == f"New workshop proposal: “{proposal.title}”"
    assert notification.url == proposal.get_absolute_url()
    assert notifications.unread_count(the_chair) == 1
    (message,) = [m for m in mailoutbox if m.to == [the_chair.email]]
    assert message.subject == notification.subject
    assert f"/workshops/proposals/{proposal.pk}/" in message.body


def test_the_same_event_sent_twice_is_one_notification_and_one_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    the_chair = chair()
    proposal = submit(django_capture_on_commit_callbacks, by_chair=the_chair)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = notifications.notify(
            "workshops.proposal_submitted",
            about=proposal,
            key=proposal.pk,
            url=proposal.get_absolute_url(),
            proposal=proposal,
            by="someone",
        )

    assert [n.pk for n in again] == [n.pk for n in notifications.inbox_of(the_chair)]
    assert mailoutbox == []


def test_the_email_task_run_twice_sends_once(django_capture_on_commit_callbacks, mailoutbox):
    the_chair = chair()
    submit(django_capture_on_commit_callbacks, by_chair=the_chair)
    (notification,) = notifications.inbox_of(the_chair)
    mailoutbox.clear()

    assert notification_email_send(notification.pk) == 0
    assert mailoutbox == []


def test_inbox_only_keeps_the_notification_and_sends_no_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    the_chair = chair()
    notifications.preferences_set(
        user=the_chair, choices={"workshops.proposal_submitted": Delivery.INBOX}
    )

    submit(django_capture_on_commit_callbacks, by_chair=the_chair)

    assert notifications.unread_count(the_chair) == 1
    assert [m for m in mailoutbox if m.to == [the_chair.email]] == []


def test_a_daily_digest_gathers_a_persons_notifications_in_one_email_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    the_chair = chair()
    notifications.preferences_set(
        user=the_chair, choices={"workshops.proposal_submitted": Delivery.DIGEST}
    )
    call = open_call(by=the_chair)
    with django_capture_on_commit_callbacks(execute=True):
        first = submitted_proposal(call)
        second = submitted_proposal(call, title="A second workshop")
    assert [m for m in mailoutbox if m.to == [the_chair.email]] == []

    assert notification_digests_send() == 1
    assert notification_digests_send() == 0

    (digest,) = [m for m in mailoutbox if m.to == [the_chair.email]]
    assert digest.subject == "2 notifications from the portal"
    assert first.title in digest.body and second.title in digest.body
    assert f"/workshops/proposals/{second.pk}/" in digest.body


def test_a_preference_for_an_unknown_kind_is_refused_and_nothing_is_saved():
    user = UserFactory()

    with pytest.raises(Exception, match="cannot be delivered"):
        notifications.preferences_set(
            user=user,
            choices={"workshops.proposal_submitted": Delivery.DIGEST, "no.such_kind": "digest"},
        )

    assert user.notification_preferences.count() == 0


def test_every_registered_kind_has_a_body_template_that_renders():
    from django.template.loader import get_template

    kinds = registry.notification_kinds()

    assert len(kinds) >= 17
    for kind in kinds.values():
        assert get_template(kind.template)


# --- The pages ------------------------------------------------------------------------


def test_the_header_shows_the_unread_count_and_the_inbox_lists_it(
    client, django_capture_on_commit_callbacks
):
    the_chair = chair()
    proposal = submit(django_capture_on_commit_callbacks, by_chair=the_chair)
    client.force_login(the_chair)

    page = client.get(reverse("notifications")).content.decode()

    assert '<span class="badge">1<span class="visually-hidden"> unread</span></span>' in page
    assert f"New workshop proposal: “{proposal.title}”" in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client, django_capture_on_commit_callbacks
):
    the_chair = chair()
    proposal = submit(django_capture_on_commit_callbacks, by_chair=the_chair)
    (notification,) = notifications.inbox_of(the_chair)
    client.force_login(the_chair)

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.url == proposal.get_absolute_url()
    assert notifications.unread_count(the_chair) == 0


def test_nobody_can_open_or_mark_another_persons_notification(
    client, django_capture_on_commit_callbacks
):
    the_chair = chair()
    submit(django_capture_on_commit_callbacks, by_chair=the_chair)
    (notification,) = notifications.inbox_of(the_chair)
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 404
    assert notifications.unread_count(the_chair) == 1


def test_mark_all_read_empties_the_count(client, django_capture_on_commit_callbacks):
    the_chair = chair()
    call = open_call(by=the_chair)
    with django_capture_on_commit_callbacks(execute=True):
        submitted_proposal(call)
        submitted_proposal(call, title="Another")
    client.force_login(the_chair)

    client.post(reverse("notifications_read_all"))

    assert notifications.unread_count(the_chair) == 0


def test_the_settings_page_saves_a_choice_per_kind(client):
    user = UserFactory()
    client.force_login(user)
    choices = {kind: Delivery.IMMEDIATE for kind in registry.notification_kinds()}

    response = client.post(
        reverse("notification_settings"),
        {**choices, "budget.claim_paid": Delivery.DIGEST},
    )

    assert response.status_code == 302
    chosen = {kind.key: delivery for kind, delivery in notifications.preferences_of(user)}
    assert chosen["budget.claim_paid"] == Delivery.DIGEST
    assert chosen["workshops.decision"] == Delivery.IMMEDIATE


# --- On a real worker ----------------------------------------------------------------


def test_the_email_task_run_three_times_by_the_worker_sends_one_email(celery_worker):
    the_chair = chair()
    name = notification_email_send.name
    # Submitting queues the first run; two redeliveries follow.
    runs = worker_state.total_count[name] + 3
    proposal = submitted_proposal(open_call(by=the_chair))
    (notification,) = Notification.objects.filter(recipient=the_chair)

    notification_email_send.delay(notification.pk)
    notification_email_send.delay(notification.pk)

    wait_for(lambda: worker_state.total_count[name] >= runs and not worker_state.active_requests)
    (message,) = [m for m in mail.outbox if m.to == [the_chair.email]]
    assert proposal.title in message.subject
