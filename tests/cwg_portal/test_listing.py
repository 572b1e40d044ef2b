"""Every list searches, sorts by column, filters, pages with a choice of size and
counts, all from the query string: shown here on the ledger."""

import datetime
from decimal import Decimal

import pytest

from cwg_portal.roles import Role
from tests.factories.budget import FundFactory, LedgerEntryFactory
from tests.factories.membership import UserFactory
from tests.pages import rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client):
    user = UserFactory(roles=[Role.FINANCE_STAFF])
    client.force_login(user)
    return user


@pytest.fixture
def ledger():
    fund = FundFactory()
    day = datetime.date(2026, 3, 1)
    for number, (reference, description, amount) in enumerate(
        [
            ("DON-1", "Donation from Ada", "100.00"),
            ("DON-2", "Donation from Grace", "300.00"),
            ("VEN-1", "Venue deposit", "200.00"),
        ]
    ):
        LedgerEntryFactory(
            fund=fund,
            reference=reference,
            description=description,
            amount=Decimal(amount),
            date=day + datetime.timedelta(days=number),
        )
    return fund


def references(response):
    return [row[1] for row in rows(response, "Ledger entries")]


def test_search_finds_rows_with_every_word_and_counts_them(client, finance, ledger):
    response = client.get("/budget/ledger/", {"q": "donation grace"})

    assert references(response) == ["DON-2"]
    assert "1 entry" in text(response)


def test_a_column_sorts_one_way_then_the_other(client, finance, ledger):
    ascending = client.get("/budget/ledger/", {"sort": "amount"})
    descending = client.get("/budget/ledger/", {"sort": "-amount"})

    assert references(ascending) == ["DON-1", "VEN-1", "DON-2"]
    assert references(descending) == ["DON-2", "VEN-1", "DON-1"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    assert "sort=-amount" in ascending.content.decode()


def test_page_size_is_chosen_and_pages_are_numbered(client, finance, ledger):
    for number in range(30):
        LedgerEntryFactory(fund=ledger, reference=f"GIFT-{number:02}")

    first = client.get("/budget/ledger/", {"per_page": "25"})
    second = client.get("/budget/ledger/", {"per_page": "25", "page": "2"})
    unknown = client.get("/budget/ledger/", {"per_page": "7"})

    assert (len(references(first)), len(references(second))) == (25, 8)
    assert "Page 2 of 2 (33 in all)" in text(second)
    assert len(references(unknown)) == 33  # an unknown size falls back to 50


def test_a_bad_sort_key_lists_nothing_and_says_why(client, finance, ledger):
    response = client.get("/budget/ledger/", {"sort": "secret_field"})

    assert "No entries match." in text(response)
    assert "Please correct the following" in text(response)
