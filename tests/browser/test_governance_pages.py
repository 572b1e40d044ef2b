"""The governance pages in a real browser: an election runs from the chair's
opening to the council's approval, every step through the pages by the demo
people, and every page passes axe (WCAG 2.x A/AA) for those who open it."""

import re
from datetime import timedelta

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from membership.models import Election, Person
from membership.services import person_photo_set
from membership.tasks import election_close_task
from tests.browser.conftest import assert_accessible, fact, local_input, log_in, log_out, status
from tests.factories.membership import PHOTO_PNG
from tests.pages import NAV_WITH_REPORTS

pytestmark = pytest.mark.browser

TITLE = "Election of a second working group member"


def move_clock(election_pk, **times):
    """What a clock would do: the election's phases move into the past."""
    Election.objects.filter(pk=election_pk).update(**times)


def test_an_election_runs_from_nomination_to_council_approval(page, demo_data, demo_password):
    now = timezone.now()

    # The chair opens an election; the working group's two members are its voters.
    log_in(page, "cwg-chair", demo_password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Elections").click()
    page.get_by_role("link", name="Open an election").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open an election")
    assert_accessible(page)
    page.get_by_label("Body").select_option(label="Community Building Working Group")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Nominations close at").fill(local_input(now + timedelta(days=2)))
    page.get_by_label("Voting opens at").fill(local_input(now + timedelta(days=2)))
    page.get_by_label("Voting closes at").fill(local_input(now + timedelta(days=9)))
    page.get_by_label("Quorum").select_option(label="Half of the voters (1/2)")
    page.get_by_label("Threshold").select_option(
        label="Simple majority: more than half of the yes and no votes"
    )
    page.get_by_role("button", name="Open the election").click()
    expect(status(page)).to_have_text(
        "The election is open for nominations; 2 voters are on its roll."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(fact(page, "Phase")).to_have_text("Nominations open")
    election_url = page.url
    election_pk = int(re.search(r"/elections/(\d+)/$", election_url)[1])
    log_out(page)

    # A member nominates the community user.
    log_in(page, "cwg-member", demo_password)
    page.goto(election_url)
    assert_accessible(page)
    page.get_by_label("Person to nominate").select_option(label="Sam Rivera")
    page.get_by_label("Statement (optional)").fill("Sam mentors new contributors.")
    page.get_by_role("button", name="Nominate").click()
    expect(status(page)).to_have_text(
        "You nominated Sam Rivera; they are asked to accept or decline."
    )
    log_out(page)

    # The community user finds the nomination on the dashboard and accepts it.
    log_in(page, "community", demo_password)
    page.get_by_role("region", name="Nominations awaiting your answer").get_by_role(
        "link", name=f"Answer your nomination in {TITLE}"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    assert_accessible(page)
    page.get_by_label("Your statement (optional)").fill("I would be glad to serve.")
    page.get_by_role("button", name="Accept the nomination").click()
    expect(status(page)).to_have_text(
        "You accepted the nomination: you are a candidate in this election."
    )
    expect(page.get_by_role("listitem").filter(has_text="Sam Rivera")).to_contain_text(
        "I would be glad to serve."
    )
    log_out(page)

    # The clock: nominations close and the ballot box opens.
    now = timezone.now()
    move_clock(
        election_pk,
        nominations_close_at=now - timedelta(minutes=2),
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=7),
    )

    # Both members vote through the ballot page, reached from their dashboards.
    for role in ("cwg-member", "cwg-chair"):
        log_in(page, role, demo_password)
        page.get_by_role("region", name="Elections waiting for your vote").get_by_role(
            "link", name=f"Vote in {TITLE}"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Vote: {TITLE}")
        assert_accessible(page)
        page.get_by_role("group", name="Sam Rivera").get_by_label("Yes").check()
        page.get_by_role("button", name="Cast your ballot").click()
        expect(status(page)).to_have_text("Your ballot was cast. Thank you for voting.")
        expect(page.get_by_text("You have voted.")).to_be_visible()
        expect(page.get_by_role("table", name=f"Result of {TITLE}")).to_have_count(0)
        page.goto(f"/people/elections/{election_pk}/vote/")
        expect(page.get_by_text("You have already voted in this election.")).to_be_visible()
        log_out(page)

    # The scheduler counts the election once voting has closed.
    move_clock(election_pk, closes_at=timezone.now() - timedelta(seconds=1))
    assert election_close_task(election_pk) == election_pk

    # The result, shown to the voters now that it is counted.
    log_in(page, "cwg-member", demo_password)
    page.goto(election_url)
    expect(fact(page, "Phase")).to_have_text("Closed")
    expect(fact(page, "Ballots cast")).to_have_text("2 of 2 eligible voters")
    expect(fact(page, "Quorum")).to_have_text("Reached")
    result = page.get_by_role("table", name=f"Result of {TITLE}")
    expect(result.locator("tbody tr")).to_have_text(
        [re.compile(r"Sam Rivera\s+2\s+0\s+0\s+Elected\s+Awaiting the council")]
    )
    assert_accessible(page)
    log_out(page)

    # A council member approves the elected candidate.
    log_in(page, "council", demo_password)
    page.get_by_role("region", name="Candidates awaiting the council").get_by_role(
        "link", name="Sam Rivera"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council approval: Sam Rivera")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Welcome to the working group.")
    page.get_by_role("button", name="Approve").click()
    expect(status(page)).to_have_text(
        "You approved Sam Rivera: they now hold a seat on Community Building Working Group."
    )
    expect(page.get_by_text("No elected candidate awaits the council.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The new member's dashboard now shows the member's navigation and panels.
    log_in(page, "community", demo_password)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(NAV_WITH_REPORTS)
    expect(
        page.get_by_role("heading", level=2, name="Claims awaiting your approval")
    ).to_be_visible()


def test_anyone_finds_an_election_open_to_self_nomination_and_stands(
    page, demo_data, demo_password
):
    election = "Election of a new working group member"

    # Events staff sit on no body; the dashboard offers them the demo election.
    log_in(page, "events-staff", demo_password)
    panel = page.get_by_role("region", name="Elections open for nominations")
    expect(panel.get_by_role("listitem")).to_have_text(
        [re.compile(rf"^{election} \(Community Building Working Group\), nominations close ")]
    )
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Elections").click()
    expect(page.get_by_role("table", name="Elections").locator("tbody tr")).to_have_text(
        [re.compile(rf"{election}\s+Community Building Working Group\s+Nominations open")]
    )
    assert_accessible(page)

    # They stand by nominating themselves, and the panel has nothing more to offer.
    page.get_by_role("link", name=election).click()
    page.get_by_label("Person to nominate").select_option(label="Diego Alvarez")
    page.get_by_role("button", name="Nominate").click()
    expect(status(page)).to_have_text(
        "You nominated yourself: you are a candidate in this election."
    )
    expect(page.get_by_role("listitem").filter(has_text="Diego Alvarez")).to_have_count(1)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("region", name="Elections open for nominations")).to_have_count(0)


PUBLIC_PAGES = [
    ("/people/directory/", "Leadership directory"),
    ("/people/directory/community-working-group/", "Community Building Working Group"),
    ("/people/directory/executive-council/", "Executive Council"),
    ("/people/decisions/", "Decisions"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_governance_page_is_accessible_to_anyone(page, demo_data, path, heading):
    # Act
    response = page.goto(path)

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Workshops", "Directory"]
    )
    assert_accessible(page)


def test_directory_shows_public_members_to_anyone(page, demo_data):
    # Act
    page.goto("/people/directory/")
    page.get_by_role("link", name="Community Building Working Group").click()

    # Assert
    members = page.get_by_role("table", name="Current members of Community Building Working Group")
    expect(members.locator("tbody tr")).to_have_text(
        [
            re.compile(
                r"^\s*Jonas Lindqvist\s+he/him\s+Chalmers University\s+"
                r"@jonas-lindqvist-demo\s+Chair"
            ),
            re.compile(
                r"^\s*Mira Okafor\s+she/her\s+University of Lagos\s+@mira-okafor-demo\s+Member"
            ),
        ]
    )
    expect(page.get_by_role("link", name="@mira-okafor-demo")).to_have_attribute(
        "href", "https://github.com/mira-okafor-demo"
    )


def test_directory_shows_a_public_members_photo_and_passes_axe(page, demo_data, settings, tmp_path):
    # Arrange
    settings.MEDIA_ROOT = tmp_path
    mira = Person.objects.get(display_name="Mira Okafor")
    person_photo_set(person=mira, upload=SimpleUploadedFile("mira.png", PHOTO_PNG))

    # Act
    page.goto("/people/directory/community-working-group/")

    # Assert
    members = page.get_by_role("table", name="Current members of Community Building Working Group")
    photo = members.get_by_role("rowheader", name="Mira Okafor").locator("img")
    expect(photo).to_have_attribute("src", f"/people/{mira.pk}/photo/")
    expect(photo).to_have_attribute("alt", "")
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 1
    assert photo.bounding_box()["width"] == 48
    assert_accessible(page)


def test_directory_contributors_file_is_public(page, demo_data):
    # Act
    response = page.request.get("/people/directory/contributors.yml")

    # Assert
    assert response.status == 200
    assert response.headers["content-type"] == "application/yaml; charset=utf-8"
    names = [person["name"] for person in yaml.safe_load(response.text())["authors"]]
    assert names == ["Hana Sato", "Mira Okafor", "Tomás Herrera", "Inês Duarte", "Jonas Lindqvist"]


CHAIR_PAGES = [
    ("/people/elections/", "Elections"),
    ("/people/elections/new/", "Open an election"),
    ("/people/decisions/new/", "Record a decision"),
    (
        "/people/bodies/community-working-group/manage/",
        "Community Building Working Group: members and terms",
    ),
    ("/people/declarations/", "Conflicts of interest"),
]


@pytest.mark.parametrize(("path", "heading"), CHAIR_PAGES)
def test_chair_governance_page_is_accessible(page, demo_data, demo_password, path, heading):
    # Arrange
    log_in(page, "cwg-chair", demo_password)

    # Act
    response = page.goto(path)

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_demo_election_and_its_ballot_before_voting_are_accessible(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.goto("/people/elections/")

    # Act
    page.get_by_role("link", name="Election of a new working group member").click()

    # Assert
    expect(fact(page, "Phase")).to_have_text("Nominations open")
    expect(
        page.get_by_text(re.compile(r"^You are on the voter roll\. Voting opens on"))
    ).to_be_visible()
    assert_accessible(page)
    page.goto(page.url + "vote/")
    expect(page.get_by_text(re.compile(r"^Voting in this election opens on"))).to_be_visible()
    assert_accessible(page)


def test_approvals_queue_is_accessible_to_the_council(page, demo_data, demo_password):
    # Arrange
    log_in(page, "council", demo_password)

    # Act
    page.goto("/people/approvals/")

    # Assert
    expect(page.get_by_role("heading", level=1)).to_have_text("Council approvals")
    expect(page.get_by_text("No elected candidate awaits the council.")).to_be_visible()
    assert_accessible(page)


def test_election_form_with_errors_is_accessible(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-chair", demo_password)
    page.goto("/people/elections/new/")
    now = timezone.now()

    # Act: voting would close before it opens.
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Voting closes at").fill(local_input(now + timedelta(days=1)))
    page.get_by_role("button", name="Open the election").click()

    # Assert
    expect(page.get_by_role("alert").get_by_role("listitem")).to_have_text(
        ["Nominations close, then voting opens, then it closes."]
    )
    assert_accessible(page)


def test_chair_records_a_decision_and_the_public_reads_it(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-chair", demo_password)
    page.goto("/people/decisions/new/")

    # Act
    page.get_by_label("Motion").fill("Adopt the DISC event checklist for every workshop")
    page.get_by_label("Outcome").select_option(label="Passed")
    page.get_by_label("Votes for").fill("5")
    page.get_by_label("Votes against").fill("0")
    page.get_by_label("Abstentions").fill("1")
    page.get_by_label("Link (optional)").fill("https://example.org/minutes/7")
    page.get_by_role("button", name="Record the decision").click()
    expect(status(page)).to_have_text(
        "The decision of Community Building Working Group was recorded."
    )
    log_out(page)
    page.goto("/people/decisions/")

    # Assert
    rows = page.get_by_role("table", name="Decisions").locator("tbody tr")
    # After the decision of the demo's ranked-choice vote, recorded earlier the same day.
    expect(rows).to_have_text(
        [
            re.compile(
                r"Community Building Working Group\s+"
                r"Adopt the DISC event checklist for every workshop"
                r"\s+For 5, against 0, blank 1\s+Passed"
            ),
            re.compile(
                r"Community Building Working Group\s+Venue of the 2027 community day.*"
                r"Ranked choice: University campus\s+Passed",
                re.DOTALL,
            ),
        ]
    )
    assert_accessible(page)


def test_member_declares_an_interest_and_reads_the_register(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.goto("/people/declarations/")

    # Act
    page.get_by_label("Kind").select_option(label="Employer")
    page.get_by_label("Description").fill("I work for the University of Lagos")
    page.get_by_label("Organisation (optional)").fill("University of Lagos")
    page.get_by_role("button", name="Add to the register").click()

    # Assert
    expect(status(page)).to_have_text("Your declaration was added to the register.")
    register = page.get_by_role("table", name="Standing interests of everyone")
    expect(register.locator("tbody th")).to_have_text(["Mira Okafor"])
    assert_accessible(page)
