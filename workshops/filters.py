"""The proposals list's search, filters and sortable columns."""

import django_filters

from cwg_portal.listing import ListFilter, sortable
from workshops.enums import ProposalStatus
from workshops.models import Call, Proposal


class ProposalFilter(ListFilter):
    search_fields = ("title", "lead__display_name", "city", "country")
    call = django_filters.ModelChoiceFilter(
        queryset=Call.objects.none(), to_field_name="slug", empty_label="All calls", label="Call"
    )
    status = django_filters.ChoiceFilter(
        choices=ProposalStatus.choices, empty_label="Every status", label="Status"
    )
    sort = sortable(title="title", requested="requested", status="status", submitted="submitted_at")

    class Meta:
        model = Proposal
        fields = ["q", "call", "status"]

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["call"].queryset = calls
