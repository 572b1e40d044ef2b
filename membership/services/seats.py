"""Seats on bodies, and the portal roles that follow from them."""

from calendar import monthrange
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cwg_portal import registry
from cwg_portal.notifications import notify
from cwg_portal.roles import Role
from membership.enums import SeatRole
from membership.models import Body, Membership
from membership.services import role_grant, role_revoke


def _roles_of_seat(membership):
    """A member's seat gives the body's role; the chair's gives the chair role,
    which the permission predicates already treat as including membership."""
    body = membership.body
    if membership.role == SeatRole.CHAIR and body.chair_role:
        return {body.chair_role}
    return {body.portal_role} if body.portal_role else set()


def roles_from_seats(user, *, on=None):
    """The portal roles a user's current seats grant."""
    seats = Membership.objects.current(on).filter(person__user=user).select_related("body")
    return set().union(*(_roles_of_seat(seat) for seat in seats))


def seat_managed_roles():
    """Roles that come from seats; others (finance or events staff, admin,
    community) are granted by other means and never taken by a seat's end."""
    roles = set()
    for portal_role, chair_role in Body.objects.values_list("portal_role", "chair_role"):
        roles |= {portal_role, chair_role} - {""}
    return roles


def roles_sync(*, user, on=None):
    """Grant what the user's seats and the apps' role sources (staff engagements)
    give; remove the roles they manage that none of them gives any more."""
    on = on or timezone.localdate()
    wanted = roles_from_seats(user, on=on)
    managed = seat_managed_roles()
    for source in registry.role_sources():
        if source.manages(user):
            managed.add(source.role)
            if source.grants(user, on):
                wanted.add(source.role)
    for role in wanted:
        role_grant(user=user, role=Role(role))
    for role in managed - wanted:
        role_revoke(user=user, role=Role(role))


@transaction.atomic
def membership_start(
    *, person, body, role=SeatRole.MEMBER, starts_on=None, ends_on=None, election=None
):
    """Seat a person; the term's end follows the body's term length unless given.

    Side effects: the person's account gets the roles the seat grants.
    """
    starts_on = starts_on or timezone.localdate()
    if ends_on is None and body.term_months:
        ends_on = _add_months(starts_on, body.term_months)
    if Membership.objects.current(starts_on).filter(person=person, body=body, role=role).exists():
        raise ValidationError(f"{person} already holds this seat on {body}.")
    membership = Membership(
        person=person, body=body, role=role, starts_on=starts_on, ends_on=ends_on, election=election
    )
    membership.full_clean()
    membership.save()
    if person.user_id:
        roles_sync(user=person.user, on=starts_on)
    return membership


@transaction.atomic
def membership_end(*, membership, left_on=None, reason):
    """End a seat (it stays in the history). Side effects: removes the roles the
    person held only through this seat."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on:
        return membership
    membership.left_on = left_on or timezone.localdate()
    membership.reason_for_leaving = reason
    membership.full_clean()
    membership.save(update_fields=["left_on", "reason_for_leaving"])
    if membership.person.user_id:
        roles_sync(user=membership.person.user)
    return membership


def memberships_expire(*, today=None):
    """End every seat whose term ended before today; safe to run any number of times."""
    today = today or timezone.localdate()
    ended = Membership.objects.filter(left_on__isnull=True, ends_on__lt=today)
    count = 0
    for membership in ended.select_related("person__user"):
        membership_end(membership=membership, left_on=membership.ends_on, reason="Term ended")
        count += 1
    return count


def terms_ending_remind(*, today=None, within_days=60):
    """Tell each person whose term ends within `within_days`, and their body's
    chair, once per term; a second run on any day tells nobody again."""
    today = today or timezone.localdate()
    ending = Membership.objects.current(on=today).filter(
        ends_on__lte=today + timedelta(days=within_days)
    )
    told = 0
    for seat in ending.select_related("person__user", "body"):
        told += len(
            notify(
                "membership.term_ending",
                about=seat,
                key=f"{seat.pk}:{seat.ends_on}",
                url=seat.body.get_absolute_url(),
                membership=seat,
            )
        )
    return told


def _add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))
