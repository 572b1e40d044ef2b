"""Building a report: every app's figures frozen into numbered versions."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

from budget.enums import SPONSOR_FEE_CATEGORY, ClaimStatus, EntrySource
from budget.models import ExpenseClaim, LedgerEntry
from budget.services.budget_lines import budget_line_create
from cwg_portal import registry
from cwg_portal.periods import HalfYear
from membership.models import Body, Decision
from membership.services.decisions import decision_record
from reporting.enums import BuildState, ReportStatus
from reporting.models import Report, ReportBuild, ReportVersion
from reporting.selectors import changes_since_previous
from reporting.services.builds import build_request, builds_scheduled, report_build
from reporting.tasks import report_build as report_build_task
from tests.concurrency import at_the_same_moment
from tests.factories.budget import (
    ExpenseClaimFactory,
    FiscalYearFactory,
    LedgerEntryFactory,
    category,
)
from tests.factories.workshops import filed_summary, held_workshop, open_call, submitted_proposal
from tests.reporting.conftest import PERIOD
from workshops.models import PostEventSummary, Proposal

pytestmark = pytest.mark.django_db


def section(version, key):
    return next(s for s in version.figures["sections"] if s["key"] == key)


def test_a_build_holds_every_section_for_the_period_and_the_year_to_date(chair, fund):
    version = report_build(period=PERIOD, by=chair)

    assert [s["title"] for s in version.figures["sections"]] == [
        s.title for s in registry.report_sections()
    ]
    assert (version.number, version.report.period, version.built_by) == (1, "2026H1", chair)
    assert (version.report.starts_on, version.report.ends_on, version.report.due_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 7, 30),
    )
    assert set(version.rendered) == {s.key for s in registry.report_sections()}


def test_the_finances_figures_equal_the_ledgers_own_sums(chair, fund):
    version = report_build(period=PERIOD, by=chair)

    entries = LedgerEntry.objects.filter(fund=fund)
    in_period = entries.filter(date__range=(PERIOD.start, PERIOD.end))
    (row,) = section(version, "budget")["period"]["funds"]
    assert (
        Decimal(row["income"])
        == in_period.filter(amount_fund__gt=0).aggregate(total=Sum("amount_fund"))["total"]
    )
    assert (
        Decimal(row["expenses"])
        == -in_period.filter(amount_fund__lt=0).aggregate(total=Sum("amount_fund"))["total"]
    )
    assert (
        Decimal(row["balance_at_end"])
        == entries.filter(date__lte=PERIOD.end).aggregate(total=Sum("amount_fund"))["total"]
    )
    assert (row["income"], row["expenses"], row["balance_at_end"]) == (
        "1200.00",
        "300.00",
        "5900.00",
    )


def test_the_sponsor_fees_are_their_own_figure_equal_to_the_fee_entries(chair, fund):
    LedgerEntryFactory(
        fund=fund,
        category=category(SPONSOR_FEE_CATEGORY),
        amount=Decimal("-60.00"),
        date=datetime.date(2026, 2, 10),
    )

    version = report_build(period=PERIOD, by=chair)

    (row,) = section(version, "budget")["period"]["funds"]
    fees = LedgerEntry.objects.filter(
        fund=fund,
        category__slug=SPONSOR_FEE_CATEGORY,
        date__range=(PERIOD.start, PERIOD.end),
    )
    assert Decimal(row["sponsor_fees"]) == -fees.aggregate(total=Sum("amount_fund"))["total"]
    assert row["sponsor_fees"] == "60.00"


def test_the_workshops_figures_count_the_proposals_received_in_the_period(chair):
    call = open_call(by=chair)
    submitted_proposal(call)
    submitted_proposal(call)
    now = HalfYear.containing(timezone.localdate())

    version = report_build(period=now, by=chair)

    received = Proposal.objects.filter(submitted_at__date__range=(now.start, now.end)).count()
    assert section(version, "workshops")["period"]["submitted"] == received == 2
    assert section(version, "workshops")["year_to_date"]["submitted"] == 2


def test_a_rebuild_after_a_new_ledger_entry_is_version_2_showing_old_and_new(chair, fund):
    first = report_build(period=PERIOD, by=chair)
    LedgerEntryFactory(fund=fund, amount=Decimal("250.00"), date=datetime.date(2026, 3, 3))

    second = report_build(period=PERIOD, by=chair)

    assert (first.number, second.number) == (1, 2)
    moved = {(c["figure"], c["old"], c["new"]) for c in changes_since_previous(second)}
    assert moved == {
        ("This period / funds / Community fund / income", "1200.00", "1450.00"),
        ("This period / funds / Community fund / balance_at_end", "5900.00", "6150.00"),
        (
            "This period / funds / Community fund / by_category / Donations / total",
            "1200.00",
            "1450.00",
        ),
        ("Year to date / funds / Community fund / income", "1200.00", "1450.00"),
        ("Year to date / funds / Community fund / balance_at_end", "5900.00", "6150.00"),
        (
            "Year to date / funds / Community fund / by_category / Donations / total",
            "1200.00",
            "1450.00",
        ),
    }
    assert {c["section"] for c in changes_since_previous(second)} == {"Finances"}


def test_a_stored_version_keeps_its_figures_when_the_data_changes(chair, fund):
    first = report_build(period=PERIOD, by=chair)
    frozen = (first.figures, first.rendered)
    LedgerEntryFactory(fund=fund, amount=Decimal("99.00"), date=datetime.date(2026, 4, 1))

    report_build(period=PERIOD, by=chair)

    first.refresh_from_db()
    assert (first.figures, first.rendered) == frozen
    assert "1200.00" in first.rendered["budget"]


def test_a_rebuild_of_unchanged_data_is_the_same_version(chair, fund):
    first = report_build(period=PERIOD, by=chair)

    again = report_build(period=PERIOD, by=chair)

    assert again.pk == first.pk
    assert ReportVersion.objects.count() == 1


def test_data_that_changes_back_makes_a_third_version_not_the_first_again(chair, fund):
    report_build(period=PERIOD, by=chair)
    extra = LedgerEntryFactory(fund=fund, amount=Decimal("10.00"), date=datetime.date(2026, 3, 3))
    report_build(period=PERIOD, by=chair)
    LedgerEntryFactory(
        fund=fund, amount=Decimal("-10.00"), date=extra.date, category=extra.category
    )

    third = report_build(period=PERIOD, by=chair)

    assert third.number == 3


def test_two_builds_at_the_same_moment_make_one_version(transactional_db, chair, fund):
    first, second = at_the_same_moment(
        lambda: report_build(period=PERIOD, by=chair),
        lambda: report_build(period=PERIOD, by=chair),
    )

    assert first.pk == second.pk
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1]
    assert Report.objects.count() == 1


def test_someone_outside_the_group_cannot_build(community, council):
    for outsider in (community, council):
        with pytest.raises(PermissionDenied):
            report_build(period=PERIOD, by=outsider)

    assert ReportVersion.objects.count() == 0


def test_an_accepted_report_is_not_rebuilt(chair, fund):
    report_build(period=PERIOD, by=chair)
    Report.objects.update(status=ReportStatus.ACCEPTED)
    LedgerEntryFactory(fund=fund, amount=Decimal("1.00"), date=datetime.date(2026, 3, 3))

    with pytest.raises(PermissionDenied):
        report_build(period=PERIOD, by=chair)
    with pytest.raises(PermissionDenied):
        build_request(period=PERIOD, by=None)

    assert ReportVersion.objects.count() == 1


def test_the_build_job_is_safe_to_run_twice(chair, fund, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queued = build_request(period=PERIOD, by=chair)

    version_pk = report_build_task(build_id=str(queued.pk))
    again = report_build_task(build_id=str(queued.pk))

    queued.refresh_from_db()
    assert (queued.state, queued.percent, queued.version_id) == (BuildState.DONE, 100, version_pk)
    assert again == version_pk
    assert ReportVersion.objects.count() == 1


def test_a_build_of_a_report_accepted_meanwhile_fails_and_says_why(
    chair, fund, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        queued = build_request(period=PERIOD, by=chair)
    Report.objects.update(status=ReportStatus.ACCEPTED)

    outcome = report_build_task(build_id=str(queued.pk))

    queued.refresh_from_db()
    assert (outcome, queued.state, queued.error) == (
        None,
        BuildState.FAILED,
        "The report 2026H1 cannot be rebuilt now.",
    )
    assert ReportVersion.objects.count() == 0


def test_the_schedule_builds_the_current_period_and_the_last_until_it_is_due(settings):
    settings.REPORT_PERIOD = "half-year"
    settings.REPORT_DUE_DAYS = 30

    early = builds_scheduled(today=datetime.date(2026, 7, 20))
    late = builds_scheduled(today=datetime.date(2026, 8, 20))

    assert [b.report.period for b in early] == ["2026H1", "2026H2"]
    assert [b.report.period for b in late] == ["2026H2"]


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


def test_a_build_requested_is_run_by_the_worker_with_its_progress(celery_worker, chair, fund):
    queued = build_request(period=PERIOD, by=chair)

    wait_for(lambda: ReportBuild.objects.get(pk=queued.pk).state == BuildState.DONE)

    queued.refresh_from_db()
    assert (queued.percent, queued.version.number, queued.finished_at is not None) == (
        100,
        1,
        True,
    )


def test_the_finances_open_with_the_balance_before_the_period_and_count_its_claims(chair, fund):
    def claim(status, submitted, paid=None, rejected=None):
        made = ExpenseClaimFactory(fund=fund, status=status)
        ExpenseClaim.objects.filter(pk=made.pk).update(
            submitted_at=at(submitted), paid_at=at(paid), rejected_at=at(rejected)
        )

    claim(ClaimStatus.PAID, datetime.date(2026, 2, 1), paid=datetime.date(2026, 3, 1))
    claim(ClaimStatus.PAID, datetime.date(2026, 6, 1), paid=datetime.date(2026, 7, 2))
    claim(ClaimStatus.REJECTED, datetime.date(2026, 3, 1), rejected=datetime.date(2026, 3, 9))
    claim(ClaimStatus.SUBMITTED, datetime.date(2025, 11, 1))
    LedgerEntryFactory(
        fund=fund,
        category=category("supplies"),
        amount=Decimal("-85.50"),
        source=EntrySource.CLAIM,
        date=datetime.date(2026, 3, 1),
    )

    version = report_build(period=PERIOD, by=chair)

    (row,) = section(version, "budget")["period"]["funds"]
    opening = LedgerEntry.objects.filter(fund=fund, date__lt=PERIOD.start).aggregate(
        total=Sum("amount_fund")
    )["total"]
    assert (row["balance_at_start"], Decimal(row["balance_at_start"])) == ("5000.00", opening)
    assert row["claims"] == {"submitted": 3, "paid": 1, "paid_total": "85.50", "open_at_end": 2}


def at(day):
    return (
        None
        if day is None
        else datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
    )


def test_the_finances_set_the_years_budget_lines_against_what_was_spent_to_the_periods_end(
    chair, fund
):
    year = FiscalYearFactory(name="FY2026", starts_on=datetime.date(2026, 1, 1))
    budget_line_create(
        fund=fund,
        fiscal_year=year,
        category=category("venue"),
        planned_amount=Decimal("1000.00"),
        created_by=chair,
    )
    LedgerEntryFactory(
        fund=fund,
        category=category("venue"),
        amount=Decimal("-50.00"),
        date=PERIOD.end.replace(day=31, month=7),
    )

    version = report_build(period=PERIOD, by=chair)

    (row,) = section(version, "budget")["period"]["funds"]
    assert row["budget_against_actual"] == [
        {
            "category": "Venue",
            "fiscal_year": "FY2026",
            "planned": "1000.00",
            "actual": "300.00",
            "variance": "700.00",
        }
    ]


def test_the_workshops_figures_name_the_calls_open_and_the_attendance_of_those_held(chair):
    call = open_call(by=chair)
    submitted_proposal(call)
    held = held_workshop(call, chair=chair)
    filed_summary(held, by=held.lead.user)
    now = HalfYear.containing(timezone.localdate())

    version = report_build(period=now, by=chair)

    figures = section(version, "workshops")["period"]
    assert figures["calls"] == [
        {
            "title": call.title,
            "opens_on": call.opens_at.date().isoformat(),
            "closes_on": call.closes_at.date().isoformat(),
            "proposals": Proposal.objects.filter(call=call, submitted_at__isnull=False).count(),
        }
    ]
    summary = PostEventSummary.objects.get(proposal=held)
    assert [(w["title"], w["attendance"]) for w in figures["held"]] == [
        (held.title, summary.attendance_total)
    ]


def test_the_membership_figures_hold_every_decision_recorded_in_the_period(chair):
    body = Body.objects.get(slug="community-working-group")
    for day, motion in (
        (datetime.date(2026, 3, 1), "Adopt the rubric"),
        (datetime.date(2026, 8, 1), "Later"),
    ):
        decision_record(
            body=body,
            motion=motion,
            outcome=Decision.Outcome.CONSENSUS,
            decided_on=day,
            recorded_by=chair,
        )

    version = report_build(period=PERIOD, by=chair)

    recorded = Decision.objects.filter(decided_on__range=(PERIOD.start, PERIOD.end))
    assert (
        [d["title"] for d in section(version, "membership")["period"]["decisions"]]
        == [d.motion for d in recorded]
        == ["Adopt the rubric"]
    )


def test_the_workshops_figures_carry_the_published_dei_impact_and_not_the_private(chair):
    call = open_call(by=chair)
    published = held_workshop(call, chair=chair, title="Published")
    private = held_workshop(call, chair=chair, title="Private")
    filed_summary(published, by=published.lead.user)
    filed_summary(private, by=private.lead.user, is_public=False)
    now = HalfYear.containing(timezone.localdate())

    version = report_build(period=now, by=chair)

    summary = PostEventSummary.objects.get(proposal=published)
    assert section(version, "workshops")["period"]["dei_impact"] == [
        {"title": "Published", "reached": summary.dei_reached, "achieved": summary.dei_achieved}
    ]
