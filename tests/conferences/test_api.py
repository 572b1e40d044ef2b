"""The conference-editions and sponsorships API: the pages' rules."""

import pytest
from rest_framework.test import APIClient

from budget.models import LedgerEntry
from conferences.enums import EditionStatus, SponsorshipStatus
from cwg_portal.roles import Role
from tests.factories.budget import category
from tests.factories.conferences import EditionFactory, SponsorshipFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_community_lists_only_editions_out_of_planning():
    EditionFactory(year=2031, status=EditionStatus.PLANNING)
    EditionFactory(year=2030, status=EditionStatus.CLOSED)

    response = client_for(UserFactory(roles=[Role.COMMUNITY])).get("/api/v1/conference-editions/")

    assert [edition["year"] for edition in response.json()["results"]] == [2030]


def test_finance_staff_mark_a_sponsorship_paid_once_through_the_api():
    category("sponsorship")
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.INVOICED)
    client = client_for(UserFactory(roles=[Role.FINANCE_STAFF]))

    response = client.post(f"/api/v1/sponsorships/{sponsorship.pk}/paid/", {}, format="json")

    assert (response.status_code, response.json()["status"]) == (200, "paid")
    assert LedgerEntry.objects.filter(category__slug="sponsorship").count() == 1


def test_events_staff_reach_no_sponsorship():
    SponsorshipFactory()

    response = client_for(UserFactory(roles=[Role.EVENTS_STAFF])).get("/api/v1/sponsorships/")

    assert response.status_code == 403
