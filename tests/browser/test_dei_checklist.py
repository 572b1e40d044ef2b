"""The DEI checklist in a real browser: an organiser works the checklist of their
held workshop and cannot file the summary while a planned item is untouched; a
claim against a workshop whose call requires the DEI sign-off waits for it,
and is paid once the committee has signed off."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budget.enums import ClaimStatus, DocumentKind
from budget.models import ExpenseClaim
from budget.selectors import approvals_required
from budget.services.claims import claim_approve, claim_submit
from cwg_portal.roles import Role
from dei.services.checklists import checklist_ensure
from tests.browser.conftest import assert_accessible, log_in, log_out, status
from tests.factories.budget import category, upload
from tests.factories.dei import plan_meeting_the_rule, workshop_committed
from tests.factories.membership import PASSWORD, UserFactory
from tests.factories.workshops import chair, open_call
from workshops.models import PostEventSummary

pytestmark = pytest.mark.browser

CAPTIONS = "Caption talks and online sessions"


@pytest.fixture
def organiser(transactional_db):
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


def fill_summary(page):
    page.get_by_label("Participants").fill("15")
    page.get_by_label("First-time contributors").fill("6")
    page.get_by_label("Outcomes").fill("Keyboard navigation fixed in three views.")
    page.get_by_label("Who the event reached").fill("Screen reader users.")
    page.get_by_label("What the DEI plan achieved").fill("Every session was captioned.")
    page.get_by_label("What did not work").fill("The lift broke on day two.")
    page.get_by_role("button", name="File the summary").click()


def test_organiser_works_the_checklist_and_files_the_summary_only_once_nothing_is_planned(
    page, live_server, organiser
):
    workshop = workshop_committed(chair=chair(), by=organiser, held=True, slugs=["captioning"])
    log_in(page, "organiser", PASSWORD)
    page.goto(f"/workshops/held/{workshop.event.slug}/")
    expect(page.get_by_role("heading", name="DEI checklist")).to_be_visible()

    # The summary is refused while the captioning is still only planned.
    page.get_by_role("link", name="File the summary").click()
    fill_summary(page)
    expect(page.get_by_role("alert")).to_contain_text(f"Still planned: {CAPTIONS}.")
    assert PostEventSummary.objects.count() == 0

    # The organiser records what became of it on the checklist.
    page.goto(f"/workshops/held/{workshop.event.slug}/")
    page.get_by_role("link", name="The DEI checklist of this workshop").click()
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile(f"^{CAPTIONS}"))
    expect(row).to_contain_text("Planned")
    row.get_by_role("link", name=re.compile("^Update")).click()
    assert_accessible(page)
    page.get_by_label("Done").check()
    page.get_by_label("Owner").select_option(label=organiser.person.display_name)
    page.get_by_label("Evidence").fill("Live captions by a stenographer.")
    page.get_by_role("button", name="Save").click()
    expect(status(page)).to_contain_text("is recorded as done")
    expect(page.get_by_role("row", name=re.compile(f"^{CAPTIONS}"))).to_contain_text(
        "Live captions by a stenographer."
    )

    # Now the summary is filed.
    page.goto(f"/workshops/held/{workshop.event.slug}/summary/")
    fill_summary(page)
    expect(page.get_by_role("heading", name="Post-event summary")).to_be_visible()
    assert PostEventSummary.objects.filter(proposal=workshop).exists()


def test_a_claim_waits_for_the_dei_sign_off_the_call_requires(page, live_server, organiser):
    the_chair = chair()
    call = open_call(by=the_chair, requires_dei_signoff=True)
    workshop = workshop_committed(chair=the_chair, by=organiser, call=call)
    plan_meeting_the_rule(checklist_ensure(event=workshop.event), by=organiser)
    claim = claim_submit(
        claimant=organiser,
        fund=call.fund,
        category=category("venue"),
        amount=Decimal("800.00"),
        currency=call.fund.currency,
        description="Venue deposit",
        documents=[(DocumentKind.RECEIPT, upload())],
        event=workshop.event,
        allocation=workshop.allocation,
    )
    for _ in range(approvals_required(claim)):
        claim_approve(claim=claim, approver=UserFactory(roles=[Role.CWG_MEMBER]))
    UserFactory(username="finance", roles=[Role.FINANCE_STAFF])
    UserFactory(username="committee", roles=[Role.DEI_COMMITTEE])

    # Finance staff are told why they cannot pay yet.
    log_in(page, "finance", PASSWORD)
    page.goto(claim.get_absolute_url())
    pay = page.get_by_role("region", name="Pay")
    expect(pay).to_contain_text("Payment waits for the DEI committee to sign off")
    expect(page.get_by_role("button", name="Pay claim")).to_have_count(0)
    assert_accessible(page)
    log_out(page)

    # The DEI committee signs the checklist off.
    log_in(page, "committee", PASSWORD)
    page.goto(f"/dei/checklists/{workshop.event.slug}/")
    page.get_by_role("button", name="Sign off the checklist").click()
    expect(status(page)).to_contain_text("The checklist is signed off")
    log_out(page)

    # Now the claim is paid.
    log_in(page, "finance", PASSWORD)
    page.goto(claim.get_absolute_url())
    page.get_by_role("button", name="Pay claim").click()
    expect(status(page)).to_contain_text("The claim was paid")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
