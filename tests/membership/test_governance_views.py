"""The governance pages: the public directory and record of decisions, elections
from nomination to the council's approval, the chair's page of a body, the
conflict-of-interest register and the dashboard panels. Each test says what the
user sees and what changed in the database."""

import datetime
import re
from datetime import timedelta
from html import unescape

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import strip_tags

from cwg_portal.roles import Role
from membership.enums import (
    BallotChoice,
    CouncilVerdict,
    DeclarationKind,
    ElectionStatus,
    NominationStatus,
    SeatRole,
)
from membership.models import (
    Ballot,
    BallotMark,
    Body,
    CouncilApproval,
    Decision,
    Declaration,
    Election,
    EligibleVoter,
    Membership,
    Nomination,
    Recusal,
)
from membership.services.conflicts import declaration_create
from membership.services.decisions import decision_record
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import (
    BodyFactory,
    DeclarationFactory,
    ElectionFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    open_election,
    pass_closing_time,
)
from tests.pages import NAV_LOGGED_IN, NAV_WITH_REPORTS, form_errors, page_messages, rows, tables

pytestmark = pytest.mark.django_db

YES, NO, ABSTAIN = BallotChoice.YES, BallotChoice.NO, BallotChoice.ABSTAIN
TODAY = timezone.localdate

# ---------------------------------------------------------------- reading pages


def main_text(response):
    """The visible text of <main>, whitespace-normalised."""
    html = re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL).group(0)
    return " ".join(unescape(strip_tags(html)).split())


def headings(response, level):
    found = re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", response.content.decode(), re.DOTALL)
    return [" ".join(unescape(strip_tags(item)).split()) for item in found]


def facts(response):
    """The <dt>/<dd> pairs of the page's fact lists."""
    html = response.content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    clean = [" ".join(unescape(strip_tags(part)).split()) for pair in pairs for part in pair]
    return dict(zip(clean[::2], clean[1::2], strict=True))


def options(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.DOTALL)
    return [unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select[0])]


def radio_values(response):
    return re.findall(
        r'<input type="radio" name="[^"]+" value="([^"]+)"', response.content.decode()
    )


def nav_links(response, label):
    nav = re.search(
        rf'<nav [^>]*aria-label="{label}".*?</nav>', response.content.decode(), re.DOTALL
    )
    return re.findall(r"<a [^>]*>(.*?)</a>", nav[0]) if nav else []


def roles_of(user):
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


def local_input(moment):
    """A datetime as a browser's datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- people


@pytest.fixture
def cwg():
    return Body.objects.get(slug="community-working-group")


@pytest.fixture
def chair(cwg):
    user = UserFactory(username="chair", roles=[Role.CWG_CHAIR])
    user.person.display_name = "Jonas Lindqvist"
    user.person.save()
    MembershipFactory(person=user.person, body=cwg, role=SeatRole.CHAIR)
    return user


@pytest.fixture
def member(cwg):
    user = UserFactory(username="member", roles=[Role.CWG_MEMBER])
    user.person.display_name = "Mira Okafor"
    user.person.save()
    MembershipFactory(person=user.person, body=cwg)
    return user


@pytest.fixture
def community():
    user = UserFactory(username="community", roles=[Role.COMMUNITY])
    user.person.display_name = "Sam Rivera"
    user.person.save()
    return user


@pytest.fixture
def council():
    user = UserFactory(username="council", roles=[Role.COUNCIL])
    user.person.display_name = "Hana Sato"
    user.person.save()
    MembershipFactory(person=user.person, body=Body.objects.get(slug="executive-council"))
    return user


def candidate(election, person):
    return NominationFactory(election=election, nominee=person, accepted=True)


def counted_election(body, voters, nominee, choice=YES):
    """An election in which every voter marked the nominee with `choice`, counted."""
    election = open_election(body)
    nomination = candidate(election, nominee)
    for voter in voters:
        ballot_cast(election=election, voter=voter, choices={nomination.pk: choice})
    election_close(election=pass_closing_time(election))
    nomination.refresh_from_db()
    return election, nomination


# ---------------------------------------------------------------- directory


def test_directory_lists_the_public_bodies_to_anyone(client):
    BodyFactory(name="Hiring panel", slug="hiring-panel", is_public=False)

    response = client.get("/people/directory/")

    assert response.status_code == 200
    assert headings(response, 2) == [
        "Code of Conduct Team",
        "Community Building Working Group",
        "DEI Standing Committee",
        "Executive Council",
        "Download",
    ]
    assert 'href="/people/directory/community-working-group/"' in response.content.decode()
    assert 'href="/people/directory/hiring-panel/"' not in response.content.decode()


def test_directory_body_lists_public_current_members_and_the_archive(client, cwg):
    ada = PersonFactory(
        display_name="Ada Okafor",
        pronouns="she/her",
        affiliation="University of Lagos",
        github_handle="ada-okafor",
        is_public=True,
    )
    MembershipFactory(
        person=ada, body=cwg, role=SeatRole.CHAIR, starts_on=datetime.date(2024, 1, 15)
    )
    bo = PersonFactory(display_name="Bo Lindqvist", pronouns="", affiliation="", is_public=True)
    MembershipFactory(person=bo, body=cwg, starts_on=datetime.date(2025, 3, 1))
    cy = PersonFactory(display_name="Cy Former", is_public=True)
    MembershipFactory(
        person=cy,
        body=cwg,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        left_on=datetime.date(2022, 6, 30),
    )
    private = PersonFactory(display_name="Private Person", is_public=False)
    MembershipFactory(person=private, body=cwg)
    MembershipFactory(
        person=private,
        body=cwg,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    MembershipFactory(person=PersonFactory(display_name="Elsewhere", is_public=True))

    response = client.get("/people/directory/community-working-group/")

    assert headings(response, 1) == ["Community Building Working Group"]
    assert rows(response, "Current members of Community Building Working Group") == [
        ["Ada Okafor", "she/her", "University of Lagos", "@ada-okafor", "Chair", "2024-01-15"],
        ["Bo Lindqvist", "", "", "", "Member", "2025-03-01"],
    ]
    assert 'href="https://github.com/ada-okafor"' in response.content.decode()
    assert rows(response, "Past members of Community Building Working Group") == [
        ["Cy Former", "Member", "2020-01-01", "2022-06-30"]
    ]
    assert "Private Person" not in response.content.decode()
    assert "Elsewhere" not in response.content.decode()


def test_directory_of_a_body_that_is_not_public_answers_404(client, member):
    BodyFactory(slug="hiring-panel", is_public=False)
    client.force_login(member)

    response = client.get("/people/directory/hiring-panel/")

    assert response.status_code == 404


def test_directory_offers_the_governance_files_that_anyone_downloads(client, cwg):
    ada = PersonFactory(display_name="Ada Okafor", github_handle="ada-okafor", is_public=True)
    MembershipFactory(
        person=ada, body=cwg, role=SeatRole.CHAIR, starts_on=datetime.date(2024, 1, 15)
    )
    MembershipFactory(person=PersonFactory(display_name="Hidden", is_public=False), body=cwg)

    index = client.get("/people/directory/")
    response = client.get("/people/directory/contributors.yml")

    links = re.findall(r'href="(/people/directory/[^"/]+\.yml)"', index.content.decode())
    assert links == [
        "/people/directory/jupyter-teams.yml",
        "/people/directory/organizations.yml",
        "/people/directory/contributors.yml",
    ]
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="contributors.yml"'
    assert yaml.safe_load(response.content.decode()) == {
        "version": 1,
        "authors": [
            {
                "id": "ada-okafor",
                "name": "Ada Okafor",
                "github": "https://github.com/ada-okafor",
                "teams": [{"team": "community_building_working_group", "term": "2024-"}],
            }
        ],
    }


def test_directory_teams_file_lists_the_portal_bodies_with_their_repository_ids(client):
    response = client.get("/people/directory/jupyter-teams.yml")

    assert yaml.safe_load(response.content.decode())["teams"] == [
        {
            "id": "community_building_working_group",
            "name": "Community Building Working Group",
            "homepage": "communitybuildingworkinggroup.md",
        },
        {
            "id": "executive_council",
            "name": "Executive Council",
            "homepage": "executive_council.md",
        },
        {
            "id": "dei_standing_committee",
            "name": "DEI Standing Committee",
            "homepage": "charters/DeiCharter.md",
        },
    ]


def seat_public_people(body, size, **past_seat_end):
    """`size` public people, each with a current seat on the body and a past one."""
    for number in range(size):
        person = PersonFactory(display_name=f"Member {number}", is_public=True)
        MembershipFactory(person=person, body=body)
        MembershipFactory(
            person=person, body=body, starts_on=datetime.date(2020, 1, 1), **past_seat_end
        )


@pytest.mark.parametrize("size", [1, 3])
def test_directory_contributors_file_query_count_is_independent_of_size(
    size, client, cwg, django_assert_num_queries
):
    seat_public_people(cwg, size, left_on=datetime.date(2021, 1, 1))

    with django_assert_num_queries(6):
        response = client.get("/people/directory/contributors.yml")

    assert len(yaml.safe_load(response.content.decode())["authors"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_directory_body_query_count_is_independent_of_size(
    size, client, cwg, django_assert_num_queries
):
    seat_public_people(cwg, size, ends_on=datetime.date(2021, 1, 1))

    with django_assert_num_queries(4):
        response = client.get("/people/directory/community-working-group/")

    assert len(rows(response, "Current members of Community Building Working Group")) == size
    assert len(rows(response, "Past members of Community Building Working Group")) == size


# ---------------------------------------------------------------- decisions


def test_decisions_page_shows_the_public_record_to_anyone(client, chair, cwg):
    decision_record(
        body=cwg,
        motion="Fund the Lagos workshop",
        outcome=Decision.Outcome.PASSED,
        decided_on=datetime.date(2025, 3, 4),
        recorded_by=chair,
        votes_for=5,
        votes_against=1,
        votes_abstain=2,
        link="https://example.org/minutes/12",
    )
    decision_record(
        body=BodyFactory(is_public=False),
        motion="Hire a contractor",
        outcome=Decision.Outcome.CONSENSUS,
        decided_on=datetime.date(2025, 3, 5),
        recorded_by=chair,
    )

    response = client.get("/people/decisions/")

    assert rows(response, "Decisions") == [
        [
            "2025-03-04",
            "Community Building Working Group",
            "Fund the Lagos workshop",
            "For 5, against 1, blank 2",
            "Passed",
            "Record of the decision of 2025-03-04",
        ]
    ]
    assert 'href="https://example.org/minutes/12"' in response.content.decode()


def test_chair_records_a_decision_for_the_body_they_chair(client, chair, cwg):
    client.force_login(chair)
    form = client.get("/people/decisions/new/")

    response = client.post(
        "/people/decisions/new/",
        {
            "body": cwg.pk,
            "decided_on": "2025-05-06",
            "motion": "Adopt the event checklist",
            "outcome": "consensus",
            "votes_for": "0",
            "votes_against": "0",
            "votes_abstain": "0",
            "link": "",
        },
        follow=True,
    )

    assert options(form, "body") == ["Community Building Working Group"]
    assert response.redirect_chain == [("/people/decisions/", 302)]
    assert page_messages(response) == [
        "The decision of Community Building Working Group was recorded."
    ]
    assert list(
        Decision.objects.values_list("body__slug", "motion", "outcome", "decided_on", "recorded_by")
    ) == [
        (
            "community-working-group",
            "Adopt the event checklist",
            "consensus",
            datetime.date(2025, 5, 6),
            chair.pk,
        )
    ]


def test_decision_for_a_body_the_chair_does_not_chair_is_refused(client, chair):
    client.force_login(chair)
    dei = Body.objects.get(slug="dei-committee")

    response = client.post(
        "/people/decisions/new/",
        {
            "body": dei.pk,
            "decided_on": "2025-05-06",
            "motion": "Anything",
            "outcome": "consensus",
            "votes_for": "0",
            "votes_against": "0",
            "votes_abstain": "0",
        },
    )

    assert form_errors(response) == [
        "Body: Select a valid choice. That choice is not one of the available choices."
    ]
    assert Decision.objects.count() == 0


def test_member_who_chairs_nothing_may_not_record_a_decision(client, member):
    client.force_login(member)

    response = client.post("/people/decisions/new/", {"motion": "Anything"})

    assert response.status_code == 403
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("size", [1, 3])
def test_decisions_query_count_is_independent_of_size(
    size, client, chair, cwg, django_assert_num_queries
):
    for number in range(size):
        decision_record(
            body=cwg,
            motion=f"Motion {number}",
            outcome=Decision.Outcome.CONSENSUS,
            decided_on=TODAY(),
            recorded_by=chair,
        )

    with django_assert_num_queries(2):
        response = client.get("/people/decisions/")

    assert len(rows(response, "Decisions")) == size


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


# ---------------------------------------------------------------- the council


def test_council_approves_and_the_person_joins_the_directory_with_the_role(
    client, member, chair, council, cwg
):
    nominee = UserFactory(username="sam", roles=[Role.COMMUNITY])
    nominee.person.display_name = "Sam Rivera"
    nominee.person.is_public = True
    nominee.person.save()
    election, nomination = counted_election(cwg, [member, chair], nominee.person)
    client.force_login(council)

    queue = client.get("/people/approvals/")
    response = client.post(
        f"/people/approvals/{nomination.pk}/",
        {"verdict": "approve", "note": "Welcome aboard."},
        follow=True,
    )
    client.logout()
    directory = client.get("/people/directory/community-working-group/")

    assert rows(queue, "Candidates awaiting the council") == [
        ["Sam Rivera", "Community Building Working Group", election.title, "2", "0", "0"]
    ]
    assert response.redirect_chain == [("/people/approvals/", 302)]
    assert page_messages(response) == [
        "You approved Sam Rivera: they now hold a seat on Community Building Working Group."
    ]
    assert "No elected candidate awaits the council." in main_text(response)
    approval = CouncilApproval.objects.get()
    assert (approval.nomination, approval.verdict, approval.note, approval.decided_by) == (
        nomination,
        CouncilVerdict.APPROVED,
        "Welcome aboard.",
        council,
    )
    seat = Membership.objects.current().get(person=nominee.person, body=cwg)
    assert (seat.role, seat.starts_on, seat.election) == (SeatRole.MEMBER, TODAY(), election)
    assert roles_of(nominee) == {"community", "cwg-member"}
    assert ["Sam Rivera", "", nominee.person.affiliation, "", "Member", str(TODAY())] in rows(
        directory, "Current members of Community Building Working Group"
    )


def test_council_declines_and_the_candidate_is_not_seated(client, member, chair, council, cwg):
    nominee = UserFactory(username="sam", roles=[Role.COMMUNITY])
    election, nomination = counted_election(cwg, [member, chair], nominee.person)
    client.force_login(council)

    response = client.post(
        f"/people/approvals/{nomination.pk}/",
        {"verdict": "decline", "note": "Not this year."},
        follow=True,
    )
    client.force_login(member)
    results = client.get(f"/people/elections/{election.pk}/")

    assert page_messages(response) == [
        f"You declined {nominee.person.display_name}'s election to "
        "Community Building Working Group."
    ]
    assert CouncilApproval.objects.get().verdict == CouncilVerdict.DECLINED
    assert Membership.objects.filter(person=nominee.person).exists() is False
    assert roles_of(nominee) == {"community"}
    assert rows(results, f"Result of {election.title}")[0][4:] == [
        "Elected",
        "Declined: Not this year.",
    ]


def test_conflicted_council_member_sees_the_refusal_and_nothing_is_decided(
    client, member, chair, council, cwg
):
    nominee = UserFactory(username="sam", roles=[Role.COMMUNITY])
    _, nomination = counted_election(cwg, [member, chair], nominee.person)
    declaration_create(
        person=council.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="My partner",
        related_person=nominee.person,
    )
    client.force_login(council)

    response = client.post(f"/people/approvals/{nomination.pk}/", {"verdict": "approve"})

    assert response.status_code == 200
    assert form_errors(response) == ["You have a conflict of interest with this candidate."]
    assert CouncilApproval.objects.count() == 0
    assert list(Recusal.objects.values_list("person", "object_id")) == [
        (council.person.pk, nomination.pk)
    ]


def test_a_decided_candidate_shows_the_verdict_and_no_form(client, member, chair, council, cwg):
    nominee = UserFactory(username="sam", roles=[Role.COMMUNITY])
    _, nomination = counted_election(cwg, [member, chair], nominee.person)
    client.force_login(council)
    client.post(f"/people/approvals/{nomination.pk}/", {"verdict": "approve", "note": ""})

    response = client.get(f"/people/approvals/{nomination.pk}/")

    assert headings(response, 2) == ["The council's decision"]
    assert main_text(response).count(f"Approved on {TODAY():%Y-%m-%d} by Hana Sato.") == 1


def test_approval_of_a_candidate_not_elected_answers_404(client, council, cwg):
    nomination = candidate(open_election(cwg), PersonFactory())
    client.force_login(council)

    response = client.get(f"/people/approvals/{nomination.pk}/")

    assert response.status_code == 404


def test_only_the_council_decides_on_candidates(client, member, chair, cwg):
    _, nomination = counted_election(cwg, [member, chair], PersonFactory())
    client.force_login(member)

    responses = [
        client.get("/people/approvals/"),
        client.post(f"/people/approvals/{nomination.pk}/", {"verdict": "approve"}),
    ]

    assert [response.status_code for response in responses] == [403, 403]
    assert CouncilApproval.objects.count() == 0


@pytest.mark.parametrize("size", [1, 3])
def test_approvals_query_count_is_independent_of_size(
    size, client, council, cwg, django_assert_num_queries
):
    for _ in range(size):
        election = ElectionFactory(
            body=cwg, status=ElectionStatus.CLOSED, result_computed_at=timezone.now()
        )
        NominationFactory(
            election=election, accepted=True, elected=True, yes_votes=1, no_votes=0, abstentions=0
        )
    client.force_login(council)

    with django_assert_num_queries(9):
        response = client.get("/people/approvals/")

    assert len(rows(response, "Candidates awaiting the council")) == size


# ---------------------------------------------------------------- the chair's page


def test_chair_sees_the_members_and_the_terms_ending_within_60_days(client, chair, cwg):
    soon = PersonFactory(display_name="Ada Soon")
    MembershipFactory(
        person=soon,
        body=cwg,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=TODAY() + timedelta(days=30),
    )
    later = PersonFactory(display_name="Bo Later")
    MembershipFactory(
        person=later,
        body=cwg,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=TODAY() + timedelta(days=90),
    )
    MembershipFactory(
        person=PersonFactory(display_name="Elsewhere"),
        body=Body.objects.get(slug="dei-committee"),
        ends_on=TODAY() + timedelta(days=10),
    )
    client.force_login(chair)

    response = client.get("/people/bodies/community-working-group/manage/")
    dashboard = client.get("/dashboard/")

    since = str(chair.person.memberships.get().starts_on)
    assert rows(response, "Current members of Community Building Working Group") == [
        ["Jonas Lindqvist", "Chair", since, "Open-ended"],
        ["Ada Soon", "Member", "2024-01-01", str(TODAY() + timedelta(days=30))],
        ["Bo Later", "Member", "2024-01-01", str(TODAY() + timedelta(days=90))],
    ]
    assert rows(response, "Terms on Community Building Working Group ending within 60 days") == [
        ["Ada Soon", "Member", str(TODAY() + timedelta(days=30))]
    ]
    assert rows(dashboard, "Terms ending within 60 days") == [
        ["Ada Soon", "Community Building Working Group", str(TODAY() + timedelta(days=30))]
    ]


def test_a_member_who_is_not_the_chair_may_not_manage_the_body(client, member):
    client.force_login(member)

    response = client.get("/people/bodies/community-working-group/manage/")

    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_manage_page_query_count_is_independent_of_size(
    size, client, chair, cwg, django_assert_num_queries
):
    for _ in range(size):
        MembershipFactory(body=cwg, ends_on=TODAY() + timedelta(days=10))
    client.force_login(chair)

    with django_assert_num_queries(12):
        response = client.get("/people/bodies/community-working-group/manage/")

    assert (
        len(rows(response, "Terms on Community Building Working Group ending within 60 days"))
        == size
    )


# ---------------------------------------------------------------- the register


def test_a_person_declares_an_interest_in_the_register(client, community):
    related = PersonFactory(display_name="Ada Okafor", is_public=True)
    client.force_login(community)

    response = client.post(
        "/people/declarations/",
        {
            "kind": "employer",
            "description": "I work for Acme",
            "organisation": "Acme Analytics",
            "related_person": related.pk,
            "starts_on": "2025-01-01",
            "ends_on": "",
        },
        follow=True,
    )

    assert page_messages(response) == ["Your declaration was added to the register."]
    assert list(
        Declaration.objects.values_list(
            "person", "kind", "description", "organisation", "related_person", "ends_on"
        )
    ) == [
        (
            community.person.pk,
            "employer",
            "I work for Acme",
            "Acme Analytics",
            related.pk,
            None,
        )
    ]
    assert rows(response, "Your declarations") == [
        ["I work for Acme", "Employer", "Acme Analytics", "Ada Okafor", "2025-01-01", ""]
    ]
    assert "Standing interests of everyone" not in tables(response)


def test_members_read_everyones_standing_interests(client, member, community):
    DeclarationFactory(
        person=community.person,
        kind=DeclarationKind.EMPLOYER,
        description="Works for Acme",
        organisation="Acme",
        starts_on=datetime.date(2025, 1, 1),
    )
    DeclarationFactory(person=community.person, kind=DeclarationKind.ITEM, description="An item")
    DeclarationFactory(
        person=community.person,
        description="Over",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    client.force_login(member)

    response = client.get("/people/declarations/")

    assert rows(response, "Standing interests of everyone") == [
        ["Sam Rivera", "Works for Acme", "Employer", "Acme", "", "2025-01-01", ""]
    ]
    assert "Your declarations" not in tables(response)


@pytest.mark.parametrize("size", [1, 3])
def test_declarations_query_count_is_independent_of_size(
    size, client, member, django_assert_num_queries
):
    for _ in range(size):
        DeclarationFactory(person=member.person, related_person=PersonFactory())
    client.force_login(member)

    with django_assert_num_queries(12):
        response = client.get("/people/declarations/")

    assert len(rows(response, "Your declarations")) == size
    assert len(rows(response, "Standing interests of everyone")) == size


# ---------------------------------------------------------------- dashboard and navigation


def test_dashboard_lists_the_elections_waiting_for_the_users_vote(client, member, chair, cwg):
    election = open_election(cwg)
    sam = candidate(election, PersonFactory())
    ballot_cast(election=election, voter=chair, choices={sam.pk: YES})

    client.force_login(member)
    waiting = client.get("/dashboard/")
    client.force_login(chair)
    voted = client.get("/dashboard/")

    assert "Elections waiting for your vote" in headings(waiting, 2)
    assert f'href="/people/elections/{election.pk}/vote/"' in waiting.content.decode()
    assert "Elections waiting for your vote" not in headings(voted, 2)


def test_dashboard_lists_candidates_awaiting_the_council(client, member, chair, council, cwg):
    _, nomination = counted_election(cwg, [member, chair], PersonFactory(display_name="Sam Rivera"))
    client.force_login(council)

    response = client.get("/dashboard/")

    assert rows(response, "Candidates awaiting the council") == [
        ["Sam Rivera", "Community Building Working Group"]
    ]
    assert f'href="/people/approvals/{nomination.pk}/"' in response.content.decode()


def panel_items(response, title):
    """The text of each list item in the dashboard panel titled `title`."""
    html = response.content.decode()
    found = re.search(
        rf'<section class="panel"[^>]*>\s*<h2[^>]*>{re.escape(title)}</h2>(.*?)</section>',
        html,
        re.DOTALL,
    )
    items = re.findall(r"<li>(.*?)</li>", found[1], re.DOTALL) if found else []
    return [" ".join(unescape(strip_tags(item)).split()) for item in items]


def test_dashboard_and_list_show_anyone_the_elections_open_to_self_nomination(
    client, community, cwg
):
    standing = open_election(cwg, voting=False)
    open_election(BodyFactory(allows_self_nomination=False), voting=False)
    open_election(BodyFactory(), voting=True)
    client.force_login(community)

    dashboard = client.get("/dashboard/")
    elections = client.get("/people/elections/")
    client.post(f"/people/elections/{standing.pk}/", {"nominee": community.person.pk})
    after_standing = client.get("/dashboard/")

    closes = timezone.localtime(standing.nominations_close_at).strftime("%Y-%m-%d %H:%M")
    assert panel_items(dashboard, "Elections open for nominations") == [
        f"Election of new members (Community Building Working Group), nominations close {closes}"
    ]
    assert f'href="/people/elections/{standing.pk}/"' in dashboard.content.decode()
    assert [row[:3] for row in rows(elections, "Elections")] == [
        ["Election of new members", "Community Building Working Group", "Nominations open"]
    ]
    assert "Elections open for nominations" not in headings(after_standing, 2)


def test_dashboard_offers_members_no_election_of_their_own_body_to_stand_in(client, member, cwg):
    open_election(cwg, voting=False)
    client.force_login(member)

    response = client.get("/dashboard/")

    assert "Elections open for nominations" not in headings(response, 2)


@pytest.mark.parametrize("size", [1, 3])
def test_elections_list_for_a_community_member_query_count_is_independent_of_size(
    size, client, community, django_assert_num_queries
):
    for _ in range(size):
        candidate(open_election(BodyFactory(), voting=False), PersonFactory())
    client.force_login(community)

    with django_assert_num_queries(13):
        response = client.get("/people/elections/")

    assert len(rows(response, "Elections")) == size


def test_navigation_shows_the_directory_to_anyone_and_elections_to_everyone_logged_in(
    client, member, community
):
    anonymous = client.get("/")
    client.force_login(community)
    for_community = client.get("/dashboard/")
    client.force_login(member)
    for_member = client.get("/dashboard/")

    assert nav_links(anonymous, "Main") == ["Workshops", "Directory"]
    assert nav_links(for_community, "Main") == NAV_LOGGED_IN
    assert nav_links(for_member, "Main") == NAV_WITH_REPORTS


def test_a_community_member_can_open_an_election_taking_self_nominations_and_stand(
    client, community, cwg
):
    election = open_election(cwg, voting=False)
    client.force_login(community)

    page = client.get(f"/people/elections/{election.pk}/")
    client.post(
        f"/people/elections/{election.pk}/",
        {"nominee": community.person.pk, "statement": "I organise the Nairobi meetup."},
    )

    assert page.status_code == 200
    assert list(election.nominations.values_list("nominee", "status")) == [
        (community.person.pk, NominationStatus.ACCEPTED)
    ]
