"""The DEI checklist of an event: opened from the current template version with
the proposal's commitments planned, worked by the organisers, signed off by the
DEI committee, and in the way of the summary and of held claims."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cwg_portal.roles import Role
from dei.enums import ChecklistStatus, ItemStatus
from dei.models import Checklist, ChecklistTemplate, DiscItem
from dei.selectors import checklist_items, progress_of
from dei.services.checklists import (
    checklist_ensure,
    checklist_item_update,
    checklist_sign_off,
    checklists_open,
)
from events.enums import EventKind, EventStatus
from membership.enums import DeclarationKind
from membership.services.conflicts import declaration_create
from tests.factories.dei import (
    item_of,
    plan_meeting_the_rule,
    workshop_committed,
)
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory
from tests.factories.workshops import chair

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(roles=[Role.COMMUNITY])


@pytest.fixture
def committee():
    return UserFactory(roles=[Role.DEI_COMMITTEE])


@pytest.fixture
def workshop(organiser):
    return workshop_committed(chair=chair(), by=organiser)


@pytest.fixture
def checklist(workshop):
    return checklist_ensure(event=workshop.event)


def statuses(checklist):
    return {
        item.template_item.disc_item.slug: item.status
        for item in checklist.items.select_related("template_item__disc_item")
    }


def test_checklist_ensure_plans_the_proposals_commitments_and_leaves_the_rest_open(checklist):
    found = statuses(checklist)

    assert len(found) == DiscItem.objects.in_use().count()
    planned = sorted(slug for slug, status in found.items() if status == ItemStatus.PLANNED)
    assert planned == ["accessible-venue", "captioning", "code-of-conduct", "pronouns"]
    assert {status for slug, status in found.items() if slug not in planned} == {ItemStatus.OPEN}


def test_checklist_ensure_twice_opens_one_checklist(workshop):
    first = checklist_ensure(event=workshop.event)

    second = checklist_ensure(event=workshop.event)

    assert first == second
    assert Checklist.objects.count() == 1
    assert ChecklistTemplate.objects.count() == 1


def test_changing_an_item_makes_a_new_template_version_and_old_checklists_keep_theirs(
    checklist, organiser
):
    DiscItem.objects.filter(slug="quiet-room").update(text="Provide a quiet, dimmed room")
    other = workshop_committed(chair=chair(), by=organiser, title="Second workshop")

    newer = checklist_ensure(event=other.event)

    assert (checklist.template.number, newer.template.number) == (1, 2)
    assert item_of(checklist, "quiet-room").template_item.text == "Provide a quiet room"
    assert item_of(newer, "quiet-room").template_item.text == "Provide a quiet, dimmed room"


def test_checklist_item_update_by_an_organiser_records_status_owner_and_evidence(
    checklist, organiser
):
    item = item_of(checklist, "captioning")

    checklist_item_update(
        item=item,
        by=organiser,
        status=ItemStatus.DONE,
        owner=organiser.person,
        evidence="  Live captions by a stenographer.  ",
    )

    item.refresh_from_db()
    assert (item.status, item.owner, item.evidence, item.updated_by) == (
        ItemStatus.DONE,
        organiser.person,
        "Live captions by a stenographer.",
        organiser,
    )
    assert item.history.count() == 1


def test_checklist_item_not_applicable_without_a_reason_is_refused(checklist, organiser):
    item = item_of(checklist, "accessible-venue")

    with pytest.raises(ValidationError) as raised:
        checklist_item_update(item=item, by=organiser, status=ItemStatus.NOT_APPLICABLE)

    assert raised.value.messages == ["Say why the item does not apply to this event."]
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_checklist_item_owner_who_does_not_organise_the_event_is_refused(checklist, organiser):
    stranger = UserFactory(roles=[Role.COMMUNITY])

    with pytest.raises(ValidationError) as raised:
        checklist_item_update(
            item=item_of(checklist, "pronouns"),
            by=organiser,
            status=ItemStatus.DONE,
            owner=stranger.person,
        )

    assert raised.value.message_dict == {"owner": ["The owner is one of the event's organisers."]}


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.CWG_MEMBER, Role.EVENTS_STAFF, Role.ADMIN])
def test_checklist_item_update_by_someone_not_organising_is_refused(checklist, role):
    with pytest.raises(PermissionDenied):
        checklist_item_update(
            item=item_of(checklist, "pronouns"),
            by=UserFactory(roles=[role]),
            status=ItemStatus.DONE,
        )


def test_progress_holds_the_rule_with_every_essential_and_one_stretch(checklist, organiser):
    before = progress_of(checklist_items(checklist))
    plan_meeting_the_rule(checklist, by=organiser)

    after = progress_of(checklist_items(checklist))

    assert before.rule_holds is False
    assert before.essential_missing == (
        "Announce the event where under-represented groups will see it",
        "Publish how participants are chosen, and choose them openly",
        "Invite a diverse group of organisers, speakers and participants",
        "Ask about dietary needs and provide for them",
    )
    assert after.rule_holds is True


def test_a_stretch_item_marked_not_applicable_does_not_meet_the_rule(checklist, organiser):
    plan_meeting_the_rule(checklist, by=organiser)
    for item in checklist.items.filter(status=ItemStatus.PLANNED, template_item__tier="stretch"):
        checklist_item_update(
            item=item, by=organiser, status=ItemStatus.NOT_APPLICABLE, reason="Online only."
        )

    assert progress_of(checklist_items(checklist)).rule_holds is False


def test_checklist_sign_off_by_the_committee_records_who_and_when(checklist, organiser, committee):
    plan_meeting_the_rule(checklist, by=organiser)

    signed = checklist_sign_off(checklist=checklist, by=committee)

    assert (signed.status, signed.signed_off_by) == (ChecklistStatus.SIGNED_OFF, committee)
    assert signed.signed_off_at is not None


def test_checklist_sign_off_twice_keeps_the_first(checklist, organiser, committee):
    plan_meeting_the_rule(checklist, by=organiser)
    first = checklist_sign_off(checklist=checklist, by=committee)

    again = checklist_sign_off(checklist=checklist, by=UserFactory(roles=[Role.DEI_COMMITTEE]))

    assert (again.signed_off_by, again.signed_off_at) == (committee, first.signed_off_at)


def test_checklist_sign_off_of_a_plan_below_the_rule_is_refused(checklist, committee):
    with pytest.raises(ValidationError) as raised:
        checklist_sign_off(checklist=checklist, by=committee)

    assert raised.value.messages == [
        "The plan does not meet the rule yet: every essential item and at least one "
        "stretch item are planned or done."
    ]
    checklist.refresh_from_db()
    assert checklist.status == ChecklistStatus.OPEN


def test_checklist_sign_off_by_a_committee_member_organising_the_event_is_refused(
    checklist, organiser
):
    organiser_user = UserFactory(roles=[Role.DEI_COMMITTEE])
    checklist.event.organisers.add(organiser_user.person)
    plan_meeting_the_rule(checklist, by=organiser)

    with pytest.raises(ValidationError) as raised:
        checklist_sign_off(checklist=checklist, by=organiser_user)

    assert "another member of the committee signs it off" in raised.value.messages[0]


def test_checklist_sign_off_by_a_member_who_declared_a_conflict_is_refused(
    checklist, organiser, committee
):
    declaration_create(
        person=committee.person,
        kind=DeclarationKind.RELATIONSHIP,
        related_person=organiser.person,
        description="We share a household.",
    )
    plan_meeting_the_rule(checklist, by=organiser)

    with pytest.raises(ValidationError):
        checklist_sign_off(checklist=checklist, by=committee)


@pytest.mark.parametrize("role", [Role.CWG_CHAIR, Role.EVENTS_STAFF, Role.COMMUNITY, Role.ADMIN])
def test_checklist_sign_off_outside_the_committee_is_refused(checklist, organiser, role):
    plan_meeting_the_rule(checklist, by=organiser)

    with pytest.raises(PermissionDenied):
        checklist_sign_off(checklist=checklist, by=UserFactory(roles=[role]))


def test_checklists_open_for_upcoming_workshops_and_jupytercon_only():
    workshop = EventFactory(kind=EventKind.WORKSHOP)
    jupytercon = EventFactory(kind=EventKind.JUPYTERCON)
    EventFactory(kind=EventKind.OTHER)
    EventFactory(kind=EventKind.WORKSHOP, status=EventStatus.CANCELLED)
    past = EventFactory(kind=EventKind.WORKSHOP)
    past.start_date = past.end_date = timezone.localdate() - datetime.timedelta(days=3)
    past.save()

    opened = checklists_open()

    assert opened == 2
    assert {c.event for c in Checklist.objects.all()} == {workshop, jupytercon}
    assert checklists_open() == 0
