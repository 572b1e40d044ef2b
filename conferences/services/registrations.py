"""Registration figures: ticket types, counts per day entered by hand or from a
CSV file, which is imported whole or not at all."""

import csv
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from budget.services.imports import parse_date
from conferences.models import RegistrationCount, TicketType
from conferences.services import require

COLUMNS = ("date", "ticket", "count", "first_time")


def _require_registrations(user, edition):
    if not user.has_perm("conferences.enter_registrations", edition):
        raise PermissionDenied


@transaction.atomic
def ticket_type_add(*, edition, name, price, by):
    require(by, "conferences.manage_edition")
    ticket = TicketType(edition=edition, name=name, price=price)
    ticket.full_clean()
    ticket.save()
    return ticket


@transaction.atomic
def registration_record(*, edition, ticket_type, on, count, by, first_time=0):
    """Enter a day's figures for a ticket type, replacing any entered before."""
    _require_registrations(by, edition)
    if ticket_type.edition_id != edition.pk:
        raise ValidationError({"ticket_type": "Choose a ticket type of this edition."})
    row = RegistrationCount.objects.filter(ticket_type=ticket_type, on=on).first()
    row = row or RegistrationCount(ticket_type=ticket_type, on=on)
    row.count, row.first_time, row.entered_by = count, first_time, by
    row.full_clean()
    row.save()
    return row


def _whole_number(text, name):
    if not text.strip().isdigit():
        raise ValueError(f"{name} “{text}” is not a whole number")
    return int(text)


def _parse(content, tickets):
    """[(line, ticket type, day, count, first time)] and every bad line's reason."""
    reader = csv.DictReader(io.StringIO(content))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        return [], [f"the header lacks {', '.join(sorted(missing))}"]
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        try:
            ticket = tickets.get((raw["ticket"] or "").strip())
            if ticket is None:
                raise ValueError(f"no ticket type “{raw['ticket']}” in this edition")
            count = _whole_number(raw["count"] or "", "count")
            first = _whole_number(raw["first_time"] or "0", "first_time")
            if first > count:
                raise ValueError("first_time is more than count")
            rows.append((line, ticket, parse_date(raw["date"] or ""), count, first))
        except ValueError as error:
            errors.append(f"line {line}: {error}")
    return rows, errors


@transaction.atomic
def registrations_import(*, edition, content, by):
    """Import a CSV of `date,ticket,count,first_time` rows. Any bad line refuses
    the whole file, naming every bad line; nothing is written then."""
    _require_registrations(by, edition)
    tickets = {ticket.name: ticket for ticket in edition.ticket_types.all()}
    rows, errors = _parse(content, tickets)
    if errors:
        raise ValidationError(errors)
    for _line, ticket, day, count, first in rows:
        registration_record(
            edition=edition, ticket_type=ticket, on=day, count=count, first_time=first, by=by
        )
    return len(rows)
