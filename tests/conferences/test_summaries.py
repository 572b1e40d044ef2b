"""An edition's post-event summary: filed by the working group once the edition
is held, with the DEI impact every event summary shares, beside its money as the
ledger has it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from budget.models import LedgerEntry
from conferences.enums import EditionStatus
from conferences.models import EditionSummary
from conferences.services.editions import edition_summary_file
from cwg_portal.roles import Role
from tests.factories.budget import LedgerEntryFactory, category
from tests.factories.conferences import EditionFactory
from tests.factories.membership import UserFactory
from tests.pages import page_messages, rows, text

pytestmark = pytest.mark.django_db

SUMMARY = {
    "attendance_total": 700,
    "first_time_attendees": 280,
    "outcomes": "Forty pull requests merged at the sprints.",
    "dei_reached": "Scholars from twelve countries.",
    "dei_achieved": "Captioning in every room.",
    "dei_shortfalls": "Few speakers from outside Europe.",
}


@pytest.fixture
def member():
    return UserFactory(roles=[Role.CWG_MEMBER])


def test_a_summary_waits_until_the_edition_is_held(member):
    edition = EditionFactory(status=EditionStatus.REGISTRATION_OPEN)

    with pytest.raises(ValidationError, match="once the edition is held"):
        edition_summary_file(edition=edition, by=member, **SUMMARY)

    assert EditionSummary.objects.count() == 0


def test_filing_again_corrects_the_one_summary(member):
    edition = EditionFactory(status=EditionStatus.HELD)
    edition_summary_file(edition=edition, by=member, **SUMMARY)

    edition_summary_file(edition=edition, by=member, **{**SUMMARY, "attendance_total": 720})

    assert list(EditionSummary.objects.values_list("attendance_total", flat=True)) == [720]


def test_more_first_timers_than_attendees_is_refused(member):
    edition = EditionFactory(status=EditionStatus.HELD)

    with pytest.raises(ValidationError, match="more first-time attendees than attendees"):
        edition_summary_file(edition=edition, by=member, **{**SUMMARY, "first_time_attendees": 701})


def test_only_the_working_group_files_it():
    edition = EditionFactory(status=EditionStatus.HELD)

    with pytest.raises(PermissionDenied):
        edition_summary_file(edition=edition, by=UserFactory(roles=[Role.COMMUNITY]), **SUMMARY)


def test_the_edition_page_shows_the_summary_and_its_money_from_the_ledger(client, member):
    edition = EditionFactory(status=EditionStatus.HELD)
    day = datetime.date(edition.year, 5, 11)
    LedgerEntryFactory(fund=edition.fund, event=edition.event, amount=Decimal("12000.00"), date=day)
    LedgerEntryFactory(
        fund=edition.fund,
        event=edition.event,
        category=category("venue"),
        amount=Decimal("-4500.00"),
        date=day,
    )
    LedgerEntryFactory(fund=edition.fund, amount=Decimal("999.00"), date=day)  # not the event's
    client.force_login(member)

    response = client.post(f"/jupytercon/{edition.year}/summary/", SUMMARY, follow=True)

    assert page_messages(response) == ["The edition's summary is saved."]
    page = text(response)
    assert "700, of whom 280 for the first time" in page
    assert "Captioning in every room." in page
    money = rows(response, f"{edition}: income by source and spending by category, from the ledger")
    event_entries = LedgerEntry.objects.filter(event=edition.event)
    by_category = {
        row["category__name"]: row["total"]
        for row in event_entries.values("category__name").annotate(total=Sum("amount_fund"))
    }
    assert {row[0]: row[1] for row in money} == {
        name: f"{total:,.2f} USD" for name, total in by_category.items()
    }
    assert "999.00" not in page
