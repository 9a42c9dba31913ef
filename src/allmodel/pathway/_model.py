"""The pathway and its steps: immutable results and their renderings (see the package)."""

from __future__ import annotations

import enum
import json
import textwrap
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs

from allmodel._display import html_table, short_hash
from allmodel.criteria import Jurisdiction
from allmodel.errors import Problem, ValidationError
from allmodel.report import Status
from allmodel.sources import citation_texts

__all__ = ["PATHWAY_FORMAT", "REVIEW_GRADES", "Pathway", "PathwayStep", "StepRole"]

#: Identifies the JSON layout of :meth:`Pathway.to_dict`.
PATHWAY_FORMAT = "allmodel.pathway/2"

#: The only grades a step may carry: the review's own (summary and recommendations).
REVIEW_GRADES: tuple[str, ...] = ("1B", "2B")


class StepRole(enum.StrEnum):
    """What a step is for, in the review's ordering."""

    EVALUATION = "evaluation"
    PREFERRED = "preferred"
    ACCEPTABLE_ALTERNATIVE = "acceptable_alternative"
    CLINICAL_TRIAL = "clinical_trial"
    CNS_DIRECTED = "cns_directed"
    CONSOLIDATION = "consolidation"
    PALLIATION = "palliation"
    NOT_AVAILABLE = "not_available"


def _status_text(status: Status | None) -> str:
    return "not screened" if status is None else status.value


@attrs.frozen(kw_only=True)
class PathwayStep:
    """One step of a pathway.

    Args:
        order: Position in the pathway, from 1.
        role: What the step is for.
        option_ids: Catalogue ids the step points to (empty for an evaluation).
        statuses: The screening status of each option, in the same order; ``None`` when
            the report did not screen that option.
        grade: The review's grade ("1B" or "2B") where the review grades this
            recommendation, else ``None``.
        text: What to do, in a sentence or two of our own words.
        citations: Source ids of the review's sections and references the step encodes
            (``review-summary-and-recommendations``, ``review-ref-7``).
        because: The facts that selected the step, as ``name: value``.

    Raises:
        ValidationError: ``order`` below 1, statuses not matching options, a grade the
            review does not use, or empty text.
    """

    order: int
    role: StepRole
    option_ids: tuple[str, ...]
    statuses: tuple[Status | None, ...]
    grade: str | None
    text: str
    citations: tuple[str, ...]
    because: tuple[str, ...]

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.order < 1:
            problems.append(Problem("order", f"must be >= 1: {self.order}"))
        if len(self.statuses) != len(self.option_ids):
            problems.append(
                Problem(
                    "statuses",
                    f"must have one entry per option ({len(self.option_ids)}):"
                    f" {len(self.statuses)}",
                )
            )
        if self.grade is not None and self.grade not in REVIEW_GRADES:
            problems.append(
                Problem("grade", f"must be one of {', '.join(REVIEW_GRADES)}: {self.grade!r}")
            )
        if not self.text.strip():
            problems.append(Problem("text", "must not be empty"))
        if problems:
            raise ValidationError(problems)

    def options_text(self) -> str:
        """The options with their statuses (``blinatumomab (eligible)``), or ``-``."""
        pairs = zip(self.option_ids, self.statuses, strict=True)
        return ", ".join(f"{i} ({_status_text(s)})" for i, s in pairs) or "-"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of this step (see :meth:`Pathway.to_dict`)."""
        return {
            "order": self.order,
            "role": self.role.value,
            "options": [
                {"id": option_id, "status": None if status is None else status.value}
                for option_id, status in zip(self.option_ids, self.statuses, strict=True)
            ],
            "grade": self.grade,
            "text": self.text,
            "citations": list(self.citations),
            "because": list(self.because),
        }


def _fill(first: str, items: list[str], separator: str, width: int) -> list[str]:
    """Lines of ``items`` joined by ``separator``, broken only between items; continuation
    lines are indented to the end of ``first``."""
    pad = " " * len(first)
    lines = [first + items[0]]
    for item in items[1:]:
        # leave room for the separator that ends a line when the next item wraps
        if len(lines[-1]) + 2 * len(separator) + 1 + len(item) <= width:
            lines[-1] += f"{separator} {item}"
        else:
            lines[-1] += separator
            lines.append(pad + item)
    return lines


def _check_orders(instance: Pathway, attribute: attrs.Attribute[Any], steps: Any) -> None:
    orders = [step.order for step in steps]
    if orders != list(range(1, len(orders) + 1)):
        raise ValidationError([Problem(attribute.name, f"orders must run 1..n: {orders}")])


@attrs.frozen(kw_only=True)
class Pathway:
    """The review's ordering of options for one patient on one date.

    Args:
        as_of: The date the facts and statuses describe.
        jurisdiction: Whose labels the statuses follow.
        ruleset: The ruleset screened.
        ruleset_version: Its version.
        ruleset_hash: Its content hash (:attr:`~allmodel.criteria.Ruleset.content_hash`):
            which exact rules gave the statuses.
        library_version: allmodel's version.
        steps: The steps, in order (orders 1..n).
    """

    as_of: date
    jurisdiction: Jurisdiction
    ruleset: str
    ruleset_version: str
    ruleset_hash: str
    library_version: str
    steps: tuple[PathwayStep, ...] = attrs.field(validator=_check_orders)

    def __repr__(self) -> str:
        roles = ", ".join(f"{step.order} {step.role.value}" for step in self.steps)
        return (
            f"Pathway(as_of={self.as_of.isoformat()}, ruleset={self.ruleset!r}, "
            f"jurisdiction={self.jurisdiction.value!r}, steps=[{roles}])"
        )

    def __iter__(self) -> Iterator[PathwayStep]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def with_role(self, role: StepRole) -> tuple[PathwayStep, ...]:
        """The steps with this role, in order."""
        return tuple(step for step in self.steps if step.role is role)

    def _header_items(self) -> list[str]:
        return [
            f"allmodel {self.library_version} pathway",
            f"ruleset {self.ruleset} {self.ruleset_version} {short_hash(self.ruleset_hash)}",
            f"as of {self.as_of.isoformat()}",
            f"{self.jurisdiction.value} labels",
        ]

    def _header(self) -> str:
        return " | ".join(self._header_items())

    def to_dict(self) -> dict[str, Any]:
        """The pathway as a JSON-ready dict (layout ``allmodel.pathway/2``): the ruleset's
        name, version and content hash, the steps, and ``sources``, the citation text of
        every source id the steps cite (``None`` for an id the registry does not know)."""
        cited = dict.fromkeys(source_id for step in self.steps for source_id in step.citations)
        return {
            "format": PATHWAY_FORMAT,
            "library_version": self.library_version,
            "ruleset": {
                "name": self.ruleset,
                "version": self.ruleset_version,
                "hash": self.ruleset_hash,
            },
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction.value,
            "steps": [step.to_dict() for step in self.steps],
            "sources": citation_texts(cited),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The pathway as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, *, width: int = 100) -> str:
        """Aligned plain text: per step its order, role, grade and options, then the
        sentence, the facts behind it and its sources, wrapped and indented under the options.

        Args:
            width: Line width to wrap at (a fact or citation is never split).
        """
        number = len(str(len(self.steps)))
        role = max((len(step.role.value) for step in self.steps), default=0)
        lines = _fill("", self._header_items(), " |", width)
        if not self.steps:
            lines.append("  (no steps)")
        for step in self.steps:
            head = f"  {step.order:>{number}}. {step.role.value:<{role}}  {step.grade or '':<2}  "
            pad = " " * len(head)
            options = [
                f"{option_id} ({_status_text(status)})"
                for option_id, status in zip(step.option_ids, step.statuses, strict=True)
            ]
            lines += _fill(head, options or ["-"], ",", width)
            lines += textwrap.wrap(
                step.text,
                width=max(width, len(pad) + 20),
                initial_indent=pad,
                subsequent_indent=pad,
                break_long_words=False,
                break_on_hyphens=False,
            )
            lines += _fill(pad + "because: ", list(step.because) or ["-"], ";", width)
            lines += _fill(pad + "sources: ", list(step.citations), ";", width)
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table: order, role, grade, options with statuses, step, because."""
        lines = [
            f"**{self._header()}**",
            "",
            "| # | role | grade | options | step | because | sources |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for step in self.steps:
            options = "<br>".join(
                f"`{option_id}` ({_status_text(status)})"
                for option_id, status in zip(step.option_ids, step.statuses, strict=True)
            )
            cells = (
                str(step.order),
                step.role.value,
                step.grade or "",
                options or "-",
                step.text,
                "<br>".join(step.because),
                "; ".join(step.citations),
            )
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        rows = [
            (
                step.order,
                step.role.value,
                step.grade or "",
                step.options_text(),
                step.text,
                "; ".join(step.because),
            )
            for step in self.steps
        ]
        headers = ("#", "role", "grade", "options", "step", "because")
        return html_table(headers, rows, caption=self._header())
