"""Label placement: each label inside the axes at the first spot where it crosses nothing.

Works in display pixels once the layout is frozen: lines, curves and points
are obstacles; each label tries its spots in order of preference and takes the
first free one (or the least crowded when none is free). Deterministic: same
inputs, same places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox, Transform

from core.charts.canvas import DPI, INK, PAYBACK, SIZE_LABEL, rounded_box, text_style
from core.charts.layout import two_lines, wrap

__all__ = ["Scene"]

LABEL_PAD_PX = 7.0
"""Free space kept around a label (its rounded box plus a margin)."""

LINE_GAP = 11.0
"""Points between a line and its label: clear of the label's frame and free space."""
OUTSIDE = 8
"""The clash count of a box outside the axes: more than an arrow across two labels."""
OVER = 5
"""The clash count of a box over a label or a point: hiding one is worse than crossing a
line or having an arrow cross two labels, better than being cut off."""
ARROW_ACROSS = 2
"""The clash count of an arrow across a label."""

HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]


@dataclass(frozen=True, slots=True)
class _Spot:
    """One place to try for a label: anchor ``xy``, text offset in points, alignment."""

    xy: tuple[float, float]
    offset: tuple[float, float]
    ha: HAlign
    va: VAlign


def _box_at(spot: _Spot, coords: Transform, width: float, height: float, pad: float) -> Bbox:
    """Where a label's framed box lands, in pixels, when its anchor is at ``spot``."""
    x, y = coords.transform(spot.xy)
    x += spot.offset[0] * DPI / 72
    y += spot.offset[1] * DPI / 72
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[spot.ha]
    y0 = {"bottom": y, "center": y - height / 2, "top": y - height}[spot.va]
    return Bbox.from_extents(x0 - pad, y0 - pad, x0 + width + pad, y0 + height + pad)


class Scene:
    """Places labels inside the axes where they cross no line, point or other label.

    Works in display pixels once the layout is frozen: each label tries its
    spots in order of preference and takes the first free one (or the least
    crowded when none is free). Deterministic: same inputs, same places.
    """

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.frame = ax.get_window_extent(renderer)
        self.paths: list[Path] = []
        self.taken: list[Bbox] = []

    def avoid_curve(self, months: Sequence[int], values: Sequence[float], steps: bool) -> None:
        """Keep labels off a curve as drawn (``steps``: the ``steps-pre`` corners included)."""
        points = [(float(months[0]), values[0])]
        for month, value in zip(months[1:], values[1:], strict=True):
            if steps:
                points.append((points[-1][0], value))
            points.append((float(month), value))
        self.paths.append(Path(self.ax.transData.transform(points)))

    def avoid_level(self, y: float) -> None:
        """Keep labels off a horizontal line across the axes at ``y``."""
        _, level = self.ax.transData.transform((0.0, y))
        frame = self.frame
        self.paths.append(Path([(frame.x0, level), (frame.x1, level)]))

    def avoid_point(self, point: tuple[float, float], radius_px: float) -> None:
        x, y = self.ax.transData.transform(point)
        self.taken.append(
            Bbox.from_extents(x - radius_px, y - radius_px, x + radius_px, y + radius_px)
        )

    def label_line(
        self,
        text: str,
        y: float,
        colour: str,
        prefer: Sequence[Literal["left", "center", "right"]],
    ) -> None:
        """A label right above (or below) the horizontal line at ``y``, at one of its ends;
        when a curve hugs the line there, further below, in the line's colour."""
        anchor_x = {"left": 0.012, "center": 0.5, "right": 0.988}
        spots = [
            _Spot((anchor_x[where], y), (0.0, dy), where, "bottom" if dy > 0 else "top")
            for offsets in ((LINE_GAP, -LINE_GAP), (-50.0, -95.0))
            for where in prefer
            for dy in offsets
        ]
        coords = self.ax.get_yaxis_transform()
        box = rounded_box(0.2, "white", "none", alpha=0.85)
        self._place(self._annotate(text, spots, coords, SIZE_LABEL, colour, box), spots, coords)

    def annotate_point(self, text: str, point: tuple[float, float]) -> None:
        """A label near ``point`` with an arrow to it, preferring below and to the right."""
        offsets = [
            (dx, dy)
            for dy in (-45.0, -80.0, -120.0, -170.0, 45.0, 80.0, 120.0, 170.0)
            for dx in (40.0, 90.0, 150.0, -40.0, -90.0, -150.0)
        ]
        offsets.sort(
            key=lambda o: (
                math.hypot(o[0], o[1] * 1.4) + (0 if o[0] > 0 else 60) + (0 if o[1] < 0 else 25)
            )
        )
        spots = [
            _Spot(
                point,
                offset,
                "left" if offset[0] > 0 else "right",
                "top" if offset[1] < 0 else "bottom",
            )
            for offset in offsets
        ]
        box = rounded_box(0.35, "white", PAYBACK, linewidth=2.0)
        arrow = {
            "arrowstyle": "-|>",
            "color": INK,
            "lw": 2.0,
            "shrinkA": 2,
            "shrinkB": 11,
            "mutation_scale": 22,
        }
        label = self._annotate(text, spots, "data", SIZE_LABEL + 1, INK, box, arrow)
        self._place(label, spots, self.ax.transData, target=point)

    def note(self, text: str, background: str, edge: str) -> None:
        """A boxed message somewhere free inside the axes, preferring the centre and corners."""
        places: list[tuple[float, float, HAlign, VAlign]] = [
            (0.5, 0.5, "center", "center"),
            (0.97, 0.05, "right", "bottom"),
            (0.03, 0.95, "left", "top"),
            (0.5, 0.95, "center", "top"),
            (0.97, 0.95, "right", "top"),
            (0.5, 0.05, "center", "bottom"),
        ]
        for fy in (0.35, 0.65, 0.2, 0.8):
            places.extend(
                [
                    (0.5, fy, "center", "center"),
                    (0.97, fy, "right", "center"),
                    (0.03, fy, "left", "center"),
                ]
            )
        spots = [_Spot((x, y), (0.0, 0.0), ha, va) for x, y, ha, va in places]
        box = rounded_box(0.5, background, edge, linewidth=2.0)
        label = self._annotate(text, spots, self.ax.transAxes, SIZE_LABEL, INK, box)
        self._place(label, spots, self.ax.transAxes)

    def _annotate(
        self,
        text: str,
        spots: Sequence[_Spot],
        xycoords: str | Transform,
        size: float,
        colour: str,
        box: dict[str, Any],
        arrow: dict[str, Any] | None = None,
    ) -> Annotation:
        """A bold label in a ``box`` at the first of ``spots``, for :meth:`_place` to move."""
        return self.ax.annotate(
            text,
            xy=spots[0].xy,
            xycoords=xycoords,
            xytext=spots[0].offset,
            textcoords="offset points",
            arrowprops=arrow,
            zorder=7,
            bbox=box,
            **text_style(size, colour, bold=True),
        )

    def _place(
        self,
        label: Annotation,
        spots: Sequence[_Spot],
        coords: Transform,
        target: tuple[float, float] | None = None,
    ) -> None:
        """Move ``label`` to the first free spot; ``target`` is the data point its arrow shows.

        A one-line label with no free spot tries again on two lines (narrower) and
        keeps whichever form crosses less.
        """
        label.set_in_layout(False)
        self._fit(label, spots[0])
        best = self._best(label, spots, coords, target)
        text = label.get_text()
        if best[0] > 0 and "\n" not in text:
            label.set_text(two_lines(text))
            narrow = self._best(label, spots, coords, target)
            if narrow[0] < best[0]:
                best = narrow
            else:
                label.set_text(text)
        self._move(label, spots[best[1]])
        self.taken.append(self._extent(label))

    def _best(
        self,
        label: Annotation,
        spots: Sequence[_Spot],
        coords: Transform,
        target: tuple[float, float] | None,
    ) -> tuple[int, int]:
        """How badly the label sits at its best spot, and that spot's index: the first free
        one, else the least crowded.

        The label is measured once; its box at each spot follows from the
        anchor (``spot.xy`` in ``coords``), the offset and the alignment.
        """
        frame = self._extent(label)
        inner = Text.get_window_extent(label, self.renderer)
        pad = inner.x0 - frame.x0
        best: tuple[int, int] | None = None
        for index, spot in enumerate(spots):
            box = _box_at(spot, coords, inner.width, inner.height, pad)
            clashes = self._clashes(box)
            if target is not None:
                clashes += self._arrow_clashes(box, target)
            if clashes == 0:
                return 0, index
            if best is None or clashes < best[0]:
                best = (clashes, index)
        assert best is not None
        return best

    def _fit(self, label: Annotation, spot: _Spot) -> None:
        """Wrap a label wider than the axes onto more lines (its type keeps its size)."""
        self._move(label, spot)
        label.set_multialignment("center")
        wrap(label, self.renderer, self.frame.width * 0.94)

    @staticmethod
    def _move(label: Annotation, spot: _Spot) -> None:
        label.xy = spot.xy
        label.xyann = spot.offset
        label.set_horizontalalignment(spot.ha)
        label.set_verticalalignment(spot.va)

    def _extent(self, label: Annotation) -> Bbox:
        """The label's box as drawn (text plus its rounded frame), in pixels."""
        label.update_positions(self.renderer)
        label.update_bbox_position_size(self.renderer)
        patch = label.get_bbox_patch()
        if patch is None:
            return Text.get_window_extent(label, self.renderer)
        return patch.get_window_extent(self.renderer)

    def _arrow_clashes(self, box: Bbox, target: tuple[float, float]) -> int:
        """Labels crossed by the arrow from ``box`` to the data point ``target``."""
        x, y = self.ax.transData.transform(target)
        arrow = Path([((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), (x, y)])
        return ARROW_ACROSS * sum(
            bool(arrow.intersects_bbox(other, filled=False))
            for other in self.taken
            if not other.contains(x, y)
        )

    def _clashes(self, box: Bbox) -> int:
        """How badly ``box`` is placed: outside the axes (may be cut off: worst), across
        a line, over a label."""
        clashes = 0
        frame = self.frame
        if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
            clashes += OUTSIDE
        room = box.padded(LABEL_PAD_PX)
        clashes += sum(bool(path.intersects_bbox(room, filled=False)) for path in self.paths)
        clashes += sum(room.overlaps(other) for other in self.taken) * OVER
        return clashes
