"""The community working group and the people the membership page tests act as:
its chair and a member, someone from the community, and a councillor."""

import pytest

from cwg_portal.roles import Role
from membership.enums import SeatRole
from membership.models import Body
from tests.factories.membership import MembershipFactory, UserFactory


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
