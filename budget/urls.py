from django.urls import path

from budget.views import allocations, claims, dashboard, exports, imports, ledger, lines

app_name = "budget"

# Object URLs name their kind (entry_pk, claim_pk, …) so that no two apps' URL
# parameters share a name.
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("transparency/", dashboard.transparency, name="transparency"),
    path("ledger/", ledger.entry_list, name="ledger"),
    path("ledger/export.csv", exports.export_csv, name="ledger-export-csv"),
    path("ledger/export.xlsx", exports.export_xlsx, name="ledger-export-xlsx"),
    path("ledger/new/", ledger.entry_create, name="entry-create"),
    path("ledger/<int:entry_pk>/", ledger.entry_detail, name="entry"),
    path("ledger/<int:entry_pk>/reverse/", ledger.entry_reverse_view, name="entry-reverse"),
    path("ledger/<int:entry_pk>/reconcile/", ledger.entry_reconcile_view, name="entry-reconcile"),
    path("import/", imports.import_upload, name="import-upload"),
    path("import/<int:import_pk>/", imports.import_preview, name="import"),
    path("claims/", claims.claim_list, name="claims"),
    path("claims/new/", claims.claim_create, name="claim-create"),
    path("claims/<int:claim_pk>/", claims.claim_detail, name="claim"),
    path("claims/<int:claim_pk>/approve/", claims.claim_approve, name="claim-approve"),
    path("claims/<int:claim_pk>/reject/", claims.claim_reject, name="claim-reject"),
    path("claims/<int:claim_pk>/pay/", claims.claim_pay, name="claim-pay"),
    path("receipts/<int:receipt_pk>/", claims.receipt_download, name="receipt"),
    path("allocations/", allocations.allocation_list, name="allocations"),
    path("allocations/new/", allocations.allocation_create_view, name="allocation-create"),
    path("allocations/<int:allocation_pk>/", allocations.allocation_detail, name="allocation"),
    path(
        "allocations/<int:allocation_pk>/close/",
        allocations.allocation_close_view,
        name="allocation-close",
    ),
    path(
        "allocations/<int:allocation_pk>/cancel/",
        allocations.allocation_cancel_view,
        name="allocation-cancel",
    ),
    path("lines/", lines.line_list, name="lines"),
    path("lines/new/", lines.line_create, name="line-create"),
]
