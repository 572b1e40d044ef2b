"""Reads of the reports: the lists each person may see and a version's page."""

from django.db.models import Max

from cwg_portal.policies import restrict
from reporting import figures as report_figures
from reporting import markdown
from reporting.enums import FINISHED
from reporting.models import Report, ReportBuild, ReportVersion


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
