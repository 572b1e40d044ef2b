"""The election pages: opening an election, nominating and accepting, and
voting by secret ballot. Each test says what the user sees and what changed
in the database."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from cwg_portal.roles import Role
from membership.enums import DeclarationKind, ElectionStatus, NominationStatus
from membership.models import Ballot, BallotMark, Election, EligibleVoter, Nomination, Recusal
from membership.services.conflicts import declaration_create
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import (
    BodyFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    open_election,
    pass_closing_time,
)
from tests.membership.governance_pages import (
    ABSTAIN,
    NO,
    YES,
    candidate,
    headings,
    main_text,
    options,
)
from tests.pages import form_errors, page_messages, rows, tables

pytestmark = pytest.mark.django_db


def facts(response):
    """The <dt>/<dd> pairs of the page's fact lists."""
    html = response.content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    clean = [" ".join(unescape(strip_tags(part)).split()) for pair in pairs for part in pair]
    return dict(zip(clean[::2], clean[1::2], strict=True))


def radio_values(response):
    return re.findall(
        r'<input type="radio" name="[^"]+" value="([^"]+)"', response.content.decode()
    )


def local_input(moment):
    """A datetime as a browser's datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- opening elections


def election_form(body, **changes):
    now = timezone.now()
    data = {
        "body": body.pk,
        "title": "Election of a new member",
        "description": "One seat.",
        "nominations_close_at": local_input(now + timedelta(days=3)),
        "opens_at": local_input(now + timedelta(days=3)),
        "closes_at": local_input(now + timedelta(days=10)),
        "quorum": "half",
        "threshold": "two-thirds",
        "allow_abstain": "on",
    }
    return {**data, **changes}


def test_chair_opens_an_election_and_the_voters_are_frozen(client, chair, member, cwg):
    client.force_login(chair)
    data = election_form(cwg)

    response = client.post("/people/elections/new/", data, follow=True)
    MembershipFactory(body=cwg)

    election = Election.objects.get()
    assert response.redirect_chain == [(f"/people/elections/{election.pk}/", 302)]
    assert page_messages(response) == [
        "The election is open for nominations; 2 voters are on its roll."
    ]
    assert sorted(election.voters.values_list("user__username", flat=True)) == [
        "chair",
        "member",
    ]
    assert (
        election.title,
        election.opened_by,
        local_input(election.nominations_close_at),
        local_input(election.closes_at),
        election.quorum_numerator,
        election.quorum_denominator,
        election.threshold_numerator,
        election.threshold_denominator,
        election.threshold_strict,
        election.allow_abstain,
        election.eligible_count,
    ) == (
        "Election of a new member",
        chair,
        data["nominations_close_at"],
        data["closes_at"],
        1,
        2,
        2,
        3,
        False,
        True,
        2,
    )
    assert facts(response)["Phase"] == "Nominations open"


def test_election_form_offers_only_the_bodies_the_user_chairs(client, chair):
    client.force_login(chair)

    response = client.get("/people/elections/new/")

    assert options(response, "body") == ["Community Building Working Group"]
    assert options(response, "quorum") == [
        "Half of the voters (1/2)",
        "Two thirds of the voters (2/3)",
        "A third of the voters (1/3)",
    ]
    assert options(response, "threshold") == [
        "Simple majority: more than half of the yes and no votes",
        "Two thirds: at least two thirds of the yes and no votes",
    ]


def test_election_with_phases_out_of_order_is_refused_with_the_reason(client, chair, cwg):
    client.force_login(chair)
    now = timezone.now()

    response = client.post(
        "/people/elections/new/",
        election_form(cwg, closes_at=local_input(now + timedelta(days=1))),
    )

    assert form_errors(response) == ["Nominations close, then voting opens, then it closes."]
    assert Election.objects.count() == 0


def test_member_who_chairs_nothing_may_not_open_an_election(client, member, cwg):
    client.force_login(member)

    responses = [
        client.get("/people/elections/new/"),
        client.post("/people/elections/new/", election_form(cwg)),
    ]

    assert [response.status_code for response in responses] == [403, 403]
    assert Election.objects.count() == 0


def test_elections_list_shows_each_election_and_its_phase(client, member, cwg):
    open_election(cwg, voting=False)
    client.force_login(member)

    response = client.get("/people/elections/")

    assert [row[:3] for row in rows(response, "Elections")] == [
        ["Election of new members", "Community Building Working Group", "Nominations open"]
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_elections_list_query_count_is_independent_of_size(
    size, client, member, cwg, django_assert_num_queries
):
    for _ in range(size):
        election = open_election(cwg)
        candidate(election, PersonFactory())
    client.force_login(member)

    with django_assert_num_queries(12):
        response = client.get("/people/elections/")

    assert len(rows(response, "Elections")) == size


def test_election_page_answers_404_to_a_community_user_not_in_it(client, community, cwg):
    election = open_election(cwg)
    client.force_login(community)

    response = client.get(f"/people/elections/{election.pk}/")

    assert response.status_code == 404


# ---------------------------------------------------------------- nominating


def test_member_nominates_a_person_who_is_asked_to_answer(client, member, community, cwg):
    election = open_election(cwg, voting=False)
    client.force_login(member)

    response = client.post(
        f"/people/elections/{election.pk}/",
        {"nominee": community.person.pk, "statement": "Organised two workshops."},
        follow=True,
    )

    assert page_messages(response) == [
        "You nominated Sam Rivera; they are asked to accept or decline."
    ]
    assert list(
        Nomination.objects.values_list("nominee", "nominated_by", "statement", "status")
    ) == [(community.person.pk, member.pk, "Organised two workshops.", "pending")]
    assert "No candidate yet: a nominee becomes a candidate by accepting." in main_text(response)


def test_nomination_form_leaves_out_members_and_people_already_nominated(
    client, member, chair, community, cwg
):
    election = open_election(cwg, voting=False)
    NominationFactory(election=election, nominee=PersonFactory(display_name="Already Nominated"))
    client.force_login(member)

    response = client.get(f"/people/elections/{election.pk}/")

    nominees = options(response, "nominee")
    assert "Sam Rivera" in nominees
    assert [name for name in nominees if name in ("Mira Okafor", "Jonas Lindqvist")] == []
    assert "Already Nominated" not in nominees


def test_the_nomination_form_starts_with_nobody_chosen(client, member, community, cwg):
    election = open_election(cwg, voting=False)
    client.force_login(member)

    html = client.get(f"/people/elections/{election.pk}/").content.decode()

    assert '<option value="" selected>Choose a person</option>' in html
    assert html.count(" selected>") == 1


def test_non_member_may_nominate_only_themselves_when_the_body_allows_it(client, cwg):
    staff = UserFactory(username="staff", roles=[Role.FINANCE_STAFF])
    election = open_election(cwg, voting=False)
    client.force_login(staff)

    form = client.get(f"/people/elections/{election.pk}/")
    refused = client.post(
        f"/people/elections/{election.pk}/", {"nominee": PersonFactory().pk, "statement": ""}
    )
    response = client.post(
        f"/people/elections/{election.pk}/",
        {"nominee": staff.person.pk, "statement": "I would like to help."},
        follow=True,
    )

    assert options(form, "nominee") == ["Choose a person", staff.person.display_name]
    assert form_errors(refused) == [
        "Person to nominate: Select a valid choice. That choice is not one of the available "
        "choices."
    ]
    assert page_messages(response) == [
        "You nominated yourself: you are a candidate in this election."
    ]
    assert list(Nomination.objects.values_list("nominee", "status")) == [
        (staff.person.pk, "accepted")
    ]


def test_no_nomination_form_for_a_non_member_when_the_body_forbids_self_nomination(client):
    body = BodyFactory(allows_self_nomination=False)
    election = open_election(body, voting=False)
    client.force_login(UserFactory(roles=[Role.FINANCE_STAFF]))

    response = client.get(f"/people/elections/{election.pk}/")

    assert "Nominate" not in headings(response, 2)


def test_nomination_after_nominations_close_is_refused_with_the_reason(client, member, cwg):
    election = open_election(cwg, voting=True)
    client.force_login(member)

    page = client.get(f"/people/elections/{election.pk}/")
    response = client.post(
        f"/people/elections/{election.pk}/", {"nominee": PersonFactory().pk, "statement": ""}
    )

    assert "Nominate" not in headings(page, 2)
    assert form_errors(response) == ["Nominations for this election are closed."]
    assert Nomination.objects.count() == 0


def test_nominee_accepts_with_a_statement_and_becomes_a_candidate(client, community, cwg):
    election = open_election(cwg, voting=False)
    nomination = NominationFactory(election=election, nominee=community.person, statement="")
    client.force_login(community)

    dashboard = client.get("/dashboard/")
    response = client.post(
        f"/people/nominations/{nomination.pk}/respond/",
        {"answer": "accept", "statement": "I run the Lagos meetup."},
        follow=True,
    )

    assert "Nominations awaiting your answer" in headings(dashboard, 2)
    assert response.redirect_chain == [(f"/people/elections/{election.pk}/", 302)]
    assert page_messages(response) == [
        "You accepted the nomination: you are a candidate in this election."
    ]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.statement) == (
        NominationStatus.ACCEPTED,
        "I run the Lagos meetup.",
    )
    assert "Sam Rivera I run the Lagos meetup." in main_text(response)


def test_nominee_declines_and_is_not_a_candidate(client, community, cwg):
    election = open_election(cwg, voting=False)
    nomination = NominationFactory(election=election, nominee=community.person)
    client.force_login(community)

    response = client.post(
        f"/people/nominations/{nomination.pk}/respond/",
        {"answer": "decline", "statement": ""},
        follow=True,
    )

    assert page_messages(response) == ["You declined the nomination."]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED
    assert "No candidate yet" in main_text(response)


def test_nominee_of_a_cancelled_election_is_told_and_answers_nothing(client, community, cwg):
    election = open_election(cwg, voting=False)
    nomination = NominationFactory(election=election, nominee=community.person, statement="")
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.CANCELLED)
    client.force_login(community)

    dashboard = client.get("/dashboard/")
    page = client.get(f"/people/nominations/{nomination.pk}/respond/")
    response = client.post(
        f"/people/nominations/{nomination.pk}/respond/",
        {"answer": "accept", "statement": "I run the Lagos meetup."},
    )

    cancelled = "This election was cancelled: it takes no nominations or answers."
    assert "Nominations awaiting your answer" not in headings(dashboard, 2)
    assert facts(page)["Phase"] == "Cancelled"
    assert cancelled in main_text(page)
    assert "Accept the nomination" not in main_text(page)
    assert cancelled in main_text(response)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.statement) == (NominationStatus.PENDING, "")


def test_only_the_nominee_may_answer_a_nomination(client, member, community, cwg):
    election = open_election(cwg, voting=False)
    nomination = NominationFactory(election=election, nominee=community.person)
    stranger = UserFactory(roles=[Role.COMMUNITY])

    client.force_login(member)
    by_member = client.post(f"/people/nominations/{nomination.pk}/respond/", {"answer": "accept"})
    client.force_login(stranger)
    by_stranger = client.post(f"/people/nominations/{nomination.pk}/respond/", {"answer": "accept"})

    # The stranger sees the election (its nominations are open to anyone), not the right to answer.
    assert (by_member.status_code, by_stranger.status_code) == (403, 403)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PENDING


# ---------------------------------------------------------------- voting


def test_voter_casts_a_secret_ballot_with_no_link_to_them(client, member, chair, cwg):
    election = open_election(cwg)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    ada = candidate(election, PersonFactory(display_name="Ada Okafor"))
    client.force_login(member)

    page = client.get(f"/people/elections/{election.pk}/vote/")
    response = client.post(
        f"/people/elections/{election.pk}/vote/",
        {f"candidate_{sam.pk}": "yes", f"candidate_{ada.pk}": "abstain"},
        follow=True,
    )

    assert headings(page, 1) == [f"Vote: {election.title}"]
    assert re.findall(r"<legend>(.*?)</legend>", page.content.decode()) == [
        "Ada Okafor",
        "Sam Rivera",
    ]
    assert radio_values(page) == ["yes", "no", "abstain", "yes", "no", "abstain"]
    assert page_messages(response) == ["Your ballot was cast. Thank you for voting."]
    assert "You have voted." in main_text(response)
    assert sorted(
        BallotMark.objects.values_list("nomination__nominee__display_name", "choice")
    ) == [("Ada Okafor", "abstain"), ("Sam Rivera", "yes")]
    assert [field.name for field in Ballot._meta.concrete_fields] == ["id", "election"]
    assert sorted(election.voters.values_list("user__username", "has_voted")) == [
        ("chair", False),
        ("member", True),
    ]


def test_ballot_tells_a_conflicted_voter_they_abstain_on_that_candidate(client, member, cwg):
    election = open_election(cwg, allow_abstain=False)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    ada = candidate(election, PersonFactory(display_name="Ada Okafor"))
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="Sam is my sibling.",
        related_person=sam.nominee,
    )
    client.force_login(member)

    page = client.get(f"/people/elections/{election.pk}/vote/")
    response = client.post(
        f"/people/elections/{election.pk}/vote/", {f"candidate_{ada.pk}": "yes"}, follow=True
    )

    assert re.findall(r"<legend>(.*?)</legend>", page.content.decode()) == [
        "Ada Okafor",
        "Sam Rivera",
    ]
    assert (
        re.findall(r'<input type="radio" name="([^"]+)"', page.content.decode())
        == [f"candidate_{ada.pk}"] * 2
    )
    assert (
        "Sam Rivera You have declared an interest that concerns Sam Rivera, so your vote on "
        "them is recorded as an abstention, and your recusal is noted."
    ) in main_text(page)
    assert page_messages(response) == ["Your ballot was cast. Thank you for voting."]
    assert sorted(
        BallotMark.objects.values_list("nomination__nominee__display_name", "choice")
    ) == [("Ada Okafor", "yes"), ("Sam Rivera", "abstain")]
    assert list(Recusal.objects.values_list("person__user__username", "object_id")) == [
        ("member", sam.pk)
    ]


def test_ballot_of_a_voter_without_a_conflict_asks_about_every_candidate(client, chair, cwg):
    election = open_election(cwg)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    declaration_create(
        person=PersonFactory(),
        kind=DeclarationKind.RELATIONSHIP,
        description="Sam is my sibling.",
        related_person=sam.nominee,
    )
    client.force_login(chair)

    page = client.get(f"/people/elections/{election.pk}/vote/")

    assert radio_values(page) == ["yes", "no", "abstain"]
    assert "declared an interest" not in main_text(page)


def test_second_ballot_is_refused_with_the_message_and_stores_nothing(client, member, cwg):
    election = open_election(cwg)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    client.force_login(member)
    client.post(f"/people/elections/{election.pk}/vote/", {f"candidate_{sam.pk}": "yes"})

    response = client.post(f"/people/elections/{election.pk}/vote/", {f"candidate_{sam.pk}": "no"})

    assert response.status_code == 200
    assert main_text(response).count("You have already voted in this election.") == 1
    assert list(BallotMark.objects.values_list("choice", flat=True)) == ["yes"]
    assert Ballot.objects.count() == 1


def test_ballot_without_a_choice_for_a_candidate_says_so(client, member, cwg):
    election = open_election(cwg, allow_abstain=False)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    client.force_login(member)

    page = client.get(f"/people/elections/{election.pk}/vote/")
    response = client.post(f"/people/elections/{election.pk}/vote/", {})

    assert radio_values(page) == ["yes", "no"]
    assert form_errors(response) == ["Sam Rivera: Choose yes or no for Sam Rivera."]
    assert Ballot.objects.count() == 0
    assert EligibleVoter.objects.get(user=member).has_voted is False
    assert f'name="candidate_{sam.pk}"' in response.content.decode()


def test_someone_not_on_the_roll_may_not_open_the_ballot(client, cwg):
    election = open_election(cwg)
    outsider = UserFactory(roles=[Role.CWG_MEMBER])
    client.force_login(outsider)

    response = client.get(f"/people/elections/{election.pk}/vote/")

    assert response.status_code == 403


def test_ballot_page_before_voting_opens_says_when(client, member, cwg):
    election = open_election(cwg, voting=False)
    client.force_login(member)

    response = client.get(f"/people/elections/{election.pk}/vote/")

    opens = timezone.localtime(election.opens_at).strftime("%Y-%m-%d %H:%M")
    assert f"Voting in this election opens on {opens}." in main_text(response)
    assert "Cast your ballot" not in main_text(response)


def test_results_are_hidden_before_the_count_and_shown_after(client, member, chair, cwg):
    election = open_election(cwg)
    sam = candidate(election, PersonFactory(display_name="Sam Rivera"))
    ada = candidate(election, PersonFactory(display_name="Ada Okafor"))
    ballot_cast(election=election, voter=member, choices={sam.pk: YES, ada.pk: NO})
    ballot_cast(election=election, voter=chair, choices={sam.pk: YES, ada.pk: ABSTAIN})
    client.force_login(member)

    before = client.get(f"/people/elections/{election.pk}/")
    election_close(election=pass_closing_time(election))
    after = client.get(f"/people/elections/{election.pk}/")

    assert "Result" not in headings(before, 2)
    assert f"Result of {election.title}" not in tables(before)
    assert "Ballots cast" not in facts(before)
    assert "Result" in headings(after, 2)
    assert (facts(after)["Phase"], facts(after)["Ballots cast"], facts(after)["Quorum"]) == (
        "Closed",
        "2 of 2 eligible voters",
        "Reached",
    )
    assert rows(after, f"Result of {election.title}") == [
        ["Ada Okafor", "0", "1", "1", "Not elected", "—"],
        ["Sam Rivera", "2", "0", "0", "Elected", "Awaiting the council"],
    ]
