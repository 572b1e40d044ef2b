"""On a phone (390 CSS pixels wide) no page is wider than the screen: wide tables
scroll inside themselves, and the page itself never scrolls sideways. Every page
of the accessibility walk is checked too (`assert_accessible`); these are the
lists, at their widest, for the roles that read them."""

import pytest

from tests.browser.conftest import PHONE, log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("cwg-member", ["/dashboard/", "/events/", "/workshops/proposals/", "/people/decisions/"]),
        (
            "finance-staff",
            ["/budget/", "/budget/ledger/", "/budget/allocations/", "/budget/claims/"],
        ),
        ("cwg-chair", ["/people/elections/", "/people/motions/", "/people/directory/"]),
    ],
)
def test_pages_fit_a_phone_screen(page, demo_data, demo_password, username, paths):
    page.set_viewport_size(PHONE)
    log_in(page, username, demo_password)
    too_wide = {}

    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width

    assert too_wide == {}
