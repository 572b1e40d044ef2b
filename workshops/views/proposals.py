"""Proposals: writing one (a draft, or saved and submitted at once), changing it,
submitting and withdrawing it; the list each reader may see; one proposal with
what its organisers, the committee and the chair each do on it; its versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from rules.contrib.views import permission_required

from budget.selectors import categories
from cwg_portal.access import require_perm
from cwg_portal.confirm import Confirmation, confirm_then
from cwg_portal.listing import listing
from cwg_portal.pagination import paginate
from dei.enums import DiscTier
from dei.selectors import disc_items_in_use, training_of
from workshops import selectors
from workshops.enums import IN_REVIEW, FocusArea, ProposalStatus, WorkshopFormat
from workshops.filters import ProposalFilter
from workshops.forms import (
    AssignForm,
    ConflictForm,
    ProposalForm,
    add_proposal_error,
)
from workshops.models import Proposal
from workshops.policies import is_conflicted_on_proposal
from workshops.services import invitations as invitation_services
from workshops.services import proposals as proposal_services
from workshops.views._common import pressed, visible_proposal

VERSIONS_PER_PAGE = 10


def _save(save, *, submit, by):
    """Save the proposal and, when asked, submit it: both or neither, so that a
    proposal the call's rules refuse is not left behind as a stray draft."""
    with transaction.atomic():
        proposal = save()
        if submit:
            proposal = proposal_services.proposal_submit(proposal=proposal, by=by)
    return proposal


def _saved_message(proposal):
    closes = date_format(localtime(proposal.call.closes_at), "DATETIME_FORMAT")
    if proposal.status == ProposalStatus.SUBMITTED:
        return (
            f"Your proposal was submitted to “{proposal.call}”. "
            f"You can change it until the call closes on {closes}."
        )
    return f"Your draft was saved. Submit it before the call closes on {closes}."


def _proposal_form(request, *, call, save, proposal=None):
    """The proposal form, new or being changed; `save(**arguments)` runs the service."""
    form = ProposalForm(request.POST or None, call=call, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(
                lambda: save(**form.service_arguments()),
                submit="submit" in request.POST,
                by=request.user,
            )
        except ValidationError as error:
            add_proposal_error(form, error)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(saved)
    context = {"form": form, "call": call, "proposal": proposal, "is_open": call.is_open()}
    return render(request, "workshops/proposal_form.html", context)


@permission_required("workshops.propose", raise_exception=True)
def proposal_create(request, call_slug):
    """A closed call still shows this page, to say so; a POST is refused by the service."""
    call = get_object_or_404(selectors.calls_visible_to(request.user), slug=call_slug)
    return _proposal_form(
        request,
        call=call,
        save=lambda **arguments: proposal_services.proposal_create(
            call=call, by=request.user, **arguments
        ),
    )


def proposal_edit(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.edit_proposal", proposal)
    return _proposal_form(
        request,
        call=proposal.call,
        proposal=proposal,
        save=lambda **arguments: proposal_services.proposal_update(
            proposal=proposal, by=request.user, **arguments
        ),
    )


def proposal_submit(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.edit_proposal", proposal)
    return pressed(
        request,
        run=lambda: proposal_services.proposal_submit(proposal=proposal, by=request.user),
        done=_saved_message,
        back=proposal,
    )


def proposal_withdraw(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.withdraw_proposal", proposal)
    confirmation = Confirmation(
        question=f"Withdraw the proposal “{proposal.title}”?",
        effects=(
            "The committee stops reviewing it and will not decide on it.",
            "Its reviews and versions are kept, and its page stays readable.",
        ),
        final="a withdrawn proposal cannot be submitted again; to propose it again, "
        "start a new proposal while a call is open.",
        button="Withdraw the proposal",
        back=proposal.get_absolute_url(),
    )
    return confirm_then(
        request,
        confirmation,
        lambda: pressed(
            request,
            run=lambda: proposal_services.proposal_withdraw(proposal=proposal, by=request.user),
            done=lambda _: "Your proposal was withdrawn; the committee will not review it.",
            back=proposal,
        ),
    )


def proposal_list(request):
    """Organisers see their own proposals; the committee sees every submitted one."""
    proposals = listing(
        request,
        selectors.proposals_visible_to(request.user),
        ProposalFilter,
        calls=selectors.calls_visible_to(request.user),
    )
    context = {
        "listing": proposals,
        "page": proposals.page,
        "sees_all": request.user.has_perm("workshops.list_all_proposals"),
    }
    return render(request, "workshops/proposal_list.html", context)


def _reviews_note(request, proposal):
    """Why a member sees no reviews of this proposal, if they see none."""
    user = request.user
    if not user.has_perm("workshops.list_all_proposals") or proposal.status == ProposalStatus.DRAFT:
        return ""
    if is_conflicted_on_proposal(user, proposal):
        return (
            "You have a conflict of interest with this proposal, so you see none of its "
            "reviews or scores and cannot review it."
        )
    if not user.has_perm("workshops.see_reviews", proposal):
        return "You see the other reviews once you have submitted your own."
    return ""


def proposal_page(request, proposal, **forms):
    user = request.user
    weights = {criterion.pk: criterion.weight for criterion in proposal.call.criteria.all()}
    reviews = [
        (review, selectors.weighted_mean(review, weights))
        for review in selectors.reviews_shown_to(proposal, user)
    ]
    context = {
        "proposal": proposal,
        "focus_areas": [FocusArea(area).label for area in proposal.focus_areas],
        "disc_items": {
            tier.label: [item for item in proposal.disc_items.all() if item.tier == tier]
            for tier in DiscTier
        },
        "lines": proposal.lines.all(),
        "total": proposal.requested_total(),
        "criteria": proposal.call.criteria.all(),
        "reviews": reviews,
        "reviews_note": _reviews_note(request, proposal),
        "my_review": selectors.review_of(proposal, user),
        "conflicted": is_conflicted_on_proposal(user, proposal),
        "stages": proposal.call.stages.all(),
        "versions": proposal.versions.count(),
    }
    if user.has_perm("workshops.see_invitations", proposal):
        context["invitations"] = selectors.invitations_of(proposal)
    if user.has_perm("workshops.declare_conflict", proposal):
        context["conflict_form"] = forms.get("conflict_form") or ConflictForm()
    if user.has_perm("workshops.assign_reviewers"):
        context["assignments"] = proposal.reviews.select_related("reviewer")
        # Whether the lead organiser has been trained as an event leader.
        context["lead_training"] = list(training_of(proposal.lead))
        if proposal.status in IN_REVIEW:
            context["assign_form"] = forms.get("assign_form") or AssignForm(proposal=proposal)
    return render(request, "workshops/proposal_detail.html", context)


def proposal_detail(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.see_proposal", proposal)
    return proposal_page(request, proposal)


def proposal_versions(request, proposal_pk):
    proposal = visible_proposal(request, proposal_pk)
    require_perm(request.user, "workshops.see_proposal", proposal)
    page = paginate(
        request, proposal.versions.select_related("saved_by__person"), VERSIONS_PER_PAGE
    )
    names = _Names()
    versions = [(version, names.facts(version.content)) for version in page]
    context = {"proposal": proposal, "page": page, "versions": versions}
    return render(request, "workshops/proposal_versions.html", context)


class _Names:
    """What a version's plain data stands for: labels of fields, names of categories
    and DISC items (read once for the page)."""

    def __init__(self):
        self.categories = dict(categories().values_list("slug", "name"))
        self.disc_items = dict(disc_items_in_use().values_list("slug", "text"))

    def facts(self, content):
        """[(label, text)] of what the version said, its budget lines apart."""
        shown = {
            **content,
            "format": WorkshopFormat(content["format"]).label,
            "coc_contacts_confirmed": "Yes" if content["coc_contacts_confirmed"] else "No",
            "focus_areas": ", ".join(FocusArea(area).label for area in content["focus_areas"]),
            "organisers": ", ".join(content["organisers"]),
            "disc_items": "; ".join(
                self.disc_items.get(slug, slug) for slug in content["disc_items"]
            ),
        }
        names = [*proposal_services.PROPOSAL_FIELDS, "focus_areas", "lead", "organisers"]
        facts = [(_label(name), shown[name]) for name in [*names, "disc_items"]]
        lines = [
            (self.categories.get(line["category"], line["category"]), line)
            for line in content["lines"]
        ]
        return {"facts": facts, "lines": lines}


def _label(name):
    return capfirst(Proposal._meta.get_field(name).verbose_name)


def invitations(request):
    """The invitations to co-organise that the signed-in person may still answer."""
    return render(
        request,
        "workshops/invitation_list.html",
        {"invitations": selectors.invitations_awaiting(request.user)},
    )


def invitation(request, invitation_pk):
    """One invitation: what the proposal is, and accept or decline. Only the
    invitee finds it, and only while it waits for an answer."""
    invitation = get_object_or_404(selectors.invitations_awaiting(request.user), pk=invitation_pk)
    if request.method != "POST":
        return render(request, "workshops/invitation.html", {"invitation": invitation})
    accept = request.POST.get("answer") == "accept"
    invitation_services.invitation_answer(invitation=invitation, by=request.user, accept=accept)
    if accept:
        messages.success(request, "You are now a co-organiser of this proposal.")
        return redirect(invitation.proposal)
    messages.success(request, "You declined; the organisers are told.")
    return redirect("workshops:invitations")
