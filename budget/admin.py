"""The admin shows the books but cannot rewrite them: ledger entries, claims,
allocations and imports are read-only here (their changes go through the
services, which check the rules); sponsors, fee tiers, funds, fiscal years and
categories are reference data the operator maintains."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from budget.models import (
    Allocation,
    BudgetLine,
    Category,
    ExpenseClaim,
    FeeTier,
    FiscalSponsor,
    FiscalYear,
    Fund,
    LedgerEntry,
    LedgerImport,
)
from budget.services.ledger import entry_reconcile
from cwg_portal.admin import HTTPS_URLS, ReadOnlyMixin


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The books with their history, without add, change or delete."""


class FeeTierInline(admin.TabularInline):
    model = FeeTier
    extra = 1


@admin.register(FiscalSponsor)
class FiscalSponsorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    formfield_overrides = HTTPS_URLS
    inlines = [FeeTierInline]


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "currency"]

    def get_readonly_fields(self, request, obj=None):
        # A fund's currency is what its entries were converted to: fixed once used.
        return ["currency", "slug"] if obj and obj.entries.exists() else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "is_system"]
    list_filter = ["kind", "is_system"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "kind", "is_system"] if obj else ["is_system"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "reference", "fund", "category", "amount", "currency", "amount_fund"]
    list_filter = ["fund", "category", "source"]
    search_fields = ["reference", "description", "counterparty"]
    date_hierarchy = "date"
    actions = ["mark_reconciled"]

    @admin.action(description="Mark selected entries reconciled with the sponsor's books")
    def mark_reconciled(self, request, queryset):
        if not request.user.has_perm("budget.reconcile_entry"):
            self.message_user(request, "Only finance staff reconcile entries.", messages.ERROR)
            return
        for entry in queryset:
            entry_reconcile(entry=entry, reconciled_by=request.user)
        self.message_user(request, f"{queryset.count()} entries are marked reconciled.")


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(ReadOnlyAdmin):
    list_display = ["pk", "claimant", "fund", "category", "amount", "currency", "status"]
    list_filter = ["status", "fund", "category"]
    search_fields = ["description", "claimant__email"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["purpose", "fund", "amount", "decided_on", "status"]
    list_filter = ["status", "fund"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "fund", "category", "event", "planned_amount"]
    list_filter = ["fiscal_year", "fund"]


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["filename", "fund", "status", "uploaded_by", "uploaded_at"]
    exclude = ["content"]
