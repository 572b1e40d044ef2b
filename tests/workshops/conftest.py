"""The people and the open call the workshops page tests work with, who are also
the organiser and member of the API tests; and the API tests' client."""

import pytest
from rest_framework.test import APIClient

from cwg_portal.roles import Role
from tests.factories.membership import UserFactory
from tests.factories.workshops import open_call


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", roles=[Role.CWG_CHAIR])


@pytest.fixture
def member(db):
    return UserFactory(username="member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def second_member(db):
    return UserFactory(username="second-member", roles=[Role.CWG_MEMBER])


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser", roles=[Role.COMMUNITY])


@pytest.fixture
def call(chair):
    return open_call(by=chair, title="Workshops 2027", slug="workshops-2027")


@pytest.fixture
def api():
    return APIClient()
