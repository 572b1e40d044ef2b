"""The proposal pages: proposing, editing, submitting and withdrawing a
proposal, its versions, and the list of proposals each reader sees."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cwg_portal.roles import Role
from dei.models import DiscItem
from dei.services.training import training_record
from tests.factories.budget import category
from tests.factories.membership import UserFactory
from tests.factories.workshops import (
    draft_proposal,
    open_call,
    pass_call_closing,
    submitted_proposal,
)
from tests.pages import form_errors, heading, page_messages, rows, tables, text
from tests.workshops.forms import input_value, management
from workshops.enums import ProposalStatus
from workshops.models import Proposal
from workshops.services.decisions import proposal_advance
from workshops.services.proposals import proposal_withdraw


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


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
    assert "1 proposal" in text(response)


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


def test_the_chair_sees_whether_the_lead_organiser_had_event_leader_training(
    client, call, chair, organiser
):
    trained = submitted_proposal(call, by=organiser, title="Trained lead")
    untrained = submitted_proposal(call, title="Untrained lead")
    training_record(
        by=UserFactory(roles=[Role.DEI_COMMITTEE]),
        topic="Running an inclusive sprint",
        held_on=datetime.date(2026, 5, 4),
        trainer="NumFOCUS DISC",
        attendees=[organiser.person],
    )
    client.force_login(chair)

    shown = text(client.get(f"/workshops/proposals/{trained.pk}/"))
    not_shown = text(client.get(f"/workshops/proposals/{untrained.pk}/"))

    assert "Running an inclusive sprint (2026-05-04)" in shown
    lead = untrained.lead.display_name
    assert f"Event-leader training of {lead}: none yet." in not_shown
