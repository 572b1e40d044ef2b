"""Formal votes in a real browser: the chair calls a motion, the other member of
the working group seconds it from the dashboard, both vote, the last vote
closes it, and the public reads the decision; a ranked choice is changed by
its sponsor during the vote; the sponsor withdraws a motion under vote. Every
page passes axe (WCAG 2.x A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fact, log_in, log_out, status

pytestmark = pytest.mark.browser

TITLE = "Hold the 2027 workshops call in February"
RANKED = "Theme of the 2027 community workshops"
PANEL = "Motions awaiting your vote or second"


def call(page, title, wording, kind, options=""):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    page.get_by_role("navigation", name="Governance").get_by_role(
        "link", name="Formal votes"
    ).click()
    page.get_by_role("link", name="Call a formal vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call a formal vote")
    assert_accessible(page)
    page.get_by_label("Body").select_option(label="Community Building Working Group")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Wording").fill(wording)
    page.get_by_label("Kind of vote").select_option(label=kind)
    page.get_by_label("Options (ranked choice only)").fill(options)
    page.get_by_role("button", name="Call the vote").click()
    expect(status(page)).to_have_text(
        "The motion is called; voting opens once another member seconds it."
    )


def second_from_dashboard(page, title):
    panel = page.get_by_role("region", name=PANEL)
    panel.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(fact(page, "Phase")).to_have_text("Awaiting a second")
    assert_accessible(page)
    page.get_by_role("button", name="Second this motion").click()
    expect(status(page)).to_contain_text("You seconded the motion: voting is open until")
    expect(fact(page, "Phase")).to_have_text("Voting open")


def test_a_motion_runs_from_its_call_to_the_public_record(page, demo_data, demo_password):
    # The chair calls a formal vote.
    log_in(page, "cwg-chair", demo_password)
    call(page, TITLE, "Open the 2027 call for proposals on 1 February.", "For or against")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("The motion waits for another member")).to_be_visible()
    expect(fact(page, "To be seconded by")).to_contain_text("; otherwise it lapses")
    expect(page.get_by_role("button", name="Second this motion")).to_have_count(0)
    assert_accessible(page)
    log_out(page)

    # The other member seconds it from the dashboard and votes.
    log_in(page, "cwg-member", demo_password)
    second_from_dashboard(page, TITLE)
    page.get_by_role("link", name="Vote", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Vote: {TITLE}")
    assert_accessible(page)
    page.get_by_role("group", name="Your vote").get_by_label("For", exact=True).check()
    page.get_by_role("button", name="Cast your vote").click()
    expect(status(page)).to_have_text("Your vote was cast. Thank you for voting.")
    expect(page.get_by_text("You have voted.")).to_be_visible()
    log_out(page)

    # The chair votes last, from the dashboard: the motion closes at once.
    log_in(page, "cwg-chair", demo_password)
    page.get_by_role("region", name=PANEL).get_by_role("link", name=f"Vote on {TITLE}").click()
    page.get_by_role("group", name="Your vote").get_by_label("Blank", exact=True).check()
    page.get_by_role("button", name="Cast your vote").click()
    expect(status(page)).to_have_text(
        "Your vote was cast. Everyone has now voted: the vote is closed and counted."
    )
    expect(fact(page, "Phase")).to_have_text("Closed")
    expect(fact(page, "Outcome")).to_have_text("Passed")
    expect(fact(page, "Votes cast")).to_have_text("2 of 2 voters, 1 blank")
    assert_accessible(page)
    page.goto("/people/bodies/community-working-group/manage/")
    page.get_by_role("link", name="Participation in formal votes").click()
    participation = page.get_by_role("table", name=re.compile("^Participation of the members"))
    expect(participation.locator("tbody tr")).to_have_text(
        [
            re.compile(r"Jonas Lindqvist\s+2\s+2\s+Enough"),
            re.compile(r"Mira Okafor\s+2\s+2\s+Enough"),
        ]
    )
    assert_accessible(page)
    log_out(page)

    # The public reads the decision.
    page.goto("/people/decisions/")
    decisions = page.get_by_role("table", name="Decisions").locator("tbody tr")
    expect(decisions.filter(has_text=TITLE)).to_have_text(
        [
            re.compile(
                rf"Community Building Working Group\s+{TITLE}\s*"
                r"Open the 2027 call for proposals on "
                r"1 February\.\s+For 1, against 0, blank 1\s+Passed"
            )
        ]
    )
    assert_accessible(page)


def test_a_ranked_choice_changed_during_the_vote_starts_again(page, demo_data, demo_password):
    # The chair calls a ranked choice and the member seconds and ranks.
    log_in(page, "cwg-chair", demo_password)
    call(
        page,
        RANKED,
        "The theme the 2027 workshops call invites proposals on.",
        "Ranked choice among options",
        "Teaching with Jupyter\nJupyter in research software\nAccessibility",
    )
    log_out(page)
    log_in(page, "cwg-member", demo_password)
    second_from_dashboard(page, RANKED)
    page.get_by_role("link", name="Vote", exact=True).click()
    page.get_by_label("Accessibility").select_option(label="1st choice")
    page.get_by_label("Teaching with Jupyter").select_option(label="2nd choice")
    page.get_by_role("button", name="Cast your vote").click()
    expect(status(page)).to_have_text("Your vote was cast. Thank you for voting.")
    log_out(page)

    # The sponsor rewords it: the member's vote is discarded.
    log_in(page, "cwg-chair", demo_password)
    page.goto("/people/motions/")
    page.get_by_role("link", name=RANKED).click()
    page.get_by_role("link", name="Change the motion").click()
    expect(page.get_by_text("Saving a change restarts it for the full period")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wording").fill("The one theme the 2027 workshops call invites.")
    page.get_by_role("button", name="Save the motion").click()
    expect(status(page)).to_contain_text("The motion was changed and its vote starts again")
    expect(page.get_by_text("Revision 2, changed on")).to_be_visible()
    log_out(page)

    # The member is asked to vote again, and this time votes blank.
    log_in(page, "cwg-member", demo_password)
    page.get_by_role("region", name=PANEL).get_by_role("link", name=f"Vote on {RANKED}").click()
    expect(page.get_by_text("The one theme the 2027 workshops call invites.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vote blank").click()
    expect(status(page)).to_have_text("Your vote was cast. Thank you for voting.")


def test_the_sponsor_withdraws_a_motion_under_vote(page, demo_data, demo_password):
    licence = "Publish the workshop reports under CC BY 4.0"

    # The member votes on the demo's motion under vote.
    log_in(page, "cwg-member", demo_password)
    page.get_by_role("region", name=PANEL).get_by_role("link", name=f"Vote on {licence}").click()
    page.get_by_role("group", name="Your vote").get_by_label("For", exact=True).check()
    page.get_by_role("button", name="Cast your vote").click()
    expect(status(page)).to_have_text("Your vote was cast. Thank you for voting.")
    log_out(page)

    # The chair, its sponsor, withdraws it.
    log_in(page, "cwg-chair", demo_password)
    page.goto("/people/motions/")
    page.get_by_role("link", name=licence).click()
    page.get_by_role("link", name="Withdraw the motion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Withdraw the motion: {licence}")
    expect(page.get_by_text("The votes already cast are discarded")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the motion").click()
    expect(status(page)).to_have_text(
        "You withdrew the motion. Its votes were discarded and its voters are told by e-mail; "
        "no decision is recorded."
    )
    expect(fact(page, "Phase")).to_have_text("Withdrawn by its sponsor")
    expect(fact(page, "Withdrawn")).to_contain_text("By Jonas Lindqvist on ")
    expect(page.get_by_role("link", name="Change the motion")).to_have_count(0)
    assert_accessible(page)
    log_out(page)

    # Nothing waits for the member any more, and no decision is recorded.
    log_in(page, "cwg-member", demo_password)
    expect(page.get_by_role("region", name=PANEL)).to_have_count(0)
    page.goto("/people/decisions/")
    expect(page.get_by_role("table", name="Decisions").filter(has_text=licence)).to_have_count(0)


def test_the_demo_ranked_choice_shows_its_rounds(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)

    # Act
    page.goto("/people/motions/")
    assert_accessible(page)
    page.get_by_role("link", name="Venue of the 2027 community day").click()

    # Assert
    expect(fact(page, "Outcome")).to_have_text("Passed: University campus")
    rounds = page.get_by_role(
        "table", name="Ranked-choice rounds of Venue of the 2027 community day"
    )
    expect(rounds.locator("tbody tr")).to_have_text(
        [
            re.compile(r"Conference centre\s+0\s+Not chosen"),
            re.compile(r"University campus\s+2\s+Chosen"),
            re.compile(r"Public library\s+0\s+Not chosen"),
        ]
    )
    affiliations = page.get_by_role(
        "table", name="Affiliations of the current members of Community Building Working Group"
    )
    expect(affiliations.locator("tbody tr")).to_have_text(
        [re.compile(r"Chalmers University\s*1"), re.compile(r"University of Lagos\s*1")]
    )
    assert_accessible(page)
