"""The workshops API's calls: who sees which calls, and listing them costs the
same number of queries however many there are."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from tests.factories.workshops import chair, open_call
from tests.workshops.api_helpers import FORBIDDEN, NOT_AUTHENTICATED, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def call(the_chair):
    return open_call(by=the_chair)


# --- Calls -------------------------------------------------------------------------------


def test_api_calls_for_the_public_show_open_calls_with_their_rules(api, the_chair, call):
    open_call(
        by=the_chair,
        title="Next year's call",
        opens_at=timezone.now() + datetime.timedelta(days=10),
        closes_in=datetime.timedelta(days=40),
    )

    response = api.get("/api/v1/workshop-calls/")

    (shown,) = response.json()["results"]
    assert {key: shown[key] for key in ("slug", "title", "is_open", "envelope", "currency")} == {
        "slug": call.slug,
        "title": "Jupyter Community Workshops 2027",
        "is_open": True,
        "envelope": "60000.00",
        "currency": "USD",
    }
    assert parse_datetime(shown["closes_at"]) == call.closes_at
    assert shown["caps"] == [
        {"format": "hybrid", "cap": "20000.00"},
        {"format": "in-person", "cap": "20000.00"},
        {"format": "online", "cap": "5000.00"},
    ]
    assert [(c["name"], c["weight"]) for c in shown["criteria"]] == [
        ("Impact on Jupyter", 3),
        ("Feasibility", 2),
        ("Community growth", 2),
        ("Diversity and inclusion", 2),
        ("Budget realism", 1),
    ]
    closing = call.closes_at.date()
    assert shown["stages"] == [
        {
            "position": 1,
            "name": "Committee review",
            "ends_on": (closing + datetime.timedelta(days=7)).isoformat(),
            "waivable": False,
            "waived": False,
        },
        {
            "position": 2,
            "name": "Budget and logistics with the events staff",
            "ends_on": (closing + datetime.timedelta(days=35)).isoformat(),
            "waivable": False,
            "waived": False,
        },
        {
            "position": 3,
            "name": "Final review",
            "ends_on": (closing + datetime.timedelta(days=42)).isoformat(),
            "waivable": True,
            "waived": False,
        },
    ]
    assert (
        shown["min_participants"],
        shown["max_participants"],
        shown["min_days"],
        shown["max_days"],
    ) == (12, 24, 2, 4)


def test_api_calls_still_to_open_are_shown_to_the_committee(api, the_chair, call, member):
    open_call(
        by=the_chair,
        title="Next year's call",
        opens_at=timezone.now() + datetime.timedelta(days=10),
        closes_in=datetime.timedelta(days=40),
    )

    response = logged_in(api, member).get("/api/v1/workshop-calls/")

    assert [(row["title"], row["is_open"]) for row in response.json()["results"]] == [
        ("Next year's call", False),
        ("Jupyter Community Workshops 2027", True),
    ]


def test_api_calls_take_no_writes(api, call, member):
    anonymous = api.post("/api/v1/workshop-calls/", {"title": "Rigged"}, format="json")
    by_member = logged_in(APIClient(), member).delete(f"/api/v1/workshop-calls/{call.slug}/")

    assert (anonymous.status_code, anonymous.json()) == (401, NOT_AUTHENTICATED)
    assert (by_member.status_code, by_member.json()) == (403, FORBIDDEN)
    assert call.__class__.objects.filter(pk=call.pk).exists()


@pytest.mark.parametrize("size", [1, 3])
def test_api_calls_query_count_is_independent_of_size(
    size, api, the_chair, member, django_assert_num_queries
):
    for n in range(size):
        open_call(by=the_chair, title=f"Call {n}")
    client = logged_in(api, member)

    with django_assert_num_queries(10):
        response = client.get("/api/v1/workshop-calls/")

    assert response.json()["count"] == size
