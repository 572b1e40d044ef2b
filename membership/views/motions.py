"""Formal votes: the list, a member calling one, the motion with its second and,
once counted, its result, the sponsor's changes and withdrawal, and the secret
ballot."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate
from membership import selectors
from membership.enums import MotionKind, MotionStatus
from membership.forms import MotionEditForm, MotionForm, QuestionBallotForm, RankedBallotForm
from membership.services import motions as motion_services
from membership.views._common import affiliations_for, posted

# The phases in which the sponsor may still change or withdraw the motion.
UNDER_WAY = ("awaiting-second", "voting")


def _with_phase(motion, now=None):
    motion.phase = selectors.motion_phase(motion, now=now)
    motion.phase_label = selectors.MOTION_PHASES[motion.phase]
    return motion


def _visible_motion(request, motion_pk):
    motions = selectors.motions_visible_to(request.user)
    return _with_phase(get_object_or_404(motions, pk=motion_pk))


def _until(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@permission_required("membership.list_motions", raise_exception=True)
def motion_list(request):
    page = paginate(request, selectors.motions_visible_to(request.user))
    now = timezone.now()
    rows = [_with_phase(motion, now) for motion in page]
    return render(request, "membership/motion_list.html", {"page": page, "rows": rows})


@permission_required("membership.call_a_motion", raise_exception=True)
def motion_create(request):
    form = MotionForm(posted(request), bodies=selectors.bodies_sat_on(request.user))
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        require_perm(request.user, "membership.call_motion", arguments["body"])
        try:
            motion = motion_services.motion_call(sponsor=request.user, **arguments)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _called_message(motion))
            return redirect(motion)
    return render(request, "membership/motion_form.html", {"form": form})


def _called_message(motion):
    if motion.status == MotionStatus.AWAITING_SECOND:
        return "The motion is called; voting opens once another member seconds it."
    return f"The motion is called and voting is open until {_until(motion.closes_at)}."


def motion_detail(request, motion_pk):
    motion = _visible_motion(request, motion_pk)
    user = request.user
    counted = motion.status == MotionStatus.CLOSED
    context = {
        "motion": motion,
        "options": list(motion.options.all()),
        "roll": selectors.motion_roll_entry(motion, user),
        "may_second": motion.phase == "awaiting-second"
        and user.has_perm("membership.second_motion", motion),
        "may_edit": motion.phase in UNDER_WAY and user.has_perm("membership.edit_motion", motion),
        "may_withdraw": motion.phase in UNDER_WAY
        and user.has_perm("membership.withdraw_motion", motion),
        "counted": counted,
        "runoff": selectors.runoff_table(motion)
        if counted and motion.kind == MotionKind.RANKED
        else None,
        "affiliations": affiliations_for(user, motion.body),
    }
    return render(request, "membership/motion_detail.html", context)


def motion_second(request, motion_pk):
    motion = _visible_motion(request, motion_pk)
    require_perm(request.user, "membership.second_motion", motion)
    return _seconded(request, motion)


@require_POST
def _seconded(request, motion):
    try:
        motion = motion_services.motion_second(motion=motion, seconded_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"You seconded the motion: voting is open until {_until(motion.closes_at)}."
        )
    return redirect(motion)


def motion_edit(request, motion_pk):
    """The sponsor's changes. During the vote a change restarts it: the page says
    so before, and the message after."""
    motion = _visible_motion(request, motion_pk)
    require_perm(request.user, "membership.edit_motion", motion)
    form = MotionEditForm(posted(request), motion=motion)
    if request.method == "POST" and form.is_valid():
        revision = motion.revision
        try:
            edited = motion_services.motion_edit(
                motion=motion, edited_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _edited_message(edited, changed=edited.revision != revision))
            return redirect(edited)
    return render(request, "membership/motion_edit.html", {"motion": motion, "form": form})


def _edited_message(motion, *, changed):
    if not changed:
        return "Nothing was changed."
    if motion.status == MotionStatus.OPEN:
        return (
            f"The motion was changed and its vote starts again, until {_until(motion.closes_at)}. "
            "Votes cast on the earlier wording were discarded; their voters are asked by "
            "e-mail to vote again."
        )
    return "The motion was changed."


def motion_withdraw(request, motion_pk):
    """The sponsor's withdrawal: a page that says what it does, and its button."""
    motion = _visible_motion(request, motion_pk)
    require_perm(request.user, "membership.withdraw_motion", motion)
    if request.method != "POST":
        return render(request, "membership/motion_withdraw.html", {"motion": motion})
    voting = motion.status == MotionStatus.OPEN
    try:
        motion_services.motion_withdraw(motion=motion, withdrawn_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _withdrawn_message(voting=voting))
    return redirect(motion)


def _withdrawn_message(*, voting):
    if voting:
        return (
            "You withdrew the motion. Its votes were discarded and its voters are told "
            "by e-mail; no decision is recorded."
        )
    return "You withdrew the motion; no decision is recorded."


def motion_vote(request, motion_pk):
    """The secret ballot: for, against or blank on a question; ranks or blank on
    a choice. A second vote is refused by the service and stores nothing."""
    motion = _visible_motion(request, motion_pk)
    require_perm(request.user, "membership.vote_motion", motion)
    if motion.kind == MotionKind.BINARY:
        form = QuestionBallotForm(posted(request))
    else:
        form = RankedBallotForm(posted(request), options=motion.options.all())
    if request.method == "POST" and form.is_valid():
        try:
            motion_services.motion_vote(
                motion=motion, voter=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            motion.refresh_from_db()
            messages.success(request, _voted_message(motion))
            return redirect(motion)
    context = {
        "motion": motion,
        "form": form,
        "roll": selectors.motion_roll_entry(motion, request.user),
    }
    return render(request, "membership/motion_vote.html", context)


def _voted_message(motion):
    if motion.status == MotionStatus.CLOSED:
        return "Your vote was cast. Everyone has now voted: the vote is closed and counted."
    return "Your vote was cast. Thank you for voting."
