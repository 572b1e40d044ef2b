"""Elections: the list, a chair opening one, one election with its candidates,
nominating, the nominee's answer, the secret ballot and, once counted, the
result with the council's word on each elected candidate."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate
from membership import selectors
from membership.enums import ElectionStatus, NominationStatus
from membership.forms import (
    BallotForm,
    ElectionForm,
    NominationForm,
    NominationResponseForm,
)
from membership.models import Nomination
from membership.services import elections as election_services
from membership.views._common import affiliations_for, posted

# A formal vote runs seven days (the project's decision-making guide); the
# nominations before it, a week too unless the chair says otherwise.
DEFAULT_WEEK = timedelta(days=7)


def _with_phase(election, now=None):
    election.phase = selectors.election_phase(election, now=now)
    election.phase_label = selectors.ELECTION_PHASES[election.phase]
    return election


@permission_required("membership.list_elections", raise_exception=True)
def election_list(request):
    page = paginate(request, selectors.elections_visible_to(request.user))
    now = timezone.now()
    rows = [_with_phase(election, now) for election in page]
    return render(request, "membership/election_list.html", {"page": page, "rows": rows})


def _initial_times():
    start = timezone.localtime().replace(second=0, microsecond=0) + DEFAULT_WEEK
    return {
        "nominations_close_at": start,
        "opens_at": start,
        "closes_at": start + DEFAULT_WEEK,
    }


@permission_required("membership.chair_a_body", raise_exception=True)
def election_create(request):
    form = ElectionForm(
        posted(request),
        bodies=selectors.bodies_chaired_by(request.user),
        initial=_initial_times(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = election_services.election_open(
                opened_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _opened_message(election.eligible_count))
            return redirect(election)
    return render(request, "membership/election_form.html", {"form": form})


def _opened_message(voters):
    roll = "1 voter is" if voters == 1 else f"{voters} voters are"
    return f"The election is open for nominations; {roll} on its roll."


def _visible_election(request, election_pk):
    elections = selectors.elections_visible_to(request.user)
    return _with_phase(get_object_or_404(elections, pk=election_pk))


def _election_page(request, election, nomination_form=None):
    user = request.user
    nominations = list(selectors.election_nominations(election))
    nominees = selectors.people_nominable(election, by=user)
    if nomination_form is None and election.phase == "nominations" and nominees.exists():
        nomination_form = NominationForm(nominees=nominees)
    context = {
        "election": election,
        "candidates": [n for n in nominations if n.status == NominationStatus.ACCEPTED],
        "my_pending": [
            n
            for n in nominations
            if n.nominee.user_id == user.pk and n.status == NominationStatus.PENDING
        ],
        "nomination_form": nomination_form,
        "roll": selectors.voter_roll_entry(election, user),
        "counted": election.status == ElectionStatus.CLOSED,
        "affiliations": affiliations_for(user, election.body),
    }
    return render(request, "membership/election_detail.html", context)


def election_detail(request, election_pk):
    """The election; a POST nominates someone while nominations are open."""
    election = _visible_election(request, election_pk)
    if request.method != "POST":
        return _election_page(request, election)
    nominees = selectors.people_nominable(election, by=request.user)
    form = NominationForm(request.POST, nominees=nominees)
    if form.is_valid():
        try:
            nomination = election_services.nomination_create(
                election=election, nominated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _nominated_message(nomination))
            return redirect(election)
    return _election_page(request, election, form)


def _nominated_message(nomination):
    if nomination.status == NominationStatus.ACCEPTED:
        return "You nominated yourself: you are a candidate in this election."
    return f"You nominated {nomination.nominee}; they are asked to accept or decline."


def election_vote(request, election_pk):
    """The secret ballot: one question per candidate. A second ballot is refused
    by the service and stores nothing."""
    election = _visible_election(request, election_pk)
    require_perm(request.user, "membership.vote", election)
    candidates = list(election_services.candidates(election))
    form = BallotForm(
        posted(request),
        candidates=candidates,
        allow_abstain=election.allow_abstain,
        conflicted=selectors.candidates_conflicting(request.user, candidates),
    )
    if request.method == "POST" and form.is_valid():
        try:
            election_services.ballot_cast(
                election=election, voter=request.user, choices=form.choices()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your ballot was cast. Thank you for voting.")
            return redirect(election)
    context = {
        "election": election,
        "form": form,
        "roll": selectors.voter_roll_entry(election, request.user),
    }
    return render(request, "membership/election_vote.html", context)


def nomination_respond(request, nomination_pk):
    nominations = Nomination.objects.filter(
        election__in=selectors.elections_visible_to(request.user)
    ).select_related("election__body", "nominee", "nominated_by__person")
    nomination = get_object_or_404(nominations, pk=nomination_pk)
    require_perm(request.user, "membership.respond_nomination", nomination)
    form = NominationResponseForm(posted(request), initial={"statement": nomination.statement})
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            election_services.nomination_respond(
                nomination=nomination,
                user=request.user,
                accept=accept,
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "You accepted the nomination: you are a candidate in this election."
                if accept
                else "You declined the nomination.",
            )
            return redirect(nomination.election)
    election = _with_phase(nomination.election)
    context = {"nomination": nomination, "election": election, "form": form}
    return render(request, "membership/nomination_respond.html", context)
