import datetime
from decimal import Decimal

import pytest

from cwg_portal import registry
from cwg_portal.periods import HalfYear
from cwg_portal.roles import Role
from tests.factories.budget import FundFactory, LedgerEntryFactory, category
from tests.factories.membership import UserFactory

PERIOD = HalfYear(2026, 1)


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", roles=[Role.CWG_CHAIR])


@pytest.fixture
def member(db):
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def council(db):
    return UserFactory(username="council", roles=[Role.COUNCIL])


@pytest.fixture
def community(db):
    return UserFactory(username="community", roles=[Role.COMMUNITY])


@pytest.fixture
def fund(db):
    """A fund with a donation before the period and money in and out during it."""
    fund = FundFactory(name="Community fund", currency="USD")
    LedgerEntryFactory(fund=fund, amount=Decimal("5000.00"), date=datetime.date(2025, 12, 1))
    LedgerEntryFactory(fund=fund, amount=Decimal("1200.00"), date=datetime.date(2026, 2, 10))
    LedgerEntryFactory(
        fund=fund,
        category=category("venue"),
        amount=Decimal("-300.00"),
        date=datetime.date(2026, 5, 5),
    )
    return fund


def section_keys():
    """Every app's report section, in the report's order: what a report shows."""
    return [section.key for section in registry.report_sections()]


def section_titles():
    return [section.title for section in registry.report_sections()]
