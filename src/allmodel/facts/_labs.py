"""Facts read from laboratory results: marrow and blood blasts, marrow cellularity, blood
counts, and chemistry (albumin, bilirubin, AST, ALT, creatinine and its clearance).

Each is the latest result on or before ``as_of`` in the analyte's canonical unit, or as a
multiple of the upper limit of normal, which needs the laboratory's ULN. A result counts
only within the ruleset's window for its kind (blood counts, chemistry); a marrow result
also only after the latest relapse or remission and the start of the latest regimen or
transplant (a transplant replaces the marrow). A
result reported only as a limit (``< 0.1``) is an interval, and decides a threshold only
when the whole interval lies on one side of it.
"""

from __future__ import annotations

from datetime import date

from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity, Window
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


def _latest_labs(labs: tuple[LabResult, ...], as_of: date) -> dict[Analyte, LabResult]:
    latest: dict[Analyte, LabResult] = {}
    for lab in labs:
        if lab.date <= as_of:
            current = latest.get(lab.analyte)
            if current is None or lab.date >= current.date:
                latest[lab.analyte] = lab
    return latest


def _derive_labs(r: Record) -> None:
    latest = _latest_labs(r.patient.labs, r.as_of)
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
