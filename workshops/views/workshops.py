"""The program's public face (the open calls and the past workshops) and a funded
workshop: its money against the award, and the organisers' post-event summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from budget.enums import AllocationStatus
from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate
from cwg_portal.policies import allowed
from dei.selectors import checklist_items, progress_of
from dei.services.checklists import checklist_ensure
from workshops import selectors
from workshops.forms import SummaryForm
from workshops.models import PostEventSummary, Proposal
from workshops.services.summaries import summary_file


def public_record(proposal):
    """What the public pages may show of a past workshop: the event's facts, the
    organisers who chose to be public, and the summary's public fields only."""
    summary = proposal.post_event_summary
    return {
        "event": proposal.event,
        "organisers": [person for person in proposal.organisers.all() if person.is_public],
        "summary": {name: getattr(summary, name) for name in PostEventSummary.PUBLIC_FIELDS},
    }


@login_not_required
def index(request):
    page = paginate(request, selectors.past_workshops())
    context = {
        "calls": selectors.calls_open().prefetch_related("caps").order_by("closes_at"),
        "page": page,
        "records": [public_record(proposal) for proposal in page],
    }
    return render(request, "workshops/index.html", context)


@login_not_required
def past_workshop(request, event_slug):
    proposal = get_object_or_404(selectors.past_workshops(), event__slug=event_slug)
    return render(request, "workshops/past_workshop.html", {"record": public_record(proposal)})


def _workshop(request, event_slug, perm):
    try:
        proposal = selectors.workshop_for_event(event_slug)
    except Proposal.DoesNotExist as missing:
        raise Http404("No workshop has this address.") from missing
    require_perm(request.user, perm, proposal)
    return proposal


def _claim_url(request, proposal):
    """Where to file a claim for this workshop, its fund, event and allocation
    filled in; none when the reader may not claim for it or the money is closed."""
    allocation = proposal.allocation
    if allocation.status != AllocationStatus.OPEN:
        return ""
    if not request.user.has_perm("budget.claim_for_event", proposal.event):
        return ""
    query = {"fund": allocation.fund_id, "event": proposal.event_id, "allocation": allocation.pk}
    return f"{reverse('budget:claim-create')}?{urlencode(query)}"


def workshop(request, event_slug):
    proposal = _workshop(request, event_slug, "workshops.see_workshop")
    # A funded workshop has its DEI checklist from the day its page is first read.
    checklist = checklist_ensure(event=proposal.event)
    spend = selectors.workshop_spend(proposal)
    claims = list(spend["claims"])
    viewable = allowed(claims, request.user, "budget.view_claim")
    context = {
        "checklist": checklist,
        "checklist_progress": progress_of(checklist_items(checklist)),
        "proposal": proposal,
        "event": proposal.event,
        "spend": spend,
        "claims": [(claim, claim.pk in viewable) for claim in claims],
        "claim_url": _claim_url(request, proposal),
        "summary": selectors.summary_of(proposal),
        "summary_due_on": proposal.summary_due_on,
        "is_over": proposal.event.end_date < timezone.localdate(),
    }
    return render(request, "workshops/workshop_detail.html", context)


def _filed_message(proposal, first_filing):
    proposal.allocation.refresh_from_db()
    if proposal.allocation.status == AllocationStatus.OPEN:
        money = "its allocation stays open until the claims still waiting are paid"
    else:
        money = "its allocation is closed, and what was not spent is available to the fund again"
    if first_filing:
        return f"Thank you: the summary is filed. The workshop is marked completed; {money}."
    return f"The summary was corrected; {money}."


def summary(request, event_slug):
    proposal = _workshop(request, event_slug, "workshops.file_summary")
    filed = selectors.summary_of(proposal)
    form = SummaryForm(request.POST or None, instance=filed)
    if request.method == "POST" and form.is_valid():
        try:
            summary_file(proposal=proposal, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _filed_message(proposal, first_filing=filed is None))
            return redirect("workshops:workshop", event_slug=event_slug)
    context = {"proposal": proposal, "event": proposal.event, "form": form, "filed": filed}
    return render(request, "workshops/summary_form.html", context)
