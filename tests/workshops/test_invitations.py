"""Co-organisers join a proposal only when they accept: being named is an
invitation, which cannot conflict out the committee."""

import pytest
from django.core.exceptions import PermissionDenied

from cwg_portal.roles import Role
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair, draft_proposal, open_call, submitted_proposal
from tests.pages import page_messages
from workshops.enums import InvitationStatus
from workshops.services.invitations import invitation_answer
from workshops.services.proposals import proposal_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_chair():
    return chair()


@pytest.fixture
def organiser():
    return UserFactory(username="lead", roles=[Role.COMMUNITY])


@pytest.fixture
def proposal(the_chair, organiser):
    return submitted_proposal(open_call(by=the_chair), by=organiser)


def name(proposal, by, *addresses):
    return proposal_update(proposal=proposal, by=by, co_organisers=list(addresses))


def test_naming_the_chair_leaves_them_free_to_decide_until_they_accept(
    proposal, organiser, the_chair
):
    name(proposal, organiser, the_chair.email)
    invitation = proposal.invitations.get()
    organisers_while_invited = list(proposal.organisers.all())
    may_decide_while_invited = the_chair.has_perm("workshops.decide_proposal", proposal)

    invitation_answer(invitation=invitation, by=the_chair, accept=True)

    assert organisers_while_invited == [organiser.person]
    assert may_decide_while_invited is True
    assert the_chair.person in proposal.organisers.all()
    assert the_chair.has_perm("workshops.decide_proposal", proposal) is False


def test_an_accepted_invitation_makes_an_organiser_who_edits_the_proposal(organiser, the_chair):
    co_organiser = UserFactory(username="ines")
    proposal = draft_proposal(open_call(by=the_chair), by=organiser)
    name(proposal, organiser, co_organiser.email)
    could_edit_before = co_organiser.has_perm("workshops.edit_proposal", proposal)

    invitation_answer(invitation=proposal.invitations.get(), by=co_organiser, accept=True)

    assert could_edit_before is False
    assert co_organiser.has_perm("workshops.edit_proposal", proposal) is True


def test_a_declined_invitation_adds_nobody_and_naming_again_does_not_ask_again(organiser, proposal):
    co_organiser = UserFactory(username="ines")
    name(proposal, organiser, co_organiser.email)
    invitation_answer(invitation=proposal.invitations.get(), by=co_organiser, accept=False)

    name(proposal, organiser, co_organiser.email)

    invitation = proposal.invitations.get()
    assert invitation.status == InvitationStatus.DECLINED
    assert list(proposal.organisers.all()) == [organiser.person]
    assert co_organiser.has_perm("workshops.answer_invitation", invitation) is False


def test_someone_else_cannot_answer_an_invitation(organiser, proposal, the_chair):
    name(proposal, organiser, "ines@example.org")
    intruder = UserFactory(username="mallory")

    with pytest.raises(PermissionDenied):
        invitation_answer(invitation=proposal.invitations.get(), by=intruder, accept=True)

    assert list(proposal.organisers.all()) == [organiser.person]


def test_dropping_an_accepted_co_organiser_removes_them(organiser, proposal):
    co_organiser = UserFactory(username="ines")
    name(proposal, organiser, co_organiser.email)
    invitation_answer(invitation=proposal.invitations.get(), by=co_organiser, accept=True)

    name(proposal, organiser)

    assert list(proposal.organisers.all()) == [organiser.person]
    assert proposal.invitations.get().status == InvitationStatus.WITHDRAWN


def test_an_invitee_who_signs_up_later_answers_from_the_invited_address(
    client, organiser, proposal
):
    name(proposal, organiser, "New.Person@example.org")
    newcomer = UserFactory(username="newcomer", email="new.person@example.org")
    client.force_login(newcomer)
    listed = client.get("/workshops/invitations/").content.decode()
    invitation = proposal.invitations.get()

    response = client.post(
        f"/workshops/invitations/{invitation.pk}/", {"answer": "accept"}, follow=True
    )

    assert proposal.title in listed
    assert response.redirect_chain == [(f"/workshops/proposals/{proposal.pk}/", 302)]
    assert page_messages(response) == ["You are now a co-organiser of this proposal."]
    assert newcomer.person in proposal.organisers.all()


def test_an_invitation_answers_404_to_anyone_but_the_invitee(client, organiser, proposal):
    name(proposal, organiser, "ines@example.org")
    client.force_login(UserFactory(username="mallory"))

    response = client.get(f"/workshops/invitations/{proposal.invitations.get().pk}/")

    assert response.status_code == 404


def test_the_chair_sees_who_was_invited_and_how_they_answered(
    client, organiser, proposal, the_chair
):
    declining = UserFactory(username="bob")
    name(proposal, organiser, "ines@example.org", declining.email)
    invitation_answer(
        invitation=proposal.invitations.get(email=declining.email), by=declining, accept=False
    )
    client.force_login(the_chair)

    page = client.get(f"/workshops/proposals/{proposal.pk}/").content.decode()

    assert "Invited co-organisers" in page
    assert "ines@example.org" in page
    assert "bob@example.org" in page and "Declined on" in page


def test_members_who_are_not_the_chair_do_not_see_the_invitations(client, organiser, proposal):
    name(proposal, organiser, "ines@example.org")
    client.force_login(UserFactory(roles=[Role.CWG_MEMBER]))

    page = client.get(f"/workshops/proposals/{proposal.pk}/").content.decode()

    assert "ines@example.org" not in page
