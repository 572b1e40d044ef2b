"""Writes of the membership app: people and the portal roles they hold."""

from django.contrib.auth.models import Group
from django.db import transaction

from cwg_portal.roles import Role
from membership.models import Person


def person_for_user(*, user):
    """The person record of a user, created from the account on first use."""
    person = getattr(user, "person", None)
    if person is not None:
        return person
    name = user.get_full_name() or user.email.split("@")[0] or user.get_username()
    person, _ = Person.objects.get_or_create(user=user, defaults={"display_name": name})
    return person


@transaction.atomic
def person_update(*, person, **fields):
    """Change a person's profile; only the profile's own fields may be given."""
    unknown = set(fields) - {*Person.PUBLIC_FIELDS, "is_public"}
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def role_grant(*, user, role):
    """Put the user in the role's group. The admin role also opens the Django admin."""
    user.groups.add(Group.objects.get(name=Role(role).value))
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def role_revoke(*, user, role):
    """Take the role's group away; losing the admin role closes the Django admin."""
    user.groups.remove(Group.objects.get(name=Role(role).value))
    if role == Role.ADMIN and user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)
