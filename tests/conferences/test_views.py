"""The JupyterCon pages: editions, their timeline, decisions and sponsorships."""

import datetime

import pytest

from conferences.enums import EditionStatus, SponsorshipStatus
from conferences.models import Edition
from cwg_portal.roles import Role
from dei.services.checklists import checklist_ensure
from tests.factories.budget import FundFactory, category
from tests.factories.conferences import (
    EditionFactory,
    MilestoneFactory,
    SponsorshipFactory,
    StrategicDecisionFactory,
)
from tests.factories.membership import UserFactory
from tests.pages import form_errors, heading, page_messages, rows, text

pytestmark = pytest.mark.django_db


def test_the_chair_creates_the_next_edition_from_the_previous(client):
    previous = EditionFactory(year=2030)
    MilestoneFactory(edition=previous, title="Venue", due_on=datetime.date(2030, 1, 10))
    client.force_login(UserFactory(roles=[Role.CWG_CHAIR]))

    response = client.post(
        "/jupytercon/new/",
        {
            "previous": previous.pk,
            "year": 2031,
            "name": "JupyterCon 2031",
            "start_date": "2031-05-10",
            "end_date": "2031-05-12",
            "city": "Lyon",
            "country": "France",
            "fund": FundFactory().pk,
        },
        follow=True,
    )

    assert page_messages(response) == ["JupyterCon 2031 is in planning."]
    assert heading(response) == "JupyterCon 2031"
    assert "10 Jan 2031: Venue, open" in text(response)


def test_a_planning_edition_is_hidden_from_the_community(client):
    EditionFactory(year=2031, status=EditionStatus.PLANNING)
    EditionFactory(year=2030, status=EditionStatus.HELD)
    client.force_login(UserFactory(roles=[Role.COMMUNITY]))

    listed = client.get("/jupytercon/")
    planning = client.get("/jupytercon/2031/")

    assert [row[0] for row in rows(listed, "Editions")] == ["JupyterCon 2030"]
    assert planning.status_code == 404


def test_an_overdue_milestone_is_marked_on_the_timeline(client):
    edition = EditionFactory(year=2031)
    MilestoneFactory(edition=edition, title="Venue", due_on=datetime.date(2020, 1, 1))
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    response = client.get("/jupytercon/2031/")

    assert "1 Jan 2020: Venue, open overdue" in text(response)


def test_an_edition_links_its_task_board_and_its_dei_checklist_for_members(client):
    edition = EditionFactory(year=2031)
    checklist_ensure(event=edition.event)
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    page = client.get("/jupytercon/2031/").content.decode()

    assert f'href="/events/{edition.event.slug}/board/"' in page
    assert f'href="/dei/checklists/{edition.event.slug}/"' in page


def test_the_decision_log_shows_members_only_decisions_to_members_alone(client):
    StrategicDecisionFactory(title="Public one", is_public=True)
    StrategicDecisionFactory(title="Members only", is_public=False)

    public = client.get("/jupytercon/decisions/")
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))
    members = client.get("/jupytercon/decisions/")

    assert ("Public one" in text(public), "Members only" in text(public)) == (True, False)
    assert ("Public one" in text(members), "Members only" in text(members)) == (True, True)


def test_recording_a_decision_without_who_decided_changes_nothing(client):
    client.force_login(UserFactory(roles=[Role.CWG_CHAIR]))

    response = client.post(
        "/jupytercon/decisions/new/",
        {
            "title": "Venue",
            "context": "c",
            "options": "o",
            "decision": "d",
            "rationale": "r",
            "decided_on": "2031-01-01",
        },
    )

    assert form_errors(response) == ["Say who decided: the members present, or the formal vote."]


def test_finance_staff_mark_a_sponsorship_paid_from_its_page(client):
    category("sponsorship")
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.INVOICED, organisation="Bloomberg")
    client.force_login(UserFactory(roles=[Role.FINANCE_STAFF]))

    response = client.post(
        f"/jupytercon/sponsorships/{sponsorship.pk}/paid/", {"paid_on": "2031-02-01"}, follow=True
    )

    assert page_messages(response) == ["The payment is recorded as income in the ledger."]
    assert f"SPONSOR-{sponsorship.edition.year}-{sponsorship.pk}" in text(response)


def test_sponsorships_are_hidden_from_events_staff(client):
    sponsorship = SponsorshipFactory()
    client.force_login(UserFactory(roles=[Role.EVENTS_STAFF]))

    response = client.get(f"/jupytercon/sponsorships/{sponsorship.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_edition_list_query_count_is_independent_of_size(size, client, django_assert_num_queries):
    for _ in range(size):
        EditionFactory()
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    with django_assert_num_queries(7):
        response = client.get("/jupytercon/")

    assert len(rows(response, "Editions")) == Edition.objects.count()
