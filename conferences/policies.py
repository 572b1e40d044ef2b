"""Who may do what with JupyterCon."""

import rules
from django.db.models import Q

from conferences.enums import PAYABLE, ApplicationStatus, EditionStatus, SponsorshipStatus
from cwg_portal.policies import Rule, nobody, register
from cwg_portal.roles import is_council, is_cwg_member, is_finance_staff, runs_events

register(
    # Those who run events and the council see every edition; anyone logged in
    # sees it once it is announced.
    Rule(
        "conferences.see_edition",
        roles=runs_events | is_council,
        where=lambda user: ~Q(status=EditionStatus.PLANNING),
    ),
    # Each strategic decision is public or for the members (and the council
    # that oversees them).
    Rule(
        "conferences.see_decision",
        roles=is_cwg_member | is_council,
        where=lambda user: Q(is_public=True),
    ),
    # Sponsorships are money: the members, the finance staff and the council.
    Rule("conferences.see_sponsorship", roles=is_cwg_member | is_finance_staff | is_council),
    # Members and finance staff follow a sponsor from prospect to invoice; only
    # the finance staff, who hold the money, record that it was paid.
    Rule(
        "conferences.move_sponsorship",
        roles=is_cwg_member | is_finance_staff,
        states=(SponsorshipStatus.PROSPECT, SponsorshipStatus.COMMITTED),
    ),
    Rule("conferences.mark_sponsorship_paid", roles=is_finance_staff, states=PAYABLE),
    # An applicant sees their own applications; the members see every one.
    Rule(
        "conferences.see_application",
        roles=is_cwg_member,
        where=lambda user: Q(applicant=user) if user.is_authenticated else Q(pk__in=[]),
    ),
    # The members decide applications still waiting, never their own.
    Rule(
        "conferences.decide_application",
        roles=nobody,
        where=lambda user: ~Q(applicant=user) if is_cwg_member(user) else Q(pk__in=[]),
        states=(ApplicationStatus.SUBMITTED,),
    ),
)


@rules.predicate
def works_the_editions_event(user, edition):
    """Events staff whose engagement covers the edition's event."""
    return edition is not None and user.has_perm("events.work_board", edition.event)


# Members and the events staff engaged on the edition enter its registrations.
rules.add_perm("conferences.enter_registrations", is_cwg_member | works_the_editions_event)
rules.add_perm("conferences.list_editions", rules.is_authenticated)
rules.add_perm("conferences.manage_edition", is_cwg_member)
rules.add_perm("conferences.record_decision", is_cwg_member)
rules.add_perm("conferences.list_sponsorships", is_cwg_member | is_finance_staff | is_council)
rules.add_perm("conferences.add_sponsorship", is_cwg_member | is_finance_staff)
rules.add_perm("conferences.list_applications", rules.is_authenticated)
