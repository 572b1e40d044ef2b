"""The council's review: submit, pre-approve or flag each section, comment and
answer, accept or ask for changes; the shepherd in turn and the reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.models import Notification
from cwg_portal.periods import HalfYear
from cwg_portal.roles import Role
from reporting.enums import Readiness, ReportStatus, ReviewAction, Verdict
from reporting.selectors import readiness, review_of
from reporting.services.builds import report_build, report_for
from reporting.services.review import (
    comment_add,
    reminders_send,
    report_decide,
    report_submit,
    section_review,
)
from tests.factories.membership import UserFactory
from tests.reporting.conftest import PERIOD, section_keys

pytestmark = pytest.mark.django_db

SECTIONS = section_keys()


@pytest.fixture
def council_members(db):
    return [UserFactory(username=f"council-{n}", roles=[Role.COUNCIL]) for n in (1, 2, 3)]


@pytest.fixture
def submitted(chair, council_members, fund):
    report = report_build(period=PERIOD, by=chair).report
    return report_submit(report=report, by=chair)


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_submitting_sends_the_latest_version_with_a_shepherd_and_tells_the_council(
    submitted, council_members
):
    assert (submitted.status, submitted.submitted_version.number) == (ReportStatus.SUBMITTED, 1)
    assert submitted.shepherd == council_members[0]
    assert [kinds_for(member) for member in council_members] == [["reporting.report_submitted"]] * 3
    assert list(submitted.timeline.values_list("action", flat=True)) == [
        ReviewAction.SHEPHERD,
        ReviewAction.SUBMITTED,
    ]


def test_shepherds_are_taken_in_turn_among_the_council(chair, council_members, fund):
    shepherds = []
    for number in (1, 2, 1):
        period = HalfYear(2024 + len(shepherds), number)
        report = report_build(period=period, by=chair).report
        shepherds.append(report_submit(report=report, by=chair).shepherd)
    report = report_build(period=HalfYear(2028, 1), by=chair).report

    shepherds.append(report_submit(report=report, by=chair).shepherd)

    assert shepherds == [*council_members, council_members[0]]


def test_a_report_without_a_version_cannot_be_submitted(chair):
    report = report_for(PERIOD)

    with pytest.raises(ValidationError, match="Build the report before submitting it"):
        report_submit(report=report, by=chair)


def test_only_the_chair_submits(member, fund):
    report = report_build(period=PERIOD, by=member).report

    with pytest.raises(PermissionDenied):
        report_submit(report=report, by=member)


def test_the_report_is_ready_once_enough_members_preapprove_every_section(
    submitted, council_members, settings
):
    settings.REPORT_PREAPPROVALS_NEEDED = 2
    first, second, _ = council_members
    for section in SECTIONS:
        section_review(report=submitted, section=section, verdict=Verdict.PREAPPROVED, by=first)
    waiting = readiness(submitted)
    for section in SECTIONS:
        section_review(report=submitted, section=section, verdict=Verdict.PREAPPROVED, by=second)

    assert (waiting, readiness(submitted)) == (Readiness.WAITING, Readiness.READY)
    assert review_of(submitted)["budget"]["preapproved"] == [first, second]


def test_a_flag_keeps_the_report_waiting_and_tells_the_chair(
    submitted, council_members, chair, settings
):
    settings.REPORT_PREAPPROVALS_NEEDED = 1
    first, second, _ = council_members
    for section in SECTIONS:
        section_review(report=submitted, section=section, verdict=Verdict.PREAPPROVED, by=first)

    section_review(report=submitted, section="budget", verdict=Verdict.FLAGGED, by=second)

    assert readiness(submitted) == Readiness.WAITING
    assert review_of(submitted)["budget"]["flagged"] == [second]
    assert "reporting.section_flagged" in kinds_for(chair)


def test_reviewing_again_replaces_the_members_verdict(submitted, council_members):
    first = council_members[0]
    section_review(report=submitted, section="events", verdict=Verdict.FLAGGED, by=first)

    section_review(report=submitted, section="events", verdict=Verdict.PREAPPROVED, by=first)

    assert review_of(submitted)["events"]["flagged"] == []
    assert review_of(submitted)["events"]["preapproved"] == [first]


def test_a_member_who_is_not_on_the_council_cannot_review(submitted, member):
    with pytest.raises(PermissionDenied):
        section_review(report=submitted, section="events", verdict=Verdict.PREAPPROVED, by=member)


def test_an_unknown_section_or_verdict_is_refused(submitted, council_members):
    with pytest.raises(ValidationError, match="no section “nothing”"):
        section_review(
            report=submitted, section="nothing", verdict=Verdict.FLAGGED, by=council_members[0]
        )
    with pytest.raises(ValidationError, match="Pre-approve or flag"):
        section_review(report=submitted, section="events", verdict="maybe", by=council_members[0])


def test_a_comment_reaches_the_chair_and_the_answer_its_author_in_the_thread(
    submitted, council_members, chair
):
    author = council_members[1]
    comment = comment_add(report=submitted, section="budget", text="Why the venue?", by=author)

    answer = comment_add(
        report=submitted, section="budget", text="The sprint moved.", by=chair, parent=comment
    )

    assert list(review_of(submitted)["budget"]["comments"]) == [comment]
    assert list(comment.answers.all()) == [answer]
    assert "reporting.comment_added" in kinds_for(chair)
    assert sorted(kinds_for(author)) == ["reporting.comment_answered", "reporting.report_submitted"]


def test_changes_need_a_note_and_send_the_report_back_to_the_chair(
    submitted, council_members, chair
):
    with pytest.raises(ValidationError, match="Say which changes"):
        report_decide(report=submitted, accept=False, by=council_members[0])

    back = report_decide(
        report=submitted, accept=False, by=council_members[0], note="Add the sprint."
    )

    assert back.status == ReportStatus.CHANGES_REQUESTED
    assert readiness(back) == Readiness.MISSING
    assert "reporting.report_decided" in kinds_for(chair)
    again = report_submit(report=back, by=chair)
    assert (again.status, again.shepherd) == (ReportStatus.SUBMITTED, council_members[0])


def test_an_accepted_report_takes_no_more_reviews(submitted, council_members):
    accepted = report_decide(report=submitted, accept=True, by=council_members[0])

    assert accepted.status == ReportStatus.ACCEPTED
    with pytest.raises(PermissionDenied):
        section_review(
            report=accepted, section="events", verdict=Verdict.FLAGGED, by=council_members[1]
        )
    assert list(accepted.timeline.values_list("action", flat=True))[-1] == ReviewAction.ACCEPTED


def test_reminders_go_to_the_chair_before_submission_and_to_council_members_yet_to_review(
    chair, council_members, fund, settings
):
    settings.REPORT_REMINDER_DAYS = 7
    draft = report_build(period=PERIOD, by=chair).report
    before_due = draft.due_on - datetime.timedelta(days=3)

    reminders_send(today=before_due)
    reminders_send(today=before_due)
    report_submit(report=draft, by=chair)
    section_review(
        report=draft, section="events", verdict=Verdict.PREAPPROVED, by=council_members[0]
    )
    reminders_send(today=before_due + datetime.timedelta(days=1))

    assert kinds_for(chair).count("reporting.report_due") == 1
    assert [kinds_for(m).count("reporting.review_due") for m in council_members] == [0, 1, 1]
    assert reminders_send(today=draft.due_on - datetime.timedelta(days=8)) == []
