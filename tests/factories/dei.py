"""Factories of the DEI work. Checklists are opened through the service, as the
workshop's page opens them, so they always come from a template version."""

from dei.enums import DiscTier, ItemStatus
from dei.models import DiscItem
from dei.services.checklists import checklist_item_update
from tests.factories.workshops import funded_proposal, held_workshop, open_call

ESSENTIALS = ("code-of-conduct", "accessible-venue", "pronouns")
STRETCH = ("captioning",)


def commitments(*slugs):
    return list(DiscItem.objects.filter(slug__in=slugs))


def workshop_committed(*, chair, by, held=False, call=None, slugs=ESSENTIALS + STRETCH, **kw):
    """A funded workshop whose organisers committed to `slugs` in their proposal
    (held last week when `held`)."""
    call = call or open_call(by=chair)
    make = held_workshop if held else funded_proposal
    return make(call, chair=chair, by=by, disc_items=commitments(*slugs), **kw)


def item_of(checklist, slug):
    return checklist.items.get(template_item__disc_item__slug=slug)


def plan_meeting_the_rule(checklist, *, by):
    """Every essential item planned and one stretch item planned."""
    for item in checklist.items.select_related("template_item"):
        if item.template_item.tier == DiscTier.ESSENTIAL and item.status == ItemStatus.OPEN:
            checklist_item_update(item=item, by=by, status=ItemStatus.PLANNED)
    stretch = checklist.items.filter(template_item__tier=DiscTier.STRETCH).first()
    checklist_item_update(item=stretch, by=by, status=ItemStatus.PLANNED)
    return checklist


def settle_everything(checklist, *, by):
    """After the event: each planned item done, so the summary may be filed."""
    for item in checklist.items.filter(status=ItemStatus.PLANNED):
        checklist_item_update(item=item, by=by, status=ItemStatus.DONE, evidence="Done.")
