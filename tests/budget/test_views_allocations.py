"""The allocation pages: the list with what was spent and what remains, the
form and its refusals, one allocation's page and history, closing and
cancelling, and who may decide."""

import datetime
from decimal import Decimal

import pytest

from budget.enums import AllocationStatus
from budget.models import Allocation
from budget.services.allocations import allocation_close
from budget.services.claims import claim_reject
from cwg_portal.roles import Role
from tests.budget.books import post, submit
from tests.factories.budget import AllocationFactory
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.pages import form_errors, page_messages, rows


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


# ---------------------------------------------------------------- allocations


def test_allocations_list_shows_amount_spent_remaining_and_status(client, member, finance, fund):
    allocation = AllocationFactory(fund=fund, purpose="Widgets sprint", amount=Decimal("5000"))
    post(fund, "EXP-1", "-1200.25", by=finance, slug="venue", allocation=allocation)
    AllocationFactory(
        fund=fund,
        purpose="Old workshop",
        amount=Decimal("800.00"),
        status=AllocationStatus.CLOSED,
        decided_on=datetime.date(2023, 1, 1),
    )
    client.force_login(member)

    response = client.get("/budget/allocations/")

    assert rows(response, "Allocations") == [
        [
            "Widgets sprint",
            "Jupyter community fund",
            "",
            "2024-03-01",
            "5,000.00 USD",
            "1,200.25 USD",
            "3,799.75 USD",
            "Open",
        ],
        [
            "Old workshop",
            "Jupyter community fund",
            "",
            "2023-01-01",
            "800.00 USD",
            "0.00 USD",
            "Returned: 800.00 USD",
            "Closed (unspent money returned)",
        ],
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_allocations_list_query_count_is_independent_of_size(
    size, client, member, fund, django_assert_num_queries
):
    for _ in range(size):
        AllocationFactory(fund=fund, event=EventFactory())
    client.force_login(member)

    # The fund filter's choices are one query.
    with django_assert_num_queries(9):
        response = client.get("/budget/allocations/")

    assert len(rows(response, "Allocations")) == size


def test_allocation_beyond_the_available_money_is_refused_with_the_service_message(
    client, member, finance, fund
):
    post(fund, "IN-1", "1000.00", by=finance)
    client.force_login(member)
    data = {
        "fund": fund.pk,
        "purpose": "Workshop in Nairobi",
        "event": "",
        "amount": "1500.00",
        "decided_on": "2024-04-01",
        "decision_note": "",
        "decision_url": "",
        "override_reason": "",
    }

    refused = client.post("/budget/allocations/new/", data)
    overridden = client.post(
        "/budget/allocations/new/", {**data, "override_reason": "Sponsorship is promised"}
    )

    assert form_errors(refused) == [
        "Amount: Only 1000.00 USD is available; this allocation would overspend by "
        "500.00 USD. Give a reason to allocate it anyway."
    ]
    allocation = Allocation.objects.get()
    assert overridden["Location"] == f"/budget/allocations/{allocation.pk}/"
    assert (allocation.amount, allocation.override_reason, allocation.decided_by) == (
        Decimal("1500.00"),
        "Sponsorship is promised",
        member,
    )


def test_allocation_form_shows_the_override_reason_field(client, member, fund):
    client.force_login(member)

    response = client.get("/budget/allocations/new/")

    assert '<label for="id_override_reason">Override reason:</label>' in response.content.decode()


def test_allocation_page_lists_claims_and_entries_and_closes_once_no_claim_waits(
    client, member, finance, community, fund
):
    event = EventFactory(organisers=[community.person])
    allocation = AllocationFactory(fund=fund, purpose="Widgets sprint", event=event)
    claim = submit(community, fund, event=event, allocation=allocation, description="Badges")
    post(fund, "EXP-1", "-200.00", by=finance, slug="venue", allocation=allocation)
    client.force_login(member)

    page = client.get(f"/budget/allocations/{allocation.pk}/")
    refused = client.post(f"/budget/allocations/{allocation.pk}/close/", follow=True)
    claim_reject(claim=claim, rejected_by=member, reason="Bought twice.")
    closed = client.post(f"/budget/allocations/{allocation.pk}/close/", follow=True)

    assert rows(page, "Claims against Widgets sprint") == [
        [f"Claim {claim.pk}: Badges", "community-user", "85.50 USD", "Submitted"]
    ]
    assert [row[1] for row in rows(page, "Entries against Widgets sprint")] == ["EXP-1"]
    assert page_messages(refused) == [
        "1 claim against this allocation waits: pay or reject it first."
    ]
    assert page_messages(closed) == [
        "The allocation is closed; what was not spent is available again."
    ]
    allocation.refresh_from_db()
    assert (allocation.status, allocation.closed_by) == (AllocationStatus.CLOSED, member)


def test_cancelling_an_allocation_with_spending_shows_the_service_message(
    client, member, finance, fund
):
    allocation = AllocationFactory(fund=fund)
    post(fund, "EXP-1", "-200.00", by=finance, slug="venue", allocation=allocation)
    client.force_login(member)

    response = client.post(f"/budget/allocations/{allocation.pk}/cancel/", follow=True)

    assert page_messages(response) == ["Money was spent against this allocation: close it instead."]
    assert Allocation.objects.get().status == AllocationStatus.OPEN


def test_council_reads_allocations_but_cannot_decide_them(client, user_with_role, fund):
    allocation = AllocationFactory(fund=fund)
    client.force_login(user_with_role(Role.COUNCIL))

    responses = [
        client.get("/budget/allocations/"),
        client.get("/budget/allocations/new/"),
        client.post(f"/budget/allocations/{allocation.pk}/close/"),
    ]

    assert [response.status_code for response in responses] == [200, 403, 403]
    assert Allocation.objects.get().status == AllocationStatus.OPEN


def test_allocation_page_shows_its_history_after_closing(client, db):
    member = UserFactory(username="decider", roles=[Role.CWG_MEMBER])
    allocation = AllocationFactory(purpose="Widgets sprint")
    allocation_close(allocation=allocation, by=member)
    client.force_login(member)

    response = client.get(f"/budget/allocations/{allocation.pk}/")

    latest = rows(response, "History of the allocation Widgets sprint")[0]
    assert latest[1:3] == ["decider", "Changed"]
    assert "Status: open → closed" in latest[3]
