"""A list's sortable column header: a link that sorts by the column (and then
the other way), with `aria-sort` telling assistive technology the current order."""

from django import template

register = template.Library()


@register.inclusion_tag("_sort_header.html", takes_context=True)
def sort_header(context, listing, key, label, css_class=""):
    current = (listing.sort or [None])[0]
    if current == key:
        state, next_sort = "ascending", f"-{key}"
    elif current == f"-{key}":
        state, next_sort = "descending", key
    else:
        state, next_sort = "none", key
    return {
        "request": context["request"],
        "label": label,
        "state": state,
        "next_sort": next_sort,
        "css_class": css_class,
    }


@register.simple_tag
def page_numbers(page):
    """The numbers of the pages around this one and at both ends; None for a gap."""
    ellipsis = page.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2)
    ]
