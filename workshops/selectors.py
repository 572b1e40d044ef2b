"""Reads of the workshops program."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from budget.enums import ClaimStatus
from budget.selectors import ZERO, categories, entries_of_allocation, money_total
from cwg_portal.policies import restrict
from cwg_portal.roles import Role
from membership.selectors import is_conflicted, people
from workshops.enums import IN_REVIEW, VERDICT_STATUS, InvitationStatus, ProposalStatus
from workshops.models import (
    Call,
    OrganiserInvitation,
    PostEventSummary,
    Proposal,
    RequestLine,
    Review,
)

CENT = Decimal("0.01")
NOTHING = Decimal("0.00")


def committee_members():
    """The people who review and decide: the working group's members and chair."""
    return (
        people()
        .filter(user__is_active=True, user__groups__name__in=[Role.CWG_MEMBER, Role.CWG_CHAIR])
        .distinct()
    )


def accounts_at(address):
    """The active portal accounts using this e-mail address: who an invitation to
    it is told of in the portal."""
    return get_user_model().objects.filter(email__iexact=address, is_active=True)


def invitations_standing(proposal):
    """The co-organisers invited and not withdrawn or declined: who the organisers
    currently name."""
    return proposal.invitations.filter(
        status__in=(InvitationStatus.PENDING, InvitationStatus.ACCEPTED)
    )


def invitations_of(proposal):
    """Every invitation to co-organise the proposal, for its organisers and the chair."""
    return proposal.invitations.select_related("person", "invited_by__person")


def invitations_awaiting(user):
    """The invitations `user` may still answer."""
    return restrict(
        OrganiserInvitation.objects.select_related("proposal__lead", "proposal__call"),
        user,
        "workshops.answer_invitation",
    ).order_by("invited_at", "pk")


def with_requested(proposals):
    """Annotate each proposal with `requested`, the total of its budget lines (a
    subquery, so that other joins cannot count a line twice)."""
    total = (
        RequestLine.objects.filter(proposal=OuterRef("pk"))
        .values("proposal")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return proposals.annotate(requested=Coalesce(Subquery(total), ZERO))


# --- Calls -----------------------------------------------------------------


def calls_open(*, now=None):
    now = now or timezone.now()
    return Call.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related("fund")


def calls_visible_to(user):
    """Calls are public once they open; the committee also sees those still to open."""
    calls = Call.objects.select_related("fund").prefetch_related("caps")
    if user.has_perm("workshops.list_all_proposals"):
        return calls
    return calls.filter(opens_at__lte=timezone.now())


# --- Proposals ---------------------------------------------------------------


def proposals_of(user):
    """The proposals a person organises."""
    return restrict(Proposal.objects.all(), user, "workshops.organise_proposal")


def proposals_visible_to(user):
    """The proposals `user` may read (see `workshops.see_proposal`)."""
    visible = restrict(Proposal.objects.all(), user, "workshops.see_proposal")
    return with_requested(visible.select_related("call__fund", "lead", "stage")).order_by(
        "-created_at"
    )


def proposal_detail(pk):
    return (
        Proposal.objects.select_related("call__fund", "lead", "stage", "event", "allocation")
        .prefetch_related("organisers", "disc_items", "lines__category")
        .get(pk=pk)
    )


def reviews_shown_to(proposal, user):
    """The submitted reviews a user may read, with their scores; none to the conflicted."""
    if not user.has_perm("workshops.see_reviews", proposal):
        return Review.objects.none()
    return (
        proposal.reviews.filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
    )


def review_of(proposal, user):
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return proposal.reviews.filter(reviewer=person).first()


def reviews_awaiting(user):
    """Reviews assigned to a member and not yet submitted."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Review.objects.none()
    return Review.objects.filter(
        reviewer=person, submitted_at__isnull=True, proposal__status__in=IN_REVIEW
    ).select_related("proposal__call")


def reviewers_assignable(proposal):
    """Members who could be given a proposal to review: not yet on it, not conflicted."""
    taken = proposal.reviews.values("reviewer")
    return [
        person
        for person in committee_members().exclude(pk__in=taken)
        if not is_conflicted(person, proposal)
    ]


def weighted_mean(review, weights):
    """A review's score on the rubric: the mean of its scores weighted by criterion."""
    total = sum(weights.values())
    return Decimal(sum(weights[s.criterion_id] * s.score for s in review.scores.all())) / total


@dataclass(frozen=True)
class RankingRow:
    proposal: Proposal
    mean: Decimal | None
    spread: Decimal | None
    reviews: int
    assigned: int
    requested: Decimal
    running_total: Decimal
    within_envelope: bool


def ranking(call):
    """The call's proposals in review, best weighted mean first, with the running
    total of what they ask for against the envelope (what is already awarded counts
    first). Proposals without a review yet come last."""
    weights = {criterion.pk: criterion.weight for criterion in call.criteria.all()}
    proposals = (
        with_requested(call.proposals.filter(status__in=IN_REVIEW).select_related("lead", "stage"))
        .prefetch_related(
            # The page asks of each row whether its reader is conflicted, and
            # whether they have reviewed it.
            "organisers",
            "reviews",
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(submitted_at__isnull=False).prefetch_related(
                    "scores"
                ),
                to_attr="submitted_reviews",
            ),
        )
        .annotate(assigned=Count("reviews", distinct=True))
    )
    scored = []
    for proposal in proposals:
        means = [weighted_mean(review, weights) for review in proposal.submitted_reviews]
        mean = (sum(means) / len(means)).quantize(CENT) if means else None
        spread = (max(means) - min(means)).quantize(CENT) if means else None
        scored.append((proposal, mean, spread, len(means)))
    scored.sort(key=lambda row: (row[1] is None, -(row[1] or 0), row[0].submitted_at))
    running = awarded_in(call)
    rows = []
    for proposal, mean, spread, count in scored:
        running += proposal.requested
        rows.append(
            RankingRow(
                proposal=proposal,
                mean=mean,
                spread=spread,
                reviews=count,
                assigned=proposal.assigned,
                requested=proposal.requested,
                running_total=running,
                within_envelope=running <= call.envelope,
            )
        )
    return rows


def awarded_in(call):
    return call.proposals.filter(status=ProposalStatus.ACCEPTED).aggregate(
        total=Coalesce(Sum("awarded_amount"), ZERO)
    )["total"]


# --- Workshops -------------------------------------------------------------


def workshops():
    """Accepted proposals, each with its event: the workshops the program funds."""
    return (
        Proposal.objects.filter(status=ProposalStatus.ACCEPTED)
        .select_related("event", "call", "lead")
        .prefetch_related("organisers")
        .order_by("-event__start_date")
    )


def workshop_for_event(event_slug):
    return workshops().select_related("allocation", "call__fund").get(event__slug=event_slug)


def disc_commitments_of_event(event):
    """The ids of the DISC items the organisers of this event's workshop committed
    to in their proposal: the event's DEI checklist starts with them planned."""
    return set(
        Proposal.disc_items.through.objects.filter(proposal__event=event).values_list(
            "discitem_id", flat=True
        )
    )


def event_awaiting_dei_signoff(allocation_id):
    """The id of the workshop event drawing on this allocation when its call has
    the DEI committee sign off the checklist before claims are paid; else None."""
    if allocation_id is None:
        return None
    return (
        Proposal.objects.filter(allocation_id=allocation_id, call__requires_dei_signoff=True)
        .values_list("event_id", flat=True)
        .first()
    )


def past_workshops():
    """Workshops whose organisers published their summary: the public record."""
    return (
        workshops().filter(post_event_summary__is_public=True).select_related("post_event_summary")
    )


@dataclass(frozen=True)
class SpendLine:
    category: object
    requested: Decimal
    awarded: Decimal
    paid: Decimal

    @property
    def variance(self):
        return self.awarded - self.paid


def workshop_spend(proposal):
    """The award by budget category against what was paid from the allocation, and
    the claims still waiting. Paid is read from the ledger, so a reversed payment
    counts as unspent."""
    lines = {}
    for line in proposal.lines.select_related("category"):
        requested, awarded = lines.get(line.category, (NOTHING, NOTHING))
        lines[line.category] = (requested + line.amount, awarded + (line.awarded or NOTHING))
    allocation = proposal.allocation
    entries = entries_of_allocation(allocation)
    paid_by_category = {
        row["category"]: -row["total"]
        for row in entries.values("category").annotate(total=Sum("amount_fund"))
    }
    rows = [
        SpendLine(
            category=category,
            requested=requested,
            awarded=awarded,
            paid=paid_by_category.pop(category.pk, NOTHING).quantize(CENT),
        )
        for category, (requested, awarded) in lines.items()
    ]
    if paid_by_category:
        # Money spent on a category the budget did not ask for still counts.
        for category in categories(pks=paid_by_category):
            rows.append(
                SpendLine(
                    category=category,
                    requested=NOTHING,
                    awarded=NOTHING,
                    paid=paid_by_category[category.pk].quantize(CENT),
                )
            )
    paid = -money_total(entries)
    claims = allocation.claims.select_related("claimant__person", "category").order_by(
        "-submitted_at"
    )
    pending = claims.filter(status__in=(ClaimStatus.SUBMITTED, ClaimStatus.APPROVED))
    return {
        "lines": rows,
        "awarded": allocation.amount,
        "paid": paid,
        "pending": money_total(pending, "amount"),
        "remaining": allocation.amount - paid,
        "claims": claims,
        "allocation": allocation,
    }


def summaries_due_for(user):
    """Workshops a person organises that are over and still need a summary."""
    return workshops().filter(
        pk__in=proposals_of(user).values("pk"),
        event__end_date__lt=timezone.localdate(),
        post_event_summary__isnull=True,
    )


def summary_of(proposal):
    return PostEventSummary.objects.filter(proposal=proposal).first()


def report_figures(start, end):
    """The program in a reporting period: the calls open in it, proposals
    received and decided, money awarded by the fund's currency, and the
    workshops held with their attendance once their summary is filed."""
    decided = Proposal.objects.filter(decided_at__date__range=(start, end))
    awarded = (
        decided.filter(status=ProposalStatus.ACCEPTED)
        .values("call__fund__currency")
        .annotate(total=Sum("awarded_amount"), count=Count("pk"))
        .order_by("call__fund__currency")
    )
    held = (
        workshops()
        .filter(event__end_date__range=(start, end))
        .select_related("post_event_summary")
        .order_by("event__start_date")
    )
    calls = (
        Call.objects.filter(opens_at__date__lte=end, closes_at__date__gte=start)
        .annotate(received=Count("proposals", filter=Q(proposals__submitted_at__isnull=False)))
        .order_by("opens_at")
    )
    return {
        "calls": [
            {
                "title": call.title,
                "opens_on": call.opens_at.date().isoformat(),
                "closes_on": call.closes_at.date().isoformat(),
                "proposals": call.received,
            }
            for call in calls
        ],
        "submitted": Proposal.objects.filter(submitted_at__date__range=(start, end)).count(),
        "decided": {
            status.label: decided.filter(status=status).count()
            for status in VERDICT_STATUS.values()
        },
        "awarded": [
            {
                "currency": row["call__fund__currency"],
                "total": str(row["total"]),
                "count": row["count"],
            }
            for row in awarded
        ],
        "held": [
            {
                "title": proposal.title,
                "starts_on": proposal.event.start_date.isoformat(),
                "ends_on": proposal.event.end_date.isoformat(),
                "summary_filed": hasattr(proposal, "post_event_summary"),
                "attendance": getattr(
                    getattr(proposal, "post_event_summary", None), "attendance_total", None
                ),
            }
            for proposal in held
        ],
        # The post-event DEI impact the organisers chose to publish: who the
        # workshop reached and what its plan achieved, in their words.
        "dei_impact": [
            {
                "title": proposal.title,
                "reached": proposal.post_event_summary.dei_reached,
                "achieved": proposal.post_event_summary.dei_achieved,
            }
            for proposal in held
            if hasattr(proposal, "post_event_summary") and proposal.post_event_summary.is_public
        ],
        "sources": [
            {"label": "Workshops program", "url": reverse("workshops:index")},
            {"label": "Proposals", "url": reverse("workshops:proposals")},
        ],
    }
