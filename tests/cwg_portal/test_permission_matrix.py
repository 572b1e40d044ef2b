"""Who may open every URL of the project.

The walk resolves every pattern from the URL conf; ACCESS says who may open it.
A URL without an entry fails, so a new page cannot ship without a decision. The
Django admin is one entry for its whole namespace: only the admin role gets in.
"""

import pytest
from django.urls import reverse

from cwg_portal.roles import Role
from tests.cwg_portal.conftest import ANONYMOUS
from tests.cwg_portal.security_headers import header_problems
from tests.cwg_portal.url_walk import all_routes

ROLES = frozenset(Role)
EVERYONE = ROLES | {ANONYMOUS}
LOGGED_IN = ROLES
EVENT_RUNNERS = frozenset({Role.CWG_MEMBER, Role.CWG_CHAIR, Role.EVENTS_STAFF})
ADMIN_ONLY = frozenset({Role.ADMIN})
# Pages that only answer in the middle of a flow the walk is not in (a pending
# login, a configured provider, an enrolled authenticator): nobody opens them cold.
NOBODY = frozenset()
# The money: the group's members and the sponsor's finance staff read the books;
# the council oversees them; only finance staff post, import, reconcile and pay.
MEMBERS = frozenset({Role.CWG_MEMBER, Role.CWG_CHAIR})
FINANCE = frozenset({Role.FINANCE_STAFF})
LEDGER_READERS = MEMBERS | FINANCE
OVERSEERS = LEDGER_READERS | {Role.COUNCIL}
# Governance: only a seat on a body makes a chair; the walk's chair holds one.
CHAIRS = frozenset({Role.CWG_CHAIR})
DEI = frozenset({Role.DEI_COMMITTEE})
COC = frozenset({Role.COC_RESPONDER})

# The sample event is in planning and organised by the community user, so it
# proves that planning events are hidden from everyone else.
ACCESS = {
    "home": EVERYONE,
    "healthz": EVERYONE,
    "dashboard": LOGGED_IN,
    # Everyone's own calendar and notifications; marking read is a POST (a GET
    # answers 405), and only one's own notification is ever found.
    "calendar": LOGGED_IN,
    "calendar_ics": LOGGED_IN,
    "calendar_subscribe": LOGGED_IN,
    # The public feed is for anyone; a personal feed opens only with its owner's
    # secret token (the walk has none, so it answers 404 to all).
    "calendar_public_ics": EVERYONE,
    "calendar_feed_ics": NOBODY,
    "notifications": LOGGED_IN,
    "notifications_read_all": LOGGED_IN,
    "notification_read": LOGGED_IN,
    "notification_settings": LOGGED_IN,
    # Login, signup and recovery are public; allauth sends logged-in users onwards.
    "account_login": EVERYONE,
    "account_signup": EVERYONE,
    "account_logout": EVERYONE,
    "account_inactive": EVERYONE,
    "account_email_verification_sent": EVERYONE,
    "account_confirm_email": EVERYONE,
    "account_confirm_login_code": LOGGED_IN,
    "account_reset_password": EVERYONE,
    "account_reset_password_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,
    "account_reset_password_from_key_done": EVERYONE,
    "socialaccount_login_cancelled": EVERYONE,
    # The end of a failed provider login answers 401 by design.
    "socialaccount_login_error": NOBODY,
    "socialaccount_signup": NOBODY,
    # GitHub login exists only once GITHUB_CLIENT_ID is set; until then, 404.
    "github_login": NOBODY,
    "github_callback": NOBODY,
    # allauth's old addresses, which redirect to the ones above.
    "accounts/social/login/cancelled/": LOGGED_IN,
    "accounts/social/login/error/": LOGGED_IN,
    "accounts/social/signup/": LOGGED_IN,
    # A person's own account settings. Flow pages (a pending login code or second
    # factor) send a logged-in person on and a stranger back to the login.
    "account_reauthenticate": LOGGED_IN,
    "account_email": LOGGED_IN,
    "account_change_password": LOGGED_IN,
    "api_tokens": LOGGED_IN,
    "account_set_password": LOGGED_IN,
    "socialaccount_connections": LOGGED_IN,
    "accounts/social/connections/": LOGGED_IN,
    "mfa_index": LOGGED_IN,
    # The second step of a login: a logged-in person is sent on, a stranger back.
    "mfa_authenticate": LOGGED_IN,
    "mfa_reauthenticate": LOGGED_IN,
    "mfa_activate_totp": LOGGED_IN,
    # These act on an enrolled authenticator; the walk's people have none.
    "mfa_deactivate_totp": NOBODY,
    "mfa_view_recovery_codes": NOBODY,
    "mfa_generate_recovery_codes": LOGGED_IN,
    "mfa_download_recovery_codes": NOBODY,
    "membership:profile": LOGGED_IN,
    # The walk's sample is the chair's photo, public as the chair is.
    "membership:person_photo": EVERYONE,
    "events:list": LOGGED_IN,
    "events:create": EVENT_RUNNERS,
    "events:detail": EVENT_RUNNERS | {Role.COUNCIL, Role.COMMUNITY},
    "events:edit": EVENT_RUNNERS | {Role.COMMUNITY},
    # Members engage the events staff; a staff member sees their own engagement
    # and works the boards of the events it covers (the walk's sample board).
    # Moving a card, commenting and logging are POSTs: a GET answers 405.
    "events:staff": MEMBERS,
    "events:staff_member_create": MEMBERS,
    "events:engagement_create": MEMBERS,
    "events:engagement": MEMBERS | {Role.EVENTS_STAFF},
    "events:engagement_note": LOGGED_IN,
    "events:engagement_move": LOGGED_IN,
    "events:board": MEMBERS | {Role.EVENTS_STAFF},
    "events:task_create": MEMBERS | {Role.EVENTS_STAFF},
    "events:task": MEMBERS | {Role.EVENTS_STAFF},
    "events:task_move": LOGGED_IN,
    "events:task_comment": LOGGED_IN,
    # JupyterCon. The sample edition is in planning: those who run events and
    # the council see it; members manage it; its sponsorship (invoiced) is for
    # members, finance staff and the council, and only finance staff mark it
    # paid. Buttons answer a GET with 405 to anyone logged in. The decision log is public.
    "conferences:list": LOGGED_IN,
    "conferences:create": MEMBERS,
    "conferences:decisions": EVERYONE,
    "conferences:decision_create": MEMBERS,
    "conferences:edition": EVENT_RUNNERS | {Role.COUNCIL},
    "conferences:edition_advance": LOGGED_IN,
    "conferences:partnership_create": MEMBERS,
    "conferences:milestone_create": MEMBERS,
    "conferences:milestone_done": LOGGED_IN,
    "conferences:tier_create": MEMBERS,
    "conferences:lesson_create": MEMBERS,
    "conferences:edition_summary": MEMBERS,
    "conferences:registrations": EVENT_RUNNERS | {Role.COUNCIL},
    "conferences:registration_record": LOGGED_IN,
    "conferences:registration_import": LOGGED_IN,
    "conferences:ticket_type_create": MEMBERS,
    "conferences:checklist_done": LOGGED_IN,
    "conferences:sponsorship_create": MEMBERS,
    "conferences:sponsorship": OVERSEERS,
    "conferences:sponsorship_move": LOGGED_IN,
    "conferences:sponsorship_paid": LOGGED_IN,
    # Its scholarship call is open: those who see the edition may apply; the
    # community user's application is theirs and the members'.
    "conferences:scholarships": EVENT_RUNNERS | {Role.COUNCIL},
    "conferences:call_create": MEMBERS,
    "conferences:apply": EVENT_RUNNERS | {Role.COUNCIL},
    "conferences:applications": LOGGED_IN,
    "conferences:application": MEMBERS | {Role.COMMUNITY},
    "conferences:application_award": LOGGED_IN,
    "conferences:application_decline": LOGGED_IN,
    "api:scholarship-application-list": LOGGED_IN,
    "api:scholarship-application-detail": MEMBERS | {Role.COMMUNITY},
    "api:conference-edition-list": LOGGED_IN,
    "api:conference-edition-detail": EVENT_RUNNERS | {Role.COUNCIL},
    "api:sponsorship-list": OVERSEERS,
    "api:sponsorship-detail": OVERSEERS,
    "api:sponsorship-paid": FINANCE,
    # Budget. The sample claim is the community user's own, with a receipt; the
    # claimant sees it, but approving or paying one's own claim is refused. Action
    # URLs (reconcile, close, cancel) answer a GET with 405 to those allowed.
    "budget:dashboard": OVERSEERS,
    "budget:transparency": EVERYONE,
    "budget:ledger": LEDGER_READERS,
    "budget:ledger-export-csv": LEDGER_READERS,
    "budget:ledger-export-xlsx": LEDGER_READERS,
    "budget:entry-create": FINANCE,
    "budget:entry": LEDGER_READERS,
    "budget:entry-reverse": FINANCE,
    "budget:entry-reconcile": FINANCE,
    "budget:import-upload": FINANCE,
    "budget:import": FINANCE,
    "budget:claims": LOGGED_IN,
    "budget:claim-create": LOGGED_IN,
    "budget:claim": LEDGER_READERS | {Role.COMMUNITY},
    "budget:claim-approve": MEMBERS,
    "budget:claim-reject": MEMBERS,
    "budget:claim-pay": FINANCE,
    "budget:receipt": LEDGER_READERS | {Role.COMMUNITY},
    "budget:allocations": OVERSEERS,
    "budget:allocation-create": MEMBERS,
    "budget:allocation": OVERSEERS,
    "budget:allocation-close": MEMBERS,
    "budget:allocation-cancel": MEMBERS,
    "budget:lines": LEDGER_READERS,
    "budget:line-create": MEMBERS,
    # The API: the same rules as the pages. A GET on a POST-only action answers
    # 405 to those who may use it and refuses the others.
    "api:fund-list": LEDGER_READERS,
    "api:fund-detail": LEDGER_READERS,
    "api:category-list": LOGGED_IN,
    "api:category-detail": LOGGED_IN,
    "api:ledger-entry-list": LEDGER_READERS,
    "api:ledger-entry-detail": LEDGER_READERS,
    "api:ledger-entry-reverse": FINANCE,
    "api:budget-line-list": LEDGER_READERS,
    "api:budget-line-detail": LEDGER_READERS,
    "api:allocation-list": OVERSEERS,
    "api:allocation-detail": OVERSEERS,
    "api:expense-claim-list": LOGGED_IN,
    "api:expense-claim-detail": LEDGER_READERS | {Role.COMMUNITY},
    "api:expense-claim-approve": MEMBERS,
    "api:expense-claim-reject": MEMBERS,
    "api:expense-claim-pay": FINANCE,
    # Governance data is public where the person and the body chose to be.
    "api:person-list": EVERYONE,
    "api:person-detail": EVERYONE,
    "api:body-list": EVERYONE,
    "api:body-detail": EVERYONE,
    "api:membership-list": EVERYONE,
    "api:membership-detail": EVERYONE,
    "api:election-list": LOGGED_IN,
    "api:election-detail": LOGGED_IN,
    # Formal votes: the list answers everyone logged in with what they may see.
    "api:motion-list": LOGGED_IN,
    "api:motion-detail": CHAIRS | {Role.COUNCIL},
    # The workshops program: calls once open and funded workshops are public; a
    # proposal is for its organisers and the committee. Submitting and withdrawing
    # are checked per proposal by the services, so any logged-in caller reaches them.
    "api:workshop-call-list": EVERYONE,
    "api:workshop-call-detail": EVERYONE,
    "api:workshop-list": EVERYONE,
    "api:workshop-detail": EVERYONE,
    "api:workshop-proposal-list": LOGGED_IN,
    "api:workshop-proposal-detail": MEMBERS | {Role.COMMUNITY},
    "api:workshop-proposal-submit": LOGGED_IN,
    "api:workshop-proposal-withdraw": LOGGED_IN,
    "api:workshop-proposal-decide": CHAIRS,
    # Governance pages. The walk's people hold roles without seats, except the
    # chair, who chairs the working group and is alone on the sample election's
    # roll; the community user is nominated in a second election; an elected
    # candidate awaits the council.
    "membership:directory": EVERYONE,
    "membership:directory_teams_file": EVERYONE,
    "membership:directory_organisations_file": EVERYONE,
    "membership:directory_contributors_file": EVERYONE,
    "membership:directory_body": EVERYONE,
    "membership:decisions": EVERYONE,
    "membership:decision_create": CHAIRS,
    # Anyone logged in may stand where a body takes self-nominations, so the list
    # answers everyone, each with the elections they vote or may stand in.
    "membership:elections": LOGGED_IN,
    "membership:election_create": CHAIRS,
    # As in the API, a community member sees only the elections they vote or stand in.
    "membership:election": LOGGED_IN,
    "membership:election_vote": CHAIRS,
    "membership:nomination_respond": frozenset({Role.COMMUNITY}),
    "membership:approvals": frozenset({Role.COUNCIL}),
    "membership:approval": frozenset({Role.COUNCIL}),
    "membership:body_manage": CHAIRS,
    "membership:declarations": LOGGED_IN,
    # Formal votes: the walk's chair sponsors one under vote (with another member
    # of the working group on its roll) and may second a second one; the council
    # oversees them. Seconding answers a GET with 405 to those who may; withdrawing
    # answers it with the sponsor's confirmation page.
    "membership:motions": CHAIRS | {Role.COUNCIL},
    "membership:motion_create": CHAIRS,
    "membership:motion": CHAIRS | {Role.COUNCIL},
    "membership:motion_second": CHAIRS,
    "membership:motion_edit": CHAIRS,
    "membership:motion_withdraw": CHAIRS,
    "membership:motion_vote": CHAIRS,
    "membership:body_participation": CHAIRS,
    # Workshops. The sample call is open; the community user's proposal in it is
    # in review, with the member assigned to review it; another proposal of theirs
    # was funded, held and summarised in public. Buttons (submit, withdraw,
    # assign, advance, balance, waive…) answer a GET with 405 to those who may.
    "workshops:index": EVERYONE,
    "workshops:past_workshop": EVERYONE,
    "workshops:call": EVERYONE,
    "workshops:call_open": CHAIRS,
    "workshops:ranking": CHAIRS,
    "workshops:reviewers_balance": CHAIRS,
    "workshops:stage_waive": CHAIRS,
    "workshops:proposal_create": LOGGED_IN,
    "workshops:proposals": LOGGED_IN,
    # Everyone's own invitations; one invitation opens for its invitee alone.
    "workshops:invitations": LOGGED_IN,
    "workshops:invitation": frozenset({Role.COUNCIL}),
    "workshops:proposal": MEMBERS | {Role.COMMUNITY},
    "workshops:proposal_versions": MEMBERS | {Role.COMMUNITY},
    "workshops:proposal_edit": frozenset({Role.COMMUNITY}),
    "workshops:proposal_submit": frozenset({Role.COMMUNITY}),
    "workshops:proposal_withdraw": frozenset({Role.COMMUNITY}),
    "workshops:review": frozenset({Role.CWG_MEMBER}),
    "workshops:conflict_declare": MEMBERS,
    "workshops:reviewer_assign": CHAIRS,
    "workshops:reviewer_unassign": CHAIRS,
    "workshops:proposal_advance": CHAIRS,
    "workshops:decide": CHAIRS,
    # The workshop's organisers, those who run events, and the staff who pay its claims.
    "workshops:workshop": EVENT_RUNNERS | FINANCE | {Role.COMMUNITY},
    "workshops:summary": frozenset({Role.COMMUNITY}),
    # DEI checklists: the committee and those who run events follow them all; the
    # sample workshop's organiser (the community user) sees and works its own; only
    # the committee signs off (a button: a GET answers 405 to those who may).
    "dei:checklists": EVENT_RUNNERS | DEI,
    "dei:checklist": EVENT_RUNNERS | DEI | {Role.COMMUNITY},
    "dei:checklist_item": DEI | {Role.COMMUNITY},
    "dei:checklist_sign_off": DEI,
    # Attendee surveys: the link answers anyone; results, always in aggregate, go
    # to the committee, those who run events and the event's organisers.
    "dei:surveys": EVENT_RUNNERS | DEI,
    "dei:survey_create": DEI,
    "dei:survey": EVENT_RUNNERS | DEI | {Role.COMMUNITY},
    "dei:survey_answer": EVERYONE,
    # Code-of-conduct reports: anyone files one; only responders who are not
    # involved read them (not the admin, the council or members); the sample
    # report names nobody, so the walk's responder may.
    "dei:incident_report": EVERYONE,
    # Initiatives: the working group's members follow them; the committee keeps them.
    "dei:initiatives": MEMBERS | DEI,
    "dei:initiative": MEMBERS | DEI,
    "dei:initiative_new": DEI,
    "dei:initiative_edit": DEI,
    "api:dei-initiative-list": MEMBERS | DEI,
    "api:dei-initiative-detail": MEMBERS | DEI,
    # Training and mentoring: followed by the members, kept by the committee.
    "dei:training": MEMBERS | DEI,
    "dei:training_new": DEI,
    "dei:mentoring_new": DEI,
    "dei:mentoring": MEMBERS | DEI,
    # The glossary and its versions are public; the committee edits it.
    "dei:glossary": EVERYONE,
    "dei:glossary_history": EVERYONE,
    "dei:glossary_edit": DEI,
    "dei:incidents": COC,
    "dei:incident_log": COC,
    "dei:incident": COC,
    "dei:incident_export": COC,
    "api:dei-checklist-list": EVENT_RUNNERS | DEI,
    "api:dei-checklist-detail": EVENT_RUNNERS | DEI | {Role.COMMUNITY},
    "api:dei-survey-list": EVENT_RUNNERS | DEI,
    "api:dei-survey-detail": EVENT_RUNNERS | DEI | {Role.COMMUNITY},
    "api:dei-survey-results": EVENT_RUNNERS | DEI | {Role.COMMUNITY},
    "api:api-root": LOGGED_IN,
    "api:me": LOGGED_IN,
    "api:event-list": LOGGED_IN,
    "api:event-detail": EVENT_RUNNERS | {Role.COUNCIL, Role.COMMUNITY},
    # Reports to the council: the working group writes them, the council reads
    # them; the walk's report is a draft, so only the chair writes its narrative.
    # Building is a POST: a GET answers 405 to the members who may build.
    "reporting:reports": MEMBERS | {Role.COUNCIL},
    "reporting:build": MEMBERS,
    "reporting:build_progress": MEMBERS | {Role.COUNCIL},
    "reporting:report": MEMBERS | {Role.COUNCIL},
    "reporting:version": MEMBERS | {Role.COUNCIL},
    "reporting:narrative": CHAIRS,
    "reporting:export_md": MEMBERS | {Role.COUNCIL},
    # The annual post: the blog and its feed are public; the walk's post is a
    # draft, which the group edits and moves on and the council may read.
    "reporting:blog": EVERYONE,
    "reporting:feed": EVERYONE,
    "reporting:post_draft": MEMBERS,
    "reporting:post": MEMBERS | {Role.COUNCIL},
    "reporting:post_edit": MEMBERS,
    "reporting:post_advance": MEMBERS,
    "reporting:post_publish": CHAIRS,
    "reporting:export_pdf": MEMBERS | {Role.COUNCIL},
    # The review's buttons are POSTs, refused to all but those who may press them.
    "reporting:submit": CHAIRS,
    "reporting:decide": frozenset({Role.COUNCIL}),
    "reporting:section_review": frozenset({Role.COUNCIL}),
    "reporting:comment": CHAIRS | {Role.COUNCIL},
    "api:report-list": MEMBERS | {Role.COUNCIL},
    "api:report-detail": MEMBERS | {Role.COUNCIL},
    "api:report-build": MEMBERS,
    "api:task-detail": MEMBERS | {Role.COUNCIL},
    "api:event-task-list": EVENT_RUNNERS,
    "api:event-task-detail": MEMBERS | {Role.EVENTS_STAFF},
    "api:engagement-list": EVENT_RUNNERS,
    "api:engagement-detail": MEMBERS | {Role.EVENTS_STAFF},
    "api-schema": EVERYONE,
    "api-docs": EVERYONE,
    # The books and the governance records are read-only in the admin (their
    # changes go through the services): no one adds or deletes there.
    **{
        f"admin:{model}_{action}": NOBODY
        for model in (
            "budget_ledgerentry",
            "budget_expenseclaim",
            "budget_allocation",
            "budget_budgetline",
            "budget_ledgerimport",
            "membership_membership",
            "membership_election",
            "membership_nomination",
            "membership_councilapproval",
            "membership_declaration",
            "membership_recusal",
            "membership_decision",
            "membership_motion",
            "workshops_call",
            "workshops_proposal",
            "workshops_posteventsummary",
        )
        for action in ("add", "delete")
    },
    # The site operator neither grants roles, passwords or second factors, nor
    # touches tokens or the schedule: those admin pages refuse even the admin role.
    **{
        f"admin:{model}_{view}": NOBODY
        for model in ("mfa_authenticator", "knox_authtoken", "socialaccount_socialtoken")
        # Their history pages answer first whether the object exists, and the
        # walk has none of these: it is refused on the object's change page.
        for view in ("changelist", "add", "delete", "change")
    },
    **{
        f"admin:{model}_{action}": NOBODY
        for model in (
            "auth_user",
            "auth_group",
            "account_emailaddress",
            "socialaccount_socialaccount",
            "django_celery_beat_periodictask",
            "django_celery_beat_clockedschedule",
            "django_celery_beat_crontabschedule",
            "django_celery_beat_solarschedule",
            "django_celery_beat_intervalschedule",
        )
        for action in ("add", "delete")
    },
    "admin:auth_user_password_change": NOBODY,
    "admin:budget_fund_delete": NOBODY,
    "admin:budget_category_delete": NOBODY,
    "admin:membership_body_delete": NOBODY,
    # The admin's catch-all answers 404 to its own users and the login to others.
    "admin/(?P<url>.*)$": NOBODY,
    # A GET on the admin's logout (which needs a POST) sends a logged-in person
    # to the admin's front door, where non-admins are then refused.
    "admin:logout": LOGGED_IN,
    # The admin's autocomplete answers only with a field to complete.
    "admin:autocomplete": NOBODY,
}


def is_admin_site(route):
    return route.key.startswith("admin:") or route.route.startswith("admin/")


def access_for(route):
    if route.key in ACCESS:
        return ACCESS[route.key]
    if is_admin_site(route):
        return ADMIN_ONLY
    raise KeyError(route.key)


ROUTES = all_routes()


def test_every_url_has_an_entry_in_the_matrix():
    missing = [r.key for r in ROUTES if not is_admin_site(r) and r.key not in ACCESS]
    assert missing == []


def test_the_matrix_names_no_url_that_does_not_exist():
    keys = {route.key for route in ROUTES}
    assert sorted(set(ACCESS) - keys) == []


REFUSED_STATUSES = {401, 403, 404}


def is_refused(response):
    if response.status_code in REFUSED_STATUSES:
        return True
    if response.status_code == 302:
        target = response["Location"].split("?")[0]
        return target in (reverse("account_login"), reverse("admin:login"))
    return False


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.key}|{route.route}")
def test_url_opens_only_for_those_the_matrix_admits_with_safe_headers(
    route, db, client, subjects, route_arguments
):
    """One request per role and URL proves both who gets in and what the
    response's headers say."""
    allowed = access_for(route)
    path = route.path(route_arguments(route))
    wrong, problems = [], []
    for subject, user in subjects.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code < 500, f"{subject} got {response.status_code} on {path}"
        if is_refused(response) == (subject in allowed):
            wrong.append(f"{subject}: {response.status_code} {response.get('Location', '')}")
        problems += [
            f"{subject}: {problem}"
            for problem in header_problems(response, logged_in=user is not None)
        ]
    assert wrong == [], f"GET {path}"
    assert problems == [], f"GET {path}"
