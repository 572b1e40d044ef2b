"""The events staff: who they are, their engagements, and the log of what was
said with them. An engagement in force gives the events-staff role; the role
sync (membership's, shared with body seats) grants and removes it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from events.enums import ENGAGEMENT_NEXT, EngagementStatus
from events.models import CommunicationNote, Engagement, StaffMember
from membership.services.seats import roles_sync


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def staff_member_create(*, person, organisation, role, contact="", by):
    require(by, "events.manage_staff")
    if StaffMember.objects.filter(person=person).exists():
        raise ValidationError(f"{person} is already on the staff list.")
    member = StaffMember(person=person, organisation=organisation, role=role, contact=contact)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def engagement_create(*, staff_member, events=(), by, **fields):
    """Record an engagement, planned until it is signed."""
    require(by, "events.manage_staff")
    engagement = Engagement(staff_member=staff_member, created_by=by, **fields)
    engagement.full_clean()
    engagement.save()
    engagement.events.set(events)
    _sync_roles(engagement)
    return engagement


@transaction.atomic
def engagement_move(*, engagement, status, by):
    """Sign, end or cancel an engagement. Ending it takes effect today.

    Side effects: the staff member's roles follow at once (the events-staff role
    while an engagement is in force, and no longer once none is).
    """
    require(by, "events.manage_staff")
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if status not in ENGAGEMENT_NEXT[EngagementStatus(engagement.status)]:
        raise ValidationError(
            f"An engagement that is {engagement.get_status_display().lower()} cannot become "
            f"{dict(EngagementStatus.choices).get(status, status).lower()}."
        )
    engagement.status = status
    if status == EngagementStatus.ENDED:
        engagement.ends_on = max(
            min(engagement.ends_on, timezone.localdate()), engagement.starts_on
        )
    engagement.full_clean()
    engagement.save(update_fields=["status", "ends_on", "updated_at"])
    _sync_roles(engagement)
    return engagement


def _sync_roles(engagement):
    user = engagement.staff_member.person.user
    if user is not None:
        roles_sync(user=user)


def engagements_sync(*, today=None):
    """The daily job: end the signed engagements whose last day is past, and
    bring every staff member's roles in line with the engagements in force
    today. Running it twice changes nothing more."""
    today = today or timezone.localdate()
    over = Engagement.objects.filter(status=EngagementStatus.SIGNED, ends_on__lt=today)
    ended = over.update(status=EngagementStatus.ENDED, updated_at=timezone.now())
    staff = StaffMember.objects.filter(person__user__isnull=False).select_related("person__user")
    for member in staff:
        with transaction.atomic():
            roles_sync(user=member.person.user, on=today)
    return {"ended": ended, "synced": len(staff)}


@transaction.atomic
def note_record(*, engagement, held_on, summary, kind, attendees=(), by):
    """Add a meeting or a note to the engagement's communication log."""
    require(by, "events.see_engagement", engagement)
    note = CommunicationNote(
        engagement=engagement, kind=kind, held_on=held_on, summary=summary, recorded_by=by
    )
    note.full_clean()
    note.save()
    note.attendees.set(attendees)
    return note
