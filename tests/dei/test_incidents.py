"""Code-of-conduct reports: filed by anyone, read only by responders who are not
involved (not the admin, the council or members; not through the admin or the
API), every access logged, acknowledged to reporters who left an address, and
erased after the retention period but for the counts."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cwg_portal.models import Notification
from cwg_portal.roles import Role
from dei.enums import IncidentAccessKind, IncidentStatus
from dei.models import IncidentAccess, IncidentReport
from dei.selectors import incident_counts, incidents_readable_by
from dei.services.incidents import (
    ERASED,
    incident_export,
    incident_file,
    incident_read,
    incident_update,
    incidents_erase_expired,
)
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "A participant made repeated unwelcome remarks during the sprint."


@pytest.fixture
def responder():
    return UserFactory(roles=[Role.COC_RESPONDER])


@pytest.fixture
def report():
    return incident_file(description=DESCRIPTION, contact_email="reporter@example.org")


def reads(report):
    return list(IncidentAccess.objects.filter(report=report).values_list("user__username", "kind"))


def test_a_report_holds_no_account_of_its_reporter():
    relations = {f.name for f in IncidentReport._meta.concrete_fields if f.is_relation}

    assert relations == {"event"}


def test_incident_file_tells_the_responders_without_the_content(responder, report):
    notice = Notification.objects.get(recipient=responder)

    assert notice.kind == "dei.incident_received"
    assert DESCRIPTION not in notice.body
    assert DESCRIPTION not in notice.subject


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COC_RESPONDER])
def test_page_of_a_report_is_not_found_for_every_other_role(client, report, role):
    client.force_login(UserFactory(roles=[role]))

    response = client.get(f"/dei/conduct/{report.pk}/")

    assert response.status_code in (403, 404)
    assert DESCRIPTION not in response.content.decode()
    assert reads(report) == []


def test_page_of_a_report_for_a_responder_shows_it_and_logs_the_read(client, report, responder):
    client.force_login(responder)

    first = client.get(f"/dei/conduct/{report.pk}/")
    client.get(f"/dei/conduct/{report.pk}/")

    assert DESCRIPTION in first.content.decode()
    assert reads(report) == [(responder.username, IncidentAccessKind.READ)] * 2


def test_a_responder_named_in_the_report_cannot_open_it(client, responder):
    responder.person.display_name = "Alex Rivera"
    responder.person.save()
    named = incident_file(description="Alex Rivera dismissed my complaint at the venue.")
    client.force_login(responder)

    response = client.get(f"/dei/conduct/{named.pk}/")

    assert response.status_code == 404
    assert incidents_readable_by(responder) == []
    with pytest.raises(PermissionDenied):
        incident_read(report=named, by=responder)


def test_a_responder_conflicted_through_the_register_cannot_open_it(report, responder):
    involved = UserFactory(roles=[Role.COMMUNITY])
    incident_update(
        report=report,
        by=UserFactory(roles=[Role.COC_RESPONDER]),
        status=IncidentStatus.RECEIVED,
        actions_taken="",
        named_people=[involved.person],
    )
    declaration_create(
        person=responder.person,
        kind=DeclarationKind.RELATIONSHIP,
        related_person=involved.person,
        description="My partner.",
    )

    assert not responder.has_perm("dei.read_incident", report)
    assert incidents_readable_by(responder) == []


def test_the_admin_has_no_page_for_reports(client, report):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True))

    listing = client.get("/admin/dei/incidentreport/")
    change = client.get(f"/admin/dei/incidentreport/{report.pk}/change/")

    assert (listing.status_code, change.status_code) == (404, 404)


@pytest.mark.parametrize("role", list(Role))
def test_the_api_has_no_route_to_reports(client, report, role):
    client.force_login(UserFactory(roles=[role]))

    root = client.get("/api/v1/").json()
    response = client.get("/api/v1/dei/incidents/")

    assert not [name for name in root if "incident" in name or "conduct" in name]
    assert response.status_code == 404


def test_incident_update_moves_one_step_at_a_time(report, responder):
    with pytest.raises(ValidationError):
        incident_update(
            report=report, by=responder, status=IncidentStatus.RESOLVED, actions_taken=""
        )

    report.refresh_from_db()
    assert report.status == IncidentStatus.RECEIVED


def test_acknowledging_tells_the_reporter_without_the_content(report, responder, mailoutbox):
    incident_update(
        report=report, by=responder, status=IncidentStatus.ACKNOWLEDGED, actions_taken=""
    )

    assert [message.to for message in mailoutbox] == [["reporter@example.org"]]
    assert DESCRIPTION not in mailoutbox[0].body
    assert reads(report) == [(responder.username, IncidentAccessKind.CHANGE)]


def test_incident_export_is_logged(report, responder):
    text = incident_export(report=report, by=responder)

    assert DESCRIPTION in text
    assert reads(report) == [(responder.username, IncidentAccessKind.EXPORT)]


def resolve(report, responder, days_ago):
    for status in (
        IncidentStatus.ACKNOWLEDGED,
        IncidentStatus.INVESTIGATING,
        IncidentStatus.RESOLVED,
    ):
        incident_update(report=report, by=responder, status=status, actions_taken="Spoke to them.")
    IncidentReport.objects.filter(pk=report.pk).update(
        resolved_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_retention_erases_the_details_of_old_resolved_reports_and_keeps_the_counts(responder):
    old = incident_file(description=DESCRIPTION, contact_email="reporter@example.org")
    recent = incident_file(description="Recent.")
    resolve(old, responder, days_ago=4 * 366)
    resolve(recent, responder, days_ago=30)
    out = io.StringIO()

    call_command("erase_resolved_incidents", "--years", "3", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.description, old.actions_taken, old.contact_email) == (ERASED, ERASED, "")
    assert old.erased_at is not None
    assert recent.description == "Recent."
    assert "Erased the details of 1 report(s)" in out.getvalue()
    assert IncidentAccess.objects.filter(report=old, kind=IncidentAccessKind.ERASE).count() == 1
    assert incidents_erase_expired(years=3) == 0
    today = timezone.localdate()
    counts = incident_counts(today - datetime.timedelta(days=1), today)
    quarter = f"{today:%Y}Q{(today.month - 1) // 3 + 1}"
    assert counts == [{"quarter": quarter, "status": "Resolved", "count": 2}]


def test_access_log_page_lists_reads_for_responders(client, report, responder):
    incident_read(report=report, by=responder)
    client.force_login(responder)

    response = client.get("/dei/conduct/access-log/")

    assert f"Report {report.pk}" in response.content.decode()
    assert DESCRIPTION not in response.content.decode()


def test_the_public_form_files_an_anonymous_report(client):
    response = client.post("/dei/conduct/report/", {"description": DESCRIPTION})

    assert "Report received" in response.content.decode()
    report = IncidentReport.objects.get()
    assert (report.description, report.contact_email, report.status) == (
        DESCRIPTION,
        "",
        IncidentStatus.RECEIVED,
    )
