"""A conflicted member who tries to decide a claim is refused and recorded as
recused, whether the attempt comes through the page, the API or the service."""

import pytest
from django.core.exceptions import PermissionDenied
from knox.models import AuthToken

from budget.enums import ClaimStatus
from budget.services.claims import claim_approve, claim_reject
from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.models import Recusal
from membership.services.conflicts import declaration_create
from tests.factories.budget import ExpenseClaimFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflicted():
    """A member whose sibling filed a claim: the register makes them conflicted."""
    member = UserFactory(username="approver", roles=[Role.CWG_MEMBER])
    sibling = UserFactory(username="sibling")
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="Sibling",
        related_person=sibling.person,
    )
    return member, ExpenseClaimFactory(claimant=sibling, description="Sibling's taxi")


def recused(member, claim):
    return Recusal.objects.filter(person=member.person, object_id=claim.pk).count()


def test_approving_through_the_page_is_refused_and_recorded(client, conflicted):
    member, claim = conflicted
    client.force_login(member)

    response = client.post(f"/budget/claims/{claim.pk}/approve/", {"note": ""})

    assert response.status_code == 403
    assert recused(member, claim) == 1
    claim.refresh_from_db()
    assert (claim.status, claim.approvals.count()) == (ClaimStatus.SUBMITTED, 0)


def test_opening_the_approval_page_records_nothing(client, conflicted):
    member, claim = conflicted
    client.force_login(member)

    assert client.get(f"/budget/claims/{claim.pk}/approve/").status_code == 403
    assert recused(member, claim) == 0


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_through_the_api_is_refused_and_recorded(client, conflicted, action):
    member, claim = conflicted
    _, key = AuthToken.objects.create(user=member)

    response = client.post(
        f"/api/v1/expense-claims/{claim.pk}/{action}/",
        {"note": "", "reason": "No receipt."},
        headers={"Authorization": f"Token {key}"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert recused(member, claim) == 1


@pytest.mark.parametrize(
    "decide",
    [
        lambda claim, by: claim_approve(claim=claim, approver=by),
        lambda claim, by: claim_reject(claim=claim, rejected_by=by, reason="No receipt."),
    ],
    ids=["approve", "reject"],
)
def test_deciding_through_the_service_is_refused_and_recorded_once(conflicted, decide):
    member, claim = conflicted

    for _ in range(2):
        with pytest.raises(PermissionDenied, match="conflict of interest"):
            decide(claim, member)

    assert recused(member, claim) == 1
