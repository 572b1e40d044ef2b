"""The finance staff's API: who may do what, decimals as strings, no way to
change a posted entry (tests/test_api_fuzz.py fuzzes every operation)."""

from decimal import Decimal

import pytest
from knox.models import AuthToken

from budget.enums import AllocationStatus
from budget.models import ExpenseClaim, Fund, LedgerEntry
from cwg_portal.roles import Role
from tests.factories.budget import AllocationFactory, LedgerEntryFactory, category, upload
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

ENTRY = {
    "fund": "community",
    "date": "2026-03-01",
    "reference": "NF-1001",
    "category": "donation",
    "amount": "1250.50",
}


@pytest.fixture
def fund(db):
    return Fund.objects.create(name="Community fund", slug="community", currency="USD")


def token_for(*roles):
    _, key = AuthToken.objects.create(user=UserFactory(roles=list(roles)))
    return {"Authorization": f"Token {key}"}


def test_finance_staff_post_an_entry_and_read_it_back_with_decimal_strings(client, fund):
    headers = token_for(Role.FINANCE_STAFF)

    created = client.post(
        "/api/v1/ledger-entries/", ENTRY, headers=headers, content_type="application/json"
    )
    listed = client.get("/api/v1/ledger-entries/?fund=community", headers=headers)

    assert created.status_code == 201
    assert (created.json()["amount"], created.json()["amount_fund"]) == ("1250.50", "1250.50")
    assert [row["reference"] for row in listed.json()["results"]] == ["NF-1001"]
    assert LedgerEntry.objects.get(reference="NF-1001").amount == Decimal("1250.50")


@pytest.mark.parametrize("role", [Role.CWG_MEMBER, Role.COUNCIL, Role.COMMUNITY])
def test_only_finance_staff_post_entries(client, fund, role):
    response = client.post(
        "/api/v1/ledger-entries/", ENTRY, headers=token_for(role), content_type="application/json"
    )

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_posted_entry_cannot_be_changed_or_deleted_through_the_api(client, fund, method):
    headers = token_for(Role.FINANCE_STAFF)
    entry_id = client.post(
        "/api/v1/ledger-entries/", ENTRY, headers=headers, content_type="application/json"
    ).json()["id"]

    response = getattr(client, method)(
        f"/api/v1/ledger-entries/{entry_id}/",
        {"amount": "1.00"},
        headers=headers,
        content_type="application/json",
    )

    assert response.status_code == 405
    assert LedgerEntry.objects.get(pk=entry_id).amount == Decimal("1250.50")


def test_reverse_action_posts_the_cancelling_entry(client, fund):
    headers = token_for(Role.FINANCE_STAFF)
    entry_id = client.post(
        "/api/v1/ledger-entries/", ENTRY, headers=headers, content_type="application/json"
    ).json()["id"]

    response = client.post(
        f"/api/v1/ledger-entries/{entry_id}/reverse/",
        {"reason": "Posted twice by mistake"},
        headers=headers,
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["amount"], response.json()["reverses"]) == ("-1250.50", entry_id)
    assert client.get("/api/v1/funds/community/", headers=headers).json()["balance"] == "0.00"


def test_balances_and_spending_past_a_columns_width_are_read_to_the_cent(client, fund):
    largest = Decimal("999999999999.99")
    allocation = AllocationFactory(fund=fund, amount=largest)
    for _ in range(2):
        LedgerEntryFactory(fund=fund, category=category("donation"), amount=largest)
        LedgerEntryFactory(
            fund=fund, category=category("venue"), amount=-largest, allocation=allocation
        )
        LedgerEntryFactory(fund=fund, category=category("donation"), amount=largest)
    headers = token_for(Role.FINANCE_STAFF)

    funds = client.get("/api/v1/funds/", headers=headers).json()["results"]
    allocations = client.get("/api/v1/allocations/", headers=headers).json()["results"]

    assert [row["balance"] for row in funds] == ["1999999999999.98"]
    assert [row["spent"] for row in allocations] == ["1999999999999.98"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "12.345", "Ensure that there are no more than 2 decimal places."),
        ("amount", "lots", "A valid number is required."),
        ("category", "no-such-category", "Object with slug=no-such-category does not exist."),
        (
            "date",
            "01/03/2026",
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
    ],
)
def test_bad_entries_get_field_messages_and_change_nothing(client, fund, field, value, message):
    response = client.post(
        "/api/v1/ledger-entries/",
        {**ENTRY, field: value},
        headers=token_for(Role.FINANCE_STAFF),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert LedgerEntry.objects.count() == 0


def test_the_sponsor_fee_category_cannot_be_posted_by_hand(client, fund):
    response = client.post(
        "/api/v1/ledger-entries/",
        {**ENTRY, "category": "fiscal-sponsor-fee"},
        headers=token_for(Role.FINANCE_STAFF),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert LedgerEntry.objects.count() == 0


def claim_through_the_api(client, headers, **fields):
    values = {
        "fund": "community",
        "category": "supplies",
        "description": "Printed name badges",
        "amount": "85.50",
        "currency": "USD",
        "receipt": upload("ticket.pdf"),
    }
    return client.post("/api/v1/expense-claims/", {**values, **fields}, headers=headers)


def test_a_claim_through_the_api_against_a_closed_or_someone_elses_allocation_is_refused(
    client, fund
):
    organiser = UserFactory(roles=[Role.COMMUNITY])
    _, key = AuthToken.objects.create(user=organiser)
    headers = {"Authorization": f"Token {key}"}
    own = EventFactory(organisers=[organiser.person])
    closed = AllocationFactory(
        fund=fund, event=own, purpose="Paris sprint", status=AllocationStatus.CLOSED
    )
    someone_elses = AllocationFactory(fund=fund, event=EventFactory())

    answers = [
        claim_through_the_api(client, headers, event=own.slug, allocation=closed.pk),
        claim_through_the_api(client, headers, allocation=someone_elses.pk),
    ]

    assert [(answer.status_code, answer.json()) for answer in answers] == [
        (
            400,
            {
                "allocation": [
                    "The allocation “Paris sprint” is closed (unspent money returned): "
                    "nothing more is spent against it."
                ]
            },
        ),
        (
            400,
            {"allocation": ["You may not claim against this allocation: it is not your event's."]},
        ),
    ]
    assert ExpenseClaim.objects.count() == 0


def test_a_meals_claim_through_the_api_for_zero_days_is_refused(client, fund, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    headers = token_for(Role.COMMUNITY)

    answer = claim_through_the_api(client, headers, category="catering", meal_days=0)

    assert (answer.status_code, answer.json()) == (
        400,
        {"meal_days": ["Ensure this value is greater than or equal to 1."]},
    )
    assert ExpenseClaim.objects.count() == 0


def test_anonymous_callers_get_no_budget_data(client, fund):
    for path in (
        "/api/v1/funds/",
        "/api/v1/ledger-entries/",
        "/api/v1/expense-claims/",
        "/api/v1/allocations/",
        "/api/v1/budget-lines/",
        "/api/v1/categories/",
    ):
        response = client.get(path)

        assert response.status_code == 401, path
        assert "results" not in response.json()


def test_council_reads_no_ledger_through_the_api(client, fund):
    response = client.get("/api/v1/ledger-entries/", headers=token_for(Role.COUNCIL))

    assert response.status_code == 403


def test_a_nul_byte_in_a_slug_is_a_field_error_not_a_server_error(client, fund):
    response = client.post(
        "/api/v1/ledger-entries/",
        {**ENTRY, "category": "dona\x00tion"},
        headers=token_for(Role.FINANCE_STAFF),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"category": ["Invalid value."]}


def test_a_nul_byte_in_a_filter_is_refused_before_any_lookup(client, fund):
    response = client.get(
        "/api/v1/ledger-entries/?category=dona%00tion", headers=token_for(Role.FINANCE_STAFF)
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Parameters may not contain NUL characters."}
