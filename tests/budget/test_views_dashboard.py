"""The budget dashboard and the transparency page: the year's figures for each
role and what stays private; and the budget panels and navigation on the
portal's dashboard."""

import datetime
import re
from decimal import Decimal

import pytest

from budget.models import BudgetLine, LedgerEntry
from budget.services.claims import claim_approve, claim_pay
from budget.services.ledger import entry_reconcile
from cwg_portal.roles import Role
from tests.budget.books import post, submit
from tests.factories.budget import AllocationFactory, FiscalYearFactory, category
from tests.pages import NAV_LOGGED_IN, NAV_WITH_BUDGET, NAV_WITH_REPORTS, rows, tables, text


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


# ---------------------------------------------------------------- the dashboard


@pytest.fixture
def busy_fund(finance, member, community, fund):
    FiscalYearFactory(starts_on=datetime.date(2023, 1, 1))
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    post(fund, "IN-1", "10000.00", by=finance)
    post(fund, "IN-2", "2500.00", by=finance, slug="sponsorship")
    post(fund, "OUT-1", "-1200.00", by=finance, slug="venue")
    post(fund, "OUT-2", "-300.00", by=finance, slug="travel")
    post(fund, "OLD-1", "999.00", by=finance, day=datetime.date(2023, 6, 1))
    AllocationFactory(fund=fund, amount=Decimal("3000.00"))
    BudgetLine.objects.create(
        fund=fund,
        fiscal_year=year,
        category=category("venue"),
        planned_amount=Decimal("2000.00"),
        created_by=member,
    )
    return fund


def test_dashboard_shows_spending_authority_and_the_years_figures(
    client, member, community, busy_fund
):
    claim = submit(community, busy_fund)
    client.force_login(member)

    response = client.get("/budget/", {"year": "FY2024"})

    assert rows(response, "Funds and spending authority") == [
        [
            "Jupyter community fund",
            "11,999.00 USD",
            "13,499.00 USD",
            "1,500.00 USD",
            "3,000.00 USD",
            "8,999.00 USD",
        ]
    ]
    assert rows(response, "Income by category in FY2024") == [
        ["Donations", "10,000.00 USD"],
        ["Sponsorship", "2,500.00 USD"],
    ]
    assert rows(response, "Spending by category in FY2024") == [
        ["Venue", "1,200.00 USD"],
        ["Travel", "300.00 USD"],
    ]
    assert rows(response, "Budget against actual in FY2024") == [
        ["Venue", "", "2,000.00 USD", "1,200.00 USD", "800.00 USD"]
    ]
    assert [row[0] for row in rows(response, "Open claims on Jupyter community fund")] == [
        f"Claim {claim.pk}: Printed name badges"
    ]
    assert [
        row[1] for row in rows(response, "The ten most recent entries of Jupyter community fund")
    ] == ["OUT-2", "OUT-1", "IN-2", "IN-1", "OLD-1"]
    html = response.content.decode()
    assert html.count('<svg class="chart" role="img"') == 2
    assert 'aria-label="Income by category in FY2024"' in html
    assert "Entries not reconciled" not in text(response)


def test_dashboard_defaults_to_the_fiscal_year_containing_today_else_the_latest(
    client, member, busy_fund
):
    client.force_login(member)

    response = client.get("/budget/")

    # Neither FY2023 nor FY2024 contains today: the latest is shown.
    assert "Jupyter community fund in FY2024" in text(response)


def test_dashboard_shows_finance_the_unreconciled_count_with_a_link(client, finance, busy_fund):
    entry_reconcile(entry=LedgerEntry.objects.get(reference="IN-1"), reconciled_by=finance)
    client.force_login(finance)

    response = client.get("/budget/", {"fund": busy_fund.slug})

    assert "Entries not reconciled 4 entries not reconciled" in text(response)
    assert (
        'href="/budget/ledger/?fund=jupyter-community&amp;reconciled=false"'
        in response.content.decode()
    )


def test_dashboard_for_the_council_shows_figures_but_no_entries(client, user_with_role, busy_fund):
    client.force_login(user_with_role(Role.COUNCIL))

    response = client.get("/budget/", {"year": "FY2024"})

    assert "Funds and spending authority" in tables(response)
    assert "Recent entries" not in text(response)
    assert "IN-1" not in text(response)


def test_dashboard_is_refused_to_the_community(client, community, busy_fund):
    client.force_login(community)

    assert client.get("/budget/").status_code == 403


def test_dashboard_for_an_unknown_fund_answers_404(client, member, busy_fund):
    client.force_login(member)

    assert client.get("/budget/", {"fund": "no-such-fund"}).status_code == 404


# ---------------------------------------------------------------- transparency


def test_transparency_page_shows_yearly_totals_and_no_names_or_references(
    client, finance, member, community, busy_fund
):
    post(busy_fund, "SECRET-REF", "-40.00", by=finance, slug="travel", counterparty="Ada Lovelace")
    claim = submit(community, busy_fund, description="Private description")
    claim_approve(claim=claim, approver=member)
    claim_pay(claim=claim, paid_by=finance, date=datetime.date(2024, 7, 1))

    response = client.get("/budget/transparency/")

    assert rows(response, "Jupyter community fund in 2024") == [
        ["Supplies", "Expense", "-85.50 USD"],
        ["Travel", "Expense", "-340.00 USD"],
        ["Venue", "Expense", "-1,200.00 USD"],
        ["Donations", "Income", "10,000.00 USD"],
        ["Sponsorship", "Income", "2,500.00 USD"],
    ]
    assert tables(response)["Jupyter community fund in 2024"]["foot"] == [
        ["Income", "", "12,500.00 USD"],
        ["Spending", "", "1,625.50 USD"],
    ]
    assert rows(response, "Jupyter community fund in 2023") == [
        ["Donations", "Income", "999.00 USD"]
    ]
    page = text(response)
    for secret in ("SECRET-REF", "Ada Lovelace", "Private description", "CLAIM-", "community-user"):
        assert secret not in page


# ---------------------------------------------------------------- dashboard panels


def test_member_dashboard_lists_claims_awaiting_their_approval_but_not_their_own(
    client, member, community, fund
):
    others = submit(community, fund, description="Badges")
    submit(member, fund, description="My own train")
    already = submit(community, fund, amount="1500.00", description="Big one")
    claim_approve(claim=already, approver=member)
    client.force_login(member)

    response = client.get("/dashboard/")

    assert [row[0] for row in rows(response, "Claims awaiting your approval")] == [
        f"Claim {others.pk}: Badges (community-user)"
    ]
    assert rows(response, "Money available to allocate, per fund") == [
        ["Jupyter community fund", "0.00 USD", "0.00 USD"]
    ]


def test_finance_dashboard_lists_claims_to_pay_and_unreconciled_entries(
    client, finance, member, community, fund
):
    claim = submit(community, fund)
    claim_approve(claim=claim, approver=member)
    post(fund, "IN-1", "100.00", by=finance)
    client.force_login(finance)

    response = client.get("/dashboard/")

    assert rows(response, "Claims to pay") == [
        [f"Claim {claim.pk}: Printed name badges (community-user)", "85.50 USD", "0"]
    ]
    assert "1 entry not reconciled" in text(response)
    assert 'href="/budget/ledger/?reconciled=false"' in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.COMMUNITY,
            NAV_LOGGED_IN,
        ),
        (
            Role.FINANCE_STAFF,
            NAV_WITH_BUDGET,
        ),
        (
            Role.COUNCIL,
            NAV_WITH_REPORTS,
        ),
    ],
)
def test_navigation_shows_budget_to_those_who_oversee_money(client, user_with_role, role, expected):
    client.force_login(user_with_role(role))

    response = client.get("/dashboard/")

    nav = re.search(r'<nav class="main-nav".*?</nav>', response.content.decode(), re.DOTALL)
    assert re.findall(r"<a [^>]*>(.*?)</a>", nav[0]) == expected
