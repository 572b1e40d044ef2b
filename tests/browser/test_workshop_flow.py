"""A round of the workshops program in a real browser, by real people through the
pages: the chair opens a call, an organiser proposes, two members review while a
conflicted one is kept out, the chair accepts for less than was asked, the money
appears in the budget, the organiser claims and reports, and the workshop shows
on the public page. Every page passes axe (WCAG 2.x A/AA) for those who open it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from budget.enums import AllocationStatus
from budget.models import Allocation, ExpenseClaim
from cwg_portal.roles import Role
from events.models import Event
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.browser.conftest import assert_accessible, fact, local_input, log_in, log_out, status
from tests.factories.budget import PDF_BYTES
from tests.factories.membership import PASSWORD, UserFactory
from workshops.enums import ProposalStatus
from workshops.models import Call, Proposal

pytestmark = pytest.mark.browser

CALL = "Jupyter Community Workshops, autumn round"
TITLE = "Jupyter kernels sprint"
LATE = "A proposal left in draft"
ORGANISATION = "Example Research Institute"


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def reviewers(demo_data):
    """A second member to review, and a third who works where the organiser does
    and declared it: the register makes them conflicted on the organiser's proposal."""
    second = UserFactory(username="second-member", roles=[Role.CWG_MEMBER])
    conflicted = UserFactory(username="conflicted-member", roles=[Role.CWG_MEMBER])
    organiser = UserFactory(username=Role.COMMUNITY.value).person
    organiser.affiliation = ORGANISATION
    organiser.save(update_fields=["affiliation"])
    declaration_create(
        person=conflicted.person,
        kind=DeclarationKind.EMPLOYER,
        description="Employed by the institute",
        organisation=ORGANISATION,
    )
    return second, conflicted


def open_the_call(page, demo_password):
    now = timezone.now()
    log_in(page, "cwg-chair", demo_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    page.get_by_role("link", name="Open a call").click()
    expect(heading(page)).to_have_text("Open a call")
    assert_accessible(page)
    facts = page.get_by_role("region", name="The call")
    facts.get_by_label("Title").fill(CALL)
    facts.get_by_label("Description").fill("Focused work by small groups of contributors.")
    page.get_by_label("Opens at").fill(local_input(now - timedelta(hours=1)))
    page.get_by_label("Closes at").fill(local_input(now + timedelta(days=14)))
    page.get_by_label("Total envelope").fill("40000")
    page.get_by_label("Cap for in person workshops").fill("20000")
    page.get_by_label("Cap for online workshops").fill("5000")
    page.get_by_role("button", name="Open the call").click()
    expect(heading(page)).to_have_text(CALL)
    assert_accessible(page)
    log_out(page)


def fill_proposal(page, *, title, starts_on):
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Three days on the kernel protocol with its maintainers.")
    page.get_by_label("Goals and expected outcomes").fill("A draft of the next protocol version.")
    page.get_by_label("Standards and protocols").check()
    page.get_by_label("Format").select_option(value="in-person")
    page.get_by_label("City").fill("Lyon")
    page.get_by_label("Country").fill("France")
    page.get_by_label("First day").fill(starts_on.isoformat())
    page.get_by_label("Last day").fill((starts_on + timedelta(days=2)).isoformat())
    page.get_by_label("Expected participants").fill("16")
    page.get_by_label("How it advances Jupyter").fill("The kernel protocol, its specification.")
    page.get_by_label("How it grows the community").fill("New kernel authors meet maintainers.")
    page.get_by_label("Outreach to under-represented groups").fill("Through PyLadies Lyon.")
    page.get_by_label("Publish a code of conduct", exact=False).check()
    line = page.get_by_role("group", name="Budget line 1")
    line.get_by_label("Category").select_option(label="Travel")
    line.get_by_label("Description").fill("Train and flights")
    line.get_by_label("Amount").fill("8000")
    line = page.get_by_role("group", name="Budget line 2")
    line.get_by_label("Category").select_option(label="Venue")
    line.get_by_label("Description").fill("Meeting room, three days")
    line.get_by_label("Amount").fill("4000")
    page.get_by_label("the organisers act as the code-of-conduct contacts", exact=False).check()


def propose(page, demo_password, call_url):
    """The organiser submits one proposal and leaves a second in draft."""
    starts_on = timezone.localdate() + timedelta(days=90)
    log_in(page, "community", demo_password)
    page.goto(call_url)
    assert_accessible(page)
    page.get_by_role("link", name="Propose a workshop").click()
    expect(heading(page)).to_have_text("Propose a workshop")
    assert_accessible(page)
    fill_proposal(page, title=TITLE, starts_on=starts_on)
    page.get_by_role("button", name="Save and submit").click()
    expect(heading(page)).to_have_text(TITLE)
    expect(fact(page, "Status")).to_contain_text("Submitted")
    assert_accessible(page)

    page.goto(call_url)
    page.get_by_role("link", name="Propose a workshop").click()
    fill_proposal(page, title=LATE, starts_on=starts_on)
    page.get_by_role("button", name="Save draft").click()
    expect(heading(page)).to_have_text(LATE)
    expect(fact(page, "Status")).to_contain_text("Draft")
    log_out(page)


def review(page, username, password, proposal_url, score):
    log_in(page, username, password)
    page.goto(proposal_url)
    page.get_by_role("link", name="Review this proposal").click()
    expect(heading(page)).to_have_text(f"Review: {TITLE}")
    assert_accessible(page)
    for question in page.locator("fieldset.ballot-question").all():
        question.get_by_label(str(score), exact=True).check()
    page.get_by_label("Comment").fill(f"Scored {score}: a clear plan with the right people.")
    page.get_by_role("button", name="Submit your review").click()
    expect(status(page)).to_contain_text("review")
    assert_accessible(page)
    log_out(page)


def test_a_workshop_goes_from_call_to_public_summary(page, reviewers, demo_password):
    second, conflicted = reviewers

    # The chair opens the call through its form.
    open_the_call(page, demo_password)
    call = Call.objects.get(title=CALL)
    call_url = call.get_absolute_url()

    # The organiser submits a proposal of 12,000 and keeps another in draft.
    propose(page, demo_password, call_url)
    proposal = Proposal.objects.get(title=TITLE)
    proposal_url = proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.versions.count() == 1

    # The chair assigns two members; the conflicted one is not offered.
    log_in(page, "cwg-chair", demo_password)
    page.goto(proposal_url)
    assign = page.get_by_label("Member")
    expect(assign.locator("option", has_text=conflicted.person.display_name)).to_have_count(0)
    first = get_user_model().objects.get(username=Role.CWG_MEMBER.value)
    for member in (first.person.display_name, second.person.display_name):
        page.get_by_label("Member").select_option(label=member)
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(page.get_by_role("link", name=f"Unassign {member}")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The conflicted member sees the proposal but neither its reviews nor the form.
    log_in(page, conflicted.username, PASSWORD)
    page.goto(proposal_url)
    expect(page.get_by_role("region", name="Reviews")).to_contain_text("conflict of interest")
    assert_accessible(page)
    response = page.goto(proposal_url + "review/")
    assert response.status == 403
    log_out(page)

    # Two members review; the second sees the first's review once theirs is in.
    review(page, "cwg-member", demo_password, proposal_url, score=4)
    review(page, second.username, PASSWORD, proposal_url, score=5)
    assert proposal.reviews.filter(submitted_at__isnull=False).count() == 2

    # The chair reads the ranking, moves the proposal on, waives the final review
    # and accepts it for 10,000 of the 12,000 asked.
    log_in(page, "cwg-chair", demo_password)
    page.goto(call_url + "ranking/")
    expect(heading(page)).to_contain_text("Ranking")
    row = page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_contain_text("4.50")
    assert_accessible(page)
    # Waiving is final: a page of its own says so before the chair confirms.
    page.get_by_role("link", name="Waive Final review").click()
    expect(heading(page)).to_contain_text("Waive “Final review”")
    expect(page.get_by_text("This cannot be undone:")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Waive the stage").click()
    expect(page.get_by_text("is waived: proposals can be decided without it")).to_be_visible()
    page.goto(proposal_url)
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_role("link", name="Decide").click()
    expect(heading(page)).to_have_text(f"Decide: {TITLE}")
    assert_accessible(page)
    page.get_by_label("Accept").check()
    page.get_by_label("Amount awarded").fill("10000")
    page.get_by_label("Message to the organisers").fill("Funded, with a smaller venue budget.")
    page.get_by_role("button", name="Record the decision").click()
    expect(fact(page, "Status")).to_contain_text("Accepted")
    proposal.refresh_from_db()
    assert proposal.awarded_amount == 10000
    assert sum(line.awarded for line in proposal.lines.all()) == 10000

    # A second decision is refused by the server.
    page.goto(proposal_url + "decide/")
    expect(page.locator("main")).to_contain_text("its decision is final")

    # The allocation is in the budget for the awarded amount.
    page.goto("/budget/allocations/")
    expect(page.get_by_role("row", name=re.compile(f"Workshop: {TITLE}"))).to_contain_text(
        "10,000.00"
    )
    assert_accessible(page)
    log_out(page)

    # The organiser files a claim against the workshop's allocation.
    log_in(page, "community", demo_password)
    page.goto(f"/workshops/held/{proposal.event.slug}/")
    expect(heading(page)).to_have_text(TITLE)
    assert_accessible(page)
    page.get_by_role("link", name="File an expense claim for this workshop").click()
    page.get_by_label("Category").select_option(label="Travel")
    page.get_by_label("Description").fill("Train tickets for four participants")
    page.get_by_label("Amount").fill("640.00")
    page.get_by_label("Document 1:", exact=True).set_input_files(
        files=[{"name": "tickets.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Submit claim").click()
    expect(status(page)).to_contain_text("was submitted")
    claim = ExpenseClaim.objects.get(allocation=proposal.allocation)
    assert claim.event == proposal.event

    # The workshop takes place (its days pass); the organiser files the summary.
    shift = timedelta(days=100)
    Event.objects.filter(pk=proposal.event_id).update(
        start_date=F("start_date") - shift, end_date=F("end_date") - shift
    )
    page.goto(f"/workshops/held/{proposal.event.slug}/")
    # Travel was asked 8,000 of 12,000, so it is awarded that share of 10,000.
    expect(page.get_by_role("row", name=re.compile("^Travel"))).to_contain_text("6,666.67")
    expect(page.get_by_role("row", name=re.compile(f"^Claim {claim.pk}:"))).to_contain_text(
        "Submitted"
    )
    # The summary waits until the DEI checklist says what became of the commitment.
    page.get_by_role("link", name="The DEI checklist of this workshop").click()
    commitment = page.get_by_role("row", name=re.compile("^Publish a code of conduct"))
    commitment.get_by_role("link", name=re.compile("^Update")).click()
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save").click()
    expect(status(page)).to_contain_text("is recorded as done")
    page.goto(f"/workshops/held/{proposal.event.slug}/")
    page.get_by_role("link", name="File the summary").click()
    assert_accessible(page)
    page.get_by_label("Participants").fill("15")
    page.get_by_label("First-time contributors").fill("6")
    page.get_by_label("Outcomes").fill("A draft of the kernel protocol's next version.")
    page.get_by_label("Links").fill("https://github.com/jupyter/enhancement-proposals/pull/1")
    page.get_by_label("Who the event reached").fill("Six first-time kernel authors.")
    page.get_by_label("What the DEI plan achieved").fill("Half the participants were women.")
    page.get_by_label("What did not work").fill("The venue's lift was out of order.")
    page.get_by_label("Lessons").fill("Check the lift before the day.")
    page.get_by_role("button", name="File the summary").click()
    expect(page.get_by_role("heading", name="Post-event summary")).to_be_visible()
    event = Event.objects.get(pk=proposal.event_id)
    assert event.status == "completed"
    # The claim still waits, so the allocation stays open for it.
    assert Allocation.objects.get(pk=proposal.allocation_id).status == AllocationStatus.OPEN

    # The call closes; submitting the draft now is refused by the server.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page.goto(Proposal.objects.get(title=LATE).get_absolute_url())
    page.get_by_role("button", name="Submit to the committee").click()
    expect(status(page)).to_contain_text("This call closed on")
    assert Proposal.objects.get(title=LATE).status == ProposalStatus.DRAFT
    log_out(page)

    # The public sees the workshop and its published summary, never the lessons.
    page.goto("/workshops/")
    expect(heading(page)).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    main = page.locator("main")
    expect(main).to_contain_text("A draft of the kernel protocol's next version.")
    expect(main).to_contain_text("Six first-time kernel authors.")
    expect(main).not_to_contain_text("Check the lift")
    assert_accessible(page)
