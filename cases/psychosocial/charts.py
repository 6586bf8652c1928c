"""A measure's trend as a small inline SVG, drawn on the server.

No script and no style attributes (the Content-Security-Policy allows neither inline):
colours are SVG presentation attributes. The chart is decoration for sighted readers;
the table beside it carries the same numbers for everyone.
"""

import datetime
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .instruments import Instrument, Tone

WIDTH, HEIGHT = 320, 130
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 8, 22
BAND_FILL = {
    Tone.GOOD: "#d1e7dd",
    Tone.MILD: "#fff3cd",
    Tone.CONCERN: "#ffe5d0",
    Tone.SEVERE: "#f8d7da",
}


def _x(index: int, count: int) -> str:
    span = WIDTH - LEFT - RIGHT
    return f"{LEFT + (span / 2 if count == 1 else span * index / (count - 1)):.1f}"


def _y(value: float, top_value: int) -> str:
    span = HEIGHT - TOP - BOTTOM
    return f"{TOP + span * (1 - value / top_value):.1f}"


def trend_svg(
    instrument: Instrument, points: Sequence[tuple[datetime.date, int]], *, label: str
) -> SafeString:
    """`points` are (date, raw total), oldest first. Bands shade the background."""
    top = instrument.max_total
    plot_bottom = HEIGHT - BOTTOM
    bands = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        (
            (
                LEFT,
                _y(min(band.high + 1, top), top),
                WIDTH - LEFT - RIGHT,
                f"{float(_y(band.low, top)) - float(_y(min(band.high + 1, top), top)):.1f}",
                BAND_FILL[band.tone],
            )
            for band in instrument.bands
        ),
    )
    threshold = ""
    if instrument.threshold is not None:
        y = _y(instrument.threshold, top)
        threshold = format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#842029" '
            'stroke-dasharray="4 3"/><text x="{}" y="{}" font-size="9" '
            'fill="#842029">{}</text>',
            LEFT,
            WIDTH - RIGHT,
            y,
            y,
            LEFT + 2,
            f"{float(y) - 2:.1f}",
            instrument.threshold,
        )
    count = len(points)
    coords = [(_x(i, count), _y(value, top)) for i, (_on, value) in enumerate(points)]
    line = ""
    if count > 1:
        line = format_html(
            '<polyline points="{}" fill="none" stroke="#0d3c61" stroke-width="2"/>',
            " ".join(f"{x},{y}" for x, y in coords),
        )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="#0d3c61"><title>{}: {}</title></circle>',
        (
            (x, y, on.isoformat(), instrument.display_total(value))
            for (x, y), (on, value) in zip(coords, points, strict=True)
        ),
    )
    axis_labels = format_html(
        '<text x="{}" y="{}" font-size="9" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" font-size="9" text-anchor="end">0</text>',
        LEFT - 3,
        TOP + 8,
        instrument.display_total(top).split("/")[0],
        LEFT - 3,
        plot_bottom,
    )
    dates = ""
    if points:
        dates = format_html(
            '<text x="{}" y="{}" font-size="9">{}</text>'
            '<text x="{}" y="{}" font-size="9" text-anchor="end">{}</text>',
            LEFT,
            HEIGHT - 6,
            points[0][0].isoformat(),
            WIDTH - RIGHT,
            HEIGHT - 6,
            points[-1][0].isoformat(),
        )
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {} {}" width="100%" height="{}" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}{}'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#6c757d"/>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        HEIGHT,
        label,
        bands,
        threshold,
        LEFT,
        WIDTH - RIGHT,
        plot_bottom,
        plot_bottom,
        line,
        dots,
        axis_labels,
        dates,
    )
