"""Who may do what in governance."""

import rules

from cwg_portal.roles import is_council
from membership.enums import SeatRole
from membership.models import Membership


@rules.predicate
def chairs_body(user, body):
    return (
        body is not None
        and user.is_authenticated
        and Membership.objects.current()
        .filter(body=body, person__user=user, role=SeatRole.CHAIR)
        .exists()
    )


@rules.predicate
def sits_on_body(user, body):
    return (
        body is not None
        and user.is_authenticated
        and Membership.objects.current().filter(body=body, person__user=user).exists()
    )


@rules.predicate
def sits_on_a_body(user):
    return user.is_authenticated and Membership.objects.current().filter(person__user=user).exists()


rules.add_perm("membership.open_election", chairs_body)
rules.add_perm("membership.manage_body", chairs_body)
rules.add_perm("membership.record_decision", chairs_body)
rules.add_perm("membership.decide_candidate", is_council)
rules.add_perm("membership.list_elections", sits_on_a_body | is_council)
