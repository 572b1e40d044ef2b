"""Charts drawn on the server as SVG: no script, no CDN, no inline style (the
Content-Security-Policy allows neither). Each chart is an image with a name; the
page puts a table with the same figures beside it for screen readers.

Bar lengths are computed with Decimal, like the amounts they stand for.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join

from budget.templatetags.budget_tags import format_amount

LABEL_WIDTH = 200
BAR_WIDTH = 300
VALUE_WIDTH = 140
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8
TENTH = Decimal("0.1")


def _length(value, largest):
    if largest <= 0 or value <= 0:
        return Decimal(0)
    return (Decimal(BAR_WIDTH) * value / largest).quantize(TENTH, rounding=ROUND_HALF_UP)


def _truncate(label, limit=28):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(*, title, rows, currency):
    """A horizontal bar chart of [(label, Decimal)] as safe SVG markup; a negative
    amount draws no bar but keeps its figure."""
    rows = [(label, Decimal(value)) for label, value in rows]
    largest = max((value for _, value in rows), default=Decimal(0))
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(len(rows), 1) * ROW_HEIGHT + 2 * PADDING
    bars = format_html_join(
        "",
        '<g class="chart__row">'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart__value" x="{}" y="{}">{}</text></g>',
        (
            (
                LABEL_WIDTH - PADDING,
                PADDING + index * ROW_HEIGHT + BAR_HEIGHT - 4,
                _truncate(label),
                LABEL_WIDTH,
                PADDING + index * ROW_HEIGHT,
                _length(value, largest),
                BAR_HEIGHT,
                LABEL_WIDTH + _length(value, largest) + PADDING,
                PADDING + index * ROW_HEIGHT + BAR_HEIGHT - 4,
                f"{format_amount(value)} {currency}",
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    if not rows:
        bars = format_html(
            '<text class="chart__label" x="{}" y="{}">Nothing posted</text>',
            PADDING,
            PADDING + BAR_HEIGHT - 4,
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        bars,
    )
