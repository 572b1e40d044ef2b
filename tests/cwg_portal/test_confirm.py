"""Final actions ask on a page of their own before they are taken: opening the
action's address shows what will happen and changes nothing."""

from decimal import Decimal

import pytest

from budget.enums import AllocationStatus
from cwg_portal.roles import Role
from tests.factories.budget import AllocationFactory, LedgerEntryFactory
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, draft_proposal, open_call
from tests.pages import heading, page_messages, text
from workshops.enums import ProposalStatus

pytestmark = pytest.mark.django_db


def test_opening_withdraw_asks_and_changes_nothing_then_the_button_withdraws(client):
    organiser = UserFactory(roles=[Role.COMMUNITY])
    proposal = draft_proposal(open_call(), by=organiser, title="Widgets sprint")
    client.force_login(organiser)
    url = f"/workshops/proposals/{proposal.pk}/withdraw/"

    asked = client.get(url)
    proposal.refresh_from_db()
    status_after_asking = proposal.status
    done = client.post(url, follow=True)

    assert heading(asked) == "Withdraw the proposal “Widgets sprint”?"
    assert "This cannot be undone:" in text(asked)
    assert status_after_asking == ProposalStatus.DRAFT
    assert page_messages(done) == ["Your proposal was withdrawn; the committee will not review it."]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_opening_close_of_an_allocation_shows_what_returns_to_the_fund(client):
    allocation = AllocationFactory(amount=Decimal("5000.00"))
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    asked = client.get(f"/budget/allocations/{allocation.pk}/close/")

    allocation.refresh_from_db()
    assert asked.status_code == 200
    assert "What was not spent becomes available to allocate" in text(asked)
    assert allocation.status == AllocationStatus.OPEN


def test_opening_mark_reconciled_asks_and_leaves_the_entry_waiting(client):
    entry = LedgerEntryFactory(reference="BANK-7")
    client.force_login(UserFactory(roles=[Role.FINANCE_STAFF]))

    asked = client.get(f"/budget/ledger/{entry.pk}/reconcile/")

    entry.refresh_from_db()
    assert heading(asked) == "Mark entry BANK-7 reconciled?"
    assert not hasattr(entry, "reconciliation")


def test_the_chair_is_asked_before_waiving_a_stage(client):
    the_chair = chair()
    call = open_call(by=the_chair)
    final = call.stages.get(waivable=True)
    client.force_login(the_chair)

    asked = client.get(f"/workshops/stages/{final.pk}/waive/")

    final.refresh_from_db()
    assert heading(asked) == f"Waive “{final}” of {call.title}?"
    assert final.waived is False
