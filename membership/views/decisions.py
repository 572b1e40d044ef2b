"""The public record of the bodies' decisions, and a chair recording one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from cwg_portal.listing import listing
from membership import selectors
from membership.filters import DecisionFilter
from membership.forms import DecisionForm
from membership.services.decisions import decision_record
from membership.views._common import posted


@login_not_required
def decision_list(request):
    decisions = listing(request, selectors.decisions_visible_to(request.user), DecisionFilter)
    return render(
        request, "membership/decision_list.html", {"listing": decisions, "page": decisions.page}
    )


@permission_required("membership.chair_a_body", raise_exception=True)
def decision_create(request):
    form = DecisionForm(posted(request), bodies=selectors.bodies_chaired_by(request.user))
    if request.method == "POST" and form.is_valid():
        require_perm(request.user, "membership.record_decision", form.cleaned_data["body"])
        try:
            decision = decision_record(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The decision of {decision.body} was recorded.")
            return redirect("membership:decisions")
    return render(request, "membership/decision_form.html", {"form": form})
