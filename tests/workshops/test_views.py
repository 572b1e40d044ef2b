"""The workshops pages: what each reader sees, and what each form and button changes."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from budget.enums import AllocationStatus, DocumentKind
from budget.models import Allocation
from budget.services.allocations import allocation_close
from budget.services.claims import claim_approve, claim_pay, claim_submit
from cwg_portal.roles import Role
from dei.models import DiscItem
from events.enums import EventKind, EventStatus
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.factories.budget import category, upload
from tests.factories.membership import UserFactory
from tests.factories.workshops import (
    draft_proposal,
    filed_summary,
    held_workshop,
    open_call,
    pass_call_closing,
    submitted_proposal,
)
from tests.pages import NAV_LOGGED_IN, form_errors, heading, page_messages, rows, tables, text
from workshops.enums import ProposalStatus, Verdict, WorkshopFormat
from workshops.models import Call, PostEventSummary, Proposal, Review
from workshops.services.calls import stage_waive
from workshops.services.decisions import proposal_advance
from workshops.services.proposals import proposal_withdraw
from workshops.services.reviews import conflict_declare, review_submit, reviewer_assign

# ---------------------------------------------------------------- arranging


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", roles=[Role.CWG_CHAIR])


@pytest.fixture
def member(db):
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def second_member(db):
    return UserFactory(username="second-member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


@pytest.fixture
def call(chair):
    return open_call(by=chair, title="Workshops 2027", slug="workshops-2027")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def line_rows(*lines):
    """Budget lines as the form posts them: (category slug, description, amount)."""
    data = management("lines", len(lines))
    for number, (slug, description, amount) in enumerate(lines):
        data.update(
            {
                f"lines-{number}-category": category(slug).pk if slug else "",
                f"lines-{number}-description": description,
                f"lines-{number}-amount": amount,
            }
        )
    return data


def proposal_form(*lines, **changes):
    """What an organiser types for a valid in-person workshop of three days."""
    starts_on = timezone.localdate() + datetime.timedelta(days=120)
    data = {
        "title": "JupyterLab accessibility sprint",
        "summary": "Three days on keyboard navigation.",
        "goals": "Merge the keyboard navigation fixes.",
        "focus_areas": ["accessibility"],
        "format": "in-person",
        "city": "Paris",
        "country": "France",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + datetime.timedelta(days=2)).isoformat(),
        "expected_participants": "16",
        "co_organisers": "",
        "advances_jupyter": "Accessibility of JupyterLab core.",
        "grows_community": "Half of the participants are new contributors.",
        "disc_essential": [DiscItem.objects.get(slug="code-of-conduct").pk],
        "disc_stretch": [DiscItem.objects.get(slug="captioning").pk],
        "dei_outreach": "Local disability advocacy groups.",
        "other_funding": "",
        "coc_contacts_confirmed": "on",
        **line_rows(*(lines or [("travel", "Travel", "9000.00"), ("venue", "Venue", "3000.00")])),
    }
    return {**data, **changes}


def submitted_review(proposal, user, score=4, comment="Clear and feasible."):
    return review_submit(
        proposal=proposal,
        by=user,
        scores={criterion.pk: score for criterion in proposal.call.criteria.all()},
        comment=comment,
    )


def input_value(response, name):
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', response.content.decode())
    if tag is None:
        return None
    if tag.group(0).startswith("<textarea"):
        after = response.content.decode()[tag.end() :]
        return unescape(after[: after.index("</textarea>")]).strip()
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


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


# ---------------------------------------------------------------- opening a call


def call_form(**changes):
    now = timezone.localtime()
    opens, closes = now + datetime.timedelta(days=1), now + datetime.timedelta(days=43)
    data = {
        "title": "Workshops 2028",
        "description": "The 2028 round.",
        "fund": "",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        "envelope": "40000.00",
        "direct_costs_only": "on",
        "min_participants": "10",
        "max_participants": "20",
        "min_days": "2",
        "max_days": "3",
        "reviewers_per_proposal": "3",
        "summary_due_days": "45",
        "cap_in-person": "15000.00",
        "cap_hybrid": "",
        "cap_online": "4000.00",
        **management("criteria", 2),
        "criteria-0-name": "Impact",
        "criteria-0-description": "On Jupyter.",
        "criteria-0-weight": "3",
        "criteria-1-name": "",
        "criteria-1-description": "",
        "criteria-1-weight": "",
        **management("stages", 2),
        "stages-0-name": "Committee review",
        "stages-0-ends_on": (closes + datetime.timedelta(days=7)).date().isoformat(),
        "stages-1-name": "Final review",
        "stages-1-ends_on": (closes + datetime.timedelta(days=14)).date().isoformat(),
        "stages-1-waivable": "on",
    }
    return {**data, **changes}


def test_call_form_starts_with_the_programs_rubric_and_stages(client, chair):
    client.force_login(chair)

    response = client.get("/workshops/calls/new/")

    names = [input_value(response, f"criteria-{n}-name") for n in range(6)]
    stages = [input_value(response, f"stages-{n}-name") for n in range(3)]
    assert names == [
        "Impact on Jupyter",
        "Feasibility",
        "Community growth",
        "Diversity and inclusion",
        "Budget realism",
        "",
    ]
    assert input_value(response, "criteria-0-weight") == "3"
    assert stages == [
        "Committee review",
        "Budget and logistics with the events staff",
        "Final review",
    ]


def test_chair_opens_a_call_with_caps_rubric_and_stages(client, chair):
    fund = open_call(by=chair).fund
    client.force_login(chair)

    response = client.post("/workshops/calls/new/", call_form(fund=fund.pk), follow=True)

    call = Call.objects.get(title="Workshops 2028")
    assert response.redirect_chain == [(f"/workshops/calls/{call.slug}/", 302)]
    assert page_messages(response)[0].startswith("The call “Workshops 2028” takes proposals from")
    assert {cap.format: cap.cap for cap in call.caps.all()} == {
        WorkshopFormat.IN_PERSON: Decimal("15000.00"),
        WorkshopFormat.ONLINE: Decimal("4000.00"),
    }
    assert [(c.name, c.weight) for c in call.criteria.all()] == [("Impact", 3)]
    assert [(s.name, s.waivable) for s in call.stages.all()] == [
        ("Committee review", False),
        ("Final review", True),
    ]
    assert (call.reviewers_per_proposal, call.summary_due_days, call.max_days) == (3, 45, 3)


def test_call_without_any_cap_is_refused_with_a_message(client, chair):
    fund = open_call(by=chair).fund
    client.force_login(chair)

    response = client.post(
        "/workshops/calls/new/", call_form(fund=fund.pk, **{"cap_in-person": "", "cap_online": ""})
    )

    assert form_errors(response) == ["Caps: Give the cap of at least one format."]
    assert Call.objects.filter(title="Workshops 2028").exists() is False


# ---------------------------------------------------------------- proposing


def test_organiser_saves_a_draft_with_its_lines_invited_co_organiser_and_dei_plan(
    client, call, organiser
):
    UserFactory(username="ines", email="Ines@Example.org")
    client.force_login(organiser)

    response = client.post(
        f"/workshops/calls/{call.slug}/propose/",
        proposal_form(co_organisers="ines@example.org\n"),
        follow=True,
    )

    proposal = Proposal.objects.get()
    assert response.redirect_chain == [(f"/workshops/proposals/{proposal.pk}/", 302)]
    assert page_messages(response)[0].startswith("Your draft was saved.")
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.lead == organiser.person
    assert set(proposal.organisers.all()) == {organiser.person}
    assert list(proposal.invitations.values_list("email", "status")) == [
        ("ines@example.org", "pending")
    ]
    assert [(line.category.slug, line.amount) for line in proposal.lines.all()] == [
        ("travel", Decimal("9000.00")),
        ("venue", Decimal("3000.00")),
    ]
    assert sorted(proposal.disc_items.values_list("slug", flat=True)) == [
        "captioning",
        "code-of-conduct",
    ]
    assert proposal.focus_areas == ["accessibility"]
    assert proposal.versions.count() == 1
    assert tables(response)["Budget of JupyterLab accessibility sprint"]["foot"] == [
        ["Total", "", "12,000.00 USD"]
    ]


def test_save_and_submit_sends_the_proposal_to_the_committee(client, call, organiser):
    client.force_login(organiser)

    response = client.post(
        f"/workshops/calls/{call.slug}/propose/", proposal_form(submit="1"), follow=True
    )

    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.stage.name == "Committee review"
    assert page_messages(response)[0].startswith("Your proposal was submitted to “Workshops 2027”.")


def test_a_closed_call_says_so_and_its_server_refuses_a_posted_proposal(client, call, organiser):
    pass_call_closing(call)
    client.force_login(organiser)

    page = client.get(f"/workshops/calls/{call.slug}/propose/")
    response = client.post(f"/workshops/calls/{call.slug}/propose/", proposal_form())

    assert "it takes none now" in text(page)
    assert '<form method="post" class="form"' not in page.content.decode()
    assert len(form_errors(response)) == 1
    assert form_errors(response)[0].startswith("This call closed on ")
    assert form_errors(response)[0].endswith("it takes no more proposals.")
    assert Proposal.objects.count() == 0


def test_a_budget_over_the_formats_cap_is_refused_with_the_cap_and_nothing_is_kept(
    client, call, organiser
):
    client.force_login(organiser)

    response = client.post(
        f"/workshops/calls/{call.slug}/propose/",
        proposal_form(("travel", "Flights", "18000.00"), ("venue", "Venue", "4000.00"), submit="1"),
    )

    assert form_errors(response) == [
        "Budget: The budget asks for 22000.00 USD; this call's cap for in person "
        "workshops is 20000.00 USD."
    ]
    assert Proposal.objects.count() == 0


def test_an_overhead_line_is_refused_in_a_call_for_direct_costs(client, call, organiser):
    client.force_login(organiser)

    response = client.post(
        f"/workshops/calls/{call.slug}/propose/",
        proposal_form(
            ("venue", "Venue", "3000.00"), ("overhead", "University overhead", "600.00"), submit="1"
        ),
    )

    assert form_errors(response) == [
        "Budget: This call funds direct costs only: remove the overhead line “University overhead”."
    ]
    assert Proposal.objects.count() == 0


def test_budget_line_mistakes_are_listed_in_the_error_summary(client, call, organiser):
    client.force_login(organiser)

    response = client.post(
        f"/workshops/calls/{call.slug}/propose/",
        proposal_form(("venue", "Venue", "3000.00"), ("travel", "", "")),
    )

    assert form_errors(response) == [
        "Budget line 2: Description: This field is required.",
        "Budget line 2: Amount (USD): This field is required.",
    ]
    assert Proposal.objects.count() == 0


def test_naming_an_address_without_an_account_tells_nothing_about_accounts(
    client, call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="ines", email="ines@example.org")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(
                f"/workshops/calls/{call.slug}/propose/",
                proposal_form(co_organisers=address, title=f"Sprint {number}"),
                follow=True,
            )
            for number, address in enumerate(["nobody@example.org", "ines@example.org"])
        ]

    assert [page_messages(answer) for answer in answers] == [
        page_messages(answers[0]),
        page_messages(answers[0]),
    ]
    assert [form_errors(answer) for answer in answers] == [[], []]
    # Both are told; the address without an account is asked to sign up with it.
    sent = {message.to[0]: message.body for message in mailoutbox}
    assert sorted(sent) == ["ines@example.org", "nobody@example.org"]
    assert "sign up to the portal with this e-mail address" in sent["nobody@example.org"]
    assert "Accept or decline here:" in sent["ines@example.org"]


def test_edit_form_shows_a_lead_name_with_markup_as_text(client, call, organiser):
    organiser.person.display_name = '<form action="https://evil.example/">Mallory'
    organiser.person.save(update_fields=["display_name"])
    co_organiser = UserFactory(username="ines")
    proposal = draft_proposal(call, by=organiser, organisers=[co_organiser.person])
    client.force_login(co_organiser)

    page = client.get(f"/workshops/proposals/{proposal.pk}/edit/").content.decode()

    assert '<form action="https://evil.example/">' not in page
    assert (
        "&lt;form action=&quot;https://evil.example/&quot;&gt;Mallory leads the proposal." in page
    )


def test_edit_shows_the_proposal_and_saves_a_new_version(client, call, organiser):
    co_organiser = UserFactory(username="ines")
    proposal = draft_proposal(call, by=organiser, organisers=[co_organiser.person])
    client.force_login(organiser)

    form = client.get(f"/workshops/proposals/{proposal.pk}/edit/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/edit/",
        proposal_form(("venue", "Venue", "2500.00"), title="Renamed sprint"),
        follow=True,
    )

    assert input_value(form, "title") == "JupyterLab accessibility sprint"
    assert input_value(form, "co_organisers") == "ines@example.org"
    assert input_value(form, "lines-2-description") == "Lunches"
    assert input_value(form, "lines-3-description") == ""
    proposal.refresh_from_db()
    assert proposal.title == "Renamed sprint"
    assert proposal.requested_total() == Decimal("2500.00")
    assert list(proposal.versions.values_list("number", flat=True)) == [2, 1]
    assert page_messages(response)[0].startswith("Your draft was saved.")


def test_an_organiser_cannot_open_anothers_proposal(client, call, organiser):
    proposal = submitted_proposal(call)
    client.force_login(organiser)

    pages = [
        client.get(f"/workshops/proposals/{proposal.pk}/{suffix}").status_code
        for suffix in ("", "edit/", "versions/")
    ]

    assert pages == [404, 404, 404]


def test_events_staff_read_a_proposal_once_it_reaches_budget_and_logistics(client, call, chair):
    proposal = submitted_proposal(call)
    staff = UserFactory(roles=[Role.EVENTS_STAFF])
    client.force_login(staff)
    path = f"/workshops/proposals/{proposal.pk}/"
    in_committee = client.get(path).status_code
    listed_before = client.get("/workshops/proposals/")

    proposal_advance(proposal=proposal, by=chair)
    at_logistics = client.get(path)

    assert in_committee == 404
    assert proposal.title not in text(listed_before)
    assert at_logistics.status_code == 200
    assert heading(at_logistics) == proposal.title
    assert "Review this proposal" not in text(at_logistics)
    assert proposal.title in text(client.get("/workshops/proposals/"))


def test_submit_button_refuses_a_draft_that_breaks_the_calls_rules(client, call, organiser):
    proposal = draft_proposal(call, by=organiser, coc_contacts_confirmed=False)
    client.force_login(organiser)

    response = client.post(f"/workshops/proposals/{proposal.pk}/submit/", follow=True)

    assert page_messages(response) == [
        "The organisers must agree to act as the code-of-conduct contacts at the event."
    ]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_withdraw_button_withdraws_the_proposal(client, call, organiser):
    proposal = submitted_proposal(call, by=organiser)
    client.force_login(organiser)

    response = client.post(f"/workshops/proposals/{proposal.pk}/withdraw/", follow=True)

    assert page_messages(response) == [
        "Your proposal was withdrawn; the committee will not review it."
    ]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_the_versions_page_lists_what_each_version_said(client, call, organiser):
    proposal = draft_proposal(call, by=organiser)
    client.force_login(organiser)
    client.post(f"/workshops/proposals/{proposal.pk}/edit/", proposal_form(title="Renamed sprint"))

    response = client.get(f"/workshops/proposals/{proposal.pk}/versions/")

    page = text(response)
    assert page.index("Version 2") < page.index("Title Renamed sprint")
    assert page.index("Version 1") < page.index("Title JupyterLab accessibility sprint")
    assert rows(response, "Budget in version 2") == [
        ["Travel", "Travel", "9,000.00 USD"],
        ["Venue", "Venue", "3,000.00 USD"],
    ]


# ---------------------------------------------------------------- the list


def test_an_organiser_lists_only_their_own_proposals(client, call, organiser):
    mine = draft_proposal(call, by=organiser, title="Mine")
    submitted_proposal(call, title="Someone else's")
    client.force_login(organiser)

    response = client.get("/workshops/proposals/")

    assert [row[0] for row in rows(response, "Workshop proposals")] == [mine.title]
    assert "Filter the proposals" not in response.content.decode()


def test_members_list_submitted_proposals_by_call_and_status(client, call, chair, member):
    other_call = open_call(by=chair, title="Other round", slug="other-round")
    draft_proposal(call, title="A draft")
    in_review = submitted_proposal(call, title="In review")
    withdrawn = submitted_proposal(call, title="Withdrawn")
    proposal_withdraw(proposal=withdrawn, by=withdrawn.lead.user)
    submitted_proposal(other_call, title="In the other round")
    client.force_login(member)

    everything = client.get("/workshops/proposals/")
    filtered = client.get(
        "/workshops/proposals/", {"call": call.slug, "status": ProposalStatus.SUBMITTED}
    )

    assert sorted(row[0] for row in rows(everything, "Workshop proposals")) == [
        "In review",
        "In the other round",
        "Withdrawn",
    ]
    assert [row[:6] for row in rows(filtered, "Workshop proposals")] == [
        [
            "In review",
            "Workshops 2027",
            in_review.lead.display_name,
            "14,000.00 USD",
            "Submitted",
            "Committee review",
        ]
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_proposal_list_query_count_is_independent_of_size(
    size, client, call, member, django_assert_num_queries
):
    for number in range(size):
        submitted_proposal(call, title=f"Proposal {number}")
    client.force_login(member)

    with django_assert_num_queries(10):
        response = client.get("/workshops/proposals/")

    assert len(rows(response, "Workshop proposals")) == size


# ---------------------------------------------------------------- review


def test_a_reviewer_sees_the_others_reviews_only_after_submitting_their_own(
    client, call, chair, member, second_member
):
    proposal = submitted_proposal(call)
    for reviewer in (member, second_member):
        reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=chair)
    submitted_review(proposal, second_member, score=5, comment="Excellent plan.")
    client.force_login(member)

    before = client.get(f"/workshops/proposals/{proposal.pk}/")
    submitted_review(proposal, member, score=3, comment="Ambitious.")
    after = client.get(f"/workshops/proposals/{proposal.pk}/")

    assert "You see the other reviews once you have submitted your own." in text(before)
    assert "Excellent plan." not in text(before)
    assert f"Reviews of {proposal.title}" not in tables(before)
    review_link = f'href="/workshops/proposals/{proposal.pk}/review/">Review this proposal'
    assert review_link in before.content.decode()
    assert sorted(rows(after, f"Reviews of {proposal.title}")) == [
        ["member", "3", "3", "3", "3", "3", "3.00"],
        ["second-member", "5", "5", "5", "5", "5", "5.00"],
    ]
    assert "Excellent plan." in text(after)


def test_a_conflicted_member_sees_no_scores_and_cannot_open_the_review_page(
    client, call, chair, member, second_member
):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=second_member.person, by=chair)
    submitted_review(proposal, second_member, score=5, comment="Excellent plan.")
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="My partner organises it",
        related_person=proposal.lead,
    )
    client.force_login(member)

    page = client.get(f"/workshops/proposals/{proposal.pk}/")
    review_page = client.get(f"/workshops/proposals/{proposal.pk}/review/")

    assert (
        "You have a conflict of interest with this proposal, so you see none of its "
        "reviews or scores and cannot review it."
    ) in text(page)
    assert "Excellent plan." not in text(page)
    assert f"Reviews of {proposal.title}" not in tables(page)
    assert review_page.status_code == 403


def test_declaring_a_conflict_takes_back_the_members_review_and_hides_the_scores(
    client, call, chair, member
):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    client.force_login(member)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/conflict/",
        {"description": "I work with the lead"},
        follow=True,
    )

    assert page_messages(response) == [
        "Your interest is declared: you will not review this proposal or see its reviews."
    ]
    assert Review.objects.filter(proposal=proposal).exists() is False
    assert "you see none of its reviews or scores" in text(response)
    assert "Declare the conflict" not in text(response)


def test_an_empty_conflict_declaration_is_refused_on_the_proposal_page(client, call, member):
    proposal = submitted_proposal(call)
    client.force_login(member)

    response = client.post(f"/workshops/proposals/{proposal.pk}/conflict/", {"description": ""})

    assert response.status_code == 200
    assert form_errors(response) == ["Your interest in this proposal: Say what the interest is."]


def test_the_reviewer_scores_each_criterion_with_a_comment(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    criteria = list(call.criteria.all())
    client.force_login(member)

    form = client.get(f"/workshops/proposals/{proposal.pk}/review/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/review/",
        {
            **{f"score_{c.pk}": str(n) for n, c in enumerate(criteria, start=1)},
            "comment": "Strong on impact, weak on budget.",
        },
        follow=True,
    )

    assert re.findall(r"<legend>([^<]+)</legend>", form.content.decode()) == [
        "Impact on Jupyter (weight 3)",
        "Feasibility (weight 2)",
        "Community growth (weight 2)",
        "Diversity and inclusion (weight 2)",
        "Budget realism (weight 1)",
    ]
    review = Review.objects.get(proposal=proposal, reviewer=member.person)
    assert review.is_submitted
    assert [s.score for s in review.scores.all()] == [1, 2, 3, 4, 5]
    assert page_messages(response) == [
        "Your review was submitted; the others' are shown to you now."
    ]


def test_a_submitted_review_is_not_offered_again(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    submitted_review(proposal, member)
    client.force_login(member)

    response = client.get(f"/workshops/proposals/{proposal.pk}/review/")

    assert "You submitted your review on" in text(response)
    assert "Submit your review" not in text(response)


def test_a_review_without_every_score_or_a_comment_is_refused(client, call, chair, member):
    proposal = submitted_proposal(call)
    reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
    first = call.criteria.first()
    client.force_login(member)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/review/", {f"score_{first.pk}": "4", "comment": ""}
    )

    assert form_errors(response) == [
        "Feasibility: Score “Feasibility” from 1 to 5.",
        "Community growth: Score “Community growth” from 1 to 5.",
        "Diversity and inclusion: Score “Diversity and inclusion” from 1 to 5.",
        "Budget realism: Score “Budget realism” from 1 to 5.",
    ]
    assert Review.objects.get(proposal=proposal).is_submitted is False


def test_the_chair_assigns_and_takes_back_a_reviewer(client, call, chair, member):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    assigned = client.post(
        f"/workshops/proposals/{proposal.pk}/assign/", {"reviewer": member.person.pk}, follow=True
    )
    review = Review.objects.get(proposal=proposal)
    unassigned = client.post(f"/workshops/reviews/{review.pk}/unassign/", follow=True)

    assert page_messages(assigned) == ["member now reviews this proposal."]
    assert rows(assigned, f"Reviewers of {proposal.title}")[0][:3] == [
        "member",
        review.assigned_at.strftime("%Y-%m-%d"),
        "Not yet",
    ]
    assert page_messages(unassigned) == ["member no longer reviews this proposal."]
    assert Review.objects.filter(proposal=proposal).exists() is False


def test_a_conflicted_member_is_not_offered_to_review(client, call, chair, member):
    proposal = submitted_proposal(call)
    conflict_declare(proposal=proposal, by=member, description="I advise the lead")
    client.force_login(chair)

    page = client.get(f"/workshops/proposals/{proposal.pk}/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/assign/", {"reviewer": member.person.pk}
    )

    assert f'<option value="{member.person.pk}"' not in page.content.decode()
    assert form_errors(response) == [
        "Member: Select a valid choice. That choice is not one of the available choices."
    ]
    assert Review.objects.filter(proposal=proposal).exists() is False


def test_the_chair_moves_a_proposal_to_the_next_stage(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.post(f"/workshops/proposals/{proposal.pk}/advance/", follow=True)

    assert page_messages(response) == [
        "The proposal moved on to “Budget and logistics with the events staff”."
    ]
    assert "Budget and logistics with the events staff, until" in text(response)


# ---------------------------------------------------------------- ranking


def test_the_ranking_orders_by_score_with_the_running_total_and_hides_conflicted_scores(
    client, call, chair, member, second_member
):
    strong = submitted_proposal(call, title="Strong")
    weak = submitted_proposal(call, title="Weak")
    unreviewed = submitted_proposal(call, title="Unreviewed")
    for proposal, score in ((strong, 5), (weak, 2)):
        for reviewer in (member, second_member):
            reviewer_assign(proposal=proposal, reviewer=reviewer.person, by=chair)
        submitted_review(proposal, member, score=score)
        submitted_review(proposal, second_member, score=score - 1)
    conflict_declare(proposal=weak, by=chair, description="I advise the lead")
    client.force_login(chair)

    response = client.get(f"/workshops/calls/{call.slug}/ranking/")

    assert rows(response, f"Proposals of {call.title} by score") == [
        [
            "Strong",
            "4.50",
            "1.00",
            "2 of 2",
            "14,000.00 USD",
            "14,000.00 USD",
            "Yes",
            "Committee review",
            "Submitted",
        ],
        [
            "Weak",
            "hidden",
            "hidden",
            "2 of 2",
            "14,000.00 USD",
            "28,000.00 USD",
            "Yes",
            "Committee review",
            "Submitted",
        ],
        [
            "Unreviewed",
            "—",
            "—",
            "0 of 0",
            "14,000.00 USD",
            "42,000.00 USD",
            "Yes",
            "Committee review",
            "Submitted",
        ],
    ]
    assert unreviewed.title in text(response)


def test_balancing_assigns_reviewers_and_says_how_many(client, call, chair, member):
    submitted_proposal(call)
    client.force_login(chair)

    response = client.post(f"/workshops/calls/{call.slug}/balance/", follow=True)

    assert response.redirect_chain == [(f"/workshops/calls/{call.slug}/ranking/", 302)]
    assert page_messages(response) == ["2 reviews assigned, the load spread evenly."]
    assert rows(response, f"Proposals of {call.title} by score")[0][3] == "0 of 2"


def test_waiving_the_final_stage(client, call, chair):
    final = call.stages.get(waivable=True)
    client.force_login(chair)

    response = client.post(f"/workshops/stages/{final.pk}/waive/", follow=True)

    assert page_messages(response) == [
        "“Final review” is waived: proposals can be decided without it."
    ]
    final.refresh_from_db()
    assert final.waived is True


# ---------------------------------------------------------------- deciding


def ready_to_decide(call, chair, proposal):
    proposal_advance(proposal=proposal, by=chair)
    stage_waive(stage=call.stages.get(waivable=True), by=chair)
    return proposal


def test_the_decision_form_starts_with_the_requested_total(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.get(f"/workshops/proposals/{proposal.pk}/decide/")

    assert input_value(response, "awarded_amount") == "14000.00"
    assert "Requested 14,000.00 USD" in text(response)


def test_accepting_with_a_reduced_amount_creates_the_event_and_the_allocation(
    client, call, chair, organiser
):
    proposal = ready_to_decide(call, chair, submitted_proposal(call, by=organiser))
    client.force_login(chair)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/",
        {
            "verdict": Verdict.ACCEPT,
            "awarded_amount": "12000.00",
            "message": "Funded, without the lunches.",
        },
        follow=True,
    )

    proposal.refresh_from_db()
    allocation = Allocation.objects.get(event=proposal.event)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert (proposal.event.kind, proposal.event.status) == (
        EventKind.WORKSHOP,
        EventStatus.PLANNING,
    )
    assert (allocation.amount, allocation.fund) == (Decimal("12000.00"), call.fund)
    assert page_messages(response) == [
        f"Accepted: “{proposal.title}” is a workshop now, with an allocation of "
        "12,000.00 USD. The organisers are told by e-mail."
    ]
    assert sum(line.awarded for line in proposal.lines.all()) == Decimal("12000.00")


def test_deciding_twice_is_refused_with_a_message(client, call, chair):
    proposal = ready_to_decide(call, chair, submitted_proposal(call))
    client.force_login(chair)
    decide = {"verdict": Verdict.ACCEPT, "awarded_amount": "10000.00", "message": ""}
    client.post(f"/workshops/proposals/{proposal.pk}/decide/", decide)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/", {**decide, "verdict": Verdict.DECLINE}
    )

    assert len(form_errors(response)) == 1
    assert form_errors(response)[0].startswith("This proposal was already accepted on ")
    assert Allocation.objects.filter(purpose__startswith="Workshop:").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_accepting_before_the_stages_are_done_is_refused_with_the_stage(client, call, chair):
    proposal = submitted_proposal(call)
    client.force_login(chair)

    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/",
        {"verdict": Verdict.ACCEPT, "awarded_amount": "10000.00"},
    )

    assert form_errors(response) == [
        "The proposal has still to go through “Budget and logistics with the events staff” "
        "(or the chair waives it)."
    ]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_a_conflicted_chair_is_refused_with_the_reason(client, call, chair):
    proposal = ready_to_decide(call, chair, submitted_proposal(call))
    conflict_declare(proposal=proposal, by=chair, description="My student leads it")
    client.force_login(chair)

    page = client.get(f"/workshops/proposals/{proposal.pk}/decide/")
    response = client.post(
        f"/workshops/proposals/{proposal.pk}/decide/", {"verdict": Verdict.DECLINE}
    )

    assert "You have a conflict of interest with this proposal: you cannot decide it." in text(page)
    assert form_errors(response) == ["You have a conflict of interest with this proposal."]
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


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
