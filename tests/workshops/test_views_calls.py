"""The call pages: opening a call with its stages and caps, and the ranking
of a call's proposals, with the balance of reviewers and waived stages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.workshops import open_call, submitted_proposal
from tests.pages import form_errors, page_messages, rows, text
from tests.workshops.forms import input_value, management, submitted_review
from workshops.enums import WorkshopFormat
from workshops.models import Call
from workshops.services.reviews import conflict_declare, reviewer_assign


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


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


@pytest.mark.parametrize("size", [1, 3])
def test_the_ranking_query_count_is_independent_of_size(
    size, client, call, chair, member, django_assert_num_queries
):
    for number in range(size):
        proposal = submitted_proposal(call, title=f"Proposal {number}")
        reviewer_assign(proposal=proposal, reviewer=member.person, by=chair)
        submitted_review(proposal, member, score=4)
    client.force_login(chair)

    with django_assert_num_queries(18):
        response = client.get(f"/workshops/calls/{call.slug}/ranking/")

    assert len(rows(response, f"Proposals of {call.title} by score")) == size
