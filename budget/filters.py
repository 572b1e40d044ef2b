"""The ledger's filters, one definition for the list page, the exports and the API."""

import django_filters

from budget.enums import AllocationStatus
from budget.models import Allocation, Category, Fund, LedgerEntry
from cwg_portal.listing import ListFilter, sortable
from events.selectors import events


class LedgerEntryFilter(ListFilter):
    search_fields = ("reference", "description")

    fund = django_filters.ModelChoiceFilter(
        queryset=Fund.objects.all(), to_field_name="slug", label="Fund"
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To")
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="slug", label="Category"
    )
    event = django_filters.ModelChoiceFilter(queryset=events(), to_field_name="slug", label="Event")
    reconciled = django_filters.BooleanFilter(
        field_name="reconciliation", lookup_expr="isnull", exclude=True, label="Reconciled"
    )

    sort = sortable(date="date", reference="reference", amount="amount_fund")

    class Meta:
        model = LedgerEntry
        fields = ["q", "fund", "date_from", "date_to", "category", "event", "reconciled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.form.fields[name].widget.input_type = "date"


class AllocationFilter(ListFilter):
    search_fields = ("purpose", "event__title")
    fund = django_filters.ModelChoiceFilter(
        queryset=Fund.objects.all(), to_field_name="slug", label="Fund"
    )
    status = django_filters.ChoiceFilter(choices=AllocationStatus.choices, label="Status")
    sort = sortable(purpose="purpose", decided="decided_on", amount="amount")

    class Meta:
        model = Allocation
        fields = ["q", "fund", "status"]
