"""axe-core finds no WCAG 2.x A/AA violation on the portal's pages."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dei.selectors import checklist_of_event
from dei.services.incidents import incident_file
from dei.services.initiatives import initiative_create
from dei.services.training import mentoring_start
from events.models import Event
from reporting.models import Report
from reporting.services.builds import current_period
from tests.browser.conftest import (
    assert_accessible,
    assert_focus_visible,
    email_for,
    log_in,
    log_out,
)
from tests.factories.dei_surveys import open_survey
from tests.factories.workshops import filed_summary, held_workshop, open_call, submitted_proposal
from workshops.services.reviews import reviewer_assign

pytestmark = pytest.mark.browser

NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/", 200, "CWG Portal"),
        ("/accounts/login/", 200, "Sign In"),
        ("/accounts/signup/", 200, "Sign Up"),
        ("/accounts/password/reset/", 200, "Password Reset"),
        ("/no-such-page/", 404, "Page not found"),
        ("/blog/", 200, "Annual posts"),
        ("/jupytercon/decisions/", 200, "JupyterCon strategic decisions"),
    ],
)
def test_public_page_is_accessible(page, path, status, heading):
    # Act
    response = page.goto(path)

    # Assert
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/events/", "Events"),
        ("/events/new/", "New event"),
        ("/people/profile/", "Your profile"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
        ("/accounts/email/", "Email Addresses"),
        ("/calendar/", "Calendar"),
        ("/notifications/", "Notifications"),
        ("/notifications/settings/", "Notification settings"),
        ("/accounts/tokens/", "API tokens"),
        ("/workshops/invitations/", "Invitations to co-organise"),
        ("/calendar/subscribe/", "Subscribe to a calendar"),
        ("/events/staff/", "Events staff"),
        ("/events/staff/new/", "Add a staff member"),
        ("/events/staff/engagements/new/", "New engagement"),
        ("/events/jupyter-widgets-sprint/board/", "Task board: Jupyter Widgets Sprint"),
        ("/events/jupyter-widgets-sprint/board/new/", "New task for Jupyter Widgets Sprint"),
        ("/jupytercon/", "JupyterCon"),
        ("/jupytercon/new/", "New edition"),
        ("/jupytercon/decisions/", "JupyterCon strategic decisions"),
        # The demo's next edition, in planning.
        (f"/jupytercon/{NEXT_YEAR}/", f"JupyterCon {NEXT_YEAR}"),
        (
            f"/jupytercon/{NEXT_YEAR}/scholarships/",
            f"Scholarships and travel grants: JupyterCon {NEXT_YEAR}",
        ),
        ("/jupytercon/applications/", "Scholarship applications"),
        # The demo's last edition held, against the one before it.
        (
            f"/jupytercon/{NEXT_YEAR - 2}/registrations/",
            f"Registrations: JupyterCon {NEXT_YEAR - 2}",
        ),
        # The demo's last edition held has its summary filed.
        (f"/jupytercon/{NEXT_YEAR - 2}/summary/", f"Summary of JupyterCon {NEXT_YEAR - 2}"),
        (f"/jupytercon/{NEXT_YEAR - 2}/", f"JupyterCon {NEXT_YEAR - 2}"),
    ],
)
def test_member_page_is_accessible(page, demo_data, demo_password, path, heading):
    # Arrange
    log_in(page, "cwg-member", demo_password)

    # Act
    response = page.goto(path)

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_event_detail_page_is_accessible(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.goto("/events/")

    # Act
    page.get_by_role("link", name="Jupyter Widgets Sprint").click()

    # Assert
    expect(page).to_have_url(re.compile(r"/events/jupyter-widgets-sprint/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jupyter Widgets Sprint")
    expect(page.get_by_role("link", name="Edit event")).to_be_visible()
    assert_accessible(page)


def test_authenticator_app_activation_after_confirming_access_is_accessible(
    page, demo_data, demo_password
):
    # Arrange: activating an authenticator app first asks for the password again.
    log_in(page, "cwg-member", demo_password)
    page.goto("/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    assert_accessible(page)

    # Act
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Confirm").click()

    # Assert
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    assert_accessible(page)


def test_authenticator_secret_is_reachable_by_keyboard_and_described(
    page, demo_data, demo_password
):
    # Arrange: someone who cannot scan the QR code copies the secret instead.
    log_in(page, "cwg-member", demo_password)
    page.goto("/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret")
    expect(page.get_by_role("img", name="QR code of the authenticator secret")).to_be_visible()
    # Start from the last link before the form: the sub-navigation's.
    page.get_by_role("link", name="Connected accounts").focus()

    # Act
    page.keyboard.press("Tab")

    # Assert
    expect(secret).to_be_focused()
    assert_focus_visible(page)
    expect(secret).to_have_attribute("readonly", "")
    expect(secret).to_have_value(re.compile(r"^[A-Z2-7]{32}$"))
    expect(secret).to_have_accessible_description(
        "You can store this secret and use it to reinstall your authenticator app at a later time."
    )


def test_event_form_with_errors_is_accessible(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.goto("/events/new/")

    # Act
    page.get_by_role("button", name="Save event").click()

    # Assert
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Please correct the following")
    assert_accessible(page)


def test_login_form_with_wrong_password_is_accessible(page, demo_data):
    # Arrange
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email_for("cwg-member"))
    page.get_by_label("Password").fill("not-the-password")

    # Act
    page.get_by_role("button", name="Sign In").click()

    # Assert
    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()
    assert_accessible(page)


def test_signup_password_field_describes_the_password_rules(page, demo_data):
    # Act
    page.goto("/accounts/signup/")

    # Assert: a screen reader announces the rules with the field, not apart from it.
    # (\u2019 is the typographic apostrophe in Django's messages.)
    expect(page.get_by_label("Password:", exact=True)).to_have_accessible_description(
        re.compile(
            r"^Your password can\u2019t be too similar to your other personal information\."
            r".*must contain at least 8 characters\."
            r".*can\u2019t be a commonly used password\."
            r".*can\u2019t be entirely numeric\.$"
        )
    )


def test_axe_runs_under_the_strict_csp(page, csp_violations):
    # Arrange
    response = page.goto("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )

    # Act: a script the page itself inserts is subject to the policy.
    inline_ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.head.append(script);
            return window.inlineScriptRan === true;
        }"""
    )

    # Assert: the policy forbids inline script, yet axe (injected by evaluate) runs.
    assert policy["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == "'self'"
    assert inline_ran is False
    assert len(csp_violations) == 1
    csp_violations.clear()
    assert_accessible(page)


# ---------------------------------------------------------------- workshops


@pytest.fixture
def workshop_paths(demo_data):
    """The workshops pages' objects, apart from the demo's: a call open now with
    the community user's proposal in review, which the member reviews; and a
    workshop of theirs, held and summarised in public."""
    users = {user.username: user for user in get_user_model().objects.all()}
    chair, organiser = users["cwg-chair"], users["community"]
    call = open_call(by=chair, title="Accessibility round", slug="accessibility-round")
    proposal = submitted_proposal(call, by=organiser, title="Screen reader sprint")
    reviewer_assign(proposal=proposal, reviewer=users["cwg-member"].person, by=chair)
    held = held_workshop(call, chair=chair, by=organiser, title="Held sprint")
    filed_summary(held, by=organiser)
    return {"call": call.slug, "proposal": proposal.pk, "event": held.event.slug}


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/workshops/", "Jupyter Community Workshops"),
        ("/workshops/calls/{call}/", "Accessibility round"),
        ("/workshops/past/{event}/", "Held sprint"),
    ],
)
def test_public_workshops_page_is_accessible(page, workshop_paths, path, heading):
    # Act
    response = page.goto(path.format(**workshop_paths))

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        ("community", "/workshops/calls/{call}/propose/", "Propose a workshop"),
        ("community", "/workshops/proposals/", "Workshop proposals"),
        ("community", "/workshops/proposals/{proposal}/", "Screen reader sprint"),
        ("community", "/workshops/proposals/{proposal}/edit/", "Edit your proposal"),
        (
            "community",
            "/workshops/proposals/{proposal}/versions/",
            "Versions of Screen reader sprint",
        ),
        ("community", "/workshops/held/{event}/", "Held sprint"),
        ("community", "/workshops/held/{event}/summary/", "Summary of Held sprint"),
        ("cwg-member", "/workshops/proposals/", "Workshop proposals"),
        ("cwg-member", "/workshops/proposals/{proposal}/", "Screen reader sprint"),
        ("cwg-member", "/workshops/proposals/{proposal}/review/", "Review: Screen reader sprint"),
        ("cwg-chair", "/workshops/calls/new/", "Open a call"),
        ("cwg-chair", "/workshops/calls/{call}/ranking/", "Ranking: Accessibility round"),
        ("cwg-chair", "/workshops/proposals/{proposal}/", "Screen reader sprint"),
        ("cwg-chair", "/workshops/proposals/{proposal}/decide/", "Decide: Screen reader sprint"),
    ],
)
def test_workshops_page_is_accessible_to_its_reader(
    page, workshop_paths, demo_password, role, path, heading
):
    # Arrange
    log_in(page, role, demo_password)

    # Act
    response = page.goto(path.format(**workshop_paths))

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "path", "button"),
    [
        ("community", "/workshops/calls/{call}/propose/", "Save and submit"),
        ("cwg-member", "/workshops/proposals/{proposal}/review/", "Submit your review"),
        ("cwg-chair", "/workshops/proposals/{proposal}/decide/", "Record the decision"),
    ],
)
def test_workshops_form_with_errors_is_accessible(
    page, workshop_paths, demo_password, role, path, button
):
    # Arrange
    log_in(page, role, demo_password)
    page.goto(path.format(**workshop_paths))

    # Act
    page.get_by_role("button", name=button).click()

    # Assert
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Please correct the following")
    assert_accessible(page)


def test_an_invitation_to_co_organise_is_accessible(page, demo_data, demo_password):
    """The demo's DEI committee member is invited to co-organise a draft."""
    log_in(page, "dei-committee", demo_password)
    page.goto("/dashboard/")

    page.get_by_role("link", name=re.compile("Co-organise Notebook accessibility")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Co-organise “Notebook accessibility testing day”?"
    )
    assert_accessible(page)


def test_report_pages_are_accessible_to_the_chair_and_the_council(page, demo_data, demo_password):
    # Arrange: the demo's draft for the last period and the accepted one before.
    last = current_period().previous()
    accepted = Report.objects.get(period=last.previous().identifier)
    log_in(page, "cwg-chair", demo_password)

    # Act and assert: the list, the draft with its buttons, the narrative form.
    for path, heading in [
        ("/reports/", "Reports to the council"),
        (f"/reports/{last.identifier}/", f"Report {last.identifier}, version 1"),
        (
            f"/reports/{last.identifier}/sections/budget/narrative/",
            f"Finances: narrative for {last.identifier}",
        ),
    ]:
        assert page.goto(path).status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    log_out(page)
    log_in(page, "council", demo_password)
    assert page.goto(accepted.get_absolute_url()).status == 200
    expect(page.get_by_role("heading", name="Review timeline")).to_be_visible()
    assert_accessible(page)


def test_annual_post_draft_and_its_preview_are_accessible(page, demo_data, demo_password):
    # Arrange: the demo's accepted reports are of the year before the last period's.
    year = current_period().previous().previous().year
    log_in(page, "cwg-member", demo_password)
    page.goto("/blog/")

    # Act
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Draft the year's post").click()
    page.get_by_role("button", name="Preview").click()

    # Assert
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit the post of {year}")
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    assert_accessible(page)


# ---------------------------------------------------------------- dei


@pytest.fixture
def dei_paths(workshop_paths):
    """The held workshop's DEI checklist (opened when its summary was filed) and one
    of its items."""
    event = Event.objects.get(slug=workshop_paths["event"])
    checklist = checklist_of_event(event)
    committee = get_user_model().objects.get(username="dei-committee")
    survey = open_survey(event=event, by=committee)
    return {
        **workshop_paths,
        "item": checklist.items.first().pk,
        "survey": survey.pk,
        "token": survey.token,
        "incident": incident_file(description="Sample report.").pk,
        "pair": mentoring_start(
            by=committee,
            mentor=get_user_model().objects.get(username="cwg-member").person,
            mentee=get_user_model().objects.get(username="community").person,
            started_on=event.start_date,
        ).pk,
        "initiative": initiative_create(
            by=committee,
            title="Sample initiative",
            goal="Reach new contributors.",
            owner=committee.person,
            starts_on=event.start_date,
        ).pk,
    }


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        ("dei-committee", "/dei/checklists/", "DEI checklists"),
        ("dei-committee", "/dei/checklists/{event}/", "DEI checklist of Held sprint"),
        ("community", "/dei/checklists/{event}/", "DEI checklist of Held sprint"),
        ("dei-committee", "/dei/surveys/", "Attendee surveys"),
        ("dei-committee", "/dei/glossary/diversity/edit/", "Edit the definition of diversity"),
        ("dei-committee", "/dei/initiatives/", "DEI initiatives"),
        ("dei-committee", "/dei/initiatives/new/", "New initiative"),
        ("cwg-member", "/dei/initiatives/", "DEI initiatives"),
        ("cwg-member", "/dei/training/", "Training and mentoring of event leaders"),
        ("dei-committee", "/dei/training/new/", "Record a training session"),
        ("dei-committee", "/dei/mentoring/new/", "Pair a mentor and a mentee"),
        ("dei-committee", "/dei/mentoring/{pair}/", "Mira Okafor mentoring Sam Rivera"),
        ("cwg-member", "/dei/initiatives/{initiative}/", "Sample initiative"),
        ("dei-committee", "/dei/initiatives/{initiative}/edit/", "Edit Sample initiative"),
        ("dei-committee", "/dei/surveys/new/", "Open a survey"),
        ("dei-committee", "/dei/surveys/{survey}/", "Attendee survey of Held sprint"),
        ("coc-responder", "/dei/conduct/", "Code-of-conduct reports"),
        ("coc-responder", "/dei/conduct/{incident}/", "Code-of-conduct report {incident}"),
        (
            "coc-responder",
            "/dei/conduct/access-log/",
            "Access log of the code-of-conduct reports",
        ),
        (
            "community",
            "/dei/checklists/{event}/items/{item}/",
            "Publish a code of conduct with how to report, and name the contacts at the event",
        ),
    ],
)
def test_dei_page_is_accessible_to_its_reader(page, dei_paths, demo_password, role, path, heading):
    # Arrange
    log_in(page, role, demo_password)

    # Act
    response = page.goto(path.format(**dei_paths))

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading.format(**dei_paths))
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/dei/glossary/", "Diversity, equity and inclusion: our working definitions"),
        ("/dei/glossary/equity/history/", "Versions of the definition of equity"),
    ],
)
def test_public_glossary_page_is_accessible(page, path, heading):
    # Act
    response = page.goto(path)

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_public_incident_form_is_accessible(page, dei_paths):
    # Act
    response = page.goto("/dei/conduct/report/")

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a code-of-conduct incident")
    assert_accessible(page)


def test_public_survey_page_is_accessible(page, dei_paths):
    # Act
    response = page.goto("/dei/survey/{token}/".format(**dei_paths))

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("How was Held sprint?")
    assert_accessible(page)
