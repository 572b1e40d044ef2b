"""Demo reports: the two periods before the last accepted by the council after
its review, and the last period's report in draft for the chair to finish."""

from cwg_portal.roles import Role
from reporting.enums import EDITABLE, ReportStatus, Verdict
from reporting.services.builds import current_period, report_build, report_for
from reporting.services.narratives import narrative_write
from reporting.services.review import report_decide, report_submit, section_review

ACCEPTED_PERIODS = 2
NARRATIVE = (
    "Donations kept the community fund steady; workshop awards were paid as the "
    "workshops took place."
)


def _accepted(period, chair, council):
    report = report_for(period)
    if report.status == ReportStatus.ACCEPTED:
        return
    version = report_build(period=period, by=chair)
    narrative_write(
        report=report, section="budget", public_text=NARRATIVE, council_text="", by=chair
    )
    report = report_submit(report=report, by=chair)
    for section in version.figures["sections"]:
        section_review(
            report=report, section=section["key"], verdict=Verdict.PREAPPROVED, by=council
        )
    report_decide(report=report, accept=True, by=council)


def seed(demo):
    chair, council = demo.users[Role.CWG_CHAIR], demo.users[Role.COUNCIL]
    last = current_period().previous()
    period = last
    for _ in range(ACCEPTED_PERIODS):
        period = period.previous()
    for _ in range(ACCEPTED_PERIODS):
        _accepted(period, chair, council)
        period = period.next()
    if report_for(last).status in EDITABLE:
        report_build(period=last, by=chair)
