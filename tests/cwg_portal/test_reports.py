"""The quarterly report's sections, contributed by every app."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cwg_portal.periods import Quarter
from cwg_portal.reports import sections_for
from tests.factories.budget import FundFactory, LedgerEntryFactory, category
from tests.factories.membership import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_every_app_contributes_its_section_in_the_reports_order():
    quarter = Quarter.containing(timezone.localdate())

    sections = sections_for(quarter.start, quarter.end)

    assert [section.title for section, _ in sections] == [
        "Workshops program",
        "Events",
        "JupyterCon",
        "Finances",
        "Membership and governance",
        "Diversity, equity and inclusion",
    ]
    for section, figures in sections:
        assert render_to_string(section.template, {"figures": figures})


def test_the_finances_section_counts_only_the_periods_money():
    quarter = Quarter(2026, 2)
    fund = FundFactory(name="Community fund", currency="USD")
    LedgerEntryFactory(fund=fund, amount=Decimal("1000.00"), date=datetime.date(2026, 4, 2))
    LedgerEntryFactory(fund=fund, amount=Decimal("500.00"), date=datetime.date(2026, 1, 2))
    LedgerEntryFactory(
        fund=fund,
        amount=Decimal("-200.00"),
        category=category("travel"),
        date=datetime.date(2026, 6, 30),
    )

    figures = dict((s.key, f) for s, f in sections_for(quarter.start, quarter.end))["budget"]

    (row,) = figures["funds"]
    assert (row["income"], row["expenses"], row["balance_at_end"]) == (
        "1000.00",
        "200.00",
        "1300.00",
    )


def test_the_governance_section_names_only_people_whose_profile_is_public():
    quarter = Quarter.containing(timezone.localdate())
    body = BodyFactory(name="Working group")
    for name, is_public in (("Ada Public", True), ("Bo Private", False)):
        MembershipFactory(
            body=body,
            person=PersonFactory(display_name=name, is_public=is_public),
            starts_on=quarter.start,
        )

    (figures,) = [
        f for section, f in sections_for(quarter.start, quarter.end) if section.key == "membership"
    ]
    shown = render_to_string("membership/report/section.html", {"figures": figures})

    assert "Ada Public (Working group)" in shown
    assert "Bo Private" not in shown
    assert "a member whose profile is private (Working group)" in shown
