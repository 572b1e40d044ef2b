"""Registration figures: entered by the members and the staff engaged on the
edition, imported from a CSV whole or not at all."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conferences.models import RegistrationCount, TicketType
from conferences.selectors import registrations_by_day
from conferences.services.registrations import registration_record, registrations_import
from cwg_portal.roles import Role
from tests.factories.conferences import EditionFactory
from tests.factories.events import engaged_staff
from tests.factories.membership import UserFactory
from tests.pages import form_errors, page_messages, rows

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 3, 1)


@pytest.fixture
def edition():
    edition = EditionFactory(year=2031)
    TicketType.objects.create(edition=edition, name="Regular", price=Decimal("400.00"))
    TicketType.objects.create(edition=edition, name="Student", price=Decimal("50.00"))
    return edition


def test_staff_engaged_on_the_edition_enter_its_figures(edition):
    staff = engaged_staff(edition.event)
    regular = edition.ticket_types.get(name="Regular")

    registration_record(
        edition=edition, ticket_type=regular, on=DAY, count=10, first_time=4, by=staff
    )
    registration_record(
        edition=edition, ticket_type=regular, on=DAY, count=12, first_time=5, by=staff
    )

    assert list(RegistrationCount.objects.values_list("count", "first_time")) == [(12, 5)]


def test_staff_engaged_elsewhere_enter_nothing(edition):
    staff = engaged_staff()

    with pytest.raises(PermissionDenied):
        registration_record(
            edition=edition,
            ticket_type=edition.ticket_types.first(),
            on=DAY,
            count=1,
            by=staff,
        )


def test_the_days_add_up_with_revenue_and_a_running_total(edition):
    member = UserFactory(roles=[Role.CWG_MEMBER])
    content = (
        "date,ticket,count,first_time\n"
        "2031-03-01,Regular,10,4\n2031-03-01,Student,20,15\n2031-03-02,Regular,5,1\n"
    )

    registrations_import(edition=edition, content=content, by=member)

    assert registrations_by_day(edition) == [
        {"on": DAY, "count": 30, "first_time": 19, "revenue": Decimal("5000.00"), "cumulative": 30},
        {
            "on": datetime.date(2031, 3, 2),
            "count": 5,
            "first_time": 1,
            "revenue": Decimal("2000.00"),
            "cumulative": 35,
        },
    ]


def test_a_file_with_bad_lines_imports_nothing_and_names_each(edition):
    member = UserFactory(roles=[Role.CWG_MEMBER])
    content = (
        "date,ticket,count,first_time\n"
        "2031-03-01,Regular,10,4\n2031-03-01,VIP,2,0\n2031-13-01,Student,x,0\n"
    )

    with pytest.raises(ValidationError) as refused:
        registrations_import(edition=edition, content=content, by=member)

    assert refused.value.messages == [
        "line 3: no ticket type “VIP” in this edition",
        "line 4: count “x” is not a whole number",
    ]
    assert RegistrationCount.objects.count() == 0


def test_the_import_page_shows_the_bad_lines(client, edition):
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))
    upload = SimpleUploadedFile("figures.csv", b"date,ticket,count,first_time\nsoon,Regular,1,0\n")

    response = client.post(f"/jupytercon/{edition.year}/registrations/import/", {"file": upload})

    assert form_errors(response) == [
        "line 2: “soon” is not a date (write YYYY-MM-DD or MM/DD/YYYY)"
    ]


def test_the_page_lists_the_figures_entered(client, edition):
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))
    regular = edition.ticket_types.get(name="Regular")

    response = client.post(
        f"/jupytercon/{edition.year}/registrations/record/",
        {"ticket_type": regular.pk, "on": "2031-03-01", "count": "3", "first_time": "1"},
        follow=True,
    )

    assert page_messages(response) == ["The figures are recorded."]
    assert rows(response, "Registrations by date") == [
        ["2031-03-01", "3", "1", "1,200.00 USD", "3"]
    ]


def test_the_chart_draws_this_edition_against_the_previous(client, edition):
    previous = EditionFactory(year=2030)
    edition.previous = previous
    edition.save()
    member = UserFactory(roles=[Role.CWG_MEMBER])
    old = TicketType.objects.create(edition=previous, name="Regular", price=Decimal("300.00"))
    registration_record(
        edition=previous, ticket_type=old, on=datetime.date(2030, 3, 1), count=8, by=member
    )
    registration_record(
        edition=edition, ticket_type=edition.ticket_types.first(), on=DAY, count=5, by=member
    )
    client.force_login(member)

    page = client.get(f"/jupytercon/{edition.year}/registrations/").content.decode()

    assert re.findall(r'class="chart__line chart__line--(\w+)"', page) == ["current", "previous"]
