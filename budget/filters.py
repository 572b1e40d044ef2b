"""The ledger's filters, one definition for the list page, the exports and the API."""

import django_filters

from budget.models import Category, Fund, LedgerEntry
from events.selectors import events


class LedgerEntryFilter(django_filters.FilterSet):
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

    class Meta:
        model = LedgerEntry
        fields = ["fund", "date_from", "date_to", "category", "event", "reconciled"]
