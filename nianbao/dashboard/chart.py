"""An agency's history as an SVG drawn here, so the page needs no script: per year, the outcomes of
table 三 stacked as bars and the applications received as a line, with the numbers in a caption table
for screen readers and for anyone who wants the figures."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.dashboard.highlight import number

# outcome group → (label, colour); Okabe–Ito colours, told apart without relying on red/green
OUTCOMES: dict[str, tuple[str, str]] = {
    "granted": ("予以公开", "#009E73"),
    "partial": ("部分公开", "#56B4E9"),
    "denied": ("不予公开", "#D55E00"),
    "unavailable": ("无法提供", "#E69F00"),
    "rejected": ("不予处理", "#CC79A7"),
    "other": ("其他处理", "#999999"),
}
NEW_LABEL, NEW_COLOUR = "本年新收申请", "#000000"
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 220, 36, 24, 12


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    segments: tuple[tuple[float, float, str, str], ...]  # y, height, colour, title
    label: str


@dataclass(frozen=True)
class Chart:
    """Coordinates for the template; ``years`` empty means there is nothing to draw."""

    years: tuple[int, ...]
    bars: tuple[Bar, ...]
    line: str  # polyline points of the applications received
    ticks: tuple[tuple[float, str], ...]  # y, label of the value axis
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    base: int = HEIGHT - BOTTOM


def _top(peak: float) -> float:
    """The axis top: four ticks of 1, 2 or 5 × 10ⁿ reaching ``peak``."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if step * 4 >= peak:
                return float(step * 4)
        magnitude *= 10


def chart(history: dict[int, dict[str, float]]) -> Chart:
    years = tuple(sorted(history))
    if not years:
        return Chart((), (), "", ())
    peak = max(max(h["new"], sum(h[k] for k in OUTCOMES)) for h in history.values())
    top = _top(peak)
    base, span = HEIGHT - BOTTOM, HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / len(years)

    def y(value: float) -> float:
        return round(base - value / top * span, 1)

    bars, points = [], []
    for i, year in enumerate(years):
        h, x, stacked, segments = history[year], LEFT + i * slot, 0.0, []
        for key, (label, colour) in OUTCOMES.items():
            if h[key]:
                segments.append((y(stacked + h[key]), round(h[key] / top * span, 1), colour,
                                 f"{year} 年{label} {number(h[key])} 件"))
                stacked += h[key]
        bars.append(Bar(round(x + slot * 0.2, 1), round(slot * 0.6, 1), tuple(segments), str(year)))
        points.append(f"{round(x + slot / 2, 1)},{y(h['new'])}")
    ticks = tuple((y(top * k / 4), number(top * k / 4)) for k in range(5))
    return Chart(years, tuple(bars), " ".join(points), ticks)
