"""Sponsor tiers and sponsorships; a paid sponsorship is income in the ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from budget.selectors import categories
from budget.services.ledger import entry_post
from conferences.enums import SPONSORSHIP_CATEGORY, SPONSORSHIP_NEXT, SponsorshipStatus
from conferences.models import Sponsorship, SponsorTier
from conferences.services import require


@transaction.atomic
def tier_add(*, edition, name, price, by, benefits=""):
    require(by, "conferences.manage_edition")
    tier = SponsorTier(edition=edition, name=name, price=price, benefits=benefits)
    tier.full_clean()
    tier.save()
    return tier


@transaction.atomic
def sponsorship_create(*, edition, organisation, tier, amount, currency, by):
    """Record a sponsor, a prospect until they commit."""
    require(by, "conferences.add_sponsorship")
    if tier.edition_id != edition.pk:
        raise ValidationError({"tier": "Choose a tier of this edition."})
    sponsorship = Sponsorship(
        edition=edition,
        organisation=organisation,
        tier=tier,
        amount=amount,
        currency=currency,
        created_by=by,
    )
    sponsorship.full_clean()
    sponsorship.save()
    return sponsorship


def _locked(sponsorship):
    # Only the sponsorship row: the edition stays free for the others working on it.
    locked = Sponsorship.objects.select_for_update(of=("self",)).select_related("edition")
    return locked.get(pk=sponsorship.pk)


@transaction.atomic
def sponsorship_move(*, sponsorship, status, by):
    """Commit or invoice a sponsorship. Payment goes through `sponsorship_mark_paid`."""
    sponsorship = _locked(sponsorship)
    require(by, "conferences.move_sponsorship", sponsorship)
    allowed = set(SPONSORSHIP_NEXT[SponsorshipStatus(sponsorship.status)]) - {
        SponsorshipStatus.PAID
    }
    if status not in allowed:
        raise ValidationError(
            f"A sponsorship that is {sponsorship.get_status_display().lower()} cannot become "
            f"{dict(SponsorshipStatus.choices).get(status, status).lower()}."
        )
    sponsorship.status = status
    sponsorship.save(update_fields=["status", "updated_at"])
    return sponsorship


@transaction.atomic
def sponsorship_mark_paid(*, sponsorship, by, paid_on=None, amount_fund=None):
    """Record the sponsor's payment as income of the edition's fund, exactly once:
    the row is locked, so a second request waits and then finds it paid.

    Side effects: posts a ledger entry (and the fiscal sponsor's fee on it).
    """
    sponsorship = _locked(sponsorship)
    if sponsorship.status == SponsorshipStatus.PAID:
        return sponsorship
    require(by, "conferences.mark_sponsorship_paid", sponsorship)
    edition = sponsorship.edition
    paid_on = paid_on or timezone.localdate()
    sponsorship.ledger_entry = entry_post(
        fund=edition.fund,
        date=paid_on,
        reference=f"SPONSOR-{edition.year}-{sponsorship.pk}",
        category=categories().get(slug=SPONSORSHIP_CATEGORY),
        amount=sponsorship.amount,
        currency=sponsorship.currency,
        amount_fund=amount_fund,
        description=f"{sponsorship.tier} sponsorship of {edition}",
        event=edition.event,
        counterparty=sponsorship.organisation,
        entered_by=by,
    )
    sponsorship.status = SponsorshipStatus.PAID
    sponsorship.paid_on = paid_on
    sponsorship.save(update_fields=["ledger_entry", "status", "paid_on", "updated_at"])
    return sponsorship
