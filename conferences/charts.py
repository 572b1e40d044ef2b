"""The cumulative registrations of an edition against the previous one's, drawn
on the server as SVG (no script, no inline style); the page gives the same
figures in a table beside it."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, MARGIN = 560, 240, 40


def _points(series, earliest, largest):
    """SVG coordinates of [(days before the start, cumulative count)]."""
    span_x = max(-earliest, 1)
    return " ".join(
        f"{MARGIN + (WIDTH - 2 * MARGIN) * (days - earliest) / span_x:.1f},"
        f"{HEIGHT - MARGIN - (HEIGHT - 2 * MARGIN) * count / max(largest, 1):.1f}"
        for days, count in series
    )


def cumulative_chart(*, title, lines):
    """Lines [(label, css class, [(days before the start, cumulative)])] as safe SVG."""
    found = [point for _label, _kind, series in lines for point in series]
    earliest = min((days for days, _ in found), default=-1)
    largest = max((count for _, count in found), default=0)
    drawn = format_html_join(
        "",
        '<polyline class="chart__line chart__line--{}" points="{}"></polyline>'
        '<text class="chart__label" x="{}" y="{}">{}</text>',
        (
            (kind, _points(series, earliest, largest), MARGIN, 16 + 16 * index, label)
            for index, (label, kind, series) in enumerate(lines)
            if series
        ),
    )
    axis = format_html(
        '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="chart__label" x="{}" y="{}">{} days before</text>'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">start</text>'
        '<text class="chart__label" x="4" y="{}">{}</text>',
        MARGIN,
        HEIGHT - MARGIN,
        WIDTH - MARGIN,
        HEIGHT - MARGIN,
        MARGIN,
        HEIGHT - MARGIN / 3,
        -earliest,
        WIDTH - MARGIN,
        HEIGHT - MARGIN / 3,
        MARGIN,
        largest,
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>',
        title,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        title,
        axis,
        drawn,
    )
