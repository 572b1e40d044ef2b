"""The annual post: drafted from the year's accepted reports, reviewed,
published by the chair on the public blog and its Atom feed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cwg_portal.roles import Role
from reporting.enums import PostStatus, Verdict
from reporting.services.builds import report_build
from reporting.services.narratives import narrative_write
from reporting.services.posts import post_advance, post_draft, post_edit, post_publish
from reporting.services.review import report_decide, report_submit, section_review
from tests.factories.membership import MembershipFactory, UserFactory
from tests.pages import text
from tests.reporting.conftest import PERIOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(chair, council, fund):
    """The period's report, with a new member named in it, accepted by the council."""
    MembershipFactory(person__display_name="Ada Quartermain", starts_on=datetime.date(2026, 2, 1))
    version = report_build(period=PERIOD, by=chair)
    report = version.report
    narrative_write(
        report=report,
        section="budget",
        public_text="Donations grew in the spring.",
        council_text="The venue contract is under negotiation.",
        by=chair,
    )
    report_submit(report=report, by=chair)
    for section in version.figures["sections"]:
        section_review(
            report=report, section=section["key"], verdict=Verdict.PREAPPROVED, by=council
        )
    return report_decide(report=report, accept=True, by=council)


def test_the_draft_takes_the_public_narrative_and_the_years_figures_without_names(accepted, member):
    post = post_draft(year=2026, by=member)

    assert post.title == "The Community Working Group in 2026"
    assert "Donations grew in the spring." in post.body
    assert "- funds / Community fund / income: 1200.00" in post.body
    assert "negotiation" not in post.body
    assert "Ada Quartermain" not in post.body


def test_a_year_without_an_accepted_report_has_nothing_to_draft(member, chair, fund):
    report_build(period=PERIOD, by=chair)

    with pytest.raises(ValidationError, match="No report of 2026 is accepted yet"):
        post_draft(year=2026, by=member)


def test_the_post_is_reviewed_then_published_by_the_chair(accepted, member, chair, client):
    post = post_draft(year=2026, by=member)
    post = post_edit(post=post, title="Our 2026", body="We met **often**.", by=member)
    post = post_advance(post=post, by=member)
    with pytest.raises(PermissionDenied):
        post_edit(post=post, title="Late", body="Late.", by=member)
    with pytest.raises(PermissionDenied):
        # Its own author does not approve it.
        post_advance(post=post, by=member)
    post = post_advance(post=post, by=UserFactory(roles=[Role.CWG_MEMBER]))
    with pytest.raises(PermissionDenied):
        post_publish(post=post, by=member)

    published = post_publish(post=post, by=chair)

    assert (published.status, published.published_at is not None) == (PostStatus.PUBLISHED, True)
    page = client.get("/blog/2026/")
    assert "We met <strong>often</strong>." in page.content.decode()
    assert "Our 2026" in text(client.get("/blog/"))
    feed = client.get("/blog/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "<title>Our 2026</title>" in feed.content.decode()


def test_the_public_sees_no_post_before_it_is_published(accepted, member, client):
    post_draft(year=2026, by=member)

    assert client.get("/blog/2026/").status_code == 404
    assert "No post is published yet." in text(client.get("/blog/"))
    assert "<entry>" not in client.get("/blog/feed/").content.decode()


def test_the_editor_previews_the_markdown_without_saving(accepted, member, client):
    post = post_draft(year=2026, by=member)
    client.force_login(member)

    response = client.post(
        "/blog/2026/edit/",
        {"title": "Draft", "body": "A *new* year.<script>x()</script>", "preview": "1"},
    )

    assert "A <em>new</em> year." in response.content.decode()
    assert "<script>x()" not in response.content.decode()
    post.refresh_from_db()
    assert post.title == "The Community Working Group in 2026"
