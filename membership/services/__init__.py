"""Writes of the membership app: people and the portal roles they hold."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction

from cwg_portal.roles import Role
from cwg_portal.uploads import image_without_metadata
from membership.models import Person
from membership.validators import photo_kind


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
def person_photo_set(*, person, upload):
    """Keep a PNG or JPEG upload as the person's photo, in private storage,
    encoded again without its metadata (a phone's photo carries where it was taken).

    Side effects: writes the file; once the transaction commits, deletes the
    photo it replaces.
    """
    kind = photo_kind(upload)
    photo = image_without_metadata(upload, kind)
    replaced = person.photo.name
    person.photo.save(f"{secrets.token_hex(16)}.{kind.extension}", photo, save=False)
    person.save(update_fields=["photo", "updated_at"])
    _delete_on_commit(person.photo.storage, replaced)
    return person


@transaction.atomic
def person_photo_remove(*, person):
    """Take the person's photo away; its file is deleted once the transaction commits."""
    removed = person.photo.name
    person.photo = ""
    person.save(update_fields=["photo", "updated_at"])
    _delete_on_commit(person.photo.storage, removed)
    return person


def _delete_on_commit(storage, name):
    # A rollback would leave the row pointing at the old file: delete it only after.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


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
