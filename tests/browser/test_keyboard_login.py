"""A keyboard-only login: every stop in the tab order is on screen and shows focus."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_focus_visible, email_for

pytestmark = pytest.mark.browser


def test_login_with_keyboard_only_reaches_dashboard(page, demo_data, demo_password):
    # Arrange
    page.goto("/accounts/login/")
    keyboard = page.keyboard
    skip_link = page.get_by_role("link", name="Skip to main content")
    sign_up_link = page.get_by_role("main").get_by_role("link", name="sign up")
    email = page.get_by_label("Email")
    password = page.get_by_label("Password")
    forgot_link = page.get_by_role("link", name="Forgot your password?")
    remember = page.get_by_label("Remember Me")
    sign_in = page.get_by_role("button", name="Sign In")

    # Act and assert, stop by stop.
    keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_focus_visible(page)

    keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/#main$"))
    expect(page.get_by_role("main")).to_be_focused()
    assert_focus_visible(page, indicator=False)

    keyboard.press("Tab")
    expect(sign_up_link).to_be_focused()
    assert_focus_visible(page)

    keyboard.press("Tab")
    expect(email).to_be_focused()
    assert_focus_visible(page)
    keyboard.type(email_for("cwg-member"))

    keyboard.press("Tab")
    expect(password).to_be_focused()
    assert_focus_visible(page)
    keyboard.type(demo_password)

    keyboard.press("Tab")
    expect(forgot_link).to_be_focused()
    assert_focus_visible(page)

    keyboard.press("Tab")
    expect(remember).to_be_focused()
    assert_focus_visible(page)
    keyboard.press("Space")
    expect(remember).to_be_checked()

    keyboard.press("Shift+Tab")
    expect(forgot_link).to_be_focused()
    assert_focus_visible(page)

    keyboard.press("Tab")
    expect(remember).to_be_focused()
    assert_focus_visible(page)
    expect(remember).to_be_checked()

    keyboard.press("Tab")
    expect(sign_in).to_be_focused()
    assert_focus_visible(page)

    expect(email).to_have_value(email_for("cwg-member"))
    expect(password).to_have_value(demo_password)
    keyboard.press("Enter")

    # Assert
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    # "Remember Me" was ticked: the session outlives the browser.
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["expires"] > 0
    assert_accessible(page)


def test_skip_link_is_off_screen_until_focused(page):
    # Arrange
    page.goto("/accounts/login/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()

    # Act
    page.keyboard.press("Tab")

    # Assert
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
