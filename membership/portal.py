"""Membership's part of the portal: the account and governance panels, the
elections and directory pages, the people API, the demo's users, and the
profile and community role every new account gets."""

import rules
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from cwg_portal.calendars import local_date
from cwg_portal.registry import (
    CalendarEntry,
    Contributions,
    DemoBuilder,
    NavItem,
    NotificationKind,
    Panel,
    ReportSection,
    everyone,
    holds_perm,
)
from cwg_portal.roles import (
    MFA_REQUIRED_ROLES,
    Role,
    is_admin,
    is_authenticated,
    is_council,
    role_names,
)
from membership import demo, selectors
from membership.api import API_ROUTES, API_URLS
from membership.enums import SeatRole
from membership.models import Membership
from membership.policies import chairs_a_body
from membership.services import person_for_user, role_grant

# A panel lists at most this many items and links to the full page.
ITEMS_IN_PANEL = 10
TERMS_ENDING_DAYS = 60


def account_context(user):
    person = person_for_user(user=user)
    return {
        "person": person,
        "profile_gaps": selectors.profile_gaps(person),
        "mfa_enabled": is_mfa_enabled(user),
        "mfa_required": settings.REQUIRE_MFA and bool(role_names(user) & MFA_REQUIRED_ROLES),
        "roles": sorted(role_names(user)),
    }


def security_context(user):
    return {
        "missing_mfa": selectors.users_missing_required_mfa()[:20],
        "unverified": selectors.signups_unverified()[:20],
    }


def terms_ending_context(user):
    bodies = list(selectors.bodies_chaired_by(user))
    ending = selectors.terms_ending(within_days=TERMS_ENDING_DAYS)
    return {"bodies": bodies, "seats": ending.filter(body__in=bodies), "days": TERMS_ENDING_DAYS}


def candidates_awaiting_council_context(user):
    waiting = selectors.candidates_awaiting_council()
    return {"candidates": waiting[:ITEMS_IN_PANEL], "count": waiting.count()}


@rules.predicate
def awaits_their_motion(user):
    return (
        selectors.motions_awaiting_vote(user).exists()
        or selectors.motions_awaiting_second(user).exists()
    )


def motions_awaiting_context(user):
    return {
        "to_vote": selectors.motions_awaiting_vote(user),
        "to_second": selectors.motions_awaiting_second(user),
    }


def welcome(user):
    """Every registered person gets a profile and the community role."""
    person_for_user(user=user)
    role_grant(user=user, role=Role.COMMUNITY)


def _seated_users(body, *, role=None):
    seats = Membership.objects.current().filter(body=body, person__user__isnull=False)
    if role is not None:
        seats = seats.filter(role=role)
    return [seat.person.user for seat in seats.select_related("person__user")]


def _roll(item):
    return [entry.user for entry in item.voters.select_related("user")]


NOTIFICATIONS = (
    NotificationKind(
        "membership.nomination_received",
        "Someone nominates you in an election",
        "You are nominated: {election.title}",
        lambda nomination: [nomination.nominee.user],
    ),
    NotificationKind(
        "membership.election_open",
        "An election you vote in is opened",
        "Election: {election.title}",
        _roll,
    ),
    NotificationKind(
        "membership.motion_needs_second",
        "A motion of your body needs a second",
        "Motion to second: {motion.title}",
        lambda motion: [
            user for user in _seated_users(motion.body) if user.pk != motion.sponsor_id
        ],
    ),
    NotificationKind(
        "membership.motion_open",
        "A formal vote you take part in is open",
        "Vote open: {motion.title}",
        _roll,
    ),
    NotificationKind(
        "membership.motion_decided",
        "A formal vote you took part in is counted",
        "Vote counted: {motion.title}",
        lambda motion: {*_roll(motion), motion.sponsor},
    ),
    NotificationKind.composed_by_sender(
        "membership.council_decided",
        "The council decides on your election",
        lambda user: [user],
    ),
    NotificationKind.composed_by_sender(
        "membership.motion_withdrawn",
        "A formal vote you were on the roll of is withdrawn",
        lambda user: [user],
    ),
    NotificationKind.composed_by_sender(
        "membership.motion_lapsed",
        "Your motion lapsed without a second",
        lambda user: [user],
    ),
    NotificationKind.composed_by_sender(
        "membership.vote_again",
        "A motion you voted on changed: vote again",
        lambda user: [user],
    ),
    NotificationKind(
        "membership.term_ending",
        "A term ends soon (yours, or on a body you chair)",
        "Term ending {membership.ends_on:%d %B %Y}: {membership.person}, {membership.body}",
        lambda seat: {
            *([seat.person.user] if seat.person.user_id else []),
            *_seated_users(seat.body, role=SeatRole.CHAIR),
        },
    ),
)


def calendar_entries(user, start, end):
    overlapping = selectors.elections_visible_to(user).filter(
        closes_at__date__gte=start, nominations_close_at__date__lte=end
    )
    for election in overlapping:
        url = election.get_absolute_url()
        yield CalendarEntry(
            local_date(election.nominations_close_at),
            f"Nominations close: {election.title}",
            url,
            "Election",
        )
        yield CalendarEntry(
            local_date(election.opens_at), f"Voting opens: {election.title}", url, "Election"
        )
        yield CalendarEntry(
            local_date(election.closes_at), f"Voting closes: {election.title}", url, "Election"
        )
    for motion in selectors.motions_awaiting_vote(user):
        yield CalendarEntry(
            local_date(motion.closes_at),
            f"Vote closes: {motion.title}",
            motion.get_absolute_url(),
            "Vote",
        )
    if user.is_authenticated:
        seats = Membership.objects.current().filter(person__user=user, ends_on__range=(start, end))
        for seat in seats.select_related("body"):
            yield CalendarEntry(
                seat.ends_on, f"Your term ends: {seat.body}", seat.body.get_absolute_url(), "Term"
            )


contributions = Contributions(
    app="membership",
    mount="people/",
    panels=(
        Panel("Your account", "dashboard/account.html", is_authenticated, account_context, 10),
        Panel("Account security", "dashboard/security.html", is_admin, security_context, 40),
        Panel(
            f"Terms ending within {TERMS_ENDING_DAYS} days",
            "dashboard/terms_ending.html",
            chairs_a_body,
            terms_ending_context,
            90,
        ),
        Panel(
            "Candidates awaiting the council",
            "dashboard/candidates_awaiting_council.html",
            is_council,
            candidates_awaiting_council_context,
            100,
        ),
        Panel.listing(
            "Elections waiting for your vote",
            "dashboard/elections_to_vote.html",
            selectors.elections_awaiting_vote,
            name="elections",
            order=110,
        ),
        Panel.listing(
            "Nominations awaiting your answer",
            "dashboard/nominations_to_answer.html",
            selectors.nominations_awaiting_answer,
            name="nominations",
            order=120,
        ),
        Panel.listing(
            "Elections open for nominations",
            "dashboard/elections_open_to_stand.html",
            selectors.elections_open_to_stand,
            name="elections",
            order=130,
        ),
        Panel(
            "Motions awaiting your vote or second",
            "dashboard/motions_awaiting.html",
            awaits_their_motion,
            motions_awaiting_context,
            140,
        ),
    ),
    navigation=(
        NavItem("Elections", "membership:elections", holds_perm("membership.list_elections"), 60),
        NavItem("Directory", "membership:directory", everyone, 70),
    ),
    calendar=(calendar_entries,),
    api_routes=API_ROUTES,
    api_urls=API_URLS,
    notifications=NOTIFICATIONS,
    report_sections=(
        ReportSection(
            "membership",
            "Membership and governance",
            selectors.report_figures,
            "membership/report/section.html",
            40,
        ),
    ),
    demo=DemoBuilder(demo.seed),
    on_account_created=(welcome,),
)
