"""JupyterCon's section of the quarterly report."""

import datetime
from decimal import Decimal

import pytest

from conferences.enums import EditionStatus, MilestoneStatus, SponsorshipStatus
from conferences.selectors import report_figures
from tests.factories.conferences import EditionFactory, MilestoneFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db


def test_the_section_gives_each_edition_its_milestones_and_sponsorships():
    edition = EditionFactory(year=2031, status=EditionStatus.ANNOUNCED)
    day = datetime.date(2026, 5, 1)
    MilestoneFactory(edition=edition, due_on=day, status=MilestoneStatus.DONE)
    MilestoneFactory(edition=edition, due_on=day)
    MilestoneFactory(edition=edition, due_on=datetime.date(2026, 9, 1))
    SponsorshipFactory(edition=edition, amount=Decimal("100.00"), status=SponsorshipStatus.PAID)
    SponsorshipFactory(edition=edition, amount=Decimal("50.00"), status=SponsorshipStatus.PAID)

    figures = report_figures(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))

    assert figures == {
        "editions": [
            {
                "name": "JupyterCon 2031",
                "status": "Announced",
                "starts_on": "2031-05-10",
                "milestones_done": 1,
                "milestones_late": 1,
                "sponsorships": [
                    {"status": "Paid", "currency": "USD", "count": 2, "total": "150.00"}
                ],
            }
        ]
    }
