"""Allocations: what the group promised, what was spent against it, and
deciding, closing or cancelling one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from budget import selectors
from budget.filters import AllocationFilter
from budget.forms import AllocationForm
from budget.services.allocations import allocation_cancel, allocation_close, allocation_create
from budget.views.ledger import entries_for_table
from cwg_portal.access import require_perm
from cwg_portal.confirm import Confirmation, confirm_then
from cwg_portal.forms import add_service_error
from cwg_portal.listing import listing


def _with_remaining(allocations):
    return [(allocation, allocation.amount - allocation.spent) for allocation in allocations]


@permission_required("budget.view_allocations", raise_exception=True)
def allocation_list(request):
    allocations = listing(request, selectors.allocations_visible_to(request.user), AllocationFilter)
    context = {
        "listing": allocations,
        "page": allocations.page,
        "rows": _with_remaining(allocations.page),
    }
    return render(request, "budget/allocation_list.html", context)


def _visible_allocation(request, allocation_pk):
    allocations = selectors.allocations_visible_to(request.user).select_related(
        "decided_by__person", "closed_by__person"
    )
    return get_object_or_404(allocations, pk=allocation_pk)


def allocation_detail(request, allocation_pk):
    allocation = _visible_allocation(request, allocation_pk)
    claims = (
        selectors.claims_visible_to(request.user)
        .filter(allocation=allocation)
        .select_related("claimant__person")
    )
    entries = entries_for_table(request.user).filter(allocation=allocation)
    context = {
        "allocation": allocation,
        "remaining": allocation.amount - allocation.spent,
        "claims": claims,
        "entries": entries,
        "history": selectors.history_of(allocation),
    }
    return render(request, "budget/allocation_detail.html", context)


@permission_required("budget.decide_allocation", raise_exception=True)
def allocation_create_view(request):
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = allocation_create(decided_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{allocation}” was allocated.")
            return redirect("budget:allocation", allocation_pk=allocation.pk)
    return render(request, "budget/allocation_form.html", {"form": form})


def _end(request, allocation_pk, *, end, done, ask):
    allocation = _visible_allocation(request, allocation_pk)
    require_perm(request.user, "budget.decide_allocation", allocation)
    return confirm_then(
        request, ask(allocation), lambda: _ended(request, allocation, end=end, done=done)
    )


def _ended(request, allocation, *, end, done):
    try:
        end(allocation=allocation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("budget:allocation", allocation_pk=allocation.pk)


def allocation_close_view(request, allocation_pk):
    return _end(
        request,
        allocation_pk,
        end=allocation_close,
        done="The allocation is closed; what was not spent is available again.",
        ask=lambda allocation: Confirmation(
            question=f"Close the allocation “{allocation}”?",
            effects=(
                "No more claims can be filed, approved or paid against it.",
                "What was not spent becomes available to allocate from the fund again.",
            ),
            final="a closed allocation cannot be reopened; allocate again if more is needed.",
            button="Close the allocation",
            back=allocation.get_absolute_url(),
        ),
    )


def allocation_cancel_view(request, allocation_pk):
    return _end(
        request,
        allocation_pk,
        end=allocation_cancel,
        done="The allocation is cancelled.",
        ask=lambda allocation: Confirmation(
            question=f"Cancel the allocation “{allocation}”?",
            effects=(
                "The purpose is dropped: no claim can be filed against it.",
                "The whole amount becomes available to allocate from the fund again.",
                "It is refused if any money was already spent against it.",
            ),
            final="a cancelled allocation cannot be reopened.",
            button="Cancel the allocation",
            back=allocation.get_absolute_url(),
        ),
    )
