"""The conflict-of-interest register: the one question every decision asks
(is_conflicted), and the recusals recorded when someone stands aside."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, When
from django.utils import timezone

from membership.enums import BallotChoice, DeclarationKind
from membership.models import BallotMark, Declaration, Nomination, Recusal
from membership.selectors import is_conflicted
from membership.services.conflicts import declaration_create, recusal_record
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import (
    BodyFactory,
    DeclarationFactory,
    ElectionFactory,
    NominationFactory,
    PersonFactory,
    members_of,
    open_election,
    pass_closing_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination():
    return NominationFactory(accepted=True, nominee=PersonFactory(display_name="Sam Rivera"))


def declare_relationship(person, other, **dates):
    return declaration_create(
        person=person,
        kind=DeclarationKind.RELATIONSHIP,
        description=f"{other} is my sibling.",
        related_person=other,
        **dates,
    )


def test_declaration_create_of_an_interest_in_one_item_points_at_it(nomination):
    person = PersonFactory()

    declaration = declaration_create(
        person=person,
        kind=DeclarationKind.ITEM,
        description="I co-wrote Sam's statement.",
        item=nomination,
    )

    stored = Declaration.objects.get(pk=declaration.pk)
    assert (stored.person, stored.kind, stored.item, stored.starts_on, stored.ends_on) == (
        person,
        DeclarationKind.ITEM,
        nomination,
        timezone.localdate(),
        None,
    )


def test_is_conflicted_by_a_declared_interest_in_the_item(nomination):
    person = PersonFactory()
    declaration_create(
        person=person,
        kind=DeclarationKind.ITEM,
        description="I co-wrote Sam's statement.",
        item=nomination,
    )

    assert is_conflicted(person, nomination) is True


def test_is_conflicted_on_ones_own_nomination(nomination):
    assert is_conflicted(nomination.nominee, nomination) is True


def test_is_conflicted_by_a_declared_close_relationship_with_a_party(nomination):
    person = PersonFactory()
    declare_relationship(person, nomination.nominee)

    assert is_conflicted(person, nomination) is True


def test_is_conflicted_is_false_without_a_declaration_about_the_item_or_its_parties(
    nomination,
):
    person = PersonFactory()
    declare_relationship(person, PersonFactory())
    declaration_create(
        person=person,
        kind=DeclarationKind.ITEM,
        description="I nominated someone else.",
        item=NominationFactory(election=nomination.election),
    )
    declaration_create(
        person=person, kind=DeclarationKind.EMPLOYER, description="Employer", organisation="ACME"
    )
    # Someone else's declaration about the nominee says nothing about this person.
    declare_relationship(PersonFactory(), nomination.nominee)

    assert is_conflicted(person, nomination) is False


def test_is_conflicted_by_an_interest_in_another_kind_of_object_with_the_same_id(nomination):
    person = PersonFactory()
    same_id_other_kind = ElectionFactory()
    DeclarationFactory(
        person=person,
        kind=DeclarationKind.ITEM,
        content_type=ContentType.objects.get_for_model(same_id_other_kind),
        object_id=nomination.pk,
    )

    assert is_conflicted(person, nomination) is False


@pytest.mark.parametrize(
    ("starts", "ends", "conflicted"),
    [
        pytest.param(-30, -1, False, id="ended-yesterday"),
        pytest.param(-30, 0, True, id="ends-today"),
        pytest.param(1, None, False, id="starts-tomorrow"),
        pytest.param(0, None, True, id="starts-today"),
    ],
)
def test_is_conflicted_only_while_the_declaration_stands(starts, ends, conflicted, nomination):
    today = timezone.localdate()
    person = PersonFactory()
    declare_relationship(
        person,
        nomination.nominee,
        starts_on=today + timedelta(days=starts),
        ends_on=None if ends is None else today + timedelta(days=ends),
    )

    assert is_conflicted(person, nomination) is conflicted


def test_is_conflicted_on_a_given_day(nomination):
    today = timezone.localdate()
    person = PersonFactory()
    declare_relationship(
        person, nomination.nominee, starts_on=today - timedelta(days=30), ends_on=today
    )

    assert [
        is_conflicted(person, nomination, on=today - timedelta(days=31)),
        is_conflicted(person, nomination, on=today - timedelta(days=1)),
        is_conflicted(person, nomination, on=today + timedelta(days=1)),
    ] == [False, True, False]


def test_recusal_record_is_kept_once_per_item(nomination):
    person = PersonFactory()

    first = recusal_record(person=person, item=nomination, reason="Conflict of interest")
    second = recusal_record(person=person, item=nomination, reason="Asked again")

    assert first.pk == second.pk
    assert list(Recusal.objects.values_list("person", "object_id", "reason")) == [
        (person.pk, nomination.pk, "Conflict of interest")
    ]
    assert Recusal.objects.get().item == nomination


@pytest.mark.parametrize("allow_abstain", [True, False])
def test_ballot_of_a_conflicted_voter_abstains_on_that_candidate_and_records_it(allow_abstain):
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body, allow_abstain=allow_abstain)
    partner = NominationFactory(election=election, accepted=True)
    stranger = NominationFactory(election=election, accepted=True)
    declare_relationship(voter.person, partner.nominee)

    ballot_cast(
        election=election,
        voter=voter,
        choices={partner.pk: BallotChoice.YES, stranger.pk: BallotChoice.YES},
    )

    marks = dict(BallotMark.objects.values_list("nomination", "choice"))
    assert marks == {partner.pk: BallotChoice.ABSTAIN, stranger.pk: BallotChoice.YES}
    assert list(Recusal.objects.values_list("person", "content_type", "object_id", "reason")) == [
        (
            voter.person.pk,
            ContentType.objects.get_for_model(Nomination).pk,
            partner.pk,
            "Conflict of interest",
        )
    ]
    election_close(election=pass_closing_time(election))
    assert list(
        Nomination.objects.filter(pk__in=[partner.pk, stranger.pk])
        .order_by(Case(When(pk=partner.pk, then=0), default=1))
        .values_list("yes_votes", "no_votes", "abstentions", "elected")
    ) == [(0, 0, 1, False), (1, 0, 0, True)]


def test_ballot_of_an_unconflicted_voter_records_no_recusal():
    body = BodyFactory()
    (voter,) = members_of(body, 1)
    election = open_election(body)
    nomination = NominationFactory(election=election, accepted=True)
    declare_relationship(voter.person, PersonFactory())

    ballot_cast(election=election, voter=voter, choices={nomination.pk: BallotChoice.NO})

    assert list(BallotMark.objects.values_list("choice", flat=True)) == [BallotChoice.NO]
    assert Recusal.objects.count() == 0
