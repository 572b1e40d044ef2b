"""The public glossary: the working definitions and their sources, edited by the
DEI committee, every version kept."""

import pytest
from django.core.exceptions import PermissionDenied

from cwg_portal.roles import Role
from dei.models import GlossaryEntry
from dei.services.glossary import glossary_entry_update
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

NEW = "Fair access to the opportunities of the community, with support matched to each need."


def test_glossary_page_is_public_and_names_each_source(client):
    response = client.get("/dei/glossary/")

    page = response.content.decode()
    assert [entry.term for entry in response.context["entries"]] == [
        "Diversity",
        "Equity",
        "Inclusion",
    ]
    assert "Working definition of the Jupyter Community Working Group" in page
    assert "/edit/" not in page


def test_glossary_edit_by_the_committee_keeps_both_versions(client):
    committee = UserFactory(roles=[Role.DEI_COMMITTEE])
    equity = GlossaryEntry.objects.get(slug="equity")
    before = equity.definition

    glossary_entry_update(entry=equity, by=committee, definition=NEW, source="Our committee")

    history = client.get("/dei/glossary/equity/history/").content.decode()
    assert [v.definition for v in equity.history.order_by("history_date")] == [before, NEW]
    assert NEW in history
    assert "the barriers some people face" in before
    assert "the barriers some people face" in history


@pytest.mark.parametrize("role", [Role.CWG_CHAIR, Role.ADMIN, Role.COMMUNITY])
def test_glossary_edit_outside_the_committee_is_refused(role):
    with pytest.raises(PermissionDenied):
        glossary_entry_update(
            entry=GlossaryEntry.objects.get(slug="equity"),
            by=UserFactory(roles=[role]),
            definition=NEW,
            source="Someone",
        )

    assert GlossaryEntry.objects.get(slug="equity").definition != NEW


def test_glossary_edit_page_saves_and_returns_to_the_glossary(client):
    client.force_login(UserFactory(roles=[Role.DEI_COMMITTEE]))

    response = client.post(
        "/dei/glossary/equity/edit/", {"definition": NEW, "source": "Our committee"}
    )

    assert response["Location"] == "/dei/glossary/"
    assert GlossaryEntry.objects.get(slug="equity").definition == NEW
