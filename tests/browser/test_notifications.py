"""Notifications in a real browser with a real Celery worker: an organiser
submits a proposal, the chair's bell counts it and the inbox shows it, its
e-mail leaves once however often the task runs, and a member who chose the
daily digest gets one digest from the beat job."""

import re
import time
from datetime import timedelta

import pytest
from celery.worker import state as worker_state
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from playwright.sync_api import expect

from cwg_portal.celery import app as celery_app
from cwg_portal.models import Notification
from tests.browser.conftest import assert_accessible, log_in, log_out, status
from tests.browser.test_workshop_flow import fill_proposal
from workshops.demo import OPEN_CALL
from workshops.models import Call, Proposal
from workshops.selectors import committee_members
from workshops.services.reviews import reviewer_assign

pytestmark = pytest.mark.browser

TITLE = "Notebook accessibility sprint"


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


def runs_of(name):
    return worker_state.total_count[name]


def worker_idle(name, runs):
    return worker_state.total_count[name] >= runs and not worker_state.active_requests


def bell(page):
    return page.get_by_role("navigation", name="Account").get_by_role(
        "link", name=re.compile("^Notifications")
    )


def test_the_chair_hears_of_a_proposal_and_a_member_gets_one_digest(
    page, demo_data, celery_worker, demo_password
):
    send_email = "cwg_portal.notification_email_send"
    emails_before = runs_of(send_email)
    mail.outbox.clear()

    # The chair reads what the demo already told them, and the bell goes quiet.
    log_in(page, "cwg-chair", demo_password)
    bell(page).click()
    page.get_by_role("button", name=re.compile(r"^Mark all \d+ read$")).click()
    expect(status(page)).to_contain_text("read.")
    expect(bell(page)).to_have_text("Notifications")
    log_out(page)

    # A member asks for a daily digest of the reviews given to them.
    log_in(page, "cwg-member", demo_password)
    page.goto("/notifications/settings/")
    assert_accessible(page)
    page.get_by_label("You are asked to review a workshop proposal").select_option(
        label="Daily digest e-mail"
    )
    page.get_by_role("button", name="Save").click()
    expect(status(page)).to_have_text("Your notification settings are saved.")
    log_out(page)

    # The organiser submits a proposal to the open call.
    log_in(page, "community", demo_password)
    page.goto(Call.objects.get(slug=OPEN_CALL).get_absolute_url())
    page.get_by_role("link", name="Propose a workshop").click()
    fill_proposal(page, title=TITLE, starts_on=timezone.localdate() + timedelta(days=90))
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    log_out(page)

    # The chair's bell counts it; the inbox names it and leads to it.
    log_in(page, "cwg-chair", demo_password)
    expect(bell(page)).to_have_text("Notifications 1 unread")
    bell(page).click()
    assert_accessible(page)
    item = page.get_by_role("list", name="Your notifications").get_by_role("listitem").first
    expect(item).to_contain_text(f"Unread: New workshop proposal: “{TITLE}”")
    item.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(bell(page)).to_have_text("Notifications")

    # The worker sent the chair's e-mail; a redelivered task sends nothing more.
    wait_for(lambda: worker_idle(send_email, emails_before + 1))
    (notification,) = Notification.objects.filter(
        recipient__username="cwg-chair", subject__contains=TITLE
    )
    celery_app.tasks[send_email].delay(notification.pk)
    wait_for(lambda: worker_idle(send_email, emails_before + 2))
    to_chair = [m for m in mail.outbox if m.to == ["cwg-chair@example.org"]]
    assert [m.subject for m in to_chair] == [f"New workshop proposal: “{TITLE}”"]

    # The chair gives the proposal to the member, who waits for the digest.
    proposal = Proposal.objects.get(title=TITLE)
    member = committee_members().get(user__username="cwg-member")
    reviewer_assign(proposal=proposal, reviewer=member, by=notification.recipient)
    assert [m for m in mail.outbox if m.to == ["cwg-member@example.org"]] == []

    # Beat runs the digest job (twice, as a retried beat would): one digest.
    digest = PeriodicTask.objects.get(task="cwg_portal.notification_digests_send")
    digests_before = runs_of(digest.task)
    celery_app.tasks[digest.task].delay()
    celery_app.tasks[digest.task].delay()
    wait_for(lambda: worker_idle(digest.task, digests_before + 2))
    (message,) = [m for m in mail.outbox if m.to == ["cwg-member@example.org"]]
    assert message.subject == "1 notification from the portal"
    assert f"Please review “{TITLE}”" in message.body
