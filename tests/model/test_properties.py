"""Properties that hold for every valid model object: lossless JSON, validators, and
strategies that keep up with the model."""

from __future__ import annotations

import json
import math
import typing
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allmodel import (
    Course,
    Disease,
    Identifier,
    LabResult,
    MarkerResult,
    MrdResult,
    Patient,
    Relapse,
    Remission,
    Transplant,
    TreatmentLine,
    UnitError,
    ValidationError,
    load_patient,
    measures,
)
from allmodel._model import Model
from allmodel.io import patient_to_json
from allmodel.io._documents import from_dict, to_dict
from allmodel.measures import Measure
from allmodel.model import (
    ANALYTES,
    Analyte,
    CnsAssessment,
    ConditionRecord,
    EcogAssessment,
    Finding,
    KinaseDomainAnalysis,
    LvefMeasurement,
    MrdMethod,
)
from allmodel.units import Dimension, accepted_units, canonical_unit
from tests import strategies as gen

#: Small objects are cheap: many examples. Whole patients: fewer, with no deadline
#: (the first example pays for building cattrs' hooks).
#: Generating a whole Patient is slow on a loaded machine (2 shared cores): the health check
#: for slow generation and the per-example deadline measure the machine, not the round
#: trip under test, so they are off here.
SMALL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WHOLE = settings(max_examples=40, deadline=None)

#: Every model class with the strategy that generates it.
MODEL_STRATEGIES: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Identifier, gen.identifiers()),
    (Patient, gen.patients()),
    (Disease, gen.diseases()),
    (KinaseDomainAnalysis, gen.kinase_domain_analyses()),
    (MarkerResult, gen.marker_results()),
    (CnsAssessment, gen.cns_assessments()),
    (ConditionRecord, gen.condition_records()),
    (Course, gen.courses()),
    (TreatmentLine, gen.treatment_lines()),
    (Remission, gen.remissions()),
    (Relapse, gen.relapses()),
    (Transplant, gen.transplants()),
    (LabResult, gen.lab_results()),
    (MrdResult, gen.mrd_results()),
    (EcogAssessment, gen.ecog_assessments()),
    (LvefMeasurement, gen.lvef_measurements()),
    (Finding, gen.findings(gen.dates())),
    *((cls, gen.measures(cls)) for cls in gen.MEASURE_CLASSES),
]
_IDS = [cls.__name__ for cls, _ in MODEL_STRATEGIES]


class TestDictRoundTrip:
    """to_dict and from_dict are inverse for every model class."""

    @pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=_IDS)
    @SMALL
    @given(data=st.data())
    def test_from_dict_of_to_dict_is_the_object(
        self, cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        """from_dict(cls, to_dict(obj)) == obj."""
        obj = data.draw(strategy)
        assert type(obj) is cls
        assert from_dict(cls, to_dict(obj)) == obj

    @pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=_IDS)
    @SMALL
    @given(data=st.data())
    def test_the_dict_survives_json_text(
        self, cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        """The dict is plain JSON: through json.dumps/json.loads it is equal and still loads."""
        obj = data.draw(strategy)
        as_dict = to_dict(obj)
        through_text = json.loads(json.dumps(as_dict, allow_nan=False))
        assert through_text == as_dict
        assert from_dict(cls, through_text) == obj


class TestPatientJsonRoundTrip:
    """A patient written as JSON text reads back equal."""

    @WHOLE
    @given(gen.patients())
    def test_load_patient_of_patient_to_json_is_the_patient(self, patient: Patient) -> None:
        """load_patient(patient_to_json(p)) == p."""
        assert load_patient(patient_to_json(patient)) == patient

    @WHOLE
    @given(gen.patients())
    def test_compact_json_reads_back_equal(self, patient: Patient) -> None:
        """Without indentation the text is one line and reads back equal."""
        text = patient_to_json(patient, indent=None)
        assert "\n" not in text
        assert load_patient(text.encode()) == patient

    @WHOLE
    @given(gen.patients())
    def test_as_of_the_last_date_is_accepted(self, patient: Patient) -> None:
        """A record read as of its own last date passes the as_of check."""
        as_of = max(gen.record_dates(patient), default=date(2000, 1, 1))
        assert load_patient(patient_to_json(patient), as_of=as_of) == patient


class TestLabResultValidation:
    """LabResult refuses values its analyte cannot have."""

    @SMALL
    @given(
        analyte=st.sampled_from(gen.PERCENT_ANALYTES),
        value=st.floats(min_value=100, exclude_min=True, allow_infinity=False),
        when=gen.dates(),
    )
    def test_a_percentage_above_100_is_refused(
        self, analyte: Analyte, value: float, when: date
    ) -> None:
        """A percent analyte with a value over 100 fails on 'value'."""
        with pytest.raises(ValidationError) as caught:
            LabResult(analyte=analyte, value=value, unit="%", date=when)
        assert [p.path for p in caught.value.problems] == ["value"]

    @SMALL
    @given(
        analyte=st.sampled_from(Analyte),
        value=st.floats(max_value=0, exclude_max=True, allow_infinity=False),
        when=gen.dates(),
    )
    def test_a_negative_value_is_refused(self, analyte: Analyte, value: float, when: date) -> None:
        """No analyte takes a negative value."""
        unit = gen.lab_units(analyte)[0]
        with pytest.raises(ValidationError) as caught:
            LabResult(analyte=analyte, value=value, unit=unit, date=when)
        assert [p.path for p in caught.value.problems] == ["value"]

    @SMALL
    @given(data=st.data(), analyte=st.sampled_from(Analyte), when=gen.dates())
    def test_a_unit_of_another_dimension_is_refused(
        self, data: st.DataObject, analyte: Analyte, when: date
    ) -> None:
        """A unit outside the analyte's dimensions fails on 'unit' with a UnitError."""
        foreign = [
            code
            for dimension in Dimension
            if dimension not in ANALYTES[analyte].dimensions
            for code in accepted_units(dimension)
        ]
        unit = data.draw(st.sampled_from(foreign))
        with pytest.raises(UnitError) as caught:
            LabResult(analyte=analyte, value=1.0, unit=unit, date=when)
        assert [p.path for p in caught.value.problems] == ["unit"]


class TestMeasureValidation:
    """Measures convert exactly and accept only their own dimension."""

    @SMALL
    @given(measure=gen.any_measures())
    def test_canonical_and_back_is_within_1e_9(self, measure: Measure) -> None:
        """Converting to the canonical unit and back returns the value within 1e-9 relative."""
        canonical = canonical_unit(measure.dimension).code
        back = measure.to(canonical).magnitude_in(measure.unit)
        assert math.isclose(back, measure.value, rel_tol=1e-9, abs_tol=0.0)
        assert math.isclose(measure.canonical, measure.to(canonical).value, rel_tol=1e-15)

    @SMALL
    @given(data=st.data(), cls=st.sampled_from(gen.MEASURE_CLASSES), value=gen.magnitudes())
    def test_a_unit_of_another_dimension_is_refused(
        self, data: st.DataObject, cls: type[Measure], value: float
    ) -> None:
        """A unit code of any other dimension raises UnitError on 'unit'."""
        foreign = [
            code
            for dimension in Dimension
            if dimension is not cls.dimension
            for code in accepted_units(dimension)
        ]
        with pytest.raises(UnitError) as caught:
            cls(value, data.draw(st.sampled_from(foreign)))
        assert [p.path for p in caught.value.problems] == ["unit"]


class TestMrdValidation:
    """MRD levels are fractions."""

    @SMALL
    @given(
        level=st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not 0 <= x <= 1),
        when=gen.dates(),
    )
    def test_a_level_outside_0_to_1_is_refused(self, level: float, when: date) -> None:
        """A level below 0 or above 1 fails on 'level'."""
        with pytest.raises(ValidationError) as caught:
            MrdResult(date=when, method=MrdMethod.PCR, level=level)
        assert [p.path for p in caught.value.problems] == ["level"]


def _reachable_models(cls: type[Any], seen: set[type[Any]]) -> set[type[Any]]:
    """Model classes that can appear in a document of ``cls`` (``cls`` included)."""
    pending = [cls]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for hint in typing.get_type_hints(current).values():
            stack = [hint]
            while stack:
                part = stack.pop()
                args = typing.get_args(part)
                if args:
                    stack.extend(arg for arg in args if arg is not Ellipsis)
                elif isinstance(part, type) and issubclass(part, Model):
                    pending.append(part)
    return seen


class TestStrategyCoverage:
    """The strategies keep up with the model."""

    def test_every_class_of_a_patient_document_has_a_strategy(self) -> None:
        """Each model class reachable from Patient is in MODEL_STRATEGIES."""
        covered = {cls for cls, _ in MODEL_STRATEGIES}
        assert _reachable_models(Patient, set()) - covered == set()

    def test_every_measure_class_has_a_strategy(self) -> None:
        """MEASURE_CLASSES lists every concrete Measure of allmodel.measures."""
        exported = {getattr(measures, name) for name in measures.__all__}
        concrete = {
            cls
            for cls in exported
            if isinstance(cls, type) and issubclass(cls, Measure) and cls is not Measure
        }
        assert set(gen.MEASURE_CLASSES) == concrete


class TestRecordedDates:
    """The dates the chronology checks compare first are those of ``dated_fields``."""

    @WHOLE
    @given(gen.patients())
    def test_patient_and_course_dates_are_their_dated_fields(self, patient: Patient) -> None:
        """Same dates, same order, for the patient and for its course."""
        assert patient._dates() == [when for _, when in patient.dated_fields()]
        course = patient.course
        assert course._dates() == [when for _, when in course.dated_fields()]
