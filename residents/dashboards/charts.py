"""The one chart module (SUP-9): server-rendered SVG bar charts, the same on the page and in
print.

Hand-written SVG: horizontal bars, one group per row, this period solid and the previous period
hatched, each bar with its value written at its end. Bars differ by pattern and outline, not by
colour alone, so a grayscale print reads the same. Text is in the CJK font; labels are escaped.
The table behind each chart (the page's accessible form of it) is drawn by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
WIDTH = 360
LABEL_WIDTH = 116
VALUE_WIDTH = 44
BAR_HEIGHT = 12
GAP = 4
GROUP_GAP = 10
TOP = 24
SOLID = "#2b2b2b"


@dataclass(frozen=True)
class Bar:
    label: str
    current: float | None
    previous: float | None = None


def _text(value: float | None, suffix: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}{suffix}"
    return f"{int(value)}{suffix}"


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, current_label: str,
    previous_label: str | None = None, suffix: str = "", maximum: float | None = None,
) -> SafeString:
    """An SVG of `bars`; `previous_label` None draws one bar per row (no comparison).

    The same figures draw the same chart: kept for the next page view (counts only)."""
    return _bar_chart(
        tuple(bars), chart_id, str(title), str(current_label),
        None if previous_label is None else str(previous_label), suffix, maximum,
    )


@lru_cache(maxsize=512)
def _bar_chart(
    bars: tuple[Bar, ...], chart_id: str, title: str, current_label: str,
    previous_label: str | None, suffix: str, maximum: float | None,
) -> SafeString:
    compare = previous_label is not None
    values = [b.current or 0 for b in bars] + ([b.previous or 0 for b in bars] if compare else [])
    top_value = maximum or max(values, default=0) or 1
    group = BAR_HEIGHT * (2 if compare else 1) + (GAP if compare else 0)
    height = TOP + len(bars) * (group + GROUP_GAP) + 4
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    pattern = f"{chart_id}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{FONT}" font-size="11" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<defs><pattern id="{pattern}" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{SOLID}" stroke-width="2"/></pattern></defs>',
        # Legend: a solid and a hatched square with their names.
        f'<rect x="{LABEL_WIDTH}" y="4" width="10" height="10" fill="{SOLID}"/>',
        f'<text x="{LABEL_WIDTH + 14}" y="13">{escape(current_label)}</text>',
    ]
    if compare:
        x = LABEL_WIDTH + 110
        parts += [
            f'<rect x="{x}" y="4" width="10" height="10" fill="url(#{pattern})" '
            f'stroke="{SOLID}" stroke-width="1"/>',
            f'<text x="{x + 14}" y="13">{escape(previous_label)}</text>',
        ]
    y = TOP
    for bar in bars:
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 2}" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
        )
        series = [(bar.current, f'fill="{SOLID}"')]
        if compare:
            series.append(
                (bar.previous, f'fill="url(#{pattern})" stroke="{SOLID}" stroke-width="1"')
            )
        for value, paint in series:
            length = 0 if not value else max(1.0, span * min(value, top_value) / top_value)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f"{paint}/>"
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 2}">'
                f"{escape(_text(value, suffix))}</text>"
            )
            y += BAR_HEIGHT + GAP
        y += GROUP_GAP - GAP
    # The axis line at zero.
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 2}" x2="{LABEL_WIDTH}" y2="{y}" '
        f'stroke="{SOLID}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(label: str, limit: int = 9) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"
