"""Someone without an account reports a code-of-conduct incident in a real
browser; a responder reads it, and the read is in the access log."""

import pytest
from playwright.sync_api import expect

from cwg_portal.roles import Role
from dei.enums import IncidentAccessKind
from dei.models import IncidentAccess, IncidentReport
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.membership import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

DESCRIPTION = "Someone kept interrupting the speakers with remarks about their accents."


def test_an_anonymous_person_files_a_report_a_responder_reads_it(
    page, live_server, transactional_db
):
    UserFactory(username="responder", roles=[Role.COC_RESPONDER])

    page.goto("/dei/conduct/report/")
    page.get_by_label("What happened").fill(DESCRIPTION)
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report received")
    assert_accessible(page)
    report = IncidentReport.objects.get()
    assert (report.description, report.contact_email) == (DESCRIPTION, "")

    log_in(page, "responder", PASSWORD)
    page.goto("/dei/conduct/")
    page.get_by_role("link", name=f"Report {report.pk}").click()
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    kinds = list(IncidentAccess.objects.values_list("user__username", "kind"))
    assert kinds == [("responder", IncidentAccessKind.READ)]
