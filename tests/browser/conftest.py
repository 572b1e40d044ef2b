"""Browser fixtures and helpers: the demo data in the live server's database, a
login through the real form, an axe-core check and a visible-focus check.

Playwright talks to pytest-django's `live_server`; `base_url` points the browser
context at it, so tests write `page.goto("/dashboard/")`.

The portal serves a strict Content-Security-Policy (scripts only from 'self' or
with a nonce, no 'unsafe-eval'). axe-core is injected with `page.evaluate`, which
Playwright runs through the DevTools protocol, outside the page's CSP, so no
`bypass_csp` is needed; `test_axe_runs_under_the_strict_csp` proves it.
"""

import io
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cwg_portal.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD
from cwg_portal.roles import Role

# The nine demo accounts seed_demo creates, one per role, named after the role.
DEMO_ROLES = tuple(role.value for role in Role)

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(autouse=True)
def csp_violations(request):
    """Every page a browser test opens must keep to the Content-Security-Policy:
    anything the policy blocks (an inline style or script) fails the test."""
    if "page" not in request.fixturenames:
        yield []
        return
    violations = []
    request.getfixturevalue("page").on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield violations
    assert violations == []


@pytest.fixture
def demo_password():
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@pytest.fixture
def demo_data(transactional_db, live_server):
    """The demo people and events, committed, in the database the live server reads."""
    call_command("seed_demo", stdout=io.StringIO())


def email_for(username):
    return f"{username}@example.org"


def log_in(page: Page, username, password):
    """Log in through the real allauth form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email_for(username))
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def local_input(moment):
    """A datetime as typed into a datetime-local input, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def log_out(page: Page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You have signed out.")


def status(page: Page):
    """The page's messages (a role=status region)."""
    return page.get_by_role("status")


def fact(page: Page, term):
    """The <dd> that follows the <dt> naming `term`."""
    term = page.locator("dt", has_text=re.compile(f"^{term}$"))
    return term.locator("xpath=following-sibling::dd[1]")


PHONE = {"width": 390, "height": 844}


def assert_fits_a_phone(page: Page):
    """At a phone's width the page does not scroll sideways."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.set_viewport_size(desktop)
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"


def assert_accessible(page: Page):
    """Run axe-core against the page as it is now: no WCAG 2.x A/AA violation;
    and at a phone's width, no sideways scrolling."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    # A check that ran no rule would pass vacuously.
    assert results.response["passes"], f"axe checked nothing on {page.url}"
    assert results.response["violations"] == [], f"{page.url}\n{results.generate_report()}"
    assert_fits_a_phone(page)


_FOCUSED_ELEMENT_STATE = """() => {
    const el = document.activeElement;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        name: el.getAttribute("name"),
        text: (el.innerText || el.value || "").trim(),
        top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right,
        width: rect.width, height: rect.height,
        viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
        visibility: style.visibility,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        boxShadow: style.boxShadow,
    };
}"""


def focused_element(page: Page):
    """What has keyboard focus: its tag, id, name and text, box and focus styles."""
    return page.evaluate(_FOCUSED_ELEMENT_STATE)


def assert_focus_visible(page: Page, *, indicator=True):
    """The focused element is on screen, has a size and (for a control) a focus ring.

    `indicator=False` is for a skip link's target, the <main> landmark: it takes
    focus programmatically (tabindex="-1", not in the tab order) and is not a
    control, so it needs to be on screen but draws no ring.
    """
    state = focused_element(page)
    assert state["tag"] != "body", "focus was lost to <body>"
    assert state["width"] > 0, state
    assert state["height"] > 0, state
    assert state["visibility"] == "visible", state
    assert state["top"] >= 0, state
    assert state["left"] >= 0, state
    if indicator:
        # Wholly in the viewport; a landmark taller than the screen need only start in it.
        assert state["bottom"] <= state["viewportHeight"], state
        assert state["right"] <= state["viewportWidth"], state
        has_outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
        assert has_outline or state["boxShadow"] != "none", f"no focus indicator: {state}"
    else:
        assert state["top"] < state["viewportHeight"], state
    return state
