from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from budget.enums import DocumentKind
from budget.models import FiscalSponsor, FiscalYear, LedgerEntry, LedgerImport
from budget.services.budget_lines import budget_line_create
from budget.services.claims import claim_submit
from conferences.enums import EditionStatus, SponsorshipStatus
from cwg_portal.roles import Role
from dei.selectors import checklist_of_event
from dei.services.incidents import incident_file
from dei.services.initiatives import initiative_create
from dei.services.surveys import survey_open
from dei.services.training import mentoring_start
from events.enums import EventStatus
from membership.enums import DeclarationKind, ElectionStatus, MotionKind, SeatRole
from membership.models import Body, Decision
from membership.services import person_photo_set
from membership.services.conflicts import declaration_create
from membership.services.decisions import decision_record
from membership.services.elections import election_open, nomination_create
from membership.services.motions import motion_call, motion_second
from membership.services.seats import membership_start
from tests.factories.budget import (
    AllocationFactory,
    FundFactory,
    LedgerEntryFactory,
    category,
    upload,
)
from tests.factories.conferences import (
    ApplicationFactory,
    EditionFactory,
    MilestoneFactory,
    ScholarshipCallFactory,
    SponsorshipFactory,
)
from tests.factories.events import (
    EngagementFactory,
    EventFactory,
    StaffMemberFactory,
    TaskFactory,
)
from tests.factories.membership import (
    PHOTO_PNG,
    ElectionFactory,
    MembershipFactory,
    NominationFactory,
    UserFactory,
)
from tests.factories.workshops import (
    filed_summary,
    held_workshop,
    open_call,
    submitted_proposal,
)
from workshops.services.proposals import proposal_update
from workshops.services.reviews import reviewer_assign

ANONYMOUS = "anonymous"
IMPORT_SAMPLE = "date,reference,category,amount\n2024-03-01,SAMPLE-1,donation,100.00\n"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The URL walk's sample world, built once per test module: in a transaction
    rolled back when the module ends, inside which each test runs in a savepoint
    of its own (so what one test's requests change, the next does not see)."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def subjects(world):
    users = {role: UserFactory(username=role.value, roles=[role]) for role in Role}
    return {ANONYMOUS: None, **users}


@pytest.fixture(scope="module")
def budget_samples(subjects):
    """One of each budget object: an entry, the community user's claim with a
    receipt on disk, an allocation and an uploaded import."""
    fund = FundFactory()
    finance = subjects[Role.FINANCE_STAFF]
    claim = claim_submit(
        claimant=subjects[Role.COMMUNITY],
        fund=fund,
        category=category("supplies"),
        amount=Decimal("85.50"),
        currency=fund.currency,
        description="Printed name badges",
        documents=[(DocumentKind.RECEIPT, upload())],
    )
    ledger_upload = LedgerImport.objects.create(
        fund=fund, filename="export.csv", content=IMPORT_SAMPLE, uploaded_by=finance
    )
    return {
        "entry_pk": LedgerEntryFactory(fund=fund, entered_by=finance).pk,
        "claim_pk": claim.pk,
        "receipt_pk": claim.receipts.get().pk,
        "allocation_pk": AllocationFactory(fund=fund).pk,
        "import_pk": ledger_upload.pk,
    }


@pytest.fixture(scope="module")
def workshop_samples(subjects):
    """The workshops program's objects: an open call with the community user's
    proposal in review, which the member is assigned to review; and a workshop of
    the community user's in the same call, funded, held and summarised in public,
    with its DEI checklist and its open attendee survey; and a code-of-conduct
    report that names nobody."""
    chair, organiser = subjects[Role.CWG_CHAIR], subjects[Role.COMMUNITY]
    call = open_call(by=chair)
    proposal = submitted_proposal(call, by=organiser)
    review = reviewer_assign(proposal=proposal, reviewer=subjects[Role.CWG_MEMBER].person, by=chair)
    # The council member is invited to co-organise it and has not answered.
    proposal_update(proposal=proposal, by=organiser, co_organisers=[subjects[Role.COUNCIL].email])
    held = held_workshop(call, chair=chair, by=organiser)
    filed_summary(held, by=organiser)
    final = call.stages.get(waivable=True)
    checklist = checklist_of_event(held.event)
    now = timezone.now()
    survey = survey_open(
        event=held.event,
        by=subjects[Role.DEI_COMMITTEE],
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    return {
        "item_pk": checklist.items.first().pk,
        "checklist_pk": checklist.pk,
        "survey_pk": survey.pk,
        "incident_pk": incident_file(description="Sample report of an incident.").pk,
        "pair_pk": mentoring_start(
            by=subjects[Role.DEI_COMMITTEE],
            mentor=subjects[Role.CWG_MEMBER].person,
            mentee=subjects[Role.COMMUNITY].person,
            started_on=date(2026, 1, 1),
        ).pk,
        "initiative_pk": initiative_create(
            by=subjects[Role.DEI_COMMITTEE],
            title="Sample initiative",
            goal="Reach new contributors.",
            owner=subjects[Role.DEI_COMMITTEE].person,
            starts_on=date(2026, 1, 1),
        ).pk,
        "token": survey.token,
        "call_slug": call.slug,
        "proposal_pk": proposal.pk,
        "stage_pk": final.pk,
        "review_pk": review.pk,
        "invitation_pk": proposal.invitations.get().pk,
        "event_slug": held.event.slug,
    }


@pytest.fixture(scope="module")
def report_samples(subjects):
    """A draft report with one version built by the chair, and its build."""
    from cwg_portal.periods import HalfYear
    from reporting.models import BlogPost
    from reporting.services.builds import build_request, report_build

    period = HalfYear(2026, 1)
    version = report_build(period=period, by=subjects[Role.CWG_CHAIR])
    build = build_request(period=period, by=subjects[Role.CWG_CHAIR])
    post = BlogPost.objects.create(
        year=2025, title="Our year", body="We met.", updated_by=subjects[Role.CWG_CHAIR]
    )
    return {
        "year": post.year,
        "period": version.report.period,
        "number": version.number,
        "build_pk": build.pk,
        "section": "budget",
    }


@pytest.fixture(scope="module")
def sample_arguments(subjects, budget_samples, workshop_samples, report_samples):
    event = EventFactory(status=EventStatus.PLANNING, organisers=[subjects[Role.COMMUNITY].person])
    return {
        **budget_samples,
        **workshop_samples,
        **report_samples,
        "slug": event.slug,
        "term_slug": "diversity",
        "format": "json",
        "key": "no-such-key",
        "uidb36": "1",
        "object_id": event.pk,
        "app_label": "events",
        "content_type_id": ContentType.objects.get_for_model(event).pk,
        "url": "no-such-page/",
        "id": subjects[Role.COMMUNITY].pk,
    }


@pytest.fixture(scope="module")
def staff_samples(subjects):
    """An event in planning whose board the walk's events-staff user works,
    through an engagement in force, with one task on it."""
    event = EventFactory(status=EventStatus.PLANNING)
    staff = StaffMemberFactory(person=subjects[Role.EVENTS_STAFF].person)
    engagement = EngagementFactory(staff_member=staff, events=[event])
    task = TaskFactory(event=event)
    board = {"slug": event.slug}
    return {
        **{f"events:{name}": board for name in ("board", "task_create")},
        **{
            f"events:{name}": {**board, "pk": task.pk}
            for name in ("task", "task_move", "task_comment")
        },
        **{
            f"events:{name}": {"pk": engagement.pk}
            for name in ("engagement", "engagement_note", "engagement_move")
        },
        "api:event-task-detail": {"pk": task.pk},
        "api:engagement-detail": {"pk": engagement.pk},
    }


@pytest.fixture(scope="module")
def conference_samples(subjects):
    """An edition in planning with a milestone, an invoiced sponsorship, and an
    open scholarship call to which the community user applied."""
    category("sponsorship")
    edition = EditionFactory(status=EditionStatus.PLANNING)
    milestone = MilestoneFactory(edition=edition)
    application = ApplicationFactory(
        call=ScholarshipCallFactory(edition=edition), applicant=subjects[Role.COMMUNITY]
    )
    sponsorship = SponsorshipFactory(edition=edition, status=SponsorshipStatus.INVOICED)
    year = {"year": edition.year}
    return {
        **{
            f"conferences:{name}": year
            for name in (
                "edition",
                "edition_advance",
                "partnership_create",
                "milestone_create",
                "tier_create",
                "sponsorship_create",
                "scholarships",
                "call_create",
                "lesson_create",
                "edition_summary",
                "registrations",
                "registration_record",
                "registration_import",
                "ticket_type_create",
                "apply",
            )
        },
        **{
            f"conferences:{name}": {"pk": application.pk}
            for name in ("application", "application_award", "application_decline")
        },
        "api:scholarship-application-detail": {"pk": application.pk},
        "conferences:milestone_done": {**year, "pk": milestone.pk},
        "conferences:checklist_done": {**year, "pk": milestone.pk},
        **{
            f"conferences:{name}": {"pk": sponsorship.pk}
            for name in ("sponsorship", "sponsorship_move", "sponsorship_paid")
        },
        "api:conference-edition-detail": year,
        "api:sponsorship-detail": {"pk": sponsorship.pk},
        "api:sponsorship-paid": {"pk": sponsorship.pk},
    }


@pytest.fixture(scope="module")
def route_samples(
    subjects, budget_samples, workshop_samples, report_samples, staff_samples, conference_samples
):
    """Arguments for the API routes whose objects differ from the shared samples."""
    fund = LedgerEntry.objects.get(pk=budget_samples["entry_pk"]).fund
    line = budget_line_create(
        fund=fund,
        fiscal_year=FiscalYear.objects.create(
            name="FY2030", starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31)
        ),
        category=category("venue"),
        planned_amount=Decimal("5000.00"),
        created_by=subjects[Role.CWG_MEMBER],
    )
    chair = subjects[Role.CWG_CHAIR]
    chair.person.is_public = True
    chair.person.save()
    person_photo_set(person=chair.person, upload=upload("chair.png", PHOTO_PNG))
    body = Body.objects.get(slug="community-working-group")
    seat = membership_start(person=chair.person, body=body, role=SeatRole.CHAIR)
    now = timezone.now()
    election = election_open(
        body=body,
        title="Sample election",
        nominations_close_at=now + timedelta(days=1),
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
        opened_by=chair,
    )
    FiscalSponsor.objects.create(name="NumFOCUS", slug="numfocus", starts_on=date(2015, 1, 1))
    declaration_create(
        person=chair.person,
        kind=DeclarationKind.EMPLOYER,
        description="Works for Example Analytics",
        organisation="Example Analytics",
    )
    decision_record(
        body=body,
        motion="Adopt the workshop rubric",
        outcome=Decision.Outcome.CONSENSUS,
        decided_on=date(2026, 1, 10),
        recorded_by=chair,
    )
    entry, claim = budget_samples["entry_pk"], budget_samples["claim_pk"]
    return {
        **governance_samples(chair, body, election),
        **motion_samples(chair, body),
        **staff_samples,
        **conference_samples,
        "api:fund-detail": {"slug": fund.slug},
        "api:report-detail": {"period": report_samples["period"]},
        "api:task-detail": {"pk": report_samples["build_pk"]},
        "api:category-detail": {"slug": "donation"},
        # Marking read is a POST: a GET is refused before any notification is looked up.
        "notification_read": {"pk": entry},
        "calendar_feed_ics": {"token": "no-such-token"},
        "api:ledger-entry-detail": {"pk": entry},
        "api:ledger-entry-reverse": {"pk": entry},
        "api:budget-line-detail": {"pk": line.pk},
        "api:allocation-detail": {"pk": budget_samples["allocation_pk"]},
        "api:expense-claim-detail": {"pk": claim},
        "api:expense-claim-approve": {"pk": claim},
        "api:expense-claim-reject": {"pk": claim},
        "api:expense-claim-pay": {"pk": claim},
        "api:person-detail": {"pk": chair.person.pk},
        "membership:person_photo": {"person_pk": chair.person.pk},
        "api:body-detail": {"slug": body.slug},
        "api:membership-detail": {"pk": seat.pk},
        "api:election-detail": {"pk": election.pk},
        "api:workshop-call-detail": {"slug": workshop_samples["call_slug"]},
        "api:workshop-detail": {"slug": workshop_samples["event_slug"]},
        "api:dei-checklist-detail": {"pk": workshop_samples["checklist_pk"]},
        "api:dei-survey-detail": {"pk": workshop_samples["survey_pk"]},
        "api:dei-survey-results": {"pk": workshop_samples["survey_pk"]},
        "api:dei-initiative-detail": {"pk": workshop_samples["initiative_pk"]},
        **{
            f"api:workshop-proposal-{action}": {"pk": workshop_samples["proposal_pk"]}
            for action in ("detail", "submit", "withdraw", "decide")
        },
    }


def governance_samples(chair, body, election):
    """The governance pages' objects: the sample election (the chair alone on its
    roll; the community user is not in it), a second election in which the chair
    nominated the community user, and an elected candidate awaiting the council."""
    now = timezone.now()
    community = get_user_model().objects.get(username=Role.COMMUNITY.value)
    standing = election_open(
        body=body,
        title="Sample election with a nominee",
        nominations_close_at=now + timedelta(days=1),
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
        opened_by=chair,
    )
    nomination = nomination_create(election=standing, nominee=community.person, nominated_by=chair)
    counted = ElectionFactory(body=body, status=ElectionStatus.CLOSED, result_computed_at=now)
    elected = NominationFactory(
        election=counted, accepted=True, elected=True, yes_votes=3, no_votes=0, abstentions=0
    )
    return {
        "membership:directory_body": {"body_slug": body.slug},
        "membership:body_manage": {"body_slug": body.slug},
        "membership:election": {"election_pk": election.pk},
        "membership:election_vote": {"election_pk": election.pk},
        "membership:nomination_respond": {"nomination_pk": nomination.pk},
        "membership:approval": {"nomination_pk": elected.pk},
    }


def motion_samples(chair, body):
    """Two formal votes of the working group with another member seated on it:
    one the chair sponsors, seconded and under vote (the chair on its roll), and
    one the other member sponsors, awaiting a second the chair may give."""
    other = MembershipFactory(body=body).person.user
    voting = motion_call(
        body=body, sponsor=chair, title="Sample motion", text="Adopt.", kind=MotionKind.BINARY
    )
    motion_second(motion=voting, seconded_by=other)
    awaiting = motion_call(
        body=body, sponsor=other, title="Motion to second", text="Adopt.", kind=MotionKind.BINARY
    )
    return {
        "membership:motion": {"motion_pk": voting.pk},
        "membership:motion_edit": {"motion_pk": voting.pk},
        "membership:motion_withdraw": {"motion_pk": voting.pk},
        "membership:motion_vote": {"motion_pk": voting.pk},
        "membership:motion_second": {"motion_pk": awaiting.pk},
        "membership:body_participation": {"body_slug": body.slug},
        "api:motion-detail": {"pk": voting.pk},
    }


def admin_object(route):
    """For an admin URL about one model, an existing object of that model."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.key.startswith(prefix):
            first = model._default_manager.order_by("pk").first()
            return {"object_id": first.pk} if first else {}
    return {}


@pytest.fixture(scope="module")
def route_arguments(sample_arguments, route_samples):
    """The arguments that turn a route into a path to an existing object."""

    def arguments(route):
        return {**sample_arguments, **admin_object(route), **route_samples.get(route.key, {})}

    return arguments
