"""Importing the sponsor's export in the browser: upload, preview every row's
outcome, then confirm once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from rules.contrib.views import permission_required

from budget.forms import ImportUploadForm
from budget.models import LedgerImport
from budget.services.imports import (
    ImportOutcome,
    ledger_file_parse,
    ledger_upload_confirm,
    ledger_upload_create,
)
from cwg_portal.forms import add_service_error


@permission_required("budget.import_ledger", raise_exception=True)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_upload = ledger_upload_create(
                fund=form.cleaned_data["fund"],
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("budget:import", import_pk=ledger_upload.pk)
    recent = LedgerImport.objects.select_related("fund", "uploaded_by__person")[:10]
    return render(request, "budget/import_upload.html", {"form": form, "recent": recent})


def _preview(ledger_upload):
    """What confirming would do; once imported, the page shows what was done instead
    (a fresh preview would call every row written a moment ago "already in the fund")."""
    if ledger_upload.status != LedgerImport.Status.PREVIEWED:
        return {"ledger_upload": ledger_upload, "result": None}
    result = ledger_file_parse(fund=ledger_upload.fund, content=ledger_upload.content)
    return {
        "ledger_upload": ledger_upload,
        "result": result,
        "error_rows": sum(row.outcome == ImportOutcome.ERROR for row in result.rows),
        "can_confirm": not result.errors and result.to_import > 0,
    }


@permission_required("budget.import_ledger", raise_exception=True)
def import_preview(request, import_pk):
    ledger_upload = get_object_or_404(
        LedgerImport.objects.select_related("fund", "uploaded_by__person"), pk=import_pk
    )
    if request.method == "POST":
        ledger_upload, result = ledger_upload_confirm(
            ledger_upload=ledger_upload, entered_by=request.user
        )
        if result is None:
            messages.info(request, "This file was already imported; nothing more was imported.")
        elif result.written and result.imported:
            messages.success(
                request,
                f"Imported {result.imported} row{pluralize(result.imported)}; skipped "
                f"{result.skipped} already in the fund.",
            )
        elif result.written:
            messages.info(request, "Nothing was imported: every row is already in the fund.")
        else:
            messages.error(request, "The file has errors; nothing was imported.")
        return redirect("budget:import", import_pk=ledger_upload.pk)
    return render(request, "budget/import_preview.html", _preview(ledger_upload))
