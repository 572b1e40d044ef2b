"""Reporting's part of the portal: the reports to the Executive Council, their
pages and API, the link to them, and what their review tells people."""

from cwg_portal.registry import (
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    holds_perm,
)
from cwg_portal.roles import Role, users_with_role
from reporting import demo, selectors
from reporting.api import API_ROUTES


def council(report):
    return users_with_role(Role.COUNCIL)


def chairs(_about):
    return users_with_role(Role.CWG_CHAIR)


def comment_author(comment):
    return [comment.parent.author]


NOTIFICATIONS = (
    NotificationKind(
        "reporting.report_submitted",
        "A report is submitted to the council",
        "Report {report.period} submitted for your review",
        council,
    ),
    NotificationKind(
        "reporting.section_flagged",
        "A council member flagged a section of your report",
        "Report {report.period}: the section {section} is flagged",
        chairs,
    ),
    NotificationKind(
        "reporting.comment_added",
        "A council member commented on your report",
        "Report {report.period}: a comment on {comment.section}",
        chairs,
    ),
    NotificationKind(
        "reporting.comment_answered",
        "The chair answered your comment on a report",
        "Report {report.period}: your comment is answered",
        comment_author,
    ),
    NotificationKind(
        "reporting.report_decided",
        "The council decided on your report",
        "Report {report.period}: {decision}",
        chairs,
    ),
    NotificationKind(
        "reporting.report_due",
        "A report to the council is due soon",
        "Report {report.period} is due on {report.due_on}",
        chairs,
    ),
    NotificationKind(
        "reporting.review_due",
        "A report awaits your review",
        "Report {report.period} awaits your review by {report.due_on}",
        selectors.council_without_review,
    ),
)

contributions = Contributions(
    app="reporting",
    # The reports live under /reports/ and the annual post under /blog/.
    mount="",
    navigation=(NavItem("Reports", "reporting:reports", holds_perm("reporting.see_report"), 65),),
    api_routes=API_ROUTES,
    notifications=NOTIFICATIONS,
    # After every app whose figures the reports hold.
    demo=DemoBuilder(
        demo.seed, after=("membership", "events", "budget", "workshops", "conferences", "dei")
    ),
)
