"""The Executive Council's approval of elected candidates: the queue, and one
candidate to approve (which seats them) or decline, with a note."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate
from membership import selectors
from membership.forms import CouncilDecisionForm
from membership.models import Nomination
from membership.services.elections import council_decide
from membership.views._common import posted


@permission_required("membership.decide_candidate", raise_exception=True)
def approval_list(request):
    page = paginate(request, selectors.candidates_awaiting_council())
    return render(request, "membership/approval_list.html", {"page": page})


def _decided_message(approval):
    nomination = approval.nomination
    body = nomination.election.body
    if approval.verdict == "approved":
        return f"You approved {nomination.nominee}: they now hold a seat on {body}."
    return f"You declined {nomination.nominee}'s election to {body}."


@permission_required("membership.decide_candidate", raise_exception=True)
def approval_detail(request, nomination_pk):
    elected = Nomination.objects.filter(elected=True).select_related(
        "nominee", "election__body", "council_approval__decided_by__person"
    )
    nomination = get_object_or_404(elected, pk=nomination_pk)
    form = CouncilDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            approval = council_decide(
                nomination=nomination,
                decided_by=request.user,
                approve=form.cleaned_data["verdict"] == "approve",
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as refusal:
            # A conflict of interest is refused with its reason; anything else is a 403.
            if not str(refusal):
                raise
            form.add_error(None, str(refusal))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _decided_message(approval))
            return redirect("membership:approvals")
    context = {
        "nomination": nomination,
        "approval": getattr(nomination, "council_approval", None),
        "form": form,
    }
    return render(request, "membership/approval_detail.html", context)
