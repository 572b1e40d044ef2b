"""Demo people: one account per role, named after the role."""

from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from cwg_portal.roles import Role
from membership.enums import MotionKind, SeatRole
from membership.models import Body, Election, Membership, Motion
from membership.services import person_for_user, person_update, role_grant
from membership.services.elections import election_open, nomination_create
from membership.services.governance import governance_import
from membership.services.motions import motion_call, motion_second, motion_vote
from membership.services.seats import membership_start

DEMO_PEOPLE = {
    Role.CWG_MEMBER: ("Mira Okafor", "she/her", "University of Lagos", "mira-okafor-demo"),
    Role.CWG_CHAIR: ("Jonas Lindqvist", "he/him", "Chalmers University", "jonas-lindqvist-demo"),
    Role.FINANCE_STAFF: ("Priya Raman", "she/her", "NumFOCUS", ""),
    Role.EVENTS_STAFF: ("Diego Alvarez", "he/him", "NumFOCUS", ""),
    Role.COUNCIL: ("Hana Sato", "she/her", "Project Jupyter Executive Council", "hana-sato-demo"),
    Role.DEI_COMMITTEE: ("Amani Mwangi", "they/them", "Jupyter DEI committee", ""),
    Role.COC_RESPONDER: ("Lea Fischer", "she/her", "Jupyter code-of-conduct team", ""),
    Role.COMMUNITY: ("Sam Rivera", "they/them", "Open Science Lab", "sam-rivera-demo"),
    Role.ADMIN: ("Alex Kim", "", "Site operations", ""),
}


# The public part of the demo directory, in the governance repository's format:
# the member's and the councillor's seats, and made-up former members.
GOVERNANCE_FILES = Path(__file__).parent / "demo_governance"

# The seats the demo files leave out: a chair (the format has no place for one),
# the code-of-conduct team (the repository does not list it) and people who
# chose not to be public.
SEATS = {
    Role.CWG_CHAIR: ("community-working-group", SeatRole.CHAIR),
    Role.DEI_COMMITTEE: ("dei-committee", SeatRole.MEMBER),
    Role.COC_RESPONDER: ("code-of-conduct-team", SeatRole.MEMBER),
}


def seed(demo):
    User = get_user_model()
    users = demo.users
    for role, (name, pronouns, affiliation, github) in DEMO_PEOPLE.items():
        username = role.value
        email = f"{username}@example.org"
        user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.set_password(demo.password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        role_grant(user=user, role=role)
        person_update(
            person=person_for_user(user=user),
            display_name=name,
            pronouns=pronouns,
            affiliation=affiliation,
            github_handle=github,
            is_public=role in (Role.CWG_MEMBER, Role.CWG_CHAIR, Role.COUNCIL),
        )
        users[role] = user
    governance_import(directory=GOVERNANCE_FILES, apply=True)
    _seat(users)
    _election(users)
    _motions(users)


def _seat(users):
    start = timezone.localdate() - timedelta(days=400)
    for role, (body_slug, seat_role) in SEATS.items():
        body = Body.objects.get(slug=body_slug)
        person = users[role].person
        if not Membership.objects.filter(person=person, body=body).exists():
            membership_start(person=person, body=body, role=seat_role, starts_on=start)


def _election(users):
    body = Body.objects.get(slug="community-working-group")
    if Election.objects.filter(body=body).exists():
        return
    now = timezone.now()
    election = election_open(
        body=body,
        title="Election of a new working group member",
        description="One seat, by the members of the working group.",
        nominations_close_at=now + timedelta(days=3),
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=10),
        opened_by=users[Role.CWG_CHAIR],
    )
    nomination_create(
        election=election,
        nominee=users[Role.COMMUNITY].person,
        nominated_by=users[Role.CWG_MEMBER],
        statement="Sam has organised two community workshops and mentors new contributors.",
    )


def _motions(users):
    """A ranked choice both members voted on, closed and recorded, and a
    question under vote that awaits both their votes."""
    body = Body.objects.get(slug="community-working-group")
    if Motion.objects.filter(body=body).exists():
        return
    chair, member = users[Role.CWG_CHAIR], users[Role.CWG_MEMBER]
    venue = motion_call(
        body=body,
        sponsor=member,
        title="Venue of the 2027 community day",
        text="Hold the community day of JupyterCon 2027 at the venue the members rank first.",
        kind=MotionKind.RANKED,
        options=["Conference centre", "University campus", "Public library"],
    )
    motion_second(motion=venue, seconded_by=chair)
    centre, campus, library = venue.options.values_list("pk", flat=True)
    motion_vote(motion=venue, voter=member, ranking=[campus, library])
    motion_vote(motion=venue, voter=chair, ranking=[campus, centre])
    licence = motion_call(
        body=body,
        sponsor=chair,
        title="Publish the workshop reports under CC BY 4.0",
        text="Publish every post-event summary of the Jupyter Community Workshops under "
        "the Creative Commons Attribution 4.0 licence.",
        kind=MotionKind.BINARY,
    )
    motion_second(motion=licence, seconded_by=member)
