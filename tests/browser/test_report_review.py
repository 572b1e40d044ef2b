"""The council's review of a report, driven through the pages in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from cwg_portal.roles import Role
from tests.browser.conftest import assert_accessible, log_in, log_out, status
from tests.factories.membership import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

SECTIONS = ("Workshops program", "Events", "Finances", "Membership and governance")


def preapprove_every_section(page):
    for title in SECTIONS:
        page.get_by_role("button", name=f"Pre-approve {title}").click()
        expect(status(page)).to_have_text("Your review of the section is recorded.")


def test_the_chair_submits_the_council_reviews_and_accepts_and_members_see_no_council_part(
    page, demo_data, demo_password
):
    UserFactory(username="council-second", roles=[Role.COUNCIL])

    # The chair builds the report, writes a note for the council and submits it.
    log_in(page, "cwg-chair", demo_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    assert_accessible(page)
    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_role("status").first).to_contain_text(": done, 100%.")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Open version \d+ of ")).click()
    period = re.search(r"/reports/(\w+)/", page.url).group(1)
    page.get_by_role("link", name="Write the narrative of Finances").click()
    assert_accessible(page)
    page.get_by_label("Narrative (public)").fill("Income **grew** this period.")
    page.get_by_label("Note for the council only").fill("The venue contract is under negotiation.")
    page.get_by_role("button", name="Save the narrative").click()
    page.get_by_role("button", name=re.compile(r"^Submit version \d+ to the council$")).click()
    expect(status(page)).to_have_text(f"The report {period} is submitted to the council.")
    log_out(page)

    # Two council members pre-approve; one flags the finances and asks about them.
    log_in(page, "council", demo_password)
    page.goto(f"/reports/{period}/")
    expect(page.get_by_text("The venue contract is under negotiation.")).to_be_visible()
    preapprove_every_section(page)
    page.get_by_role("button", name="Flag Finances").click()
    page.get_by_label("Comment on Finances").fill("Why did the venue cost more?")
    page.get_by_role("button", name="Post a comment on Finances").click()
    expect(status(page)).to_have_text("Your comment is posted.")
    assert_accessible(page)
    log_out(page)
    log_in(page, "council-second", PASSWORD)
    page.goto(f"/reports/{period}/")
    preapprove_every_section(page)
    expect(page.locator(".readiness")).to_have_text("Waiting for pre-approvals")
    log_out(page)

    # The chair answers in the thread.
    log_in(page, "cwg-chair", demo_password)
    page.goto(f"/reports/{period}/")
    page.get_by_label(re.compile(r"^Answer to ")).fill("A larger room for the sprint.")
    page.get_by_role("button", name=re.compile(r"^Post the answer to ")).click()
    expect(status(page)).to_have_text("Your answer is posted.")
    log_out(page)

    # The council accepts.
    log_in(page, "council", demo_password)
    page.goto(f"/reports/{period}/")
    expect(page.get_by_text("A larger room for the sprint.")).to_be_visible()
    page.get_by_role("button", name="Accept the report").click()
    expect(status(page)).to_have_text(f"The report {period} is accepted.")
    expect(page.locator(".readiness")).to_have_text("Ready")
    expect(page.get_by_role("list").filter(has_text="Accepted by")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # A member who is not on the council reads the report without its council part.
    log_in(page, "cwg-member", demo_password)
    page.goto(f"/reports/{period}/")
    expect(page.get_by_text("Income grew this period.")).to_be_visible()
    expect(page.get_by_text("The venue contract is under negotiation.")).to_have_count(0)
    expect(page.get_by_text("Why did the venue cost more?")).to_have_count(0)
    expect(page.get_by_role("heading", name="Review timeline")).to_have_count(0)
    assert_accessible(page)
