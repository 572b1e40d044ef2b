"""The conflict-of-interest register, and the one question every decision asks."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from membership.models import Declaration, Recusal


def _parties(item):
    """(people, organisations) an item involves; items say so with conflict_parties()."""
    parties = getattr(item, "conflict_parties", None)
    return parties() if parties else (set(), set())


def is_conflicted(person, item, *, on=None):
    """Is this person conflicted on this object?

    Yes when they declared an interest in the item itself, when they are one of
    its parties, or when a standing declaration of theirs names one of its people
    (a close relationship) or organisations (employer, affiliation).
    """
    day = on or timezone.localdate()
    declarations = Declaration.objects.filter(person=person, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    content_type = ContentType.objects.get_for_model(item)
    if declarations.filter(content_type=content_type, object_id=item.pk).exists():
        return True
    people, organisations = _parties(item)
    if person in people:
        return True
    if declarations.filter(related_person__in=people).exists():
        return True
    declared = {
        name.strip().lower() for name in declarations.values_list("organisation", flat=True) if name
    }
    return bool(declared & {name.strip().lower() for name in organisations if name})


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
    declaration.full_clean()
    declaration.save()
    return declaration


def recusal_record(*, person, item, reason):
    """Record that a person stood aside from a decision on an item (once per item)."""
    content_type = ContentType.objects.get_for_model(item)
    recusal, _ = Recusal.objects.get_or_create(
        person=person, content_type=content_type, object_id=item.pk, defaults={"reason": reason}
    )
    return recusal
