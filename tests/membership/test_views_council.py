"""The council's approval pages: the elected candidates waiting for the
council, and approving or declining them. Each test says what the user sees
and what changed in the database."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import CouncilVerdict, DeclarationKind, ElectionStatus, SeatRole
from membership.models import CouncilApproval, Membership, Recusal
from membership.services.conflicts import declaration_create
from tests.factories.membership import (
    ElectionFactory,
    NominationFactory,
    PersonFactory,
    UserFactory,
    open_election,
)
from tests.membership.governance_pages import (
    TODAY,
    candidate,
    counted_election,
    headings,
    main_text,
)
from tests.pages import form_errors, page_messages, rows

pytestmark = pytest.mark.django_db


def roles_of(user):
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


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
