"""A version's public part exported as PDF and Markdown."""

import io

import pytest
from pypdf import PdfReader

from reporting.exports import markdown_of
from reporting.models import ReportVersion
from reporting.services.builds import report_build
from reporting.services.narratives import narrative_write
from tests.reporting.conftest import PERIOD, section_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(chair, fund):
    built = report_build(period=PERIOD, by=chair)
    narrative_write(
        report=built.report,
        section="budget",
        public_text="Income grew with the **spring** donations.",
        council_text="The venue contract is under negotiation.",
        by=chair,
    )
    # As every reader gets it: back from the database.
    return ReportVersion.objects.get(pk=built.pk)


def test_the_pdf_holds_every_section_a_figure_and_the_chart(client, member, version):
    client.force_login(member)

    response = client.get("/reports/2026H1/v1/report.pdf")

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for title in section_titles():
        assert title in text
    assert "5900.00" in text
    assert "Community fund: money in and out by category (USD)" in text
    assert "Income grew with the spring donations." in text
    assert "negotiation" not in text


def test_the_markdown_holds_the_public_part_and_not_the_council_note(client, member, version):
    client.force_login(member)

    response = client.get("/reports/2026H1/v1/report.md")

    body = response.content.decode()
    assert body == markdown_of(version)
    assert body.startswith("# Report 2026H1 to the Executive Council\n\n2026-01-01 to 2026-06-30")
    assert "## Finances\n\nIncome grew with the **spring** donations.\n" in body
    assert (
        "| Allocated | Allocations | Balance at end | Balance at start | Budget against actual "
        "| By category | Claims | Currency | Expenses | Income | Name |"
    ) in body
    assert "| 0.00 | 0 | 5900.00 | 5000.00 |  |" in body
    assert "| open at end 0, paid 0, paid total 0.00, submitted 0 | USD |" in body
    assert "negotiation" not in body


def test_the_markdown_has_a_heading_for_every_section_and_span(version):
    body = markdown_of(version)

    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "# Report 2026H1 to the Executive Council",
        *[
            heading
            for title in section_titles()
            for heading in (f"## {title}", "### This period", "### Year to date")
        ],
    ]


def test_the_chart_is_drawn_with_a_table_of_its_figures_on_the_page(client, member, version):
    client.force_login(member)

    page = client.get("/reports/2026H1/").content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert "<caption>Community fund: money in and out by category (USD): the figures" in page


def test_the_markdown_names_the_pages_each_section_comes_from(version, settings):
    body = markdown_of(version)

    assert f"Sources: [Ledger]({settings.SITE_URL}/budget/ledger/)," in body
