"""Scholarships and travel grants: applications seen only by their applicant and
the members, and awards that never pass the envelope."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conferences.enums import AidKind, ApplicationStatus
from conferences.models import ScholarshipApplication
from conferences.services.scholarships import (
    application_award,
    application_decline,
    application_submit,
)
from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.concurrency import at_the_same_moment
from tests.factories.conferences import ApplicationFactory, ScholarshipCallFactory
from tests.factories.membership import UserFactory
from tests.pages import form_errors, rows, text


@pytest.fixture
def member(db):
    return UserFactory(roles=[Role.CWG_MEMBER])


def test_an_award_within_the_envelope_is_recorded(member):
    application = ApplicationFactory()

    application_award(application=application, amount=Decimal("600.00"), by=member)

    application.refresh_from_db()
    assert (application.status, application.amount_awarded) == (
        ApplicationStatus.AWARDED,
        Decimal("600.00"),
    )


def test_an_award_beyond_what_the_envelope_has_left_is_refused(member):
    call = ScholarshipCallFactory(envelope=Decimal("1000.00"))
    application_award(application=ApplicationFactory(call=call), amount=Decimal("600"), by=member)
    second = ApplicationFactory(call=call)

    with pytest.raises(ValidationError) as refused:
        application_award(application=second, amount=Decimal("500.00"), by=member)

    second.refresh_from_db()
    assert refused.value.message_dict == {
        "amount": [f"Only 400.00 USD is left in the envelope of {call.edition}."]
    }
    assert second.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_awards_decided_at_the_same_moment_stay_within_the_envelope(transactional_db):
    member = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    call = ScholarshipCallFactory(envelope=Decimal("1000.00"))
    first, second = ApplicationFactory(call=call), ApplicationFactory(call=call)

    outcomes = at_the_same_moment(
        lambda: application_award(application=first, amount=Decimal("600.00"), by=member),
        lambda: application_award(application=second, amount=Decimal("600.00"), by=member),
    )

    awarded = ScholarshipApplication.objects.filter(status=ApplicationStatus.AWARDED)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "ScholarshipApplication",
        "ValidationError",
    ]
    assert list(awarded.values_list("amount_awarded", flat=True)) == [Decimal("600.00")]


def test_a_member_does_not_decide_their_own_application(member):
    application = ApplicationFactory(applicant=member)

    with pytest.raises(PermissionDenied):
        application_decline(application=application, by=member)


def test_an_application_to_a_closed_call_is_refused(db):
    call = ScholarshipCallFactory(opens_on=date(2019, 1, 1), closes_on=date(2020, 1, 1))

    with pytest.raises(ValidationError):
        application_submit(
            call=call,
            applicant=UserFactory(),
            kind=AidKind.SCHOLARSHIP,
            need="Ticket",
            statement="s",
            amount_asked=Decimal("100.00"),
        )


def test_an_applicant_sees_only_their_own_applications(client, db):
    mine = ApplicationFactory()
    ApplicationFactory(call=mine.call)
    client.force_login(mine.applicant)

    listed = client.get("/jupytercon/applications/")
    other = ScholarshipApplication.objects.exclude(pk=mine.pk).get()
    theirs = client.get(f"/jupytercon/applications/{other.pk}/")

    assert [row[0] for row in rows(listed, "Applications")] == [str(mine)]
    assert theirs.status_code == 404


def test_the_award_form_names_what_is_left(client, member):
    call = ScholarshipCallFactory(envelope=Decimal("100.00"))
    application = ApplicationFactory(call=call)
    client.force_login(member)

    response = client.post(
        f"/jupytercon/applications/{application.pk}/award/", {"amount": "150.00"}
    )

    assert form_errors(response) == [
        f"Amount to award: Only 100.00 USD is left in the envelope of {call.edition}."
    ]


def test_the_api_lists_only_ones_own_applications(client, db):
    mine = ApplicationFactory()
    ApplicationFactory(call=mine.call)
    client.force_login(mine.applicant)

    response = client.get("/api/v1/scholarship-applications/")

    assert [found["id"] for found in response.json()["results"]] == [mine.pk]


def test_a_member_conflicted_with_the_applicant_is_stood_aside(client, member):
    application = ApplicationFactory()
    application.applicant.person.affiliation = "Example Analytics"
    application.applicant.person.save()
    declaration_create(
        person=member.person,
        kind=DeclarationKind.EMPLOYER,
        description="Works there",
        organisation="Example Analytics",
    )

    with pytest.raises(PermissionDenied):
        application_award(application=application, amount=Decimal("100.00"), by=member)

    client.force_login(member)
    page = client.get(f"/jupytercon/applications/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "other members decide it" in text(page)
    assert "Award" not in [
        button.strip()
        for button in re.findall(r"<button[^>]*>(.*?)</button>", page.content.decode())
    ]
