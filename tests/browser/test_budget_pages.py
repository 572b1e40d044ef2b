"""The budget pages in a real browser: each role opens the pages it may open with
no WCAG 2.x A/AA violation, and a claim goes from approval to payment by form."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

IMPORT_CSV = (
    b"date,reference,category,amount,description\n"
    b"2024-05-01,SP-100,donation,1500.00,Spring donations\n"
    b"2024-05-02,NF-DEMO-0001,donation,25000.00,Already in the fund\n"
    b"2024-05-03,SP-101,gifts,12.00,Unknown category\n"
)

FINANCE_PAGES = [
    ("/budget/", "Budget"),
    ("/budget/ledger/?fund=jupyter-community&reconciled=false", "Ledger"),
    ("/budget/ledger/new/", "New ledger entry"),
    ("/budget/import/", "Import the sponsor's export"),
    ("/budget/claims/?status=approved", "Expense claims"),
    ("/budget/claims/new/", "New expense claim"),
    ("/budget/allocations/", "Allocations"),
    ("/budget/lines/", "Budget lines"),
    ("/dashboard/", "Dashboard"),
]
MEMBER_PAGES = [
    ("/budget/", "Budget"),
    ("/budget/ledger/?category=donation", "Ledger"),
    ("/budget/claims/?status=submitted", "Expense claims"),
    ("/budget/claims/new/", "New expense claim"),
    ("/budget/allocations/", "Allocations"),
    ("/budget/allocations/new/", "New allocation"),
    ("/budget/lines/", "Budget lines"),
    ("/budget/lines/new/", "New budget line"),
    ("/dashboard/", "Dashboard"),
]


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [("finance-staff", *page) for page in FINANCE_PAGES]
    + [("cwg-member", *page) for page in MEMBER_PAGES],
)
def test_budget_page_is_accessible(page, demo_data, demo_password, role, path, heading):
    # Arrange
    log_in(page, role, demo_password)

    # Act
    response = page.goto(path)

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize("role", ["finance-staff", "cwg-member"])
def test_budget_object_pages_are_accessible(page, demo_data, demo_password, role):
    # Arrange
    log_in(page, role, demo_password)

    # Act and assert: an entry, a claim and an allocation, reached by their links.
    page.goto("/budget/ledger/")
    page.get_by_role("link", name="NF-DEMO-0003").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entry NF-DEMO-0003")
    expect(page.get_by_role("table", name="History of entry NF-DEMO-0003")).to_be_visible()
    assert_accessible(page)

    page.goto("/budget/claims/")
    page.get_by_role("link", name=re.compile(r"^Claim \d+$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Claim \d+$"))
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert_accessible(page)

    page.goto("/budget/allocations/")
    page.get_by_role("link", name="Jupyter Accessibility Workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jupyter Accessibility Workshop")
    assert_accessible(page)


def test_charts_are_named_images_beside_their_tables(page, demo_data, demo_password):
    # Act
    log_in(page, "cwg-member", demo_password)
    page.goto("/budget/")

    # Assert
    year = page.get_by_role("combobox", name="Fiscal year").input_value()
    expect(page.get_by_role("img", name=f"Income by category in {year}")).to_be_visible()
    expect(page.get_by_role("img", name=f"Spending by category in {year}")).to_be_visible()
    income = page.get_by_role("table", name=f"Income by category in {year}")
    expect(income.locator("tbody th")).to_have_text(["Donations", "Sponsorship", "Registrations"])


def test_reverse_form_is_accessible_with_its_error(page, demo_data, demo_password):
    # Arrange
    log_in(page, "finance-staff", demo_password)
    page.goto("/budget/ledger/")
    page.get_by_role("link", name="NF-DEMO-0003").click()
    page.get_by_role("link", name="Reverse").click()

    # Act: no reason given.
    page.get_by_role("button", name="Post the reversal").click()

    # Assert
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("listitem")).to_have_text(
        ["Reason (required): Say why the entry is reversed."]
    )
    assert_accessible(page)


def test_finance_uploads_a_file_and_its_preview_is_accessible(page, demo_data, demo_password):
    # Arrange
    log_in(page, "finance-staff", demo_password)
    page.goto("/budget/import/")

    # Act
    page.get_by_label("CSV file").set_input_files(
        {"name": "export.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV}
    )
    page.get_by_role("button", name="Preview the import").click()

    # Assert
    expect(page).to_have_url(re.compile(r"/budget/import/\d+/$"))
    outcomes = page.get_by_role("table", name="Rows of export.csv").locator("tbody td:last-child")
    expect(outcomes).to_have_text(
        ["Import", "Skip (already in the fund)", "Error: unknown category “gifts”"]
    )
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert_accessible(page)


def test_transparency_page_is_accessible_to_anyone(page, demo_data):
    # Act
    response = page.goto("/budget/transparency/")

    # Assert
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Community funds: transparency")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Jupyter community fund"])
    assert_accessible(page)


def test_a_member_approves_a_claim_and_finance_staff_pay_it(page, demo_data, demo_password):
    # Arrange
    log_in(page, "cwg-member", demo_password)
    page.goto("/budget/claims/?status=submitted")
    page.get_by_role("row", name=re.compile("Lunches for 16 participants")).get_by_role(
        "link"
    ).click()
    claim_url = page.url

    # Act: the member approves.
    page.get_by_label("Note (optional)").fill("Matches the receipts")
    page.get_by_role("button", name="Approve claim").click()

    # Assert
    expect(page.get_by_role("status")).to_have_text(
        "Your approval is recorded; the claim is approved."
    )
    expect(page.get_by_role("listitem").filter(has_text="Approval by")).to_have_text(
        re.compile(r"^Approval by Mira Okafor on .*: Matches the receipts$")
    )
    page.get_by_role("button", name="Log out").click()

    # Act: finance staff find it in the payment queue and pay it.
    log_in(page, "finance-staff", demo_password)
    page.goto("/budget/claims/?status=approved")
    page.get_by_role("row", name=re.compile("Lunches for 16 participants")).get_by_role(
        "link"
    ).click()
    expect(page).to_have_url(claim_url)
    page.get_by_role("button", name="Pay claim").click()

    # Assert
    claim_number = re.search(r"/claims/(\d+)/", claim_url)[1]
    expect(page.get_by_role("status")).to_have_text(
        f"The claim was paid: ledger entry CLAIM-{claim_number}."
    )
    page.get_by_role("link", name=f"Ledger entry CLAIM-{claim_number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Entry CLAIM-{claim_number}")
    assert_accessible(page)
