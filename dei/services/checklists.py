"""The DEI checklist of each event: opened from the current template version
with the organisers' commitments planned, worked item by item, signed off by
the DEI committee."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwg_portal.roles import is_dei_committee
from dei import selectors
from dei.enums import CHECKLIST_EVENT_KINDS, ChecklistStatus, ItemStatus
from dei.models import Checklist, ChecklistItem, ChecklistTemplate, DiscItem, TemplateItem
from events.enums import EventStatus
from events.selectors import events
from workshops.selectors import disc_commitments_of_event


def _as_listed(rows):
    return [(row.disc_item_id, row.text, row.tier, row.theme) for row in rows]


@transaction.atomic
def template_current():
    """The template version matching the DISC items in use, made when the items
    changed since the last version (a later version never alters an earlier one).

    Side effects: may create a template version and its items.
    """
    latest = ChecklistTemplate.objects.select_for_update().order_by("-number").first()
    in_use = [
        TemplateItem(
            disc_item_id=item.pk,
            text=item.text,
            tier=item.tier,
            theme=item.theme,
            position=position,
        )
        for position, item in enumerate(DiscItem.objects.in_use(), start=1)
    ]
    if latest is not None and _as_listed(latest.items.all()) == _as_listed(in_use):
        return latest
    template = ChecklistTemplate.objects.create(number=latest.number + 1 if latest else 1)
    for item in in_use:
        item.template = template
    TemplateItem.objects.bulk_create(in_use)
    return template


def checklist_ensure(*, event):
    """The event's checklist, opened now if it has none: from the current template,
    with the DISC items its workshop proposal committed to marked planned.

    Idempotent; two callers at the same moment get the same checklist.
    """
    found = selectors.checklist_of_event(event)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            template = template_current()
            checklist = Checklist.objects.create(event=event, template=template)
            committed = disc_commitments_of_event(event)
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    checklist=checklist,
                    template_item=item,
                    status=ItemStatus.PLANNED
                    if item.disc_item_id in committed
                    else ItemStatus.OPEN,
                )
                for item in template.items.all()
            )
    except IntegrityError:
        # Opened by another request meanwhile.
        pass
    return selectors.checklist_of_event(event)


@transaction.atomic
def checklist_item_update(*, item, by, status, owner=None, evidence="", reason=""):
    """Record where one item stands: planned, done or not applicable (with the
    reason), who sees to it and the evidence. Side effects: a history row."""
    item = (
        ChecklistItem.objects.select_for_update().select_related("checklist__event").get(pk=item.pk)
    )
    if not by.has_perm("dei.work_checklist", item.checklist):
        raise PermissionDenied
    if owner is not None and not item.checklist.event.organisers.filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "The owner is one of the event's organisers."})
    item.status = status
    item.owner = owner
    item.evidence = evidence.strip()
    item.reason = reason.strip() if status == ItemStatus.NOT_APPLICABLE else ""
    item.updated_by = by
    item.updated_at = timezone.now()
    item.full_clean(exclude=["checklist", "template_item"])
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def checklist_sign_off(*, checklist, by):
    """The DEI committee accepts the event's plan. Claims its workshop's call holds
    for the sign-off may then be paid. Side effects: records who and when."""
    checklist = Checklist.objects.select_for_update().select_related("event").get(pk=checklist.pk)
    if checklist.status == ChecklistStatus.SIGNED_OFF and is_dei_committee(by):
        return checklist
    refusal = selectors.sign_off_refusal(by, checklist)
    if refusal:
        if not by.has_perm("dei.sign_off_checklist", checklist):
            raise PermissionDenied(refusal)
        raise ValidationError(refusal)
    checklist.status = ChecklistStatus.SIGNED_OFF
    checklist.signed_off_by = by
    checklist.signed_off_at = timezone.now()
    checklist.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    return checklist


def checklists_open(*, today=None):
    """Open the checklist of every workshop and JupyterCon edition still to come
    or under way, so the committee follows them before anyone opens their pages.
    Idempotent; returns how many were opened."""
    today = today or timezone.localdate()
    waiting = (
        events()
        .filter(kind__in=CHECKLIST_EVENT_KINDS, end_date__gte=today, dei_checklist__isnull=True)
        .exclude(status=EventStatus.CANCELLED)
    )
    opened = 0
    for event in waiting:
        checklist_ensure(event=event)
        opened += 1
    return opened
