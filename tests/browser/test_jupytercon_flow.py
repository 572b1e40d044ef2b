"""JupyterCon and the events staff in a real browser: the chair creates the next
edition from the previous one, records a strategic decision and a sponsorship,
and engages the staff on it; the staff member works its board, is kept off
another event's board, and loses the role when the engagements end. Every page
passes axe for those who open it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from conferences.models import Edition, Sponsorship, StrategicDecision
from events.models import Task
from tests.browser.conftest import assert_accessible, fact, log_in, log_out

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def create_the_next_edition(page, previous):
    year = previous.year + 1
    start = previous.event.start_date + timedelta(days=365)
    page.goto("/jupytercon/new/")
    assert_accessible(page)
    page.get_by_label("Continue from").select_option(label=previous.name)
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Name").fill(f"JupyterCon {year}")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("End date").fill((start + timedelta(days=3)).isoformat())
    page.get_by_label("City").fill("Lisbon")
    page.get_by_label("Country").fill("Portugal")
    page.get_by_label("Fund").select_option(label="Jupyter community fund")
    page.get_by_role("button", name="Create the edition").click()
    expect(heading(page)).to_have_text(f"JupyterCon {year}")
    assert_accessible(page)
    return Edition.objects.get(year=year)


def record_a_decision(page, edition):
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Title").fill("Lisbon over Madrid")
    page.get_by_label("Context").fill("Two cities offered a venue.")
    page.get_by_label("Options considered").fill("Lisbon; Madrid.")
    page.get_by_label(re.compile(r"^Decision")).fill("Lisbon.")
    page.get_by_label("Rationale").fill("Cheaper flights for most contributors.")
    page.get_by_label("Decided on").fill(timezone.localdate().isoformat())
    page.get_by_label("Decided by").fill("The members present at the monthly call")
    page.get_by_label("Public").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Lisbon over Madrid")).to_be_visible()
    assert_accessible(page)


def record_a_sponsorship(page, edition):
    page.goto(edition.get_absolute_url())
    page.get_by_role("link", name="Record a sponsorship").click()
    page.get_by_label("Organisation").fill("Example Analytics")
    page.get_by_label("Tier").select_option(label="Gold")
    page.get_by_label("Amount").fill("15000.00")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_role("button", name="Record the sponsorship").click()
    expect(heading(page)).to_have_text("Sponsorship: Example Analytics")
    expect(fact(page, "Status")).to_have_text("Prospect")
    assert_accessible(page)


def engage_the_staff(page, edition):
    page.goto("/events/staff/engagements/new/")
    page.get_by_label("Staff member").select_option(label="Diego Alvarez (NumFOCUS)")
    page.get_by_label("Scope").fill("Venue and registration.")
    page.get_by_label(edition.name).check()
    today = timezone.localdate()
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=90)).isoformat())
    page.get_by_label("Fee").fill("9000.00")
    page.get_by_role("button", name="Record the engagement").click()
    page.get_by_role("button", name="Mark signed").click()
    expect(fact(page, "Status")).to_have_text("Signed")
    assert_accessible(page)
    page.goto(f"/events/{edition.event.slug}/board/new/")
    page.get_by_label("Title").fill("Book the venue")
    page.get_by_label("Owner").select_option(label="Diego Alvarez")
    page.get_by_role("button", name="Add the task").click()
    expect(page.get_by_role("link", name="Book the venue")).to_be_visible()


def work_the_board(page, edition):
    page.goto(edition.get_absolute_url())
    page.get_by_role("link", name="Task board").click()
    expect(heading(page)).to_have_text(f"Task board: {edition.name}")
    assert_accessible(page)
    card = page.get_by_role("listitem").filter(has_text="Book the venue")
    card.get_by_label("Move “Book the venue” to").select_option(label="Doing")
    card.get_by_role("button", name="Move").click()
    doing = page.get_by_role("region", name=re.compile(r"^Doing"))
    expect(doing.get_by_role("link", name="Book the venue")).to_be_visible()
    other = page.goto("/events/jupyter-accessibility-workshop/board/")
    assert other.status == 404


def end_the_engagements(page):
    page.goto("/events/staff/")
    assert_accessible(page)
    signed = page.get_by_role("row").filter(has_text="Signed")
    for _ in range(signed.count()):
        page.goto("/events/staff/")
        signed.first.get_by_role("link").click()
        page.get_by_role("button", name="Mark ended").click()
        expect(fact(page, "Status")).to_have_text("Ended")


def test_the_next_edition_its_decisions_sponsors_and_staff(page, demo_data, demo_password):
    previous = Edition.objects.order_by("-year").first()
    previous_milestones = list(previous.milestones.values_list("title", "due_on"))

    log_in(page, "cwg-chair", demo_password)
    edition = create_the_next_edition(page, previous)
    record_a_decision(page, edition)
    record_a_sponsorship(page, edition)
    engage_the_staff(page, edition)
    log_out(page)

    log_in(page, "events-staff", demo_password)
    work_the_board(page, edition)
    log_out(page)

    log_in(page, "cwg-chair", demo_password)
    end_the_engagements(page)

    gap = edition.event.start_date - previous.event.start_date
    assert list(edition.milestones.values_list("title", "due_on")) == [
        (title, due_on + gap) for title, due_on in previous_milestones
    ]
    assert StrategicDecision.objects.filter(edition=edition, is_public=True).count() == 1
    assert Sponsorship.objects.filter(edition=edition, organisation="Example Analytics").exists()
    assert Task.objects.get(event=edition.event, title="Book the venue").status == "doing"
    staff = get_user_model().objects.get(username="events-staff")
    assert list(staff.groups.values_list("name", flat=True)) == []
