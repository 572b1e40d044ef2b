"""Who may do what in governance.

What lists and the API filter by (which elections, formal votes and decisions
a person sees) are `Rule`s, so the list and the object check cannot disagree;
the rest are object predicates over seats and rolls.
"""

import rules
from django.db.models import Q

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_authenticated, is_council
from membership.enums import SeatRole
from membership.models import Membership, MotionVoter
from membership.selectors import seated_bodies, sees_all_people, taking_self_nominations

# Members of a body and holders of staff roles see everyone's records.
oversees = rules.predicate(sees_all_people, name="sees_all_people")


def takes_part_in_election(user):
    """Voters, nominees, and anyone logged in while the body takes self-nominations."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(voters__user=user) | Q(nominations__nominee__user=user) | taking_self_nominations()


def takes_part_in_motion(user):
    """The formal votes of the bodies a person sits on, and those on whose roll they are."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    on_roll = MotionVoter.objects.filter(user=user).values("motion")
    return Q(body__in=seated_bodies(user)) | Q(pk__in=on_roll)


register(
    Rule("membership.see_election", roles=oversees, where=takes_part_in_election),
    # Each result is public anyway, as a decision; the council oversees every body's.
    Rule("membership.see_motion", roles=is_council, where=takes_part_in_motion),
    # The public record: decisions of public bodies; members and staff see all.
    Rule("membership.see_decision", roles=oversees, where=lambda user: Q(body__is_public=True)),
)


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
# Anyone logged in may stand where a body takes self-nominations, so the list is
# for everyone; elections_visible_to decides which elections each person sees.
rules.add_perm("membership.list_elections", is_authenticated)


# --- The governance pages -----------------------------------------------------


@rules.predicate
def chairs_a_body(user):
    return (
        user.is_authenticated
        and Membership.objects.current().filter(person__user=user, role=SeatRole.CHAIR).exists()
    )


@rules.predicate
def is_nominee(user, nomination):
    return (
        nomination is not None and user.is_authenticated and nomination.nominee.user_id == user.pk
    )


@rules.predicate
def on_voter_roll(user, election):
    return (
        election is not None
        and user.is_authenticated
        and election.voters.filter(user=user).exists()
    )


# Reaching the pages that open elections and record decisions; the chosen body is
# then checked with open_election or record_decision.
rules.add_perm("membership.chair_a_body", chairs_a_body)
rules.add_perm("membership.respond_nomination", is_nominee)
rules.add_perm("membership.vote", on_voter_roll)
# The register is what decisions consult: those who decide read everyone's.
rules.add_perm("membership.view_register", sits_on_a_body)


# --- Formal votes ---------------------------------------------------------------


@rules.predicate
def sits_on_motion_body(user, motion):
    return motion is not None and sits_on_body(user, motion.body)


@rules.predicate
def sponsors_motion(user, motion):
    return motion is not None and user.is_authenticated and motion.sponsor_id == user.pk


@rules.predicate
def on_motion_roll(user, motion):
    return motion is not None and user.is_authenticated and motion.voters.filter(user=user).exists()


rules.add_perm("membership.list_motions", sits_on_a_body | is_council)
# Reaching the page that calls a vote; the chosen body is then checked with call_motion.
rules.add_perm("membership.call_a_motion", sits_on_a_body)
rules.add_perm("membership.call_motion", sits_on_body)
rules.add_perm("membership.second_motion", sits_on_motion_body & ~sponsors_motion)
rules.add_perm("membership.edit_motion", sponsors_motion)
rules.add_perm("membership.withdraw_motion", sponsors_motion)
rules.add_perm("membership.vote_motion", on_motion_roll)
rules.add_perm("membership.view_participation", chairs_body)
# Those who choose new members see where the body's seats are (per organisation).
rules.add_perm("membership.see_affiliations", sits_on_body | is_council)
