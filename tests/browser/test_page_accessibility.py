"""axe-core finds no WCAG 2.x A/AA violation on the portal's pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, email_for, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/", 200, "CWG Portal"),
        ("/accounts/login/", 200, "Sign In"),
        ("/accounts/signup/", 200, "Sign Up"),
        ("/accounts/password/reset/", 200, "Password Reset"),
        ("/no-such-page/", 404, "Page not found"),
    ],
)
def test_public_page_is_accessible(page, demo_data, path, status, heading):
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
        ("/accounts/2fa/totp/activate/", "Activate Authenticator App"),
        ("/accounts/email/", "Email Addresses"),
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
    expect(page.get_by_text("The email address and/or password you specified are not correct.")).to_be_visible()
    assert_accessible(page)


def test_axe_runs_under_the_strict_csp(page, demo_data):
    # Arrange
    response = page.goto("/")
    policy = response.headers["content-security-policy"]

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
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert inline_ran is False
    assert_accessible(page)
