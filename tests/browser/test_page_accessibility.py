"""axe-core finds no WCAG 2.x A/AA violation on the portal's pages."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_focus_visible, email_for, log_in
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
