"""The workshops program's Celery tasks: weekly reminders of summaries not yet
filed (scheduled daily by beat, sent once a week) and the decision e-mail; run
in process and by a real worker on the real broker."""

import datetime
import time
from decimal import Decimal

import pytest
from celery.worker import state as worker_state
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from budget.enums import AllocationStatus, DocumentKind
from budget.models import Allocation
from budget.services.claims import claim_reject, claim_submit
from cwg_portal.celery import app as celery_app
from cwg_portal.roles import Role
from events.models import Event
from tests.factories.budget import category, upload
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, open_call, submitted_proposal
from workshops.enums import Verdict
from workshops.services.decisions import proposal_advance, proposal_decide
from workshops.services.summaries import summary_file, summary_reminders_send
from workshops.tasks import allocations_settle_task, summaries_remind

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
REMINDER = "The summary of “JupyterLab accessibility sprint”"


def accepted_workshop(*, ended_days_ago=2, organisers=()):
    the_chair = chair()
    proposal = submitted_proposal(open_call(by=the_chair), organisers=organisers)
    proposal_advance(proposal=proposal, by=the_chair)
    proposal_advance(proposal=proposal, by=the_chair)
    proposal = proposal_decide(
        proposal=proposal, by=the_chair, verdict=Verdict.ACCEPT, awarded_amount=Decimal("9000")
    )
    end = TODAY - ended_days_ago * DAY
    Event.objects.filter(pk=proposal.event_id).update(start_date=end - 2 * DAY, end_date=end)
    proposal.event.refresh_from_db()
    return proposal


def reminders(outbox):
    return [message for message in outbox if message.subject.startswith(REMINDER)]


def remind_on(day, capture):
    with capture(execute=True):
        return summary_reminders_send(today=day)


# --- Reminders ----------------------------------------------------------------------


@pytest.mark.django_db
def test_summary_reminders_send_reminds_the_organisers_of_a_finished_workshop(
    django_capture_on_commit_callbacks, mailoutbox
):
    co_organiser = UserFactory(username="co-organiser")
    workshop = accepted_workshop(organisers=[co_organiser.person])
    mailoutbox.clear()

    sent = remind_on(TODAY, django_capture_on_commit_callbacks)

    due_on = workshop.event.end_date + datetime.timedelta(days=30)
    assert sent == 1
    # One message each, so that each organiser's own choice of delivery holds.
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [workshop.created_by.email, "co-organiser@example.org"]
    )
    for message in mailoutbox:
        assert message.subject == f"{REMINDER} is due"
        assert f"Its summary is due on {due_on.day} {due_on:%B %Y}." in message.body
        assert f"/workshops/held/{workshop.event.slug}/summary/" in message.body


@pytest.mark.django_db
def test_summary_reminders_send_once_a_week_until_the_summary_is_filed(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = accepted_workshop()
    mailoutbox.clear()

    sent = [
        remind_on(day, django_capture_on_commit_callbacks)
        for day in (TODAY, TODAY, TODAY + 3 * DAY, TODAY + 6 * DAY, TODAY + 7 * DAY)
    ]
    summary_file(
        proposal=workshop,
        by=workshop.created_by,
        attendance_total=14,
        first_time_contributors=3,
        outcomes="A release.",
        dei_reached="Local students.",
        dei_achieved="Captioned sessions.",
        dei_shortfalls="Too few mentors.",
    )
    after_filing = [
        remind_on(day, django_capture_on_commit_callbacks)
        for day in (TODAY + 14 * DAY, TODAY + 60 * DAY)
    ]

    assert sent == [1, 0, 0, 0, 1]
    assert after_filing == [0, 0]
    assert len(reminders(mailoutbox)) == 2


@pytest.mark.django_db
def test_summary_reminders_send_says_when_the_summary_is_overdue(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = accepted_workshop(ended_days_ago=40)
    mailoutbox.clear()

    remind_on(TODAY, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    due_on = workshop.event.end_date + datetime.timedelta(days=30)
    assert message.subject == f"{REMINDER} is overdue"
    assert (
        f"The summary of your workshop was due on {due_on.day} {due_on:%B %Y} and is not filed yet."
        in message.body
    )


@pytest.mark.django_db
def test_summary_reminders_send_nothing_before_the_workshop_is_over(
    django_capture_on_commit_callbacks, mailoutbox
):
    accepted_workshop(ended_days_ago=0)
    mailoutbox.clear()

    assert remind_on(TODAY, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_summaries_remind_is_scheduled_daily_as_data_for_beat():
    task = PeriodicTask.objects.get(task="workshops.summaries_remind")

    assert task.task in celery_app.tasks
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week, task.enabled) == (
        "0",
        "8",
        "*",
        True,
    )


# --- The decision e-mail ---------------------------------------------------------------------


@pytest.mark.django_db

# --- On the worker ---------------------------------------------------------------------------


def wait_for(condition, seconds=30):
    """Poll until the worker has done its part; fail if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


def finished(task_name, runs):
    # The worker runs in this process: its own count of the tasks it took, and
    # the ones still running, tell when both runs are over.
    return worker_state.total_count[task_name] >= runs and not worker_state.active_requests


def test_summaries_remind_run_twice_by_the_worker_sends_one_reminder(celery_worker):
    workshop = accepted_workshop()
    name = summaries_remind.name
    runs = worker_state.total_count[name] + 2

    summaries_remind.delay()
    summaries_remind.delay()

    wait_for(lambda: finished(name, runs))
    (message,) = reminders(mail.outbox)
    assert message.to == [workshop.created_by.email]
    workshop.refresh_from_db()
    assert workshop.summary_reminded_on == TODAY


def test_allocations_settle_run_twice_by_the_worker_closes_the_allocation_once(
    celery_worker, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    workshop = accepted_workshop()
    organiser = workshop.created_by
    waiting = claim_submit(
        claimant=organiser,
        fund=workshop.allocation.fund,
        category=category("travel"),
        amount=Decimal("300.00"),
        currency=workshop.allocation.fund.currency,
        description="Train tickets",
        documents=[(DocumentKind.RECEIPT, upload())],
        event=workshop.event,
        allocation=workshop.allocation,
    )
    summary_file(
        proposal=workshop,
        by=organiser,
        attendance_total=12,
        first_time_contributors=4,
        outcomes="Pull requests merged.",
        dei_reached="New contributors.",
        dei_achieved="Captioned sessions.",
        dei_shortfalls="None worth noting.",
    )
    claim_reject(
        claim=waiting, rejected_by=UserFactory(roles=[Role.CWG_MEMBER]), reason="Duplicate"
    )
    name = allocations_settle_task.name
    runs = worker_state.total_count[name] + 2

    allocations_settle_task.delay()
    allocations_settle_task.delay()

    wait_for(lambda: finished(name, runs))
    allocation = Allocation.objects.get(pk=workshop.allocation_id)
    assert allocation.status == AllocationStatus.CLOSED
    assert allocation.closed_by == organiser
    assert allocation.history.filter(status=AllocationStatus.CLOSED).count() == 1
