"""The ledger: the filtered list, one entry with its history, posting, reversing
and reconciling. Nothing here edits or deletes an entry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from budget import selectors
from budget.filters import LedgerEntryFilter
from budget.forms import EntryForm, ReverseForm
from budget.services.ledger import entry_post, entry_reconcile, entry_reverse
from cwg_portal.access import require_perm
from cwg_portal.confirm import Confirmation, confirm_then
from cwg_portal.forms import add_service_error
from cwg_portal.listing import listing


def entries_for_table(user):
    """The entries a user may see, with what the ledger's table shows of each."""
    return selectors.entries_visible_to(user).select_related("reversed_by")


def filtered_entries(request):
    """(filter, entries): the ledger filter bound to the query string and the
    entries it selects among those the user may see; none while a filter is
    invalid, rather than all of them with the bad filter ignored."""
    entries = entries_for_table(request.user)
    filterset = LedgerEntryFilter(request.GET or None, queryset=entries)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, entries.none()
    return filterset, filterset.qs


def visible_entry(request, entry_pk):
    entries = selectors.entries_visible_to(request.user).select_related(
        "reversed_by", "sponsor_fee", "fee_for", "claim", "allocation", "entered_by__person"
    )
    return get_object_or_404(entries, pk=entry_pk)


@permission_required("budget.view_ledger", raise_exception=True)
def entry_list(request):
    ledger = listing(request, entries_for_table(request.user), LedgerEntryFilter)
    return render(request, "budget/entry_list.html", {"listing": ledger, "page": ledger.page})


def entry_detail(request, entry_pk):
    entry = visible_entry(request, entry_pk)
    history = selectors.history_of(entry)
    return render(
        request,
        "budget/entry_detail.html",
        {"entry": entry, "history": history, "reversal": getattr(entry, "reversed_by", None)},
    )


@permission_required("budget.post_entry", raise_exception=True)
def entry_create(request):
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = entry_post(entered_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Entry {entry.reference} was posted.")
            return redirect("budget:entry", entry_pk=entry.pk)
    return render(request, "budget/entry_form.html", {"form": form})


def entry_reverse_view(request, entry_pk):
    entry = visible_entry(request, entry_pk)
    require_perm(request.user, "budget.reverse_entry", entry)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = entry_reverse(entry=entry, entered_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"Entry {entry.reference} was reversed by {reversal.reference}."
            )
            return redirect("budget:entry", entry_pk=entry.pk)
    return render(request, "budget/entry_reverse.html", {"entry": entry, "form": form})


def entry_reconcile_view(request, entry_pk):
    entry = visible_entry(request, entry_pk)
    require_perm(request.user, "budget.reconcile_entry", entry)
    confirmation = Confirmation(
        question=f"Mark entry {entry.reference} reconciled?",
        effects=(
            "You confirm that the bank or the fiscal sponsor's statement shows this entry "
            "as it is in the ledger.",
            "It leaves the entries waiting to be reconciled, with your name and today's date.",
        ),
        final="a reconciled entry stays reconciled; a mistake found later is corrected by "
        "reversing the entry.",
        button="Mark reconciled",
        back=entry.get_absolute_url(),
    )
    return confirm_then(request, confirmation, lambda: _reconcile(request, entry))


def _reconcile(request, entry):
    reconciliation = entry_reconcile(entry=entry, reconciled_by=request.user)
    messages.success(
        request,
        f"Entry {entry.reference} is marked reconciled ({reconciliation.reconciled_at:%Y-%m-%d}).",
    )
    return redirect("budget:entry", entry_pk=entry.pk)
