"""Writes of the conflict-of-interest register; the question every decision asks,
is_conflicted, is in membership.selectors."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from membership.models import Declaration, Recusal
from membership.selectors import is_conflicted


@transaction.atomic
def declaration_create(
    *,
    person,
    kind,
    description,
    organisation="",
    related_person=None,
    item=None,
    starts_on=None,
    ends_on=None,
):
    declaration = Declaration(
        person=person,
        kind=kind,
        description=description,
        organisation=organisation,
        related_person=related_person,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    if item is not None:
        declaration.content_type = ContentType.objects.get_for_model(item)
        declaration.object_id = item.pk
    if ends_on is not None and ends_on < declaration.starts_on:
        raise ValidationError({"ends_on": "A declaration cannot end before it starts."})
    declaration.full_clean()
    declaration.save()
    person.__dict__.pop("_interests_in_force", None)
    return declaration


def recusal_record(*, person, item, reason):
    """Record that a person stood aside from a decision on an item (once per item)."""
    content_type = ContentType.objects.get_for_model(item)
    recusal, _ = Recusal.objects.get_or_create(
        person=person, content_type=content_type, object_id=item.pk, defaults={"reason": reason}
    )
    return recusal


def refuse_if_conflicted(*, user, item, what):
    """Stand a conflicted person aside from a decision on `item`: record the
    recusal and refuse. Call it outside the decision's transaction, whose
    rollback would otherwise take the record back."""
    person = getattr(user, "person", None)
    if person is not None and is_conflicted(person, item):
        recusal_record(person=person, item=item, reason="Conflict of interest")
        raise PermissionDenied(f"You have a conflict of interest with this {what}.")
