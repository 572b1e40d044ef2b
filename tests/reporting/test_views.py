"""The reports' pages as the chair, a member and the council use them."""

import datetime
import re
from decimal import Decimal

import pytest

from cwg_portal.periods import Quarter
from reporting.enums import PostStatus
from reporting.models import BlogPost, ReportBuild
from reporting.services.builds import report_build
from reporting.services.narratives import narrative_write
from tests.factories.budget import LedgerEntryFactory
from tests.pages import page_messages, rows, tables, text
from tests.reporting.conftest import PERIOD, section_titles

pytestmark = pytest.mark.django_db

# Whatever the number of reports: the session, the account and its roles, the
# navigation and the notifications badge, and the reports with their versions.
QUERIES_OF_THE_LIST = 7


def test_the_chair_builds_from_the_list_and_follows_the_job_to_the_version(
    client, chair, fund, django_capture_on_commit_callbacks
):
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/build/", {"period": "2026H1"})

    build = ReportBuild.objects.get()
    assert response["Location"] == f"/reports/builds/{build.pk}/"
    progress = client.get(response["Location"])
    assert "Build of 2026H1: done, 100%." in text(progress)
    assert 'href="/reports/2026H1/v1/"' in progress.content.decode()
    listing = client.get("/reports/")
    assert rows(listing, "Reports by period") == [
        ["2026H1", "2026-01-01 to 2026-06-30", "2026-07-30", "Draft", "1"]
    ]


def test_the_progress_polls_while_running_and_stops_once_done(client, member, fund):
    build = ReportBuild.objects.create(
        report=report_build(period=PERIOD, by=member).report, requested_by=member, percent=40
    )
    client.force_login(member)

    running = client.get(f"/reports/builds/{build.pk}/", headers={"HX-Request": "true"})
    ReportBuild.objects.filter(pk=build.pk).update(state="done", percent=100)
    finished = client.get(f"/reports/builds/{build.pk}/", headers={"HX-Request": "true"})
    plain = client.get(f"/reports/builds/{build.pk}/")

    assert "<html" not in running.content.decode()
    assert "Build of 2026H1: queued, 40%." in text(running)
    assert 'hx-trigger="every 2s"' in running.content.decode()
    assert 'hx-trigger="every 2s"' not in finished.content.decode()
    assert "Build of 2026H1: done, 100%." in text(plain)
    assert "<html" in plain.content.decode()


def test_a_build_of_an_unknown_period_is_refused_with_a_message(client, chair):
    client.force_login(chair)

    response = client.post("/reports/build/", {"period": "2026Q9"}, follow=True)

    assert page_messages(response) == ["Choose one of the periods offered."]
    assert ReportBuild.objects.count() == 0


def test_the_report_shows_every_section_and_what_changed_since_the_last_version(
    client, member, fund
):
    report_build(period=PERIOD, by=member)
    LedgerEntryFactory(fund=fund, amount=Decimal("250.00"), date=datetime.date(2026, 3, 3))
    report_build(period=PERIOD, by=member)
    client.force_login(member)

    response = client.get("/reports/2026H1/")

    headings = re.findall(r"<h2 [^>]*>(.*?)</h2>", response.content.decode())
    assert headings == section_titles()
    changed = rows(response, "Figures that moved since version 1")
    assert ["Finances", "This period / funds / Community fund / income", "1200.00", "1450.00"] in [
        [row[0], row[1], row[2], row[3]] for row in changed
    ]
    assert len(changed) == 6
    first = client.get("/reports/2026H1/v1/")
    assert "Figures that moved since version 0" not in tables(first)
    assert "Version 2" in text(first)


def test_an_unknown_version_is_not_found(client, member, fund):
    report_build(period=PERIOD, by=member)
    client.force_login(member)

    assert client.get("/reports/2026H1/v7/").status_code == 404


def test_the_chairs_narrative_is_sanitised_and_its_council_note_kept_from_members(
    client, chair, member, council, fund
):
    report_build(period=PERIOD, by=chair)
    client.force_login(chair)

    response = client.post(
        "/reports/2026H1/sections/budget/narrative/",
        {
            "public_text": "Income **grew**.<script>alert(1)</script>",
            "council_text": "The venue asked for *more*.",
        },
    )

    assert response["Location"] == "/reports/2026H1/#section-budget"
    client.force_login(member)
    for_member = client.get("/reports/2026H1/").content.decode()
    client.force_login(council)
    for_council = client.get("/reports/2026H1/").content.decode()
    assert "Income <strong>grew</strong>." in for_member
    assert "<script>alert" not in for_member
    assert "The venue asked for" not in for_member
    assert "The venue asked for <em>more</em>." in for_council


def test_the_narrative_form_shows_what_was_written(client, chair, fund):
    report = report_build(period=PERIOD, by=chair).report
    narrative_write(
        report=report, section="events", public_text="Two sprints.", council_text="", by=chair
    )
    client.force_login(chair)

    response = client.get("/reports/2026H1/sections/events/narrative/")

    assert "Two sprints.</textarea>" in response.content.decode()
    assert client.get("/reports/2026H1/sections/nothing/narrative/").status_code == 404


def test_each_section_links_to_the_pages_its_figures_come_from(client, member, fund):
    report_build(period=PERIOD, by=member)
    client.force_login(member)

    page = client.get("/reports/2026H1/").content.decode()

    finances = page.split('id="section-budget"')[1].split("</section>")[0]
    assert (
        'Where these figures come from: <a href="/budget/ledger/">Ledger</a>, '
        '<a href="/budget/allocations/">Allocations</a>.'
    ) in finances


@pytest.mark.parametrize("size", [1, 3])
def test_the_report_list_takes_the_same_queries_for_one_or_three_reports(
    client, member, size, django_assert_num_queries
):
    for number in range(1, size + 1):
        report_build(period=Quarter(2025, number), by=member)
    client.force_login(member)

    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        response = client.get("/reports/")

    assert len(rows(response, "Reports by period")) == size


@pytest.mark.parametrize("size", [1, 3])
def test_the_blog_takes_the_same_queries_for_one_or_three_posts(
    client, chair, size, django_assert_num_queries
):
    for year in range(2020, 2020 + size):
        BlogPost.objects.create(
            year=year, title=f"{year}", body="x", status=PostStatus.PUBLISHED, updated_by=chair
        )

    with django_assert_num_queries(1):
        response = client.get("/blog/")

    assert text(response).count("published") == size
