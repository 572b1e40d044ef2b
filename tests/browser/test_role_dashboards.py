"""Each demo role logs in through the real form and sees its own dashboard."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_ROLES, assert_accessible, email_for, log_in
from tests.pages import NAV_LOGGED_IN, NAV_WITH_BUDGET, NAV_WITH_REPORTS

pytestmark = pytest.mark.browser


# The main navigation and dashboard panels (each app's portal.py).
EXPECTED_NAV = (
    {role: NAV_LOGGED_IN for role in DEMO_ROLES}
    | {"finance-staff": NAV_WITH_BUDGET}
    | {role: NAV_WITH_REPORTS for role in ("cwg-member", "cwg-chair", "council")}
    | {"admin": [*NAV_LOGGED_IN, "Administration"]}
    | {"dei-committee": [*NAV_LOGGED_IN[:-2], "DEI", *NAV_LOGGED_IN[-2:]]}
    | {"coc-responder": [*NAV_LOGGED_IN[:-2], "Conduct reports", *NAV_LOGGED_IN[-2:]]}
)
# The demo election takes self-nominations: those not on the working group may stand.
STAND = "Elections open for nominations"
MEMBER_PANELS = [
    "Your account",
    "Upcoming events",
    "Claims awaiting your approval",
    "Spending authority",
]
EXPECTED_PANELS = {
    # The demo motion under vote awaits both members of the working group, who
    # also review the workshop proposals.
    "cwg-member": [*MEMBER_PANELS, "Motions awaiting your vote or second", "Reviews to do"],
    # The chair owns the milestones the demo's next edition took over from the
    # last one, shifted to its dates: the earliest are already overdue.
    "cwg-chair": [
        "Your account",
        "Overdue milestones",
        *MEMBER_PANELS[1:],
        "Terms ending within 60 days",
        "Motions awaiting your vote or second",
        "Reviews to do",
    ],
    "finance-staff": ["Your account", "Claims to pay", "Entries not reconciled", STAND],
    # The demo engages the events-staff user on two events and gives them cards.
    "events-staff": ["Your account", "Your tasks", "Your engagements", "Upcoming events", STAND],
    "council": [
        "Your account",
        "Upcoming events",
        "Spending authority",
        "Candidates awaiting the council",
        STAND,
    ],
    # The demo's upcoming workshop has essential DISC items still to decide.
    # The demo's draft proposal invites the committee's member to co-organise it.
    "dei-committee": [
        "Your account",
        STAND,
        "Invitations to co-organise",
        "Checklists behind schedule",
        "DEI sign-offs waiting",
    ],
    "coc-responder": ["Open code-of-conduct reports", "Your account", STAND],
    # The demo election has nominated the community user, who also proposes workshops.
    "community": [
        "Your account",
        "Events you organise",
        "Nominations awaiting your answer",
        "Your workshop proposals",
    ],
    "admin": ["Your account", "Account security", STAND],
}

DISPLAY_NAMES = {
    "cwg-member": "Mira Okafor",
    "cwg-chair": "Jonas Lindqvist",
    "finance-staff": "Priya Raman",
    "events-staff": "Diego Alvarez",
    "council": "Hana Sato",
    "dei-committee": "Amani Mwangi",
    "coc-responder": "Lea Fischer",
    "community": "Sam Rivera",
    "admin": "Alex Kim",
}


def _fact(region, term):
    """The <dd> that follows the <dt> naming `term` in a facts list."""
    return region.locator("dt", has_text=term).locator("xpath=following-sibling::dd[1]")


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_dashboard_shows_role_panels_and_navigation_after_login(
    page, demo_data, demo_password, role
):
    # Arrange
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign In", level=1)).to_be_visible()
    assert_accessible(page)

    # Act
    page.get_by_label("Email").fill(email_for(role))
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Sign In").click()

    # Assert
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(main.get_by_role("heading", level=2)).to_have_text(EXPECTED_PANELS[role])

    account = page.get_by_role("region", name="Your account")
    expect(_fact(account, "Signed in as")).to_have_text(
        f"{DISPLAY_NAMES[role]} ({email_for(role)})"
    )
    expect(_fact(account, "Roles")).to_have_text(role)

    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(EXPECTED_NAV[role])
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    if role != "admin":
        expect(nav.get_by_role("link", name="Administration")).to_have_count(0)

    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="Log in")).to_have_count(0)
    expect(account_nav.get_by_role("button", name="Log out")).to_be_visible()

    assert_accessible(page)


@pytest.mark.parametrize("role", ["cwg-member", "cwg-chair", "events-staff", "council"])
def test_dashboard_lists_upcoming_events_for_those_who_run_or_oversee_them(
    page, demo_data, demo_password, role
):
    # Arrange
    next_year = timezone.localdate().year + 1

    # Act
    log_in(page, role, demo_password)

    # Assert
    upcoming = page.get_by_role("region", name="Upcoming events")
    events = upcoming.get_by_role("table", name="Events in the next 90 days")
    expect(events.locator("tbody tr th")).to_have_text(
        ["Jupyter Widgets Sprint", f"JupyterCon {next_year}"]
    )


def test_dashboard_lists_organised_events_for_the_community_organiser(
    page, demo_data, demo_password
):
    # Act
    log_in(page, "community", demo_password)

    # Assert
    organised = page.get_by_role("region", name="Events you organise")
    expect(organised.locator("tbody tr th")).to_have_text(
        [
            "Jupyter Widgets Sprint",
            "Jupyter documentation translation sprint",
            "Jupyter Accessibility Workshop",
        ]
    )


def test_dashboard_lists_accounts_missing_mfa_for_the_admin(page, demo_data, demo_password):
    # Act
    log_in(page, "admin", demo_password)

    # Assert
    security = page.get_by_role("region", name="Account security")
    expect(security.get_by_role("heading", level=3)).to_have_text(
        [
            "Accounts that must enrol in two-factor authentication",
            "Sign-ups awaiting e-mail verification (last 14 days)",
        ]
    )
    expect(security.get_by_role("listitem")).to_have_text(
        [email_for(role) for role in ("admin", "coc-responder", "council", "finance-staff")]
    )
