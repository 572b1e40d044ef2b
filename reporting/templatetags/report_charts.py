from django import template
from django.utils.safestring import mark_safe

from reporting import charts

register = template.Library()


@register.simple_tag
def chart_svg(chart, prefix, number):
    # Drawn from the portal's own template, every label escaped there.
    return mark_safe(charts.svg(chart, ident=f"chart-{prefix}-{number}"))  # noqa: S308
