"""Those who keep, read or are outside the books, and the fund the budget
tests work in."""

import pytest

from cwg_portal.roles import Role
from tests.factories.budget import FundFactory


@pytest.fixture
def finance(user_with_role):
    return user_with_role(Role.FINANCE_STAFF)


@pytest.fixture
def member(user_with_role):
    return user_with_role(Role.CWG_MEMBER)


@pytest.fixture
def community(user_with_role):
    return user_with_role(Role.COMMUNITY)


@pytest.fixture
def fund(db):
    return FundFactory(name="Jupyter community fund", slug="jupyter-community", currency="USD")
