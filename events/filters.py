"""The events list's search, filters and sortable columns."""

import django_filters

from cwg_portal.listing import ListFilter, sortable
from events.enums import EventStatus
from events.models import Event


class EventFilter(ListFilter):
    search_fields = ("title", "city", "country")
    status = django_filters.ChoiceFilter(
        choices=EventStatus.choices, empty_label="Every status", label="Status"
    )
    sort = sortable(title="title", dates="start_date", status="status")

    class Meta:
        model = Event
        fields = ["q", "status"]
