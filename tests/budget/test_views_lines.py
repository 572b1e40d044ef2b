"""The budget line pages: members plan lines and see them listed; finance
reads them but may not plan."""

import datetime
from decimal import Decimal

import pytest

from budget.models import BudgetLine
from tests.factories.budget import FiscalYearFactory, category
from tests.factories.events import EventFactory
from tests.pages import form_errors, rows


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


# ---------------------------------------------------------------- budget lines


def test_member_adds_a_budget_line_and_it_is_listed(client, member, fund):
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    client.force_login(member)
    data = {
        "fund": fund.pk,
        "fiscal_year": year.pk,
        "category": category("venue").pk,
        "event": "",
        "planned_amount": "4000.00",
        "note": "Two workshops",
    }

    created = client.post("/budget/lines/new/", data, follow=True)
    duplicate = client.post("/budget/lines/new/", data)

    line = BudgetLine.objects.get()
    assert (line.planned_amount, line.created_by) == (Decimal("4000.00"), member)
    assert line.history.get().history_user == member
    assert rows(created, "Budget lines") == [
        ["Venue", "FY2024", "Jupyter community fund", "", "4,000.00 USD", "Two workshops"]
    ]
    assert form_errors(duplicate) == ["This category already has a line for that year."]
    assert BudgetLine.objects.count() == 1


@pytest.mark.parametrize("size", [1, 3])
def test_budget_lines_query_count_is_independent_of_size(
    size, client, finance, member, fund, django_assert_num_queries
):
    year = FiscalYearFactory(starts_on=datetime.date(2024, 1, 1))
    for slug in ("venue", "travel", "catering")[:size]:
        BudgetLine.objects.create(
            fund=fund,
            fiscal_year=year,
            category=category(slug),
            event=EventFactory(),
            planned_amount=Decimal("100.00"),
            created_by=member,
        )
    client.force_login(finance)

    with django_assert_num_queries(8):
        response = client.get("/budget/lines/")

    assert len(rows(response, "Budget lines")) == size


def test_finance_reads_budget_lines_but_cannot_plan(client, finance, fund):
    client.force_login(finance)

    responses = [client.get("/budget/lines/"), client.get("/budget/lines/new/")]

    assert [response.status_code for response in responses] == [200, 403]
