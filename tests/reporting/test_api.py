"""The reports through the API: versions, the council's part by role, builds."""

import pytest
from rest_framework.test import APIClient

from cwg_portal.periods import Quarter
from reporting.services.builds import report_build
from reporting.services.narratives import narrative_write
from tests.reporting.conftest import PERIOD, section_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_build_answers_202_with_a_task_whose_state_and_percentage_can_be_read(
    api, member, fund, django_capture_on_commit_callbacks
):
    api.force_authenticate(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/reports/build/", {"period": "2026H1"}, format="json")

    assert response.status_code == 202
    task = api.get(f"/api/v1/tasks/{response.json()['id']}/").json()
    assert (task["period"], task["state"], task["percent"], task["version"]) == (
        "2026H1",
        "done",
        100,
        1,
    )


def test_a_malformed_period_is_refused_with_a_field_message(api, member):
    api.force_authenticate(member)

    response = api.post("/api/v1/reports/build/", {"period": "2026Q5"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A year has quarters 1 to 4, not 5."]}


def test_the_council_note_reaches_the_council_and_not_the_members(
    api, chair, member, council, fund
):
    report = report_build(period=PERIOD, by=chair).report
    narrative_write(
        report=report, section="budget", public_text="Steady.", council_text="Secret.", by=chair
    )

    api.force_authenticate(member)
    for_member = api.get("/api/v1/reports/2026H1/").json()
    api.force_authenticate(council)
    for_council = api.get("/api/v1/reports/2026H1/").json()

    assert for_member["narratives"] == [
        {"section": "budget", "text": "Steady.", "council_note": None}
    ]
    assert for_council["narratives"][0]["council_note"] == "Secret."
    assert [v["number"] for v in for_council["versions"]] == [1]
    assert [s["key"] for s in for_council["versions"][0]["figures"]["sections"]] == section_keys()


def test_the_community_sees_no_report(api, community, chair, fund):
    report_build(period=PERIOD, by=chair)
    api.force_authenticate(community)

    assert api.get("/api/v1/reports/").status_code == 403
    assert api.post("/api/v1/reports/build/", {"period": "2026H1"}).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_the_report_list_takes_the_same_queries_for_one_or_three_reports(
    api, member, size, django_assert_num_queries
):
    for number in range(1, size + 1):
        report_build(period=Quarter(2025, number), by=member)
    api.force_authenticate(member)

    with django_assert_num_queries(6):
        response = api.get("/api/v1/reports/")

    assert response.json()["count"] == size
