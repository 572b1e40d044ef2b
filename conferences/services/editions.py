"""Editions, their partners, milestones and the strategic decisions about them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from conferences.enums import EDITION_NEXT, EditionStatus, MilestoneStatus
from conferences.models import (
    ChecklistItem,
    Edition,
    EditionSummary,
    Lesson,
    Milestone,
    Partnership,
    SponsorTier,
    StrategicDecision,
)
from conferences.services import require
from cwg_portal.notifications import notify
from dei.impact import DEI_IMPACT_FIELDS
from events.enums import EventKind, EventStatus
from events.services import event_create, event_update

# What the edition's event is while the edition is in each state.
EVENT_STATUS = {
    EditionStatus.PLANNING: EventStatus.PLANNING,
    EditionStatus.ANNOUNCED: EventStatus.ANNOUNCED,
    EditionStatus.REGISTRATION_OPEN: EventStatus.ANNOUNCED,
    EditionStatus.HELD: EventStatus.COMPLETED,
    EditionStatus.CLOSED: EventStatus.COMPLETED,
}


@transaction.atomic
def edition_create(*, year, name, fund, by, previous=None, event=None, **event_fields):
    """Create an edition in planning, with its event (`event_fields`: dates and
    place), or for a JupyterCon event planned before the edition was recorded.

    Side effects: creates the event; when `previous` is given, copies its
    milestones (open again, their dates shifted by the gap between the two
    editions) and its sponsor tiers.
    """
    require(by, "conferences.manage_edition")
    if Edition.objects.filter(year=year).exists():
        raise ValidationError({"year": f"There is already an edition in {year}."})
    if previous is not None and Edition.objects.filter(previous=previous).exists():
        raise ValidationError({"previous": f"{previous} already has a next edition."})
    if event is None:
        event = event_create(
            title=name, kind=EventKind.JUPYTERCON, status=EventStatus.PLANNING, **event_fields
        )
    edition = Edition(
        year=year, name=name, event=event, fund=fund, previous=previous, created_by=by
    )
    edition.full_clean()
    edition.save()
    if previous is not None:
        _carry_over(previous, edition)
    return edition


def _carry_over(previous, edition):
    gap = edition.event.start_date - previous.event.start_date
    Milestone.objects.bulk_create(
        Milestone(edition=edition, title=m.title, owner=m.owner, due_on=m.due_on + gap)
        for m in previous.milestones.all()
    )
    SponsorTier.objects.bulk_create(
        SponsorTier(edition=edition, name=t.name, price=t.price, benefits=t.benefits)
        for t in previous.tiers.all()
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(edition=edition, lesson=lesson) for lesson in previous.lessons.all()
    )


# A retrospective looks back on an edition that took place.
RETROSPECTIVE_STATES = (EditionStatus.HELD, EditionStatus.CLOSED)


@transaction.atomic
def lesson_record(*, edition, text, by):
    """Add a lesson to the edition's retrospective. Side effects: it becomes an
    item of the next edition's checklist, at once if that edition exists, or
    when it is created."""
    require(by, "conferences.manage_edition")
    if edition.status not in RETROSPECTIVE_STATES:
        raise ValidationError("The retrospective comes once the edition is held.")
    lesson = Lesson(edition=edition, text=text, recorded_by=by)
    lesson.full_clean()
    lesson.save()
    following = Edition.objects.filter(previous=edition).first()
    if following is not None:
        ChecklistItem.objects.create(edition=following, lesson=lesson)
    return lesson


@transaction.atomic
def checklist_item_done(*, item, by):
    require(by, "conferences.manage_edition")
    ChecklistItem.objects.filter(pk=item.pk).update(done=True)
    item.done = True
    return item


@transaction.atomic
def edition_advance(*, edition, by):
    """Move the edition to its next state; its event follows."""
    require(by, "conferences.manage_edition")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    following = EDITION_NEXT.get(EditionStatus(edition.status))
    if following is None:
        raise ValidationError(f"{edition} is closed: nothing follows.")
    edition.status = following
    edition.save(update_fields=["status"])
    event_update(event=edition.event, status=EVENT_STATUS[following])
    return edition


@transaction.atomic
def partnership_add(*, edition, by, **fields):
    require(by, "conferences.manage_edition")
    partnership = Partnership(edition=edition, **fields)
    partnership.full_clean()
    partnership.save()
    return partnership


@transaction.atomic
def milestone_add(*, edition, title, due_on, by, owner=None):
    require(by, "conferences.manage_edition")
    milestone = Milestone(edition=edition, title=title, due_on=due_on, owner=owner)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, milestone, by, on=None):
    """Mark a milestone done; marking it again keeps the first date."""
    require(by, "conferences.manage_edition")
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.status != MilestoneStatus.DONE:
        milestone.status = MilestoneStatus.DONE
        milestone.done_on = on or timezone.localdate()
        milestone.save(update_fields=["status", "done_on"])
    return milestone


def milestones_overdue_notify(*, today=None):
    """Tell each overdue milestone's owner and the chair, once per due date."""
    today = today or timezone.localdate()
    overdue = Milestone.objects.filter(status=MilestoneStatus.OPEN, due_on__lt=today)
    told = 0
    for milestone in overdue.select_related("edition", "owner__user"):
        with transaction.atomic():
            told += len(
                notify(
                    "conferences.milestone_overdue",
                    about=milestone,
                    key=f"{milestone.pk}:{milestone.due_on}",
                    url=milestone.get_absolute_url(),
                    milestone=milestone,
                )
            )
    return told


@transaction.atomic
def decision_record(*, by, edition=None, **fields):
    """Record a strategic decision about one edition, or about JupyterCon as a whole."""
    require(by, "conferences.record_decision")
    decision = StrategicDecision(edition=edition, recorded_by=by, **fields)
    decision.full_clean()
    decision.save()
    return decision


SUMMARY_FIELDS = ("attendance_total", "first_time_attendees", "outcomes", *DEI_IMPACT_FIELDS)


@transaction.atomic
def edition_summary_file(*, edition, by, **fields):
    """File the edition's summary once it is held, or correct it: one per edition."""
    require(by, "conferences.manage_edition")
    unknown = set(fields) - set(SUMMARY_FIELDS)
    if unknown:
        raise ValueError(f"Not summary fields: {', '.join(sorted(unknown))}")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status not in (EditionStatus.HELD, EditionStatus.CLOSED):
        raise ValidationError("An edition's summary is filed once the edition is held.")
    summary = EditionSummary.objects.filter(edition=edition).first() or EditionSummary(
        edition=edition, filed_by=by
    )
    for name, value in fields.items():
        setattr(summary, name, value)
    summary.full_clean()
    summary.save()
    return summary
