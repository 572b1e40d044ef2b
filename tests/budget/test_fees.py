"""The fiscal sponsor's fee: tiered on each fiscal year's income, posted with it."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from budget.enums import EntrySource
from budget.models import LedgerEntry
from budget.services.ledger import entry_post, sponsor_fee
from cwg_portal.roles import Role
from tests.factories.budget import (
    FeeTierFactory,
    FiscalSponsorFactory,
    FiscalYearFactory,
    FundFactory,
    category,
    sponsor_with_tiers,
)
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return UserFactory(username="treasurer", roles=[Role.FINANCE_STAFF])


@pytest.fixture
def fund():
    return FundFactory(currency="USD")


def income(fund, finance, reference, amount, day=datetime.date(2024, 3, 15), **kwargs):
    return entry_post(
        fund=fund,
        date=day,
        reference=reference,
        category=category(kwargs.pop("slug", "donation")),
        amount=Decimal(amount),
        entered_by=finance,
        **kwargs,
    )


def fees(fund):
    return list(
        LedgerEntry.objects.filter(fund=fund, source=EntrySource.FEE)
        .order_by("pk")
        .values_list("reference", "amount_fund")
    )


def year_total(fund, year, **filters):
    total = LedgerEntry.objects.filter(fund=fund, date__year=year, **filters).aggregate(
        total=Sum("amount_fund")
    )["total"]
    return total or Decimal("0.00")


def test_fee_tiers_apply_to_the_years_cumulative_income(fund, finance):
    sponsor_with_tiers()

    income(fund, finance, "NF-1", "400000.00")
    income(fund, finance, "NF-2", "700000.00")

    # 9% of 400,000; then 9% of the next 600,000 and 6% of the 100,000 above 1,000,000.
    assert fees(fund) == [("NF-1-FEE", Decimal("-36000.00")), ("NF-2-FEE", Decimal("-60000.00"))]
    assert year_total(fund, 2024) == Decimal("1004000.00")


def test_fee_entry_is_linked_to_its_income_and_names_the_sponsor(fund, finance):
    sponsor = sponsor_with_tiers(name="NumFOCUS")

    entry = income(fund, finance, "NF-1", "1000.00")

    fee = entry.sponsor_fee
    assert fee.fee_for == entry
    assert (fee.category.slug, fee.amount, fee.currency) == (
        "fiscal-sponsor-fee",
        Decimal("-90.00"),
        "USD",
    )
    assert (fee.date, fee.counterparty, fee.description) == (
        entry.date,
        sponsor.name,
        "NumFOCUS fee on NF-1",
    )


def test_fee_tiers_restart_with_each_fiscal_year(fund, finance):
    sponsor_with_tiers()
    income(fund, finance, "NF-2023", "1000000.00", day=datetime.date(2023, 12, 31))

    income(fund, finance, "NF-2024", "100000.00", day=datetime.date(2024, 1, 1))

    assert fees(fund) == [
        ("NF-2023-FEE", Decimal("-90000.00")),
        ("NF-2024-FEE", Decimal("-9000.00")),
    ]


def test_fee_follows_a_defined_fiscal_year(fund, finance):
    sponsor_with_tiers()
    FiscalYearFactory(name="FY2024", starts_on=datetime.date(2023, 7, 1))
    income(fund, finance, "NF-1", "900000.00", day=datetime.date(2023, 8, 1))

    income(fund, finance, "NF-2", "200000.00", day=datetime.date(2024, 2, 1))

    # Same fiscal year (July to June): the second gift crosses the 1,000,000 tier.
    assert fees(fund) == [("NF-1-FEE", Decimal("-81000.00")), ("NF-2-FEE", Decimal("-15000.00"))]


def test_fee_not_posted_when_no_sponsor_covers_the_date(fund, finance):
    sponsor_with_tiers(starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2024, 6, 30))

    before = income(fund, finance, "EARLY", "500.00", day=datetime.date(2014, 12, 31))
    after = income(fund, finance, "LATE", "500.00", day=datetime.date(2024, 7, 1))

    assert fees(fund) == []
    assert LedgerEntry.objects.filter(fund=fund).count() == 2
    assert not LedgerEntry.objects.filter(fee_for__in=[before, after]).exists()


def test_fee_uses_each_sponsors_own_tiers(fund, finance):
    numfocus = sponsor_with_tiers(
        slug="numfocus", starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2024, 6, 30)
    )
    lf = FiscalSponsorFactory(slug="lf-charities", starts_on=datetime.date(2024, 7, 1))
    FeeTierFactory(sponsor=lf, income_above=Decimal("0.00"), rate=Decimal("0.0700"))
    FeeTierFactory(sponsor=lf, income_above=Decimal("5000.00"), rate=Decimal("0.0500"))

    income(fund, finance, "NF-1", "10000.00", day=datetime.date(2024, 6, 30))
    income(fund, finance, "LF-1", "10000.00", day=datetime.date(2024, 7, 1))

    # NumFOCUS: 9% of 10,000. LF: 7% of its first 5,000 and 5% of the next 5,000.
    assert fees(fund) == [("NF-1-FEE", Decimal("-900.00")), ("LF-1-FEE", Decimal("-600.00"))]
    assert sponsor_fee(sponsor=numfocus, income=Decimal("10000.00")) == Decimal("900.00")
    assert sponsor_fee(sponsor=lf, income=Decimal("10000.00")) == Decimal("600.00")


@pytest.mark.parametrize(
    "amounts",
    [
        ["33.33", "33.33", "33.33"],
        ["0.05", "0.05", "0.05", "0.05", "0.05"],
        ["0.11", "12.39", "7.77", "1234.56", "0.01", "99.95"],
        ["999999.99", "0.01", "0.01", "333.33"],
    ],
    ids=["thirds", "nickels", "mixed", "across-the-tier"],
)
def test_fee_entries_of_a_year_sum_to_the_fee_on_its_income(fund, finance, amounts):
    sponsor = sponsor_with_tiers()

    for number, amount in enumerate(amounts):
        income(fund, finance, f"GIFT-{number}", amount)

        year_income = year_total(fund, 2024, category__kind="income")
        assert -year_total(fund, 2024, source=EntrySource.FEE) == sponsor_fee(
            sponsor=sponsor, income=year_income
        )


def test_fee_on_three_thirds_is_nine_dollars(fund, finance):
    sponsor_with_tiers()

    for number in range(3):
        income(fund, finance, f"GIFT-{number}", "33.33")

    assert [amount for _, amount in fees(fund)] == [
        Decimal("-3.00"),
        Decimal("-3.00"),
        Decimal("-3.00"),
    ]
    assert year_total(fund, 2024) == Decimal("90.99")


def test_fee_on_foreign_currency_income_uses_the_funds_amount(fund, finance):
    sponsor_with_tiers()

    income(fund, finance, "EU-1", "1000.00", currency="EUR", amount_fund=Decimal("1085.50"))

    assert fees(fund) == [("EU-1-FEE", Decimal("-97.70"))]


def test_fee_not_posted_on_expenses(fund, finance):
    sponsor_with_tiers()

    income(fund, finance, "VENUE-1", "-2500.00", slug="venue")

    assert fees(fund) == []
    assert LedgerEntry.objects.filter(fund=fund).count() == 1
