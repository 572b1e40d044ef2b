"""The member's dashboard lists the claims awaiting their approval; asking the
conflict register about each claim must not cost a query per claim."""

import pytest
from django.contrib.contenttypes.models import ContentType

from cwg_portal.roles import Role
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.factories.budget import ExpenseClaimFactory, FundFactory
from tests.factories.membership import UserFactory
from tests.pages import rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 3])
def test_claims_awaiting_approval_panel_query_count_is_independent_of_size(
    size, client, django_assert_num_queries
):
    member = UserFactory(username="approver", roles=[Role.CWG_MEMBER])
    declaration_create(
        person=member.person,
        kind=DeclarationKind.EMPLOYER,
        description="Works for Example Analytics",
        organisation="Example Analytics",
    )
    fund = FundFactory()
    for _ in range(size):
        ExpenseClaimFactory(fund=fund)
    client.force_login(member)
    ContentType.objects.clear_cache()  # the same cold start at both sizes

    with django_assert_num_queries(30):
        response = client.get("/dashboard/")

    assert len(rows(response, "Claims awaiting your approval")) == size


def test_claims_awaiting_approval_panel_leaves_out_a_claim_the_member_is_conflicted_on(client):
    member = UserFactory(username="approver", roles=[Role.CWG_MEMBER])
    sibling = UserFactory(username="sibling")
    declaration_create(
        person=member.person,
        kind=DeclarationKind.RELATIONSHIP,
        description="Sibling",
        related_person=sibling.person,
    )
    ExpenseClaimFactory(claimant=sibling, description="Sibling's taxi")
    ExpenseClaimFactory(description="Venue deposit")
    client.force_login(member)

    response = client.get("/dashboard/")

    listed = " ".join(row[0] for row in rows(response, "Claims awaiting your approval"))
    assert "Venue deposit" in listed
    assert "Sibling's taxi" not in listed
