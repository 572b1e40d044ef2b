"""The governance lists' searches, filters and sortable columns."""

import django_filters

from cwg_portal.listing import ListFilter, sortable
from membership.models import Decision


class DecisionFilter(ListFilter):
    search_fields = ("motion", "body__name")
    outcome = django_filters.ChoiceFilter(choices=Decision.Outcome.choices, label="Outcome")
    sort = sortable(date="decided_on", body="body__name", outcome="outcome")

    class Meta:
        model = Decision
        fields = ["q", "outcome"]
