"""Reads of the reports: the lists each person may see and a version's page."""

from django.conf import settings
from django.db.models import Max

from cwg_portal.policies import restrict
from cwg_portal.roles import Role, users_with_role
from reporting import figures as report_figures
from reporting import markdown
from reporting.enums import EDITABLE, FINISHED, PostStatus, Readiness, ReportStatus, Verdict
from reporting.models import BlogPost, Report, ReportBuild, ReportVersion, SectionReview


def reports_visible_to(user):
    return restrict(Report.objects.all(), user, "reporting.see_report").annotate(
        latest_number=Max("versions__number")
    )


def builds_visible_to(user):
    return ReportBuild.objects.filter(
        report__in=restrict(Report.objects.all(), user, "reporting.see_report")
    ).select_related("report", "version")


def builds_running(report):
    return report.builds.exclude(state__in=FINISHED).order_by("created_at")


def version_of(report, number=None):
    """The version numbered so, or the latest; None before the first build."""
    versions = ReportVersion.objects.filter(report=report).select_related("built_by")
    if number is None:
        return versions.order_by("-number").first()
    return versions.filter(number=number).first()


def changes_since_previous(version):
    """What moved since the version before ([] for the first)."""
    if version is None or version.number == 1:
        return []
    previous = ReportVersion.objects.get(report=version.report_id, number=version.number - 1)
    return report_figures.changes(previous.figures, version.figures)


def narratives_of(report, *, council):
    """{section key: {"public": html, "council": html or None}} of the chair's texts."""
    return {
        narrative.section: {
            "public": markdown.render(narrative.public_text),
            "council": markdown.render(narrative.council_text) if council else None,
            "public_text": narrative.public_text,
            "council_text": narrative.council_text if council else None,
        }
        for narrative in report.narratives.all()
    }


def _section_reviews(report):
    """{section key: {verdict: [reviewer, ...]}} on the submitted version."""
    found = {}
    reviews = SectionReview.objects.filter(version=report.submitted_version_id).select_related(
        "reviewer"
    )
    for review in reviews.order_by("reviewer__username"):
        found.setdefault(review.section, {}).setdefault(review.verdict, []).append(review.reviewer)
    return found


def _section_ready(verdicts):
    preapproved = len(verdicts.get(Verdict.PREAPPROVED, ()))
    return preapproved >= settings.REPORT_PREAPPROVALS_NEEDED and not verdicts.get(Verdict.FLAGGED)


def review_of(report):
    """The council's review, section by section: who pre-approved and who
    flagged the submitted version, the threads of comments, and readiness."""
    reviews = _section_reviews(report)
    comments = {}
    threads = report.comments.filter(parent=None).select_related("author")
    for comment in threads.prefetch_related("answers__author"):
        comments.setdefault(comment.section, []).append(comment)
    submitted = report.submitted_version
    keys = [s["key"] for s in submitted.figures["sections"]] if submitted else []
    return {
        key: {
            "preapproved": reviews.get(key, {}).get(Verdict.PREAPPROVED, []),
            "flagged": reviews.get(key, {}).get(Verdict.FLAGGED, []),
            "comments": comments.get(key, []),
            "ready": _section_ready(reviews.get(key, {})),
        }
        for key in keys
    }


def readiness(report, review=None):
    """Missing (not with the council), waiting for pre-approvals, or ready:
    every section pre-approved by enough council members and none flagged."""
    if report.status in EDITABLE or report.submitted_version_id is None:
        return Readiness.MISSING
    if report.status == ReportStatus.ACCEPTED:
        return Readiness.READY
    review = review_of(report) if review is None else review
    ready = all(section["ready"] for section in review.values())
    return Readiness.READY if ready else Readiness.WAITING


def council_without_review(report):
    """The council members who have reviewed no section of the submitted version."""
    reviewed = SectionReview.objects.filter(version=report.submitted_version_id).values("reviewer")
    return users_with_role(Role.COUNCIL).exclude(pk__in=reviewed)


def posts_visible_to(user):
    return restrict(BlogPost.objects.all(), user, "reporting.see_post")


def posts_published():
    return BlogPost.objects.filter(status=PostStatus.PUBLISHED).order_by("-year")
