"""The governance panels on the dashboard and the navigation: what each person
is asked to do about elections, nominations and approvals, and which links
they are offered."""

import re
from html import unescape

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from membership.enums import NominationStatus
from membership.services.elections import ballot_cast
from tests.factories.membership import BodyFactory, PersonFactory, open_election
from tests.membership.governance_pages import YES, candidate, counted_election, headings
from tests.pages import NAV_LOGGED_IN, NAV_WITH_REPORTS, rows

pytestmark = pytest.mark.django_db


def nav_links(response, label):
    nav = re.search(
        rf'<nav [^>]*aria-label="{label}".*?</nav>', response.content.decode(), re.DOTALL
    )
    return re.findall(r"<a [^>]*>(.*?)</a>", nav[0]) if nav else []


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
