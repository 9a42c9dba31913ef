"""Facts read from laboratory results: marrow and blood blasts, marrow cellularity, blood
counts, and chemistry (albumin, bilirubin, AST, ALT, creatinine and its clearance).

Each is the latest result on or before ``as_of`` in the analyte's canonical unit, or as a
multiple of the upper limit of normal, which needs the laboratory's ULN. A result counts
only within the ruleset's window for its kind (blood counts, chemistry); a marrow result
also only after the latest relapse or remission and the start of the latest regimen or
transplant (a transplant replaces the marrow). A
result reported only as a limit (``< 0.1``) is an interval, and decides a threshold only
when the whole interval lies on one side of it. Several results of the latest day are
read together, never the one listed last: when they disagree the fact is the interval
they span (each result's own interval, and each its own ULN), with a remark.
"""

from __future__ import annotations

from datetime import date

from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity, Window
from allmodel.model._dated import disagree
from allmodel.model._labs import Analyte, Comparator, LabResult

__all__ = ["LABS"]

_BLOOD = Validity(window=Window.BLOOD_COUNTS)
_CHEMISTRY = Validity(window=Window.CHEMISTRY)
_MARROW = Validity(
    since=(Since.LATEST_RELAPSE_OR_REMISSION, Since.LATEST_TREATMENT), window=Window.MARROW
)
_ULN = "x ULN"


def _lab(
    name: str, analyte: Analyte, unit: str, description: str, validity: Validity
) -> tuple[FactSpec, Analyte]:
    """A result in the analyte's canonical unit ``unit``."""
    spec = FactSpec(
        name=name,
        type=FactType.NUMBER,
        description=description,
        sources=(f"labs[{analyte}]",),
        unit=unit,
        interval=True,
        validity=validity,
    )
    return spec, analyte


def _uln(
    name: str, analyte: Analyte, description: str, validity: Validity
) -> tuple[FactSpec, Analyte]:
    """A result as a multiple of the laboratory's upper limit of normal."""
    spec = FactSpec(
        name=name,
        type=FactType.NUMBER,
        description=description,
        sources=(f"labs[{analyte}]", f"labs[{analyte}].upper_limit_of_normal"),
        unit=_ULN,
        interval=True,
        validity=validity,
    )
    return spec, analyte


#: Each lab fact with the analyte it reads.
_RESULTS: tuple[tuple[FactSpec, Analyte], ...] = (
    _lab("marrow_blasts_percent", Analyte.MARROW_BLASTS, "%", "Latest marrow blasts.", _MARROW),
    _lab(
        "blood_blasts_percent",
        Analyte.BLOOD_BLASTS,
        "%",
        "Latest peripheral blood blasts.",
        _BLOOD,
    ),
    _lab(
        "marrow_cellularity_percent",
        Analyte.MARROW_CELLULARITY,
        "%",
        "Latest marrow cellularity.",
        _MARROW,
    ),
    _lab("anc", Analyte.ANC, "10^9/L", "Latest absolute neutrophil count.", _BLOOD),
    _lab("platelets", Analyte.PLATELETS, "10^9/L", "Latest platelet count.", _BLOOD),
    _lab("wbc", Analyte.WBC, "10^9/L", "Latest white blood cell count.", _BLOOD),
    _lab("hemoglobin", Analyte.HEMOGLOBIN, "g/dL", "Latest hemoglobin.", _BLOOD),
    _lab("albumin", Analyte.ALBUMIN, "g/dL", "Latest serum albumin.", _CHEMISTRY),
    _lab("bilirubin", Analyte.BILIRUBIN, "mg/dL", "Latest total bilirubin.", _CHEMISTRY),
    _uln(
        "bilirubin_x_uln",
        Analyte.BILIRUBIN,
        "Latest total bilirubin as a multiple of ULN.",
        _CHEMISTRY,
    ),
    _uln("ast_x_uln", Analyte.AST, "Latest AST as a multiple of ULN.", _CHEMISTRY),
    _uln("alt_x_uln", Analyte.ALT, "Latest ALT as a multiple of ULN.", _CHEMISTRY),
    _lab("creatinine", Analyte.CREATININE, "mg/dL", "Latest serum creatinine.", _CHEMISTRY),
    _uln(
        "creatinine_x_uln",
        Analyte.CREATININE,
        "Latest creatinine as a multiple of ULN.",
        _CHEMISTRY,
    ),
    _lab(
        "creatinine_clearance",
        Analyte.CREATININE_CLEARANCE,
        "mL/min",
        "Latest creatinine clearance.",
        _CHEMISTRY,
    ),
)

#: (fact name, analyte, whether it is a multiple of the ULN) of each lab fact.
_READS: tuple[tuple[str, Analyte, bool], ...] = tuple(
    (spec.name, analyte, spec.unit == _ULN) for spec, analyte in _RESULTS
)


#: The comparator of an exact result (a module constant: an enum member looked up on its
#: class costs about 0.2 µs on Python 3.11).
_EXACT = Comparator.EQ


def _latest_labs(
    labs: tuple[LabResult, ...], as_of: date
) -> tuple[dict[Analyte, LabResult], dict[Analyte, list[LabResult]]]:
    """The first result of the latest day on or before ``as_of``, by analyte, and every
    result of that day for the analytes that have several (the order of the list never
    chooses between them)."""
    latest: dict[Analyte, LabResult] = {}
    ties: dict[Analyte, list[LabResult]] = {}
    for lab in labs:
        when = lab.date
        if when <= as_of:
            analyte = lab.analyte
            current = latest.get(analyte)
            if current is None or when > current.date:
                latest[analyte] = lab
                if ties:
                    ties.pop(analyte, None)
            elif when == current.date:
                day = ties.get(analyte)
                if day is None:
                    ties[analyte] = [current, lab]
                else:
                    day.append(lab)
    return latest, ties


def _shown(lab: LabResult, uln: bool) -> str:
    """``< 0.1 mg/dL``: a result as reported (with its ULN when ``uln``)."""
    prefix = "" if lab.comparator is _EXACT else f"{lab.comparator} "
    shown = f"{prefix}{lab.value:g} {lab.unit}"
    if uln:
        limit = lab.upper_limit_of_normal
        shown += " (no ULN)" if limit is None else f" (ULN {limit:g})"
    return shown


def _from_day(r: Record, name: str, day: list[LabResult], uln: bool) -> LabResult | None:
    """The result that gives fact ``name`` when the several results of one day read
    alike; otherwise set the fact from all of them and return ``None``.

    Results that disagree give the interval they span, each result taken as its own
    interval (a limit such as ``< 0.1`` is ``[0, 0.1)``; a multiple of the ULN is each
    result's value over its own ULN, so two ULNs are both spanned). For a multiple of the
    ULN, a result without a ULN is left out when the others have its value, and leaves
    the fact unknown when its value differs from theirs.
    """
    if uln:
        with_uln = [lab for lab in day if lab.upper_limit_of_normal is not None]
        if with_uln and len(with_uln) < len(day):
            values = {lab.bounds(lab.canonical_value) for lab in day}
            if len(values) == 1:
                day = with_uln  # the same value, its ULN given by some: read those
        spans = [
            None if lab.times_upper_limit is None else lab.bounds(lab.times_upper_limit)
            for lab in day
        ]
    else:
        spans = [lab.bounds(lab.canonical_value) for lab in day]
    first = spans[0]
    if all(span == first for span in spans):
        return day[0]
    when = day[0].date
    r.observed[name] = when
    r.remarks[name] = f"{disagree(when)}: {', '.join(sorted(_shown(lab, uln) for lab in day))}"
    known = [span for span in spans if span is not None]
    if len(known) < len(spans):  # a multiple of a ULN not given, of a value that differs
        r.values[name] = None
        return None
    low = min(span[0] for span in known)
    high = max(span[1] for span in known)
    r.values[name] = low
    if high != low:
        r.upper[name] = high
    return None


def _derive_labs(r: Record) -> None:
    latest, ties = _latest_labs(r.patient.labs, r.as_of)
    values, observed = r.values, r.observed
    cutoffs, static, rule_of = r.cutoffs, r.static, r.rule_of
    for name, analyte, uln in _READS:
        lab = latest.get(analyte)
        if lab is None:
            values[name] = None
            continue
        when = lab.date
        rule = rule_of[name]
        cutoff = (static[rule] or cutoffs.get(rule) or r.cutoff(rule))[0]
        if cutoff is not None and when < cutoff and not r.current(name, when):
            values[name] = None
            continue
        if ties:
            day = ties.get(analyte)
            if day is not None:
                found = _from_day(r, name, day, uln)
                if found is None:
                    continue
                lab = found
        value = lab.times_upper_limit if uln else lab.canonical_value
        if value is None:
            values[name] = None
            continue
        observed[name] = when
        if lab.comparator is _EXACT:
            values[name] = value
            continue
        low, high = lab.bounds(value)
        values[name] = low
        if high != low:
            r.upper[name] = high
            r.remarks[name] = f"reported as {lab.comparator} {lab.value:g} {lab.unit}"


#: Laboratory results.
LABS = FactGroup(derive=_derive_labs, facts=tuple(spec for spec, _ in _RESULTS))
