"""Calls for proposals: the public page of a call, the chair opening one, and the
chair's ranking of a call's proposals with its buttons (balance the reviewers,
waive a stage)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from rules.contrib.views import permission_required

from cwg_portal.confirm import Confirmation, confirm_then
from cwg_portal.forms import add_service_error
from workshops import selectors
from workshops.forms import CallForm
from workshops.models import Call, ReviewStage
from workshops.services import calls as call_services
from workshops.services import reviews
from workshops.views._common import pressed


@login_not_required
def call_detail(request, call_slug):
    calls = selectors.calls_visible_to(request.user).prefetch_related("stages", "criteria")
    call = get_object_or_404(calls, slug=call_slug)
    context = {
        "call": call,
        "is_open": call.is_open(),
        "not_yet_open": timezone.now() < call.opens_at,
    }
    return render(request, "workshops/call_detail.html", context)


@permission_required("workshops.open_call", raise_exception=True)
def call_open(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_services.call_open(by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            opens = date_format(localtime(call.opens_at), "DATETIME_FORMAT")
            messages.success(request, f"The call “{call}” takes proposals from {opens}.")
            return redirect(call)
    return render(request, "workshops/call_form.html", {"form": form})


@permission_required("workshops.see_ranking", raise_exception=True)
def ranking(request, call_slug):
    call = get_object_or_404(Call.objects.select_related("fund"), slug=call_slug)
    awarded = selectors.awarded_in(call)
    rows = [
        # A member conflicted on a proposal, or who has still to review it, sees no scores.
        (row, request.user.has_perm("workshops.see_reviews", row.proposal))
        for row in selectors.ranking(call)
    ]
    context = {
        "call": call,
        "rows": rows,
        "awarded": awarded,
        "left": call.envelope - awarded,
        "stages": call.stages.all(),
    }
    return render(request, "workshops/ranking.html", context)


def _balanced_message(created):
    if not created:
        return "Every proposal in review already has its reviewers."
    count = len(created)
    return f"{count} review{'s' if count != 1 else ''} assigned, the load spread evenly."


@permission_required("workshops.assign_reviewers", raise_exception=True)
def reviewers_balance(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    return pressed(
        request,
        run=lambda: reviews.reviewers_balance(call=call, by=request.user),
        done=_balanced_message,
        back=ranking_url(call),
    )


@permission_required("workshops.open_call", raise_exception=True)
def stage_waive(request, stage_pk):
    stage = get_object_or_404(ReviewStage.objects.select_related("call"), pk=stage_pk)
    confirmation = Confirmation(
        question=f"Waive “{stage}” of {stage.call.title}?",
        effects=(
            "Proposals in review can be decided without going through this stage.",
            "Reviews already written in it are kept.",
        ),
        final="a waived stage stays waived for the whole call.",
        button="Waive the stage",
        back=ranking_url(stage.call),
    )
    return confirm_then(
        request,
        confirmation,
        lambda: pressed(
            request,
            run=lambda: call_services.stage_waive(stage=stage, by=request.user),
            done=lambda waived: f"“{waived}” is waived: proposals can be decided without it.",
            back=ranking_url(stage.call),
        ),
    )


def ranking_url(call):
    return reverse("workshops:ranking", kwargs={"call_slug": call.slug})
