"""Logging out with the header's "Log out" button ends the session."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_logout_button_returns_to_home_page_logged_out(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    account_nav = page.get_by_role("navigation", name="Account")

    # Act
    account_nav.get_by_role("button", name="Log out").click()

    # Assert
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("CWG Portal")
    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    expect(account_nav.get_by_role("link")).to_have_text(["Log in", "Sign up"])
    expect(account_nav.get_by_role("button", name="Log out")).to_have_count(0)
    # Only the public pages stay in the main navigation.
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Workshops", "Directory"]
    )
    assert_accessible(page)


def test_dashboard_after_logout_asks_for_login(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))

    # Act
    page.goto("/dashboard/")

    # Assert
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
