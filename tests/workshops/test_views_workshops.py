"""The workshops' public pages and a held workshop's pages: what each reader
sees of calls, past workshops and published summaries, filing the summary
and claiming the allocation; and the workshops panels on the dashboard."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from budget.enums import AllocationStatus, DocumentKind
from budget.services.allocations import allocation_close
from budget.services.claims import claim_approve, claim_pay, claim_submit
from cwg_portal.roles import Role
from events.enums import EventStatus
from tests.factories.budget import category, upload
from tests.factories.membership import UserFactory
from tests.factories.workshops import (
    draft_proposal,
    filed_summary,
    held_workshop,
    open_call,
    submitted_proposal,
)
from tests.pages import NAV_LOGGED_IN, form_errors, heading, page_messages, rows, text
from tests.workshops.forms import input_value
from workshops.models import PostEventSummary
from workshops.services.reviews import reviewer_assign


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


# ---------------------------------------------------------------- public pages


def test_index_lists_open_calls_with_their_caps_and_a_link_to_propose(client, call):
    response = client.get("/workshops/")

    assert response.status_code == 200
    assert heading(response) == "Jupyter Community Workshops"
    page = text(response)
    assert "Workshops 2027" in page
    assert "In person: up to 20,000.00 USD" in page
    assert "Online: up to 5,000.00 USD" in page
    assert 'href="/workshops/calls/workshops-2027/propose/"' in response.content.decode()


def test_index_shows_only_published_summaries_and_never_the_lessons(client, call, chair, organiser):
    public = held_workshop(call, chair=chair, by=organiser, title="Published sprint")
    private = held_workshop(call, chair=chair, by=organiser, title="Private sprint")
    held_workshop(call, chair=chair, by=organiser, title="Sprint without a summary")
    filed_summary(public, by=organiser)
    filed_summary(private, by=organiser, is_public=False)

    response = client.get("/workshops/")

    page = text(response)
    assert re.findall(r'<h3 id="past-[^"]+"><a [^>]*>([^<]+)</a>', response.content.decode()) == [
        "Published sprint"
    ]
    assert "Participants 15 First-time contributors 6" in page
    assert "Book a second venue" not in page
    assert "The venue's lift broke" not in page


@pytest.mark.parametrize("size", [1, 3])
def test_index_query_count_is_independent_of_size(
    size, client, call, chair, organiser, django_assert_num_queries
):
    for number in range(size):
        open_call(by=chair, title=f"Round {number}")
        filed_summary(
            held_workshop(call, chair=chair, by=organiser, title=f"Sprint {number}"),
            by=organiser,
        )

    with django_assert_num_queries(5):
        response = client.get("/workshops/")

    assert text(response).count("First-time contributors 6") == size


def test_past_workshop_page_shows_the_public_fields_and_public_organisers_only(
    client, call, chair, organiser
):
    co_organiser = UserFactory(username="co-organiser")
    co_organiser.person.display_name = "Ines Moreau"
    co_organiser.person.is_public = True
    co_organiser.person.save()
    organiser.person.display_name = "Hidden Organiser"
    organiser.person.save()
    proposal = held_workshop(call, chair=chair, by=organiser, organisers=[co_organiser.person])
    filed_summary(proposal, by=organiser)

    response = client.get(f"/workshops/past/{proposal.event.slug}/")

    page = text(response)
    assert heading(response) == "Held workshop"
    assert "Organisers Ines Moreau" in page
    assert "Hidden Organiser" not in page
    assert "Screen reader users from four countries." in page
    assert "Every session was captioned." in page
    assert "https://github.com/jupyterlab/jupyterlab/pull/1" in page
    assert "Book a second venue" not in page
    assert "The venue's lift broke" not in page


def test_past_workshop_page_of_an_unpublished_summary_is_not_found(client, call, chair, organiser):
    proposal = held_workshop(call, chair=chair, by=organiser)
    filed_summary(proposal, by=organiser, is_public=False)

    response = client.get(f"/workshops/past/{proposal.event.slug}/")

    assert (response.status_code, heading(response)) == (404, "Page not found")


def test_call_page_shows_its_rules_stages_and_rubric_in_the_sites_time_zone(
    client, chair, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    opens = timezone.now() - datetime.timedelta(days=1)
    call = open_call(
        by=chair,
        slug="round",
        opens_at=opens,
        closes_at=datetime.datetime(2099, 3, 1, 11, 0, tzinfo=datetime.UTC),
    )

    response = client.get("/workshops/calls/round/")

    page = text(response)
    assert "Until 2099-03-01 12:00 Europe/Paris" in page
    assert "Total envelope 60,000.00 USD" in page
    assert "Costs Direct costs only: no overhead or indirect costs" in page
    assert "Participants 12 to 24 Length 2 to 4 days" in page
    assert rows(response, "Stages of review") == [
        ["Committee review", "2099-03-08", ""],
        ["Budget and logistics with the events staff", "2099-04-05", ""],
        ["Final review", "2099-04-12", "The chair may waive it"],
    ]
    assert [row[0] + " " + row[2] for row in rows(response, "Review rubric")] == [
        "Impact on Jupyter 3",
        "Feasibility 2",
        "Community growth 2",
        "Diversity and inclusion 2",
        "Budget realism 1",
    ]
    assert f'href="/workshops/calls/{call.slug}/propose/">Propose a workshop' in (
        response.content.decode()
    )


def test_a_call_not_yet_open_is_hidden_from_the_public_and_shown_to_members(client, chair, member):
    now = timezone.now()
    open_call(
        by=chair,
        slug="next-round",
        opens_at=now + datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=40),
    )

    anonymous = client.get("/workshops/calls/next-round/")
    client.force_login(member)
    for_member = client.get("/workshops/calls/next-round/")

    assert anonymous.status_code == 404
    assert for_member.status_code == 200
    assert "This call opens on" in text(for_member)
    assert "Propose a workshop</a>" not in for_member.content.decode()


def test_the_main_navigation_shows_workshops_to_everyone(client, organiser):
    anonymous = client.get("/")
    client.force_login(organiser)
    logged_in = client.get("/")

    nav = r'<nav class="main-nav" aria-label="Main">(.*?)</nav>'
    links = [
        re.findall(r">([^<]+)</a>", re.search(nav, response.content.decode(), re.DOTALL)[1])
        for response in (anonymous, logged_in)
    ]
    assert links == [
        ["Workshops", "Directory"],
        NAV_LOGGED_IN,
    ]


# ---------------------------------------------------------------- the workshop


def paid_claim(proposal, organiser, finance, member, amount, slug="travel"):
    claim = claim_submit(
        claimant=organiser,
        fund=proposal.call.fund,
        event=proposal.event,
        allocation=proposal.allocation,
        category=category(slug),
        amount=Decimal(amount),
        currency="USD",
        description=f"{slug} costs",
        documents=[(DocumentKind.RECEIPT, upload())],
    )
    if finance is not None:
        claim_approve(claim=claim, approver=member, note="")
        claim_pay(claim=claim, paid_by=finance)
    return claim


@pytest.mark.parametrize("size", [1, 3])
def test_the_workshop_page_query_count_is_independent_of_its_claims(
    size, client, call, chair, member, organiser, django_assert_num_queries
):
    proposal = held_workshop(call, chair=chair, by=organiser)
    for _ in range(size):
        paid_claim(proposal, organiser, None, member, "100.00")
    client.force_login(organiser)

    with django_assert_num_queries(34):
        response = client.get(f"/workshops/held/{proposal.event.slug}/")

    assert len(rows(response, "Claims against the allocation")) == size


def test_the_workshop_page_shows_the_award_against_paid_claims_and_a_claim_link(
    client, call, chair, member, organiser
):
    finance = UserFactory(username="finance", roles=[Role.FINANCE_STAFF])
    proposal = held_workshop(call, chair=chair, by=organiser)
    paid_claim(proposal, organiser, finance, member, "900.00")
    paid_claim(proposal, organiser, None, member, "400.00", slug="venue")
    client.force_login(organiser)

    response = client.get(f"/workshops/held/{proposal.event.slug}/")

    assert heading(response) == "Held workshop"
    assert rows(response, "The award by budget category against what was paid") == [
        ["Travel", "9,000.00 USD", "6,428.58 USD", "900.00 USD", "5,528.58 USD"],
        ["Venue", "3,000.00 USD", "2,142.85 USD", "0.00 USD", "2,142.85 USD"],
        ["Catering and meals", "2,000.00 USD", "1,428.57 USD", "0.00 USD", "1,428.57 USD"],
    ]
    assert [row[3:] for row in rows(response, "Claims against the allocation")] == [
        ["400.00 USD", "Submitted"],
        ["900.00 USD", "Paid"],
    ]
    page = text(response)
    assert "Paid 900.00 USD Claims waiting 400.00 USD Remaining 9,100.00 USD" in page
    assert "Task board" in page and "DEI checklist" in page
    query = (
        f"fund={call.fund.pk}&amp;event={proposal.event.pk}&amp;allocation={proposal.allocation.pk}"
    )
    assert f'href="/budget/claims/new/?{query}"' in response.content.decode()


def test_a_closed_allocation_shows_what_went_back_to_the_fund_not_what_remains(
    client, call, chair, member, organiser
):
    finance = UserFactory(username="finance", roles=[Role.FINANCE_STAFF])
    proposal = held_workshop(call, chair=chair, by=organiser)
    paid_claim(proposal, organiser, finance, member, "900.00")
    allocation_close(allocation=proposal.allocation, by=chair)
    client.force_login(organiser)

    page = text(client.get(f"/workshops/held/{proposal.event.slug}/"))

    assert "Returned to the fund 9,100.00 USD" in page
    assert "Remaining" not in page


def test_the_claim_form_opens_prefilled_from_the_workshops_link(client, call, chair, organiser):
    proposal = held_workshop(call, chair=chair, by=organiser)
    client.force_login(organiser)

    response = client.get(
        "/budget/claims/new/",
        {"fund": call.fund.pk, "event": proposal.event.pk, "allocation": proposal.allocation.pk},
    )

    html = response.content.decode()
    for name, value in (
        ("fund", call.fund.pk),
        ("event", proposal.event.pk),
        ("allocation", proposal.allocation.pk),
    ):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL)[0]
        assert re.search(r'<option value="(\d+)" selected>', select)[1] == str(value)


def test_filing_the_summary_completes_the_workshop_and_closes_its_allocation(
    client, call, chair, organiser
):
    proposal = held_workshop(call, chair=chair, by=organiser)
    client.force_login(organiser)

    response = client.post(
        f"/workshops/held/{proposal.event.slug}/summary/",
        {
            "attendance_total": "15",
            "first_time_contributors": "6",
            "outcomes": "Keyboard navigation fixed.",
            "links": "https://github.com/jupyterlab/jupyterlab/pull/1\n\nhttps://blog.jupyter.org/a",
            "dei_reached": "Screen reader users.",
            "dei_achieved": "Every session captioned.",
            "dei_shortfalls": "The lift broke.",
            "lessons": "Two venues.",
            "is_public": "on",
        },
        follow=True,
    )

    summary = PostEventSummary.objects.get(proposal=proposal)
    proposal.allocation.refresh_from_db()
    proposal.event.refresh_from_db()
    assert summary.links == [
        "https://github.com/jupyterlab/jupyterlab/pull/1",
        "https://blog.jupyter.org/a",
    ]
    assert proposal.allocation.status == AllocationStatus.CLOSED
    assert proposal.event.status == EventStatus.COMPLETED
    assert page_messages(response) == [
        "Thank you: the summary is filed. The workshop is marked completed; its allocation "
        "is closed, and what was not spent is available to the fund again."
    ]


def test_the_summary_form_shows_the_filed_summary_for_correction(client, call, chair, organiser):
    proposal = held_workshop(call, chair=chair, by=organiser)
    filed_summary(proposal, by=organiser)
    client.force_login(organiser)

    response = client.get(f"/workshops/held/{proposal.event.slug}/summary/")

    assert input_value(response, "links") == "https://github.com/jupyterlab/jupyterlab/pull/1"
    assert input_value(response, "attendance_total") == "15"


def test_a_summary_with_more_first_timers_than_participants_is_refused(
    client, call, chair, organiser
):
    proposal = held_workshop(call, chair=chair, by=organiser)
    client.force_login(organiser)

    response = client.post(
        f"/workshops/held/{proposal.event.slug}/summary/",
        {
            "attendance_total": "5",
            "first_time_contributors": "6",
            "outcomes": "Some.",
            "links": "not a link",
            "dei_reached": "Some.",
            "dei_achieved": "Some.",
            "dei_shortfalls": "Some.",
        },
    )

    assert form_errors(response) == [
        "First-time contributors are counted among the participants, so there cannot be "
        "more of them."
    ]
    assert PostEventSummary.objects.exists() is False


# ---------------------------------------------------------------- dashboard


def panel_items(response, title):
    html = response.content.decode()
    section = re.search(rf"<h2 [^>]*>{re.escape(title)}</h2>(.*?)</section>", html, re.DOTALL)
    return (
        [
            " ".join(unescape(re.sub(r"<[^>]+>", "", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", section[1], re.DOTALL)
        ]
        if section
        else None
    )


def test_dashboard_lists_the_reviews_a_member_has_to_do(client, call, chair, member):
    proposal = submitted_proposal(call, title="To review")
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    client.force_login(member)

    response = client.get("/dashboard/")

    assert panel_items(response, "Reviews to do") == ["Review To review (Workshops 2027)"]


def test_dashboard_lists_an_organisers_proposals_and_the_summaries_they_owe(
    client, call, chair, organiser
):
    draft_proposal(call, by=organiser, title="My draft")
    held = held_workshop(call, chair=chair, by=organiser)
    client.force_login(organiser)

    response = client.get("/dashboard/")

    assert panel_items(response, "Your workshop proposals") == [
        "Held workshop: accepted (Workshops 2027)",
        "My draft: draft (Workshops 2027)",
    ]
    assert panel_items(response, "Summaries due") == [
        f"File the summary of Held workshop, due {held.summary_due_on:%Y-%m-%d}"
    ]
    assert panel_items(response, "Reviews to do") is None
