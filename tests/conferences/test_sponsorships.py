"""Sponsorships: paid once into the ledger, whatever the number of clicks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.enums import EntrySource
from budget.models import LedgerEntry
from conferences.enums import SponsorshipStatus
from conferences.models import Sponsorship
from conferences.services.sponsorships import sponsorship_mark_paid, sponsorship_move
from cwg_portal.roles import Role
from tests.concurrency import at_the_same_moment
from tests.factories.budget import category, sponsor_with_tiers
from tests.factories.conferences import SponsorshipFactory
from tests.factories.membership import UserFactory


def test_marking_paid_records_the_income_and_the_sponsor_fee(db):
    sponsor_with_tiers(starts_on="2000-01-01")
    finance = UserFactory(roles=[Role.FINANCE_STAFF])
    sponsorship = SponsorshipFactory(organisation="Bloomberg", amount=Decimal("20000.00"))

    paid = sponsorship_mark_paid(sponsorship=sponsorship, by=finance)

    entries = LedgerEntry.objects.filter(fund=sponsorship.edition.fund).order_by("pk")
    assert [(e.category.slug, e.amount, e.counterparty) for e in entries] == [
        ("sponsorship", Decimal("20000.00"), "Bloomberg"),
        ("fiscal-sponsor-fee", Decimal("-1800.00"), entries[1].counterparty),
    ]
    assert (paid.status, paid.ledger_entry) == (SponsorshipStatus.PAID, entries[0])


def test_marking_paid_is_for_finance_staff(db):
    sponsorship = SponsorshipFactory()

    with pytest.raises(PermissionDenied):
        sponsorship_mark_paid(sponsorship=sponsorship, by=UserFactory(roles=[Role.CWG_CHAIR]))

    assert LedgerEntry.objects.count() == 0


def test_a_prospect_cannot_be_marked_paid(db):
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.PROSPECT)

    with pytest.raises(PermissionDenied):
        sponsorship_mark_paid(sponsorship=sponsorship, by=UserFactory(roles=[Role.FINANCE_STAFF]))


def test_a_prospect_commits_then_is_invoiced(db):
    member = UserFactory(roles=[Role.CWG_MEMBER])
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.PROSPECT)

    sponsorship_move(sponsorship=sponsorship, status=SponsorshipStatus.COMMITTED, by=member)
    sponsorship_move(sponsorship=sponsorship, status=SponsorshipStatus.INVOICED, by=member)

    sponsorship.refresh_from_db()
    assert sponsorship.status == SponsorshipStatus.INVOICED


def test_moving_to_paid_by_hand_is_refused(db):
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.COMMITTED)

    with pytest.raises(ValidationError):
        sponsorship_move(
            sponsorship=sponsorship,
            status=SponsorshipStatus.PAID,
            by=UserFactory(roles=[Role.FINANCE_STAFF]),
        )


@pytest.mark.django_db(transaction=True)
def test_eight_mark_paid_at_the_same_moment_record_one_ledger_entry(transactional_db):
    finance = UserFactory(username="finance", roles=[Role.FINANCE_STAFF])
    sponsorship = SponsorshipFactory()
    category("sponsorship")

    outcomes = at_the_same_moment(
        *[lambda: sponsorship_mark_paid(sponsorship=sponsorship, by=finance)] * 8
    )

    # Every request succeeds (none fails on a duplicate reference) and all name one entry.
    entry = LedgerEntry.objects.get(source=EntrySource.MANUAL)
    assert [type(outcome) for outcome in outcomes] == [Sponsorship] * 8
    assert {outcome.ledger_entry_id for outcome in outcomes} == {entry.pk}
