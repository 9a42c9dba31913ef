"""The screening report: one result per option, and its renderings.

A :class:`Report` is immutable. Each :class:`OptionResult` has the option's id, kind,
name and citations and a :class:`Status`; the explanation (which criteria failed, which
are unknown, which model fields would decide them, and the full evidence tree) is
computed on first access, so bulk screening pays for it only when someone reads it, and
only for what is read: an eligible result reports no criteria, and the failed or unknown
criteria of the others are found without building the evidence of the rest of the tree.

Renderings: :meth:`Report.to_dict` / :meth:`Report.to_json` (format
``allmodel.report/2``, documented in the README), :meth:`Report.to_text`,
:meth:`Report.to_markdown` and :meth:`Report.to_records` (one flat row per option, for
pandas). Every rendering names the ruleset by name, version and content hash; the JSON
also resolves every source id its results cite, once per report. A report never contains
a patient identifier; ``to_records`` takes the caller's own patient key.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import attrs

from allmodel._display import html_table, option_result_html, short_hash, status_badge
from allmodel._report_fhir import guidance_response
from allmodel.criteria import Context, Jurisdiction, NodeResult, Option, OptionKind, Truth, evaluate
from allmodel.criteria._explain import (
    Shown,
    failed_nodes,
    reported_ids,
    shown_nodes,
    unknown_nodes,
)
from allmodel.errors import RuleError
from allmodel.facts import Facts
from allmodel.sources import citation_texts
from allmodel.sources._markers import marked_ids

__all__ = ["REPORT_FORMAT", "OptionResult", "Report", "Status", "StatusCode"]

#: Identifies the JSON layout of :meth:`Report.to_dict`; it changes only with a new number.
REPORT_FORMAT = "allmodel.report/2"


class Status(enum.StrEnum):
    """An option's screening result."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"

    @classmethod
    def from_truth(cls, truth: int) -> Status:
        """Map a truth value (0, 1, 2) to a status."""
        return _FROM_TRUTH[truth]


_FROM_TRUTH = (Status.NOT_ELIGIBLE, Status.UNKNOWN, Status.ELIGIBLE)

#: The values of :class:`Status`, for arguments that take either.
StatusCode: TypeAlias = Literal["eligible", "not_eligible", "unknown"]


@attrs.frozen(kw_only=True)
class OptionResult:
    """The result of one option for one patient.

    Args:
        option: The option screened.
        status: Eligible, not eligible or unknown.
        facts: The patient's facts (kept to explain on request; never shown).
        context: The evaluation context.
    """

    option: Option = attrs.field(repr=False)
    status: Status
    facts: Facts = attrs.field(repr=False, eq=False)
    context: Context = attrs.field(repr=False, eq=False)

    @property
    def id(self) -> str:
        """The option's id."""
        return self.option.id

    @property
    def kind(self) -> OptionKind:
        """Therapy or trial."""
        return self.option.kind

    @property
    def name(self) -> str:
        """The option's display name."""
        return self.option.name

    @property
    def citations(self) -> tuple[str, ...]:
        """The option's citations."""
        return self.option.citations

    @functools.cached_property
    def evaluation(self) -> NodeResult:
        """The full evidence tree (computed on first access)."""
        return evaluate(self.option.criteria, self.facts, self.context)

    @functools.cached_property
    def failed(self) -> tuple[NodeResult, ...]:
        """The criteria that make the option not eligible (empty unless not eligible).

        The nodes of :attr:`evaluation` that ``evaluation.failed()`` gives, but only
        their evidence is built (the status is the tree's root truth, so the other
        statuses report nothing here).
        """
        if self.status is not Status.NOT_ELIGIBLE:
            return ()
        return failed_nodes(self.option.criteria, self.facts, self.context)

    @functools.cached_property
    def unknown(self) -> tuple[NodeResult, ...]:
        """The criteria that keep the option unknown (empty unless unknown); like
        :attr:`failed`, only their evidence is built."""
        if self.status is not Status.UNKNOWN:
            return ()
        return unknown_nodes(self.option.criteria, self.facts, self.context)

    @property
    def missing(self) -> tuple[str, ...]:
        """The model fields that would decide the unknown criteria."""
        if self.status is not Status.UNKNOWN:
            return ()
        found: dict[str, None] = {}
        for node in self.unknown:
            found.update(dict.fromkeys(node.missing))
        return tuple(found)

    def outline(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The ids of :attr:`failed` and of :attr:`unknown`, and :attr:`missing`, found
        without building their evidence (for tables and JSON Lines, which show ids)."""
        status = self.status
        if status is Status.ELIGIBLE:
            return (), (), ()
        failed, unknown, missing = reported_ids(self.option.criteria, self.facts, self.context)
        if status is Status.NOT_ELIGIBLE:
            return failed, (), ()
        return (), unknown, missing

    def __repr__(self) -> str:
        return (
            f"OptionResult(id={self.id!r}, kind={self.kind.value!r}, status={self.status.value!r})"
        )

    def _repr_html_(self) -> str:
        return option_result_html(self)

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """JSON-ready dict of this result (see :meth:`Report.to_dict`)."""
        option = _described(self.option)
        status = self.status
        result: dict[str, Any] = {
            "id": option.id,
            "kind": option.kind,
            "name": option.name,
            "status": _VALUES[status],
            "failed": [],
            "unknown": [],
            "missing": [],
            "citations": list(option.citations),
            "registry_ids": list(option.registry_ids),
            "notes": list(option.notes),
        }
        if status is not Status.ELIGIBLE:  # the fields of failed/unknown, no evidence made
            truth, shown = shown_nodes(self.option.criteria, self.facts, self.context)
            if status is Status.NOT_ELIGIBLE and truth == Truth.FALSE:
                result["failed"] = [_criterion(node) for node in shown]
            elif status is Status.UNKNOWN and truth == Truth.UNKNOWN:
                result["unknown"] = [_criterion(node) for node in shown]
                missing: dict[str, None] = {}
                for node in shown:
                    missing.update(dict.fromkeys(node.missing))
                result["missing"] = list(missing)
        if evidence:
            result["evidence"] = _tree(self.evaluation)
        return result


#: The value of each status (faster than the enum's ``value`` property in a loop).
_VALUES: dict[Status, StatusCode] = {status: status.value for status in Status}


@attrs.frozen
class _Described:
    """What a result's document says of its option, whatever the patient (made once per
    option by :func:`_described`)."""

    option: Option
    id: str
    kind: str
    name: str
    citations: tuple[str, ...]
    registry_ids: tuple[str, ...]
    notes: tuple[str, ...]
    marked: tuple[str, ...]  # the source ids its notes mark, in order


# By the option's identity (hashing an option would walk its criteria); each entry keeps
# its option alive, so ids are not reused.
_descriptions: dict[int, _Described] = {}
_DESCRIPTIONS_LIMIT = 2_000  # bounded: options built on the fly must not pile up


def _described(option: Option) -> _Described:
    found = _descriptions.get(id(option))
    if found is None or found.option is not option:
        marked: dict[str, None] = {}
        for note in option.notes:
            marked.update(dict.fromkeys(marked_ids(note)))
        found = _Described(
            option,
            option.id,
            option.kind.value,
            option.name,
            option.citations,
            option.registry_ids,
            option.notes,
            tuple(marked),
        )
        if len(_descriptions) >= _DESCRIPTIONS_LIMIT:
            _descriptions.clear()
        _descriptions[id(option)] = found
    return found


def _criterion(node: NodeResult | Shown) -> dict[str, Any]:
    """What a report's document shows of a failed or unknown node: the same dict from its
    :class:`NodeResult` or from what :func:`shown_nodes` gives of it (a test checks it)."""
    found: dict[str, Any] = {
        "id": node.id,
        "text": node.text,
        "observed": node.observed,
        "expected": node.expected,
        "citations": list(node.citations),
    }
    if node.validity is not None:
        found["validity"] = node.validity
    return found


def _tree(node: NodeResult) -> dict[str, Any]:
    found: dict[str, Any] = {"id": node.id, "kind": node.kind, "text": node.text}
    found["status"] = ("false", "unknown", "true")[node.status]
    for key in ("fact", "observed", "expected", "validity"):
        value = getattr(node, key)
        if value is not None:
            found[key] = value
    if node.missing:
        found["missing"] = list(node.missing)
    if node.citations:
        found["citations"] = list(node.citations)
    if node.children:
        found["children"] = [_tree(child) for child in node.children]
    return found


def _cite(found: dict[str, None], result: OptionResult, document: dict[str, Any]) -> None:
    """Adds to ``found`` the source ids one result's document cites, in order of first
    appearance: the option's citations, the citations of its criteria (failed, unknown,
    and every node of the evidence tree when present) and the ``[id]`` markers of its
    notes."""
    found.update(dict.fromkeys(document["citations"]))
    for node in document["failed"]:
        found.update(dict.fromkeys(node["citations"]))
    for node in document["unknown"]:
        found.update(dict.fromkeys(node["citations"]))
    pending = [document["evidence"]] if "evidence" in document else []
    while pending:
        node = pending.pop(0)
        found.update(dict.fromkeys(node.get("citations", ())))
        pending[:0] = node.get("children", ())
    found.update(dict.fromkeys(_described(result.option).marked))


def result_reason(result: OptionResult) -> str:
    """A one-line reason: the first failed criterion, or what is missing."""
    if result.status is Status.NOT_ELIGIBLE:
        node = result.failed[0] if result.failed else None
        if node is None:
            return ""
        if not node.observed:
            return node.text
        if node.kind == "not" and node.children:
            # a Not is false because its part is true: name the part, not "is yes"
            return f"{node.text} ({node.children[0].text}: {node.observed})"
        return f"{node.text} (is {node.observed})"
    if result.status is Status.UNKNOWN:
        text = "needs " + ", ".join(result.missing) if result.missing else ""
        by_remark: dict[str, dict[str, None]] = {}
        for node in result.unknown:
            if node.fact is not None and node.remark is not None:
                by_remark.setdefault(node.remark, {})[node.fact] = None
        if by_remark:
            text += " (" + "; ".join(f"{', '.join(f)}: {r}" for r, f in by_remark.items()) + ")"
        return text
    return ""


class _Pending(Protocol):
    """What a screened report holds before its results are made (implemented by
    :class:`allmodel._screened.Pending`, which imports this module)."""

    @property
    def ids(self) -> tuple[str, ...]:
        """The option ids, in order."""

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Each option's status, in order."""

    def results(self) -> tuple[OptionResult, ...]:
        """Every result, in order, each made once."""

    def result(self, index: int) -> OptionResult:
        """The result of option ``index``, made once."""


@attrs.frozen(kw_only=True)
class Report:
    """The screening of one patient against a ruleset's options.

    A report made by screening holds each option's status and the patient's facts, and
    makes the :class:`OptionResult` objects when they are read (``results``, iteration,
    ``report[id]``, :meth:`with_status`), each once; :attr:`statuses`, :attr:`ids`,
    ``len()`` and the repr read the statuses without making any. The results are the same
    as those given to the constructor.

    Args:
        as_of: The date screened.
        jurisdiction: Whose labels applied.
        ruleset: The ruleset's name.
        ruleset_version: Its version.
        ruleset_hash: Its content hash (:attr:`~allmodel.criteria.Ruleset.content_hash`):
            which exact rules gave these results.
        library_version: allmodel's version.
        results: One result per option, in ruleset order then local options.
    """

    as_of: date
    jurisdiction: Jurisdiction
    ruleset: str
    ruleset_version: str
    ruleset_hash: str
    library_version: str
    results: tuple[OptionResult, ...] = attrs.field(repr=False)
    #: The statuses and what the results are made from, for a report made by screening
    #: (:func:`allmodel._screened.screened_report`; ``None``: the results were given, or
    #: have all been made).
    _pending: _Pending | None = attrs.field(default=None, init=False, eq=False, repr=False)

    if not TYPE_CHECKING:  # hidden from mypy: it would make every attribute Any

        def __getattr__(self, name: str) -> Any:
            # called only for an unset slot: the results of a report made by screening
            pending = object.__getattribute__(self, "_pending")
            if pending is None or name != "results":
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            return self._made(pending)

    def _made(self, pending: _Pending) -> tuple[OptionResult, ...]:
        """Make the results of a report made by screening, keep them, and give them."""
        results = pending.results()
        _SET_RESULTS(self, results)
        _SET_PENDING(self, None)  # the results say all it held
        return results

    def __getstate__(self) -> dict[str, Any]:
        """Every field, the results made (for pickle and copy)."""
        return {field.name: getattr(self, field.name) for field in _REPORT_FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_pending", None)

    def __repr__(self) -> str:
        statuses = self._statuses()
        counts = ", ".join(f"{status.value}={statuses.count(status)}" for status in Status)
        return (
            f"Report(as_of={self.as_of.isoformat()}, ruleset={self.ruleset!r}, "
            f"jurisdiction={self.jurisdiction.value!r}, {counts})"
        )

    def __iter__(self) -> Iterator[OptionResult]:
        pending = self._pending
        # made here without asking for the unset slot first (which raises, then calls
        # __getattr__): iteration is how status-only screening reads a report
        return iter(self.results if pending is None else self._made(pending))

    def __len__(self) -> int:
        return len(self._statuses())

    def __getitem__(self, option_id: str) -> OptionResult:
        pending = self._pending
        if pending is not None:
            if option_id in pending.ids:
                return pending.result(pending.ids.index(option_id))
        else:
            for result in self.results:
                if result.id == option_id:
                    return result
        raise RuleError(f"the report has no option {option_id!r}")

    def _statuses(self) -> tuple[Status, ...]:
        pending = self._pending
        if pending is not None:
            return pending.statuses
        return tuple(result.status for result in self.results)

    @property
    def ids(self) -> tuple[str, ...]:
        """The option ids, in order."""
        pending = self._pending
        if pending is not None:
            return pending.ids
        return tuple(result.id for result in self.results)

    @property
    def statuses(self) -> dict[str, Status]:
        """Each option's status, by option id, in order (no result objects are made)."""
        return dict(zip(self.ids, self._statuses(), strict=True))

    def with_status(self, status: Status | StatusCode) -> tuple[OptionResult, ...]:
        """The results with this status (a :class:`Status` or its value), in order.

        Raises:
            RuleError: ``status`` is not a status (``"eligable"``): never an empty answer.
        """
        try:
            wanted = Status(status)
        except ValueError:
            allowed = ", ".join(member.value for member in Status)
            raise RuleError(f"unknown status {status!r} (allowed: {allowed})") from None
        pending = self._pending
        if pending is not None:
            return tuple(
                pending.result(index)
                for index, found in enumerate(pending.statuses)
                if found is wanted
            )
        return tuple(result for result in self.results if result.status is wanted)

    @property
    def eligible(self) -> tuple[OptionResult, ...]:
        """The eligible results."""
        return self.with_status(Status.ELIGIBLE)

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """The report as a JSON-ready dict (layout ``allmodel.report/2``).

        ``ruleset`` gives the ruleset's name, version and content hash; ``sources`` maps
        every source id the results cite (the options' citations and notes, their
        failed and unknown criteria, and with ``evidence`` every node of the trees) to its
        citation text from :mod:`allmodel.sources`, once per report, in order of first
        appearance; an id the registry does not know (a local trial's own reference) maps
        to ``None``.

        Args:
            evidence: Include each option's full evidence tree.
        """
        results = []
        cited: dict[str, None] = {}
        for result in self.results:
            document = result.to_dict(evidence=evidence)
            _cite(cited, result, document)
            results.append(document)
        return {
            "format": REPORT_FORMAT,
            "library_version": self.library_version,
            "ruleset": {
                "name": self.ruleset,
                "version": self.ruleset_version,
                "hash": self.ruleset_hash,
            },
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction.value,
            "results": results,
            "sources": citation_texts(cited),
        }

    def to_fhir(self, *, subject: str | None = None) -> dict[str, Any]:
        """The report as a FHIR R4 ``GuidanceResponse`` (decoded JSON), for a FHIR server.

        It names the ruleset (``moduleUri``) and carries its name, version and content
        hash; a contained ``RequestGroup`` holds one action per option with its status,
        reason, missing facts and sources (see :mod:`allmodel._report_fhir`).

        Args:
            subject: The hospital's reference to the patient (``Patient/123``), if any.
        """
        reasons = {result.id: result_reason(result) for result in self.results}
        return guidance_response(self.to_dict(), reasons, subject=subject)

    def to_json(self, *, evidence: bool = False, indent: int | None = 2) -> str:
        """The report as JSON text (keys in a fixed order; stable for diffs)."""
        return json.dumps(self.to_dict(evidence=evidence), indent=indent, ensure_ascii=False)

    def to_records(self, patient_key: str | None = None) -> list[dict[str, Any]]:
        """One flat row per option, for ``pandas.DataFrame(records)``.

        Args:
            patient_key: The caller's own key for the patient (never taken from the
                record's identifiers).
        """
        as_of, jurisdiction = self.as_of.isoformat(), self.jurisdiction.value
        rows = []
        for result in self.results:
            failed, unknown, missing = result.outline()
            rows.append(
                {
                    "patient": patient_key,
                    "as_of": as_of,
                    "ruleset": self.ruleset,
                    "ruleset_version": self.ruleset_version,
                    "ruleset_hash": self.ruleset_hash,
                    "jurisdiction": jurisdiction,
                    "option_id": result.id,
                    "kind": _described(result.option).kind,
                    "status": _VALUES[result.status],
                    "failed": "; ".join(failed),
                    "unknown": "; ".join(unknown),
                    "missing": "; ".join(missing),
                }
            )
        return rows

    def _header(self) -> str:
        return (
            f"allmodel {self.library_version} | ruleset {self.ruleset} {self.ruleset_version} "
            f"{short_hash(self.ruleset_hash)} | as of {self.as_of.isoformat()} "
            f"| {self.jurisdiction.value} labels"
        )

    def to_text(self) -> str:
        """Aligned plain text: one line per option with its status and reason."""
        width = max((len(result.id) for result in self.results), default=0)
        lines = [self._header()]
        for kind in OptionKind:
            rows = [result for result in self.results if result.kind is kind]
            if not rows:
                continue
            lines.append("therapies:" if kind is OptionKind.THERAPY else "trial archetypes:")
            for result in rows:
                reason = result_reason(result)
                tail = f"  {reason}" if reason else ""
                lines.append(f"  {result.status.value:<13} {result.id:<{width}}{tail}".rstrip())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table: option, kind, status, reason."""
        lines = [
            f"**{self._header()}**",
            "",
            "| option | kind | status | reason |",
            "| --- | --- | --- | --- |",
        ]
        for result in self.results:
            reason = result_reason(result).replace("|", "\\|")
            lines.append(
                f"| `{result.id}` | {result.kind.value} | {result.status.value} | {reason} |"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        rows = [
            (r.id, r.kind.value, status_badge(r.status.value), result_reason(r))
            for r in self.results
        ]
        return html_table(("option", "kind", "status", "reason"), rows, caption=self._header())


#: The fields of :class:`Report` given to its ``__init__`` (all but ``_pending``).
_REPORT_FIELDS = tuple(field for field in attrs.fields(Report) if field.init)
_SET_RESULTS = Report.__dict__["results"].__set__
_SET_PENDING = Report.__dict__["_pending"].__set__
