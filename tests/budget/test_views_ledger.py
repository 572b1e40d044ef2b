"""The ledger pages: the list of entries and its filters, posting an entry,
one entry's page, reversing and reconciling it, and who may do each."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.enums import EntrySource
from budget.models import LedgerEntry
from budget.services.ledger import entry_reconcile, entry_reverse
from cwg_portal.roles import Role
from tests.budget.books import post, select_options
from tests.factories.budget import FundFactory, category, sponsor_with_tiers
from tests.factories.events import EventFactory
from tests.pages import form_errors, heading, page_messages, rows, tables, text


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def entry_form(fund, **changes):
    return {
        "fund": fund.pk,
        "date": "2024-04-02",
        "reference": "NF-2024-0042",
        "category": category("venue").pk,
        "amount": "-1250.00",
        "currency": "",
        "amount_fund": "",
        "description": "Workshop venue deposit",
        "event": "",
        "counterparty": "Community Hall",
        **changes,
    }


# ---------------------------------------------------------------- the ledger


def test_ledger_lists_entries_with_amounts_events_and_reversal_markers(
    client, member, finance, fund
):
    event = EventFactory(title="Jupyter Widgets Sprint")
    post(fund, "NF-1", "2500.00", by=finance, description="Donation drive")
    venue = post(fund, "NF-2", "-1234.50", by=finance, slug="venue", event=event)
    post(
        fund,
        "NF-3",
        "200.00",
        by=finance,
        slug="registration",
        currency="EUR",
        amount_fund=Decimal("216.00"),
    )
    entry_reverse(entry=venue, entered_by=finance, reason="Wrong fund", date=venue.date)
    entry_reconcile(entry=LedgerEntry.objects.get(reference="NF-1"), reconciled_by=finance)
    client.force_login(member)

    response = client.get("/budget/ledger/")

    assert rows(response, "Ledger entries") == [
        [
            "2024-03-15",
            "NF-2-REV",
            "Reversal of NF-2: Wrong fund",
            "Venue",
            "1,234.50 USD",
            "1,234.50 USD",
            "Jupyter Widgets Sprint",
            "No",
            "reverses NF-2",
        ],
        ["2024-03-15", "NF-3", "", "Registrations", "200.00 EUR", "216.00 USD", "", "No", ""],
        [
            "2024-03-15",
            "NF-2",
            "",
            "Venue",
            "-1,234.50 USD",
            "-1,234.50 USD",
            "Jupyter Widgets Sprint",
            "No",
            "reversed by NF-2-REV",
        ],
        [
            "2024-03-15",
            "NF-1",
            "Donation drive",
            "Donations",
            "2,500.00 USD",
            "2,500.00 USD",
            "",
            "Yes",
            "",
        ],
    ]


def test_ledger_filters_by_fund_category_dates_and_reconciliation(client, member, finance, fund):
    other = FundFactory(slug="other-fund")
    post(fund, "IN-MARCH", "100.00", by=finance)
    post(fund, "IN-MAY", "300.00", by=finance, day=datetime.date(2024, 5, 2))
    post(fund, "VENUE-MAY", "-50.00", by=finance, slug="venue", day=datetime.date(2024, 5, 3))
    post(other, "ELSEWHERE", "75.00", by=finance, day=datetime.date(2024, 5, 4))
    entry_reconcile(entry=LedgerEntry.objects.get(reference="IN-MAY"), reconciled_by=finance)
    client.force_login(member)

    by_fund_and_date = client.get(
        "/budget/ledger/", {"fund": fund.slug, "date_from": "2024-05-01", "date_to": "2024-05-31"}
    )
    by_category = client.get("/budget/ledger/", {"category": "donation"})
    unreconciled = client.get("/budget/ledger/", {"fund": fund.slug, "reconciled": "false"})

    def references(response):
        return [row[1] for row in rows(response, "Ledger entries")]

    assert references(by_fund_and_date) == ["VENUE-MAY", "IN-MAY"]
    assert references(by_category) == ["ELSEWHERE", "IN-MAY", "IN-MARCH"]
    assert references(unreconciled) == ["VENUE-MAY", "IN-MARCH"]


def test_ledger_with_an_unknown_fund_shows_the_filter_error_and_no_rows(client, member, fund):
    client.force_login(member)

    response = client.get("/budget/ledger/", {"fund": "no-such-fund"})

    assert form_errors(response) == [
        "Fund: Select a valid choice. That choice is not one of the available choices."
    ]
    assert "Ledger entries" not in tables(response)


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.COUNCIL, Role.EVENTS_STAFF])
def test_ledger_is_refused_to_those_who_do_not_keep_or_read_the_books(client, user_with_role, role):
    client.force_login(user_with_role(role))

    response = client.get("/budget/ledger/")

    assert (response.status_code, heading(response)) == (403, "You may not open this page")


@pytest.mark.parametrize("size", [1, 3])
def test_ledger_query_count_is_independent_of_size(
    size, client, member, finance, fund, django_assert_num_queries
):
    event = EventFactory()
    for number in range(size):
        entry = post(fund, f"NF-{number}", "10.00", by=finance, event=event)
        entry_reverse(entry=entry, entered_by=finance, reason="Duplicate")
        entry_reconcile(entry=entry, reconciled_by=finance)
    client.force_login(member)

    with django_assert_num_queries(11):
        response = client.get("/budget/ledger/")

    assert len(rows(response, "Ledger entries")) == 2 * size


def test_ledger_paginates_by_fifty(client, member, finance, fund):
    for number in range(51):
        post(fund, f"NF-{number:03d}", "1.00", by=finance)
    client.force_login(member)

    first = client.get("/budget/ledger/")
    second = client.get("/budget/ledger/", {"page": 2})

    assert len(rows(first, "Ledger entries")) == 50
    assert [row[1] for row in rows(second, "Ledger entries")] == ["NF-000"]
    assert "Page 2 of 2 (51 in all)" in text(second)


# ---------------------------------------------------------------- posting entries


def test_finance_posts_an_entry_and_it_appears_in_the_ledger(client, finance, fund):
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund), follow=True)

    entry = LedgerEntry.objects.get()
    assert response.redirect_chain == [(f"/budget/ledger/{entry.pk}/", 302)]
    assert page_messages(response) == ["Entry NF-2024-0042 was posted."]
    assert (
        entry.fund,
        entry.date,
        entry.category.slug,
        entry.amount,
        entry.currency,
        entry.amount_fund,
        entry.counterparty,
        entry.entered_by,
        entry.source,
    ) == (
        fund,
        datetime.date(2024, 4, 2),
        "venue",
        Decimal("-1250.00"),
        "USD",
        Decimal("-1250.00"),
        "Community Hall",
        finance,
        EntrySource.MANUAL,
    )
    ledger = client.get("/budget/ledger/")
    assert [row[1] for row in rows(ledger, "Ledger entries")] == ["NF-2024-0042"]


def test_entry_in_another_currency_without_the_fund_amount_shows_the_service_message(
    client, finance, fund
):
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund, currency="EUR"))

    assert response.status_code == 200
    assert form_errors(response) == [
        "Amount in the fund's currency: Give the amount in USD: the entry is in EUR."
    ]
    assert LedgerEntry.objects.count() == 0


def test_entry_with_a_reference_the_fund_has_shows_the_message_and_posts_nothing(
    client, finance, fund
):
    post(fund, "NF-2024-0042", "10.00", by=finance)
    client.force_login(finance)

    response = client.post("/budget/ledger/new/", entry_form(fund))

    assert form_errors(response) == ["This fund already has an entry with this reference."]
    assert LedgerEntry.objects.count() == 1


def test_entry_form_offers_no_category_the_portal_posts_itself(client, finance, fund):
    client.force_login(finance)

    response = client.get("/budget/ledger/new/")

    assert "Fiscal sponsor's fee" not in select_options(response, "category")
    assert "Donations" in select_options(response, "category")


@pytest.mark.parametrize("role", [Role.CWG_MEMBER, Role.CWG_CHAIR, Role.COUNCIL])
def test_entry_posting_is_refused_to_all_but_finance_and_writes_nothing(
    client, user_with_role, role, fund
):
    client.force_login(user_with_role(role))

    response = client.post("/budget/ledger/new/", entry_form(fund))

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 0


# ---------------------------------------------------------------- one entry


def test_entry_page_shows_every_field_who_entered_it_and_no_edit_or_delete(
    client, member, finance, fund
):
    entry = post(
        fund,
        "NF-7",
        "300.00",
        by=finance,
        slug="registration",
        currency="EUR",
        amount_fund=Decimal("324.00"),
        counterparty="Ticket sales",
    )
    client.force_login(member)

    response = client.get(f"/budget/ledger/{entry.pk}/")

    page = text(response)
    assert heading(response) == "Entry NF-7"
    for fact in (
        "Fund Jupyter community fund",
        "Amount 300.00 EUR",
        "Rate 1.08000000",
        "Amount in the fund's currency 324.00 USD",
        "Counterparty Ticket sales",
        "Source Entered by hand",
        f"Entered by finance-staff-user, {timezone.localtime(entry.entered_at):%Y-%m-%d %H:%M}",
        "Reconciled Not yet",
    ):
        assert fact in page
    assert "Edit" not in page
    assert "Delete" not in page
    assert "Reverse" not in page  # a member reads; only finance staff reverse


def test_entry_page_links_an_income_entry_and_the_sponsor_fee_both_ways(client, finance, fund):
    sponsor_with_tiers(name="LF Charities", starts_on=datetime.date(2024, 1, 1))
    income = post(fund, "NF-1", "1000.00", by=finance)
    fee = LedgerEntry.objects.get(fee_for=income)
    client.force_login(finance)

    income_page = client.get(f"/budget/ledger/{income.pk}/")
    fee_page = client.get(f"/budget/ledger/{fee.pk}/")

    assert "Sponsor's fee NF-1-FEE (-90.00 USD)" in text(income_page)
    assert f'href="/budget/ledger/{fee.pk}/"' in income_page.content.decode()
    assert "Fee for NF-1" in text(fee_page)
    assert "Source Fiscal sponsor's fee" in text(fee_page)


def test_reverse_posts_exactly_one_reversal_and_both_pages_link_each_other(client, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(finance)

    response = client.post(
        f"/budget/ledger/{entry.pk}/reverse/",
        {"reason": "Posted to the wrong fund", "date": "2024-03-20"},
        follow=True,
    )

    reversal = LedgerEntry.objects.get(reverses=entry)
    assert LedgerEntry.objects.count() == 2
    assert response.redirect_chain == [(f"/budget/ledger/{entry.pk}/", 302)]
    assert page_messages(response) == ["Entry NF-9 was reversed by NF-9-REV."]
    assert (reversal.amount, reversal.date, reversal.description, reversal.source) == (
        Decimal("480.00"),
        datetime.date(2024, 3, 20),
        "Reversal of NF-9: Posted to the wrong fund",
        EntrySource.REVERSAL,
    )
    assert "Reversed by NF-9-REV" in text(response)
    assert f'href="/budget/ledger/{reversal.pk}/"' in response.content.decode()
    assert "Reverse" not in re.sub(r"Reversed by|Reversal", "", text(response))
    reversal_page = client.get(f"/budget/ledger/{reversal.pk}/")
    assert "Reverses NF-9" in text(reversal_page)
    assert f'href="/budget/ledger/{entry.pk}/"' in reversal_page.content.decode()
    assert rows(reversal_page, "History of entry NF-9-REV") == [
        [
            f"{timezone.localtime(reversal.entered_at):%Y-%m-%d %H:%M}",
            "finance-staff-user",
            "Created",
            "—",
        ]
    ]


def test_reverse_without_a_reason_shows_the_service_message_and_posts_nothing(
    client, finance, fund
):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": " ", "date": ""})

    assert form_errors(response) == ["Reason (required): Say why the entry is reversed."]
    assert LedgerEntry.objects.count() == 1


def test_reversing_an_entry_twice_is_refused_with_the_service_message(client, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    entry_reverse(entry=entry, entered_by=finance, reason="Wrong fund")
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "Again"})

    assert form_errors(response) == ["This entry has already been reversed."]
    assert LedgerEntry.objects.count() == 2


def test_reverse_is_refused_to_a_member(client, member, finance, fund):
    entry = post(fund, "NF-9", "-480.00", by=finance, slug="travel")
    client.force_login(member)

    response = client.post(f"/budget/ledger/{entry.pk}/reverse/", {"reason": "Mine"})

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 1


def test_mark_reconciled_records_who_and_shows_it(client, finance, fund):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(finance)

    response = client.post(f"/budget/ledger/{entry.pk}/reconcile/", follow=True)

    entry.refresh_from_db()
    assert entry.reconciliation.reconciled_by == finance
    today = timezone.localdate()
    assert page_messages(response) == [f"Entry NF-5 is marked reconciled ({today:%Y-%m-%d})."]
    assert f"Reconciled Yes, by finance-staff-user on {today:%Y-%m-%d}" in text(response)
    assert "Mark reconciled" not in text(response)


def test_mark_reconciled_is_refused_to_a_member(client, member, finance, fund):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(member)

    response = client.post(f"/budget/ledger/{entry.pk}/reconcile/")

    assert response.status_code == 403
    assert not hasattr(LedgerEntry.objects.get(pk=entry.pk), "reconciliation")


def test_entry_page_answers_404_to_someone_who_cannot_read_the_ledger(
    client, community, finance, fund
):
    entry = post(fund, "NF-5", "100.00", by=finance)
    client.force_login(community)

    response = client.get(f"/budget/ledger/{entry.pk}/")

    assert (response.status_code, heading(response)) == (404, "Page not found")
