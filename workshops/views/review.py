"""Review and decision: the assigned reviewer's scores, a member declaring a
conflict, the chair assigning and taking back reviewers, moving a proposal to the
next stage, and deciding it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from budget.selectors import spending_authority
from cwg_portal.access import require_perm
from cwg_portal.confirm import Confirmation, confirm_then
from cwg_portal.forms import add_service_error
from workshops import selectors
from workshops.enums import FINAL, ProposalStatus
from workshops.forms import AssignForm, ConflictForm, DecisionForm, ReviewForm
from workshops.models import Review
from workshops.policies import is_conflicted_on_proposal
from workshops.services import decisions, reviews
from workshops.views._common import pressed, visible_proposal
from workshops.views.proposals import proposal_page


def _refusal_on_form(form, refusal):
    """A conflict of interest is refused with its reason, shown on the form; any
    other refusal is a 403."""
    if not str(refusal):
        raise refusal
    form.add_error(None, str(refusal))


def review(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.review_proposal", proposal)
    form = ReviewForm(request.POST or None, criteria=proposal.call.criteria.all())
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_submit(
                proposal=proposal,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as refusal:
            _refusal_on_form(form, refusal)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "Your review was submitted; the others' are shown to you now."
            )
            return redirect(proposal)
    context = {
        "proposal": proposal,
        "form": form,
        "my_review": selectors.review_of(proposal, request.user),
    }
    return render(request, "workshops/review_form.html", context)


def conflict_declare(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.declare_conflict", proposal)
    return _declared(request, proposal)


@require_POST
def _declared(request, proposal):
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            reviews.conflict_declare(
                proposal=proposal, by=request.user, description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Your interest is declared: you will not review this proposal or see its reviews.",
            )
            return redirect(proposal)
    return proposal_page(request, proposal, conflict_form=form)


def reviewer_assign(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.assign_reviewers")
    return _assigned(request, proposal)


@require_POST
def _assigned(request, proposal):
    form = AssignForm(request.POST, proposal=proposal)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        try:
            reviews.reviewer_assign(proposal=proposal, reviewer=reviewer, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{reviewer} now reviews this proposal.")
            return redirect(proposal)
    return proposal_page(request, proposal, assign_form=form)


def reviewer_unassign(request, review_pk):
    assigned = get_object_or_404(
        Review.objects.select_related("proposal", "reviewer"), pk=review_pk
    )
    require_perm(request.user, "workshops.assign_reviewers")
    confirmation = Confirmation(
        question=f"Unassign {assigned.reviewer} from “{assigned.proposal.title}”?",
        effects=(
            f"{assigned.reviewer} no longer reviews this proposal and is no longer asked to.",
            "What they drafted of their review is deleted.",
        ),
        final="their draft review is gone; assigned again, they start from an empty form.",
        button="Unassign the reviewer",
        back=assigned.proposal.get_absolute_url(),
    )
    return confirm_then(
        request,
        confirmation,
        lambda: pressed(
            request,
            run=lambda: reviews.reviewer_unassign(review=assigned, by=request.user),
            done=lambda _: f"{assigned.reviewer} no longer reviews this proposal.",
            back=assigned.proposal,
        ),
    )


def proposal_advance(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.advance_stage", proposal)
    return pressed(
        request,
        run=lambda: decisions.proposal_advance(proposal=proposal, by=request.user),
        done=lambda advanced: f"The proposal moved on to “{advanced.stage}”.",
        back=proposal,
    )


def _decided_message(proposal):
    told = "The organisers are told by e-mail."
    if proposal.status == ProposalStatus.ACCEPTED:
        return (
            f"Accepted: “{proposal.event}” is a workshop now, with an allocation of "
            f"{proposal.awarded_amount:,.2f} {proposal.currency}. {told}"
        )
    return f"The proposal is {proposal.get_status_display().lower()}. {told}"


# The chair decides; whether this proposal can be decided now (its status, its
# stages, a conflict of interest) is the service's to say, on the form.
@permission_required("workshops.see_ranking", raise_exception=True)
def decide(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    total = proposal.requested_total()
    form = DecisionForm(request.POST or None, initial={"awarded_amount": total})
    if request.method == "POST" and form.is_valid():
        try:
            decided = decisions.proposal_decide(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
        except PermissionDenied as refusal:
            _refusal_on_form(form, refusal)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _decided_message(decided))
            return redirect(decided)
    call = proposal.call
    context = {
        "proposal": proposal,
        "form": form,
        "total": total,
        "decided": proposal.status in FINAL,
        "conflicted": is_conflicted_on_proposal(request.user, proposal),
        "envelope_left": call.envelope - selectors.awarded_in(call),
        "available": spending_authority(call.fund)["available"],
        "stages": call.stages.all(),
    }
    return render(request, "workshops/decide.html", context)
