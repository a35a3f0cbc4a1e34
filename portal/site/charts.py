"""Geometry of the charts of the public pages, drawn as inline SVG by templates: no script, no library.

Every chart has a table with the same figures beside it (templates/site/_bar_chart.html, the map's table).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 660
LABEL_WIDTH = 250
BAR_AREA = 340
ROW = 28
LABEL_CHARACTERS = 34
MAP_FILE = Path(__file__).resolve().parent / "data" / "world-110m.json"
# Upper bounds of the map's classes (practices per country); the last class is open-ended.
MAP_CLASSES = (0, 1, 3, 9)


@dataclass
class Bar:
    key: str
    label: str
    value: float
    url: str = ""


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(bars, *, rtl: bool = False) -> dict:
    """Horizontal bars, longest = BAR_AREA; mirrored for right-to-left languages (labels on the right).

    The SVG itself is always laid out left to right (`direction="ltr"`), so the coordinates mean one
    thing; mirroring is done here by placing labels, bars and values explicitly.
    """
    top = max((float(bar.value) for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        length = round(BAR_AREA * float(bar.value) / top, 1)
        if bar.value and length < 1:
            length = 1
        y = index * ROW
        if rtl:
            rows.append(
                {
                    "bar": bar,
                    "short": _short(bar.label),
                    "y": y,
                    "width": length,
                    "label_x": WIDTH,
                    "label_anchor": "end",
                    "bar_x": WIDTH - LABEL_WIDTH - length,
                    "value_x": WIDTH - LABEL_WIDTH - length - 6,
                    "value_anchor": "end",
                }
            )
        else:
            rows.append(
                {
                    "bar": bar,
                    "short": _short(bar.label),
                    "y": y,
                    "width": length,
                    "label_x": 0,
                    "label_anchor": "start",
                    "bar_x": LABEL_WIDTH,
                    "value_x": LABEL_WIDTH + length + 6,
                    "value_anchor": "start",
                }
            )
    return {"rows": rows, "width": WIDTH, "height": max(len(rows), 1) * ROW}


@cache
def _world() -> dict:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def map_class(value: int) -> int:
    """0 for no practice, then 1..len(MAP_CLASSES) from the fewest to the most."""
    for index, bound in enumerate(MAP_CLASSES):
        if value <= bound:
            return index
    return len(MAP_CLASSES)


def map_legend() -> list[tuple[int, str]]:
    legend = [(0, _("none"))]
    for index in range(1, len(MAP_CLASSES) + 1):
        low = MAP_CLASSES[index - 1] + 1
        if index == len(MAP_CLASSES):
            legend.append((index, _("%(low)s or more") % {"low": low}))
        elif MAP_CLASSES[index] == low:
            legend.append((index, str(low)))
        else:
            legend.append((index, _("%(low)s to %(high)s") % {"low": low, "high": MAP_CLASSES[index]}))
    return legend


@dataclass
class MapShape:
    code: str
    path: str
    level: int
    title: str


def world_map(counts: dict[str, tuple[str, int]]) -> dict:
    """Country shapes coloured by class; `counts` maps ISO alpha-2 to (name, practices).

    Countries with practices get a <title> (shown on hover, read by screen readers exploring the image);
    the rest are drawn as a silent background.
    """
    world = _world()
    shapes = []
    for code, path in world["paths"].items():
        name, value = counts.get(code, ("", 0))
        title = (
            ngettext("%(country)s: %(count)s practice", "%(country)s: %(count)s practices", value)
            % {"country": name, "count": value}
            if value
            else ""
        )
        shapes.append(MapShape(code, path, map_class(value), title))
    # Coloured countries last, so their borders are drawn over their neighbours'.
    shapes.sort(key=lambda shape: shape.level)
    drawn = {shape.code for shape in shapes}
    return {
        "shapes": shapes,
        "width": world["width"],
        "height": world["height"],
        "legend": map_legend(),
        "undrawn": sorted(name for code, (name, value) in counts.items() if value and code not in drawn),
    }
