"""Elections' last step: the council's approval seats the elected candidate
with the body's role, or declines them."""

import calendar
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import CouncilVerdict, DeclarationKind, ElectionStatus
from membership.models import Body, CouncilApproval, Membership, Recusal
from membership.services.conflicts import declaration_create
from membership.services.elections import council_decide
from membership.services.seats import membership_start
from tests.factories.membership import BodyFactory, ElectionFactory, NominationFactory, UserFactory
from tests.membership.elections import elected_candidate

pytestmark = pytest.mark.django_db


def roles_of(user):
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


# --- The council's approval --------------------------------------------------------------


@pytest.fixture
def council(user_with_role):
    return user_with_role(Role.COUNCIL)


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def test_council_approval_seats_the_candidate_with_role_and_one_mail(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)
    nominee = nomination.nominee

    with django_capture_on_commit_callbacks(execute=True):
        approval = council_decide(
            nomination=nomination, decided_by=council, approve=True, note="Welcome aboard."
        )

    seat = Membership.objects.get(person=nominee)
    assert (seat.body, seat.role, seat.starts_on, seat.ends_on, seat.left_on, seat.election) == (
        cwg,
        "member",
        timezone.localdate(),
        None,
        None,
        nomination.election,
    )
    stored = CouncilApproval.objects.get()
    assert (stored.pk, stored.nomination, stored.verdict, stored.note, stored.decided_by) == (
        approval.pk,
        nomination,
        CouncilVerdict.APPROVED,
        "Welcome aboard.",
        council,
    )
    assert roles_of(nominee.user) == {"cwg-member"}
    assert [(message.subject, message.to, message.body) for message in mailoutbox] == [
        (
            "Welcome to Community Building Working Group",
            [nominee.user.email],
            "The Executive Council approved your election to Community Building Working Group. "
            "Your seat starts today; the portal now shows you the member's pages.\n\n"
            "The council's note: Welcome aboard.",
        )
    ]


def test_council_approval_on_a_body_with_terms_sets_the_end_of_term(council):
    body = BodyFactory(portal_role=Role.DEI_COMMITTEE, term_months=24)
    nomination = elected_candidate(body)

    council_decide(nomination=nomination, decided_by=council, approve=True)

    today = timezone.localdate()
    seat = Membership.objects.get(person=nomination.nominee)
    assert (seat.starts_on, seat.ends_on) == (today, add_months(today, 24))
    assert roles_of(nomination.nominee.user) == {"dei-committee"}


def test_council_decline_seats_nobody_and_says_so(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)

    with django_capture_on_commit_callbacks(execute=True):
        council_decide(nomination=nomination, decided_by=council, approve=False, note="")

    assert CouncilApproval.objects.get().verdict == CouncilVerdict.DECLINED
    assert Membership.objects.filter(person=nomination.nominee).exists() is False
    assert roles_of(nomination.nominee.user) == set()
    assert [(message.subject, message.body) for message in mailoutbox] == [
        (
            "Your election to Community Building Working Group",
            "The Executive Council did not approve your election to "
            "Community Building Working Group.",
        )
    ]


def test_council_decide_by_someone_outside_the_council_is_refused(cwg, user_with_role):
    nomination = elected_candidate(cwg)
    chair = user_with_role(Role.CWG_CHAIR)

    with pytest.raises(PermissionDenied):
        council_decide(nomination=nomination, decided_by=chair, approve=True)

    assert CouncilApproval.objects.count() == 0
    assert Membership.objects.filter(person=nomination.nominee).exists() is False
    assert roles_of(nomination.nominee.user) == set()


@pytest.mark.parametrize("elected", [False, None])
def test_council_decide_on_a_candidate_not_elected_is_refused(elected, cwg, council):
    election = ElectionFactory(body=cwg, status=ElectionStatus.CLOSED)
    nomination = NominationFactory(election=election, accepted=True, elected=elected)

    with pytest.raises(ValidationError) as refused:
        council_decide(nomination=nomination, decided_by=council, approve=True)

    assert refused.value.messages == ["Only an elected candidate goes to the council."]
    assert (CouncilApproval.objects.count(), Membership.objects.count()) == (0, 0)


def test_council_decide_twice_is_refused(
    cwg, council, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = elected_candidate(cwg)
    council_decide(nomination=nomination, decided_by=council, approve=True)
    other_councillor = UserFactory(roles=[Role.COUNCIL])

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        council_decide(nomination=nomination, decided_by=other_councillor, approve=False)

    assert refused.value.messages == ["The council has already decided on this candidate."]
    assert list(CouncilApproval.objects.values_list("verdict", "decided_by")) == [
        (CouncilVerdict.APPROVED, council.pk)
    ]
    assert Membership.objects.filter(person=nomination.nominee).count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("conflict", ["relationship", "own-nomination"])
def test_council_decide_by_a_conflicted_councillor_is_refused_and_recorded(conflict, cwg):
    nomination = elected_candidate(cwg)
    if conflict == "relationship":
        councillor = UserFactory(roles=[Role.COUNCIL])
        declaration_create(
            person=councillor.person,
            kind=DeclarationKind.RELATIONSHIP,
            description="Sam is my partner.",
            related_person=nomination.nominee,
        )
    else:
        councillor = nomination.nominee.user
        membership_start(person=nomination.nominee, body=Body.objects.get(slug="executive-council"))

    with pytest.raises(PermissionDenied) as refused:
        council_decide(nomination=nomination, decided_by=councillor, approve=True)

    assert str(refused.value) == "You have a conflict of interest with this candidate."
    assert CouncilApproval.objects.count() == 0
    assert list(Recusal.objects.values_list("person", "object_id", "reason")) == [
        (councillor.person.pk, nomination.pk, "Conflict of interest")
    ]
    assert Membership.objects.filter(person=nomination.nominee, body=cwg).exists() is False
