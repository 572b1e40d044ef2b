"""Bar charts drawn on the server as SVG, from a section's `charts` figures:
[{"title": ..., "unit": ..., "bars": [{"label": ..., "value": "123.45"}]}].
No script and nothing fetched: the page and the PDF show the same drawing,
and a data table beside it gives the same numbers to those who cannot see it."""

from decimal import Decimal

from django.template.loader import render_to_string

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 110


def _bars(chart):
    values = [abs(Decimal(bar["value"])) for bar in chart["bars"]]
    largest = max(values, default=Decimal(0)) or Decimal(1)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for index, (bar, value) in enumerate(zip(chart["bars"], values, strict=True)):
        yield {
            "label": bar["label"],
            "value": bar["value"],
            "y": GAP + index * (BAR_HEIGHT + GAP),
            "width": max(int(room * value / largest), 1),
            "text_y": GAP + index * (BAR_HEIGHT + GAP) + BAR_HEIGHT - 6,
        }


def svg(chart, *, ident):
    """The chart as an <svg> element, named by its title."""
    bars = list(_bars(chart))
    context = {
        "chart": chart,
        "bars": bars,
        "ident": ident,
        "width": WIDTH,
        "height": GAP + len(bars) * (BAR_HEIGHT + GAP),
        "bar_height": BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "value_x": WIDTH - VALUE_WIDTH + 6,
    }
    return render_to_string("reporting/_chart.svg", context)
