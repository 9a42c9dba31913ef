"""What a score returns: its components, a total or a range of totals, and the outcome band.

A score built from incomplete information is never reported as a number: each unknown
component keeps the range of points it could still give, the result adds those ranges
up, and it names an outcome band only when every total in the range falls in one band.
"""

from __future__ import annotations

from typing import Any

import attrs

from allmodel._display import html_table, jsonable
from allmodel.errors import Problem, ValidationError
from allmodel.model._labs import Analyte, LabResult

__all__ = ["ScoreBand", "ScoreComponent", "ScoreResult"]


def number_text(value: float) -> str:
    """A number for display: up to ten significant digits, no float noise (``2.99``)."""
    return f"{value:.10g}"


def lab_field(analyte: Analyte) -> str:
    """How a derived score names the model field behind an analyte (``labs: marrow_blasts``)."""
    return f"labs: {analyte.value}"


def lab_source(lab: LabResult) -> str:
    """Where a derived value came from, for a component's ``observed`` text."""
    return f"{lab.analyte.value} result of {lab.date.isoformat()}"


@attrs.frozen
class ScoreBand:
    """One outcome band of a score: the totals it covers and the outcome reported for them.

    Args:
        lowest: Lowest total in the band, inclusive.
        highest: Highest total in the band, inclusive.
        outcome: The outcome the source reports for these totals, in our words
            (``3-year overall survival 46 %``).
    """

    lowest: int
    highest: int
    outcome: str

    def contains(self, total: int) -> bool:
        """Whether ``total`` falls in this band."""
        return self.lowest <= total <= self.highest


@attrs.frozen(kw_only=True)
class ScoreComponent:
    """One component of a score: its rule, what was observed, and the points it gives.

    Args:
        name: The input that decides the component, as named in the score's inputs
            class (``marrow_blasts_percent``).
        points: Points given; ``None`` when the input is unknown.
        observed: The value scored, with its unit (``40 %``, ``45 10^9/L``), and for
            patient-derived scores its source; ``None`` when unknown.
        rule: The scoring rule, with the operator the source uses.
        max_points: The most points the component can give.
        possible_points: ``(least, most)`` points still possible. Equal to
            ``(points, points)`` when known; ``(0, max_points)`` by default when unknown,
            narrower when the record rules some values out.
        decided_by: For scores derived from a patient, the model fields that decide the
            component (``course.donor_cmv``, ``labs: marrow_blasts``).

    Raises:
        ValidationError: ``possible_points`` is not an ordered pair within
            ``0..max_points``, or disagrees with known ``points``.
    """

    name: str
    points: int | None
    observed: str | None
    rule: str
    max_points: int
    possible_points: tuple[int, int] = attrs.field()
    decided_by: tuple[str, ...] = ()

    @possible_points.default
    def _possible_by_default(self) -> tuple[int, int]:
        if self.points is None:
            return (0, self.max_points)
        return (self.points, self.points)

    def __attrs_post_init__(self) -> None:
        least, most = self.possible_points
        if not 0 <= least <= most <= self.max_points:
            raise ValidationError(
                [
                    Problem(
                        "possible_points",
                        f"must be ordered within 0..{self.max_points}, got {self.possible_points}",
                    )
                ]
            )
        if self.points is not None and self.possible_points != (self.points, self.points):
            raise ValidationError(
                [Problem("possible_points", f"must be ({self.points}, {self.points}) when known")]
            )

    @property
    def known(self) -> bool:
        """Whether the points of this component are known."""
        return self.points is not None


@attrs.frozen(kw_only=True)
class ScoreResult:
    """A score's answer, with the evidence behind it.

    Only ``name``, ``components``, ``bands``, ``citation`` and ``notes`` are given; the
    rest is derived from the components when the result is made.

    Args:
        name: Which score (``pretransplant_score``).
        components: One entry per component, in the source's order.
        bands: The score's outcome bands, covering every total from 0 to the maximum.
        citation: The reference the score encodes.
        notes: Caveats: interpretations of the source, why a component is unknown, why
            the patient may lie outside the population the score was derived in.

    Attributes:
        total: The sum of the points; ``None`` when any component is unknown.
        total_range: ``(least, most)`` total still possible; ``(total, total)`` when known.
        band: The outcome band's text, when every total in ``total_range`` falls in the
            same band; otherwise ``None``.
        unknown: For each unknown component, its name followed by the model fields that
            would decide it (the latter only for patient-derived scores).
    """

    name: str
    total: int | None = attrs.field(init=False)
    total_range: tuple[int, int] = attrs.field(init=False)
    band: str | None = attrs.field(init=False)
    unknown: tuple[str, ...] = attrs.field(init=False)
    components: tuple[ScoreComponent, ...]
    citation: str
    notes: tuple[str, ...] = ()
    bands: tuple[ScoreBand, ...] = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        least = sum(c.possible_points[0] for c in self.components)
        most = sum(c.possible_points[1] for c in self.components)
        known = all(c.known for c in self.components)
        low_band = self.band_for(least)
        band = low_band.outcome if low_band is not None and low_band.contains(most) else None
        unknown: list[str] = []
        for component in self.components:
            if not component.known:
                unknown.extend(
                    n for n in (component.name, *component.decided_by) if n not in unknown
                )
        object.__setattr__(self, "total", least if known else None)
        object.__setattr__(self, "total_range", (least, most))
        object.__setattr__(self, "band", band)
        object.__setattr__(self, "unknown", tuple(unknown))

    @property
    def maximum(self) -> int:
        """The highest total the score can reach."""
        return sum(c.max_points for c in self.components)

    def band_for(self, total: int) -> ScoreBand | None:
        """The band that ``total`` falls in, or ``None`` if none covers it."""
        for band in self.bands:
            if band.contains(total):
                return band
        return None

    def component(self, name: str) -> ScoreComponent:
        """The component called ``name``.

        Raises:
            KeyError: The score has no such component.
        """
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the result (components, total or range, band, notes)."""
        result: dict[str, Any] = jsonable(self)
        result["maximum"] = self.maximum
        return result

    def _repr_html_(self) -> str:
        rows = [
            (c.name, "?" if c.points is None else c.points, c.observed or "unknown", c.rule)
            for c in self.components
        ]
        if self.total is not None:
            score = f"{self.total} of {self.maximum}"
        else:
            score = f"{self.total_range[0]}-{self.total_range[1]} of {self.maximum} (partial)"
        caption = f"{self.name}: {score}; {self.band or 'band undetermined'}"
        return html_table(
            ("component", "points", "observed", "rule"),
            rows,
            caption=caption,
            notes=(*self.notes, f"source: {self.citation}"),
        )

    def __str__(self) -> str:
        if self.total is not None:
            score = f"{self.total} of {self.maximum}"
        else:
            score = f"{self.total_range[0]}-{self.total_range[1]} of {self.maximum} (partial)"
        lines = [f"{self.name}: {score}; {self.band or 'band undetermined'}"]
        for c in self.components:
            points = "?" if c.points is None else str(c.points)
            lines.append(f"  {c.name}: {points} ({c.observed or 'unknown'}; {c.rule})")
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.append(f"  source: {self.citation}")
        return "\n".join(lines)
