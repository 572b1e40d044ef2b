"""Training sessions and mentoring pairs of event leaders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import FollowUpForm, MentorPairForm, TrainingSessionForm
from dei.services.training import mentoring_follow_up, mentoring_start, training_record
from membership.selectors import people


@permission_required("dei.see_training", raise_exception=True)
def training(request):
    context = {"sessions": selectors.training_sessions(), "pairs": selectors.mentor_pairs()}
    return render(request, "dei/training.html", context)


def _record(request, form, save, done, back):
    """Run the service on a valid POST and go `back`; None while the form is shown."""
    if request.method == "POST" and form.is_valid():
        try:
            save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(back)
    return None


@permission_required("dei.edit_training", raise_exception=True)
def training_new(request):
    form = TrainingSessionForm(request.POST or None, people=people())
    done = _record(
        request, form, training_record, "The training session is recorded.", "dei:training"
    )
    return done or render(request, "dei/training_form.html", {"form": form})


@permission_required("dei.edit_training", raise_exception=True)
def mentoring_new(request):
    form = MentorPairForm(request.POST or None, people=people())
    done = _record(
        request, form, mentoring_start, "The mentoring pair is recorded.", "dei:training"
    )
    return done or render(request, "dei/mentoring_form.html", {"form": form})


@permission_required("dei.see_training", raise_exception=True)
def mentoring(request, pair_pk):
    pair = get_object_or_404(selectors.mentor_pairs(), pk=pair_pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, "dei.edit_training")
    done = _record(
        request,
        form,
        lambda **data: mentoring_follow_up(pair=pair, **data),
        "The follow-up is recorded.",
        pair,
    )
    return done or render(request, "dei/mentoring_detail.html", {"pair": pair, "form": form})
