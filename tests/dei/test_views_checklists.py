"""The checklist pages: the held workshop's section, the event's checklist worked
by its organisers, the committee's sign-off and the list of every checklist."""

import pytest

from cwg_portal.roles import Role
from dei.enums import ChecklistStatus, ItemStatus
from dei.services.checklists import checklist_ensure
from tests.factories.dei import item_of, plan_meeting_the_rule, workshop_committed
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(roles=[Role.COMMUNITY])


@pytest.fixture
def workshop(organiser):
    return workshop_committed(chair=chair(), by=organiser)


def checklist_url(workshop):
    return f"/dei/checklists/{workshop.event.slug}/"


def test_workshop_page_opens_the_checklist_and_says_where_the_plan_stands(
    client, organiser, workshop
):
    client.force_login(organiser)

    response = client.get(f"/workshops/held/{workshop.event.slug}/")

    page = response.content.decode()
    assert response.context["checklist"].event == workshop.event
    assert "The plan does not meet the rule yet" in page
    assert checklist_url(workshop) in page
    assert "comes with the DEI work" not in page


def test_checklist_page_groups_the_items_by_theme_with_update_links_for_organisers(
    client, organiser, workshop
):
    checklist = checklist_ensure(event=workshop.event)
    client.force_login(organiser)

    response = client.get(checklist_url(workshop))

    themes = [theme for theme, _items in response.context["themes"]]
    assert themes == [
        "Safety and conduct",
        "Accessibility",
        "Outreach and selection",
        "Care and comfort",
    ]
    item = item_of(checklist, "captioning")
    assert f"/dei/checklists/{workshop.event.slug}/items/{item.pk}/" in response.content.decode()


def test_checklist_page_for_events_staff_offers_no_updates(client, workshop):
    checklist_ensure(event=workshop.event)
    client.force_login(UserFactory(roles=[Role.EVENTS_STAFF]))

    response = client.get(checklist_url(workshop))

    assert response.status_code == 200
    assert "/items/" not in response.content.decode()


def test_checklist_item_post_records_the_item_and_returns_to_the_checklist(
    client, organiser, workshop
):
    item = item_of(checklist_ensure(event=workshop.event), "captioning")
    client.force_login(organiser)

    response = client.post(
        f"{checklist_url(workshop)}items/{item.pk}/",
        {"status": ItemStatus.DONE, "owner": organiser.person.pk, "evidence": "CART captions"},
    )

    item.refresh_from_db()
    assert response["Location"] == checklist_url(workshop)
    assert (item.status, item.owner, item.evidence) == (
        ItemStatus.DONE,
        organiser.person,
        "CART captions",
    )


def test_checklist_item_post_not_applicable_without_reason_shows_the_error(
    client, organiser, workshop
):
    item = item_of(checklist_ensure(event=workshop.event), "captioning")
    client.force_login(organiser)

    response = client.post(
        f"{checklist_url(workshop)}items/{item.pk}/", {"status": ItemStatus.NOT_APPLICABLE}
    )

    assert "Say why the item does not apply to this event." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_checklist_sign_off_post_by_the_committee_signs_it_off(client, organiser, workshop):
    checklist = plan_meeting_the_rule(checklist_ensure(event=workshop.event), by=organiser)
    committee = UserFactory(roles=[Role.DEI_COMMITTEE])
    client.force_login(committee)

    response = client.post(f"{checklist_url(workshop)}sign-off/", follow=True)

    checklist.refresh_from_db()
    assert (checklist.status, checklist.signed_off_by) == (ChecklistStatus.SIGNED_OFF, committee)
    assert "The checklist is signed off" in response.content.decode()


def test_checklist_page_tells_a_conflicted_committee_member_why_they_cannot_sign_off(
    client, organiser, workshop
):
    checklist = plan_meeting_the_rule(checklist_ensure(event=workshop.event), by=organiser)
    member = UserFactory(roles=[Role.DEI_COMMITTEE])
    checklist.event.organisers.add(member.person)
    client.force_login(member)

    response = client.get(checklist_url(workshop))

    assert "another member of the committee signs it off" in response.content.decode()
    assert "Sign off the checklist</button>" not in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_checklist_list_query_count_is_independent_of_size(size, client, django_assert_num_queries):
    for _ in range(size):
        checklist_ensure(event=EventFactory())
    client.force_login(UserFactory(roles=[Role.DEI_COMMITTEE]))

    with django_assert_num_queries(7):
        response = client.get("/dei/checklists/")

    assert len(response.context["checklists"]) == size
