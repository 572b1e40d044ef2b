"""One way to list, for every app's list pages: a search box, sorting by
column, filters that fit the list, page numbers with a choice of page size, and
the count. Everything is in the query string, so a view can be bookmarked and
works without JavaScript.

An app describes a list with a `ListFilter` (django-filter): its filters,
`search_fields` for the search box and `sort = sortable(...)` for the columns
a reader may sort by.
`listing(request, queryset, filter_class)` applies it and pages the result;
`_list_controls.html`, the `sort_header` tag and `_pagination.html` render it.
"""

import operator
from dataclasses import dataclass
from functools import reduce

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def sortable(**columns):
    """The `sort` filter: each column key (as the query string names it) and the
    field it orders by; "-" before a key reverses it."""
    return django_filters.OrderingFilter(
        fields={field: key for key, field in columns.items()}, label="Sort"
    )


class SearchInput(forms.TextInput):
    input_type = "search"


class ListFilter(django_filters.FilterSet):
    """`q` finds rows whose `search_fields` contain every word typed."""

    q = django_filters.CharFilter(method="search", label="Search", widget=SearchInput)

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                reduce(operator.or_, (Q(**{f"{f}__icontains": word}) for f in self.search_fields))
            )
        return queryset.distinct()


@dataclass
class Listing:
    filter: ListFilter
    page: object
    page_size: int
    page_sizes: tuple = PAGE_SIZES

    @property
    def sort(self):
        return self.filter.form.cleaned_data.get("sort") if self.filter.is_valid() else None


def page_size_of(request):
    try:
        size = int(request.GET.get("per_page", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


def listing(request, queryset, filter_class, **filter_kwargs):
    """The page of `queryset` the query string asks for. While a filter is
    invalid the list is empty (and the form says why), rather than unfiltered."""
    found = filter_class(request.GET or None, queryset=queryset, **filter_kwargs)
    rows = found.qs if not found.is_bound or found.is_valid() else queryset.none()
    size = page_size_of(request)
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    return Listing(filter=found, page=page, page_size=size)
