"""The JSON Schema (draft 2020-12) of the patient document, generated from the model.

The schema is derived from the attrs classes, their declared checks, the plausibility
table (:mod:`allmodel.model._plausibility`) and the unit table, so it cannot drift from what
:func:`~allmodel.io.load_patient` accepts; a test also keeps the copy
shipped as ``allmodel/examples/patient.schema.json`` identical to it, and another
generates documents from the schema and checks that ``load_patient`` refuses them only
for the rules below.

What the schema expresses, beyond types and required fields:

* non-blank strings (a character other than whitespace, as Python's ``str.strip`` sees it);
* numeric ranges, per unit where a measure's range depends on its unit (``anyOf`` over the
  units), and per analyte and unit for laboratory results and their upper limits of
  normal; results reported as a limit (``<``, ``>``) that leave no plausible value;
* arrays without repeats where the model refuses them (agents, sites, mutations);
* the cross-field rules of the classes' ``_consistency`` that need no arithmetic (see
  :data:`CROSS_FIELD_RULES`): a marker result needs a percentage or a call, and the two
  must agree; a line needs a regimen or an agent and an ongoing line has no end; an
  autologous transplant has no donor; relapse sites agree with the site; in a complete
  history a relapse needs a remission recorded, and a line's remission response needs one
  in any history; no donor details
  when no donor is identified; Ph-negative disease has no transcript and no mutations;
  Burkitt leukemia is not recorded present with a precursor lineage; a LOINC code is not
  one of another analyte.

Rules JSON Schema cannot express are enforced by the library only
(:data:`NOT_EXPRESSIBLE`).
"""

from __future__ import annotations

import enum
import functools
import math
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from allmodel._model import CHECKS_KEY, DOC_KEY, InRange, Model, NonEmpty
from allmodel._version import __version__
from allmodel.measures import Measure
from allmodel.model._conditions import Condition
from allmodel.model._course import (
    BestResponse,
    Course,
    Relapse,
    RelapseSite,
    StopReason,
    Transplant,
    TransplantKind,
    TreatmentLine,
)
from allmodel.model._disease import (
    _MUTATION,
    NEGATIVE_CALL_AT_MOST,
    Disease,
    ExtramedullarySite,
    KinaseDomainAnalysis,
    MarkerResult,
    PhStatus,
)
from allmodel.model._labs import ANALYTES, Analyte, Comparator, LabResult, convert_lab, lab_bounds
from allmodel.model._patient import Patient
from allmodel.model._plausibility import PlausibleRange, lab_range
from allmodel.units import accepted_units

__all__ = ["CROSS_FIELD_RULES", "NOT_EXPRESSIBLE", "SCHEMA_ID", "patient_json_schema"]

SCHEMA_ID = "https://allmodel.invalid/schema/patient.schema.json"

#: The rules of the model that JSON Schema cannot express, by name, with why. A document
#: valid for the schema can still be refused by :func:`~allmodel.io.load_patient` for
#: these, and only these (a test checks it on documents generated from the schema).
NOT_EXPRESSIBLE: Mapping[str, str] = {
    "date order": (
        "Dates compared with each other (an event before the date of birth or the"
        " diagnosis, a line's end before its start, in a complete history a relapse not"
        " after any remission):"
        " JSON Schema compares a value with constants, never with another value."
    ),
    "age at an event": (
        "No event 123 or more years after the date of birth (MAX_AGE_YEARS): calendar"
        " arithmetic between two dates."
    ),
    "LOINC check digit": (
        "The mod-10 (Luhn) check digit of a LOINC code: the schema checks the code's form"
        " and that it is not another analyte's, not its arithmetic."
    ),
}

#: The cross-field rules the schema states, by class, each mirroring a rule of the
#: class's ``_consistency`` (the rules that compare dates are in NOT_EXPRESSIBLE).
CROSS_FIELD_RULES: Mapping[str, tuple[str, ...]] = {
    "LabResult": (
        "unit of the analyte's dimension",
        "value 0 or within the analyte's plausible range, in each unit",
        "upper limit of normal within the analyte's plausible range, in each unit",
        "'<' 0 and '>' the top of the range leave no plausible value",
        "a LOINC code of another analyte",
    ),
    "MarkerResult": (
        "needs percent_positive or positive",
        "positive true with 0 %",
        "positive false with more than NEGATIVE_CALL_AT_MOST %",
    ),
    "TreatmentLine": ("needs a regimen or an agent", "an ongoing line has no end"),
    "Relapse": (
        "an isolated CNS relapse lists no other site",
        "an isolated extramedullary relapse is not in the CNS only",
    ),
    "Transplant": ("an autologous transplant has no donor type or donor CMV",),
    "Course": (
        "in a complete history, a relapse needs a remission recorded",
        "a line's remission response needs a remission recorded",
        "no donor type or CMV when donor_identified is false",
    ),
    "Disease": ("Ph-negative disease has no transcript and no kinase-domain mutations",),
    "Patient": ("Burkitt leukemia not recorded present with a precursor lineage",),
}


def patient_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a patient document as a JSON-ready dict."""
    definitions: dict[str, Any] = {}
    root = _object_schema(Patient, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "allmodel patient document",
        "$comment": f"generated by allmodel {__version__.split('+')[0]}",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _summary(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n", 1)[0].replace("\n", " ")


def _object_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue  # derived on construction (a cache), never part of a document
        annotation = hints[field.name]
        schema = _type_schema(annotation, definitions)
        constraints = _constraints(field.metadata.get(CHECKS_KEY, ()), annotation)
        constraints.update(_FIELD_RULES.get((cls, field.name), {}))
        if constraints:
            schema = _with_constraints(schema, constraints)
        doc = field.metadata.get(DOC_KEY)
        if doc:
            schema = {**schema, "description": doc}
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    result: dict[str, Any] = {
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        result["required"] = required
    rules = _CLASS_RULES.get(cls)
    if rules is not None:
        result.update(rules())
    return result


def _ref(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in definitions:
        definitions[name] = {}  # reserve: recursive definitions terminate
        if issubclass(cls, Measure):
            definitions[name] = {
                "description": _summary(cls),
                "type": "object",
                "properties": {
                    "value": {"type": "number"},
                    "unit": {"enum": list(accepted_units(cls.dimension))},
                },
                "required": ["value", "unit"],
                "additionalProperties": False,
            }
        else:
            definitions[name] = _object_schema(cls, definitions)
    return {"$ref": f"#/$defs/{name}"}


#: A calendar date: exactly ten characters YYYY-MM-DD (the length also keeps a trailing
#: newline out, which Python's ``$`` would let through); ``format`` checks the calendar.
_DATE = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "minLength": 10,
    "maxLength": 10,
}


def _type_schema(annotation: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        inner = [_type_schema(member, definitions) for member in members]
        return {"anyOf": [*inner, {"type": "null"}]}
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        return {"type": "array", "items": _type_schema(item, definitions)}
    if annotation is float:
        return {"type": "number"}
    if annotation is int:
        return {"type": "integer"}
    if annotation is str:
        return {"type": "string"}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is date:
        return dict(_DATE)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {"enum": [member.value for member in annotation]}
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return _ref(annotation, definitions)
    raise TypeError(f"no JSON Schema for {annotation!r}")  # pragma: no cover - model types only


@functools.cache
def _whitespace_class() -> str:
    """A regex character class of every character ``str.isspace`` (so ``strip``) drops."""
    spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    runs: list[tuple[int, int]] = []
    for code in spaces:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    parts = [
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in runs
    ]
    return "".join(parts)


def _not_blank() -> dict[str, Any]:
    r"""A string with at least one character that is not whitespace (NonEmpty on a string):
    Python's whitespace, spelled out, since ECMA-262's ``\s`` differs from it (built on
    first use: the scan of every code point is too slow for import time)."""
    return {"minLength": 1, "pattern": f"[^{_whitespace_class()}]"}


def _constraints(field_checks: tuple[Any, ...], annotation: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    base = _base_type(annotation)
    for check in field_checks:
        if isinstance(check, InRange) and not check.unit:
            if check.low is not None:
                found["minimum" if check.low_inclusive else "exclusiveMinimum"] = check.low
            if check.high is not None:
                found["maximum" if check.high_inclusive else "exclusiveMaximum"] = check.high
        elif isinstance(check, PlausibleRange):
            if isinstance(base, type) and issubclass(base, Measure):
                found["anyOf"] = _measure_ranges(base, check)
            else:
                found.update(_number_range(check.zero, check.low, check.high))
        elif isinstance(check, NonEmpty):
            found.update(_not_blank() if base is str else {"minItems": 1})
    return found


def _base_type(annotation: Any) -> Any:
    """The annotation without ``| None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation


def _number_range(zero: bool, low: float, high: float) -> dict[str, Any]:
    """``minimum``/``maximum``, or with ``zero`` also exactly 0."""
    span = {"minimum": low, "maximum": high}
    return {"anyOf": [{"const": 0}, span]} if zero else span


def _measure_ranges(cls: type[Measure], plausible: PlausibleRange) -> list[dict[str, Any]]:
    """One branch per accepted unit, with the range's bounds in that unit."""
    branches = []
    for code in accepted_units(cls.dimension):
        low, high = plausible.bounds_in(code)
        branches.append(
            {
                "properties": {
                    "unit": {"const": code},
                    "value": _number_range(plausible.zero, low, high),
                }
            }
        )
    return branches


def _with_constraints(schema: dict[str, Any], constraints: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in schema and schema["anyOf"][-1] == {"type": "null"}:
        first, *rest = schema["anyOf"]
        return {"anyOf": [{**first, **constraints}, *rest]}
    return {**schema, **constraints}


def _full_match(pattern: str) -> dict[str, Any]:
    """A string matching ``pattern`` as a whole (as ``re.fullmatch``). The end is asserted
    as "no character follows", not with ``$``, which in Python also matches before a
    final newline."""
    return {"pattern": f"^(?:{pattern})(?![\\s\\S])"}


#: Constraints of single fields that are written as functions or consistency rules in
#: the model: repeats the model refuses, and the forms of codes.
_FIELD_RULES: dict[tuple[type, str], dict[str, Any]] = {
    (TreatmentLine, "agents"): {"uniqueItems": True},
    (Relapse, "extramedullary_sites"): {"uniqueItems": True},
    (Disease, "extramedullary_sites"): {"uniqueItems": True},
    (KinaseDomainAnalysis, "mutations"): {
        "uniqueItems": True,
        "items": {"type": "string", **_full_match(_MUTATION.pattern)},
    },
    (LabResult, "loinc"): _full_match("[0-9]{1,7}-[0-9]"),
}


def _null(*names: str) -> dict[str, Any]:
    """Properties that must be absent or null."""
    return {name: {"type": "null"} for name in names}


def _lab_rules() -> dict[str, Any]:
    """LabResult: per analyte its units, LOINC codes, and per unit its plausible ranges.

    Units whose bounds are the same numbers (``10^9/L`` and ``10^3/uL``) share a branch,
    which keeps the schema small enough for generators such as hypothesis-jsonschema.
    """
    analytes = []
    for analyte, info in ANALYTES.items():
        units = [code for dimension in info.dimensions for code in accepted_units(dimension)]
        others = sorted(
            code
            for other, about in ANALYTES.items()
            if other is not analyte
            for code in about.loinc
        )
        plausible = lab_range(analyte)
        groups: dict[tuple[float, ...], list[str]] = {}
        for unit in units:

            def canonical(
                amount: float,
                analyte: Analyte = analyte,
                unit: str = unit,
                to: str = info.canonical,
            ) -> float:
                return convert_lab(analyte, amount, unit, to)

            low, high = lab_bounds(analyte, unit)
            uln_low, uln_high = lab_bounds(analyte, unit, uln=True)
            # '>' from the first magnitude whose canonical value reaches the top
            above = _first_reaching(canonical, plausible.high, high)
            # '<' up to the last magnitude whose canonical value is at the bottom
            below = 0.0 if plausible.zero else _first_above(canonical, plausible.low, low)
            groups.setdefault((low, high, uln_low, uln_high, above, below), []).append(unit)
        branches = []
        for (low, high, uln_low, uln_high, above, below), codes in groups.items():
            limits = [_limit(Comparator.GT, {"minimum": above})]
            if not plausible.zero:  # with 0 allowed, '<' 0 is refused for every analyte below
                limits.append(_limit(Comparator.LT, {"exclusiveMaximum": below}))
            branches.append(
                {
                    "properties": {
                        "unit": {"const": codes[0]} if len(codes) == 1 else {"enum": codes},
                        "value": _number_range(plausible.zero, low, high),
                        "upper_limit_of_normal": {"minimum": uln_low, "maximum": uln_high},
                    },
                    "not": limits[0] if len(limits) == 1 else {"anyOf": limits},
                }
            )
        analytes.append(
            {
                "properties": {
                    "analyte": {"const": analyte.value},
                    "loinc": {"not": {"enum": others}},
                },
                "anyOf": branches,
            }
        )
    # '<' 0 leaves no value of an analyte that admits 0 (all of them, at present)
    return {"anyOf": analytes, "not": _limit(Comparator.LT, {"const": 0})}


def _limit(comparator: Comparator, value: dict[str, Any]) -> dict[str, Any]:
    """A result with ``comparator`` and a value matching ``value``."""
    return {
        "required": ["comparator"],
        "properties": {"comparator": {"const": comparator.value}, "value": value},
    }


def _first_reaching(convert: Callable[[float], float], target: float, start: float) -> float:
    """The smallest magnitude whose conversion is at least ``target``, searched near
    ``start`` (conversions are monotonic, so a few float steps at most)."""
    found = start
    while convert(found) < target:
        found = math.nextafter(found, math.inf)
    while convert(lower := math.nextafter(found, -math.inf)) >= target:
        found = lower
    return found


def _first_above(convert: Callable[[float], float], target: float, start: float) -> float:
    """The smallest magnitude whose conversion is above ``target``, searched near ``start``."""
    found = _first_reaching(convert, target, start)
    while convert(found) <= target:
        found = math.nextafter(found, math.inf)
    return found


def _marker_rules() -> dict[str, Any]:
    """MarkerResult: a percentage or a call, and a call that agrees with the percentage."""
    percent = "percent_positive"
    return {
        "anyOf": [
            {
                "required": ["positive"],
                "properties": {percent: {"type": "null"}, "positive": {"type": "boolean"}},
            },
            {
                "required": [percent],
                "properties": {percent: {"const": 0}, "positive": {"enum": [False, None]}},
            },
            {
                "required": [percent],
                "properties": {
                    percent: {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "maximum": NEGATIVE_CALL_AT_MOST,
                    }
                },
            },
            {
                "required": [percent],
                "properties": {
                    percent: {"type": "number", "exclusiveMinimum": NEGATIVE_CALL_AT_MOST},
                    "positive": {"enum": [True, None]},
                },
            },
        ]
    }


def _line_rules() -> dict[str, Any]:
    """TreatmentLine: a regimen or an agent; an ongoing line has no end."""
    return {
        "allOf": [
            {
                "anyOf": [
                    {"required": ["regimen"], "properties": {"regimen": {"type": "string"}}},
                    {"required": ["agents"], "properties": {"agents": {"minItems": 1}}},
                ]
            },
            {
                "anyOf": [
                    {"properties": {"stop_reason": {"not": {"const": StopReason.ONGOING.value}}}},
                    {"properties": {"end": {"type": "null"}}},
                ]
            },
        ]
    }


def _relapse_rules() -> dict[str, Any]:
    """Relapse: the extramedullary sites agree with the relapse site."""
    others = [site.value for site in RelapseSite if site is not RelapseSite.ISOLATED_CNS]
    return {
        "anyOf": [
            {"properties": {"site": {"enum": [*others, None]}}},
            {
                "required": ["site"],
                "properties": {
                    "site": {"const": RelapseSite.ISOLATED_CNS.value},
                    "extramedullary_sites": {"items": {"const": ExtramedullarySite.CNS.value}},
                },
            },
        ],
        "not": {
            "required": ["site", "extramedullary_sites"],
            "properties": {
                "site": {"const": RelapseSite.ISOLATED_EXTRAMEDULLARY.value},
                "extramedullary_sites": {"const": [ExtramedullarySite.CNS.value]},
            },
        },
    }


def _transplant_rules() -> dict[str, Any]:
    """Transplant: an autologous transplant has no donor fields."""
    return {
        "anyOf": [
            {"properties": {"kind": {"const": TransplantKind.ALLOGENEIC.value}}},
            {"properties": _null("donor_type", "donor_cmv")},
        ]
    }


def _course_rules() -> dict[str, Any]:
    """Course: relapses and remission responses need a remission; donor details need a donor.

    Written as what must not occur (``not``): generators then filter instead of merging
    alternatives into the whole course.
    """
    remissions = [response.value for response in BestResponse if response.is_remission]
    remission_response = {
        "required": ["best_response"],
        "properties": {"best_response": {"enum": remissions}},
    }
    return {
        "not": {
            "anyOf": [
                {
                    # no remission recorded, yet a line reached one, or a relapse in a
                    # complete history
                    "properties": {"remissions": {"maxItems": 0}},
                    "anyOf": [
                        {
                            "required": ["treatment_lines"],
                            "properties": {"treatment_lines": {"contains": remission_response}},
                        },
                        {
                            "required": ["relapses", "history_complete"],
                            "properties": {
                                "relapses": {"minItems": 1},
                                "history_complete": {"const": True},
                            },
                        },
                    ],
                },
                {
                    # no donor identified, yet a donor type or CMV status
                    "required": ["donor_identified"],
                    "properties": {"donor_identified": {"const": False}},
                    "anyOf": [
                        {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
                        for name in ("donor_type", "donor_cmv")
                    ],
                },
            ]
        }
    }


def _disease_rules() -> dict[str, Any]:
    """Disease: Ph-negative disease has no transcript and no kinase-domain mutations."""
    return {
        "anyOf": [
            {"properties": {"philadelphia": {"enum": [PhStatus.POSITIVE.value, None]}}},
            {
                "properties": {
                    "bcr_abl1_transcript": {"type": "null"},
                    "kinase_domain": {
                        "anyOf": [{"type": "null"}, {"properties": {"mutations": {"maxItems": 0}}}]
                    },
                }
            },
        ]
    }


def _patient_rules() -> dict[str, Any]:
    """Patient: Burkitt (mature B) leukemia is not recorded present with a precursor lineage."""
    burkitt_present = {
        "required": ["condition", "present"],
        "properties": {
            "condition": {"const": Condition.BURKITT.value},
            "present": {"const": True},
        },
    }
    return {
        "not": {
            "required": ["disease", "conditions"],
            "properties": {
                "disease": {
                    "required": ["lineage"],
                    "properties": {"lineage": {"not": {"type": "null"}}},
                },
                "conditions": {"contains": burkitt_present},
            },
        }
    }


#: The schema of each class's cross-field rules (see CROSS_FIELD_RULES).
_CLASS_RULES: dict[type, Callable[[], dict[str, Any]]] = {
    LabResult: _lab_rules,
    MarkerResult: _marker_rules,
    TreatmentLine: _line_rules,
    Relapse: _relapse_rules,
    Transplant: _transplant_rules,
    Course: _course_rules,
    Disease: _disease_rules,
    Patient: _patient_rules,
}
