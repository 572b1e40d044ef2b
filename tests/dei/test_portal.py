"""What dei shows beyond its own pages: the DEI section of the quarterly report
(counts and suppressed aggregates only) and the dashboard panels."""

import datetime

import pytest
from django.utils import timezone

from cwg_portal import registry
from cwg_portal.roles import Role
from dei.enums import Agreement
from dei.selectors import report_figures
from dei.services.checklists import checklist_ensure
from dei.services.incidents import incident_file
from dei.suppression import SUPPRESSED
from tests.factories.dei import plan_meeting_the_rule, workshop_committed
from tests.factories.dei_surveys import answered, open_survey
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair

pytestmark = pytest.mark.django_db

SECRET = "A participant shouted at a volunteer."


def test_report_section_holds_counts_and_aggregates_never_details_or_words():
    today = timezone.localdate()
    event = EventFactory(start_date=today, end_date=today)
    checklist_ensure(event=event)
    survey = open_survey(event=event, days=1)
    answered(survey, 6, inclusion=Agreement.AGREE, comment="Only for the committee.")
    answered(survey, 2, inclusion=Agreement.DISAGREE)
    survey.closes_at = timezone.now()
    survey.save()
    incident_file(description=SECRET, contact_email="reporter@example.org")

    figures = report_figures(today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))

    assert figures["checklists"] == [
        {"event": event.title, "rule_holds": False, "settled": 0, "total": 14, "signed_off": False}
    ]
    assert figures["surveys"][0]["results"]["answers"] == 8
    assert figures["surveys"][0]["results"]["tables"][1]["rows"][0]["cells"][1] == SUPPRESSED
    assert [row["count"] for row in figures["incidents"]] == [1]
    flat = repr(figures)
    assert SECRET not in flat
    assert "Only for the committee." not in flat
    assert "reporter@example.org" not in flat


def test_report_section_is_registered():
    sections = {section.key: section for section in registry.report_sections()}

    assert sections["dei"].build is report_figures


def panel_titles(client, user):
    client.force_login(user)
    return [panel.title for panel, _ in client.get("/dashboard/").context["panels"]]


def test_committee_dashboard_shows_sign_offs_waiting(client):
    organiser = UserFactory(roles=[Role.COMMUNITY])
    workshop = workshop_committed(chair=chair(), by=organiser)
    plan_meeting_the_rule(checklist_ensure(event=workshop.event), by=organiser)

    titles = panel_titles(client, UserFactory(roles=[Role.DEI_COMMITTEE]))

    assert "DEI sign-offs waiting" in titles
    assert "Open code-of-conduct reports" not in titles


def test_responder_dashboard_shows_open_reports_and_their_age(client):
    incident_file(description=SECRET)
    responder = UserFactory(roles=[Role.COC_RESPONDER])
    client.force_login(responder)

    response = client.get("/dashboard/")

    panels = dict(response.context["panels"])
    titles = [panel.title for panel in panels]
    assert "Open code-of-conduct reports" in titles
    assert "0 days old" in response.content.decode()
    assert SECRET not in response.content.decode()


def test_events_staff_dashboard_shows_no_dei_panel(client):
    workshop_committed(chair=chair(), by=UserFactory(roles=[Role.COMMUNITY]))
    incident_file(description=SECRET)

    titles = panel_titles(client, UserFactory(roles=[Role.EVENTS_STAFF]))

    assert not {"DEI sign-offs waiting", "Open code-of-conduct reports"} & set(titles)


def test_every_page_footer_links_the_public_report_form_and_the_glossary(client):
    response = client.get("/")

    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="/dei/conduct/report/">Report a code-of-conduct incident</a>' in footer
    assert '<a href="/dei/glossary/">DEI glossary</a>' in footer
    assert "DEI initiatives" not in footer


def test_members_find_the_initiatives_in_the_footer(client):
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    footer = client.get("/dashboard/").content.decode().split('<footer class="site-footer">')[1]

    assert '<a href="/dei/initiatives/">DEI initiatives</a>' in footer
