"""The public API, pinned: each public package's __all__, no leaks, documented, typed.

The lists below are the committed face of allmodel (httpx's ``test_exported_members`` is
the model): adding or removing a public name is a deliberate change to this file.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import allmodel
from tests.modules import public_module_names

ROOT = Path(__file__).resolve().parent.parent

#: The committed public names of every public module (no dotted part starts with "_").
PINNED: dict[str, list[str]] = {
    "allmodel": [
        "Agent",
        "AllModelError",
        "ArgumentError",
        "ChronologyError",
        "Course",
        "Disease",
        "DiseasePhase",
        "DocumentError",
        "Facts",
        "Identifier",
        "Jurisdiction",
        "JurisdictionCode",
        "LabResult",
        "Length",
        "MarkerResult",
        "Mass",
        "MrdResult",
        "Option",
        "OptionKind",
        "OptionResult",
        "Pathway",
        "Patient",
        "PlanningError",
        "Problem",
        "Relapse",
        "Remission",
        "Report",
        "RuleError",
        "Ruleset",
        "Sex",
        "Status",
        "StatusCode",
        "Transplant",
        "TreatmentLine",
        "Truth",
        "UnitError",
        "ValidationError",
        "__version__",
        "classify_response",
        "default_ruleset",
        "derive_facts",
        "disease_phase",
        "dump_patient",
        "load_criteria",
        "load_patient",
        "pathway",
        "patient_json_schema",
        "plan",
        "screen",
        "screen_many",
    ],
    "allmodel.catalogue": [
        "CATALOGUE_IDS",
        "DEFAULT_RULESET_NAME",
        "THERAPIES",
        "THERAPY_IDS",
        "TRIALS",
        "TRIAL_IDS",
        "default_ruleset",
    ],
    "allmodel.cohort": [
        "DIALECTS",
        "FACT_TABLE_FORMAT",
        "STATUSES",
        "STATUS_TABLE_FORMAT",
        "Attrition",
        "AttritionStep",
        "Completeness",
        "FactTableWrite",
        "MissingFact",
        "PatientFiles",
        "attrition",
        "compile_sql",
        "completeness",
        "document_hash",
        "fact_schema",
        "fact_table",
        "interpreter_statuses",
        "read_patients",
        "rule_column",
        "run_duckdb",
        "run_spark",
        "status_columns",
        "status_type",
        "top_level_rules",
        "upper_column",
        "write_fact_table",
    ],
    "allmodel.cli": [
        "EXIT_INTERNAL",
        "EXIT_INVALID",
        "EXIT_OK",
        "EXIT_USAGE",
        "main",
        "run",
    ],
    "allmodel.clinical": [
        "RELAPSE_PHASES",
        "REMISSION_PHASES",
        "CourseView",
        "DiseasePhase",
        "course_view",
        "cr1_duration_months",
        "disease_phase",
        "months_from_initial_therapy_to_relapse",
        "prior_regimen_count",
        "relapse_count",
        "remission_kind",
        "salvage_line_count",
    ],
    "allmodel.clinical.regimens": [
        "CRANIAL_IRRADIATION",
        "LIPOSOMAL_CYTARABINE_DISCONTINUED",
        "LIPOSOMAL_VINCRISTINE_WITHDRAWN",
        "PLANNING_HEIGHT_CM",
        "PLANNING_WEIGHT_KG",
        "REGIMENS",
        "Administration",
        "AgeBand",
        "AgeBanded",
        "Availability",
        "BodySize",
        "BsaCapWarning",
        "CellsPerBodyMass",
        "Component",
        "CycleDefinition",
        "DosePlan",
        "DoseRule",
        "EveryDay",
        "EveryNDays",
        "Flat",
        "FlatCells",
        "FlatPerDay",
        "NotScheduled",
        "NotStated",
        "OnDays",
        "PerArea",
        "PerAreaPerDay",
        "PerMass",
        "RadiationCourse",
        "RadiationFraction",
        "Regimen",
        "ResolvedDose",
        "Route",
        "Schedule",
        "Weekdays",
        "WeightBand",
        "WeightBanded",
        "expand",
        "get_regimen",
        "plan",
        "resolve_dose",
    ],
    "allmodel.clinical.response": [
        "BLINATUMOMAB_CRH_ANC_ABOVE",
        "BLINATUMOMAB_CRH_PLATELETS_ABOVE",
        "BLINATUMOMAB_CR_ANC_ABOVE",
        "BLINATUMOMAB_CR_PLATELETS_ABOVE",
        "BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW",
        "BLINATUMOMAB_TRIALS",
        "CIBMTR_2010",
        "CIBMTR_CR_ANC_AT_OR_ABOVE",
        "CIBMTR_CR_PLATELETS_AT_OR_ABOVE",
        "CIBMTR_MARROW_BLASTS_BELOW",
        "CIBMTR_PROGRESSION_INCREASE_AT_LEAST",
        "REVIEW_MARROW_CELLULARITY_ABOVE",
        "ResponseAssessment",
        "ResponseCategory",
        "ResponseCriteria",
        "ResponseResult",
        "classify_response",
    ],
    "allmodel.clinical.scores": [
        "PRETRANSPLANT_AGE_ONE_POINT_FROM_YEARS",
        "PRETRANSPLANT_AGE_TWO_POINTS_FROM_YEARS",
        "PRETRANSPLANT_BANDS",
        "PRETRANSPLANT_BLASTS_ABOVE_PERCENT",
        "PRETRANSPLANT_CITATION",
        "PRETRANSPLANT_DONOR_CMV_POSITIVE_POINTS",
        "PRETRANSPLANT_TIMING_POINTS",
        "REF5_AGE_OLD_ABOVE_YEARS",
        "REF5_AGE_YOUNG_BELOW_YEARS",
        "REF5_CITATION",
        "REF5_CR1_SPLIT_MONTHS",
        "REF71_AGE_OLD_ABOVE_YEARS",
        "REF71_AGE_YOUNG_AT_MOST_YEARS",
        "REF71_CITATION",
        "REF71_EARLY_RELAPSE_BELOW_MONTHS",
        "SECOND_SALVAGE_ALBUMIN_BELOW",
        "SECOND_SALVAGE_BANDS",
        "SECOND_SALVAGE_BLASTS_ABOVE_PERCENT",
        "SECOND_SALVAGE_CITATION",
        "SECOND_SALVAGE_CR1_BELOW_MONTHS",
        "SECOND_SALVAGE_PLATELETS_BELOW",
        "PretransplantInputs",
        "PrognosticFactor",
        "RelapseTiming",
        "ScoreBand",
        "ScoreComponent",
        "ScoreResult",
        "SecondSalvageInputs",
        "pretransplant_score",
        "prognostic_factors",
        "second_salvage_factors",
    ],
    "allmodel.criteria": [
        "All",
        "Any",
        "AtLeast",
        "Constant",
        "Context",
        "Coverage",
        "CoverageStatus",
        "Criterion",
        "InJurisdiction",
        "Is",
        "IsIn",
        "Jurisdiction",
        "JurisdictionCode",
        "Known",
        "Node",
        "NodeResult",
        "Not",
        "Op",
        "Option",
        "OptionKind",
        "Ruleset",
        "Threshold",
        "Truth",
        "compile_criterion",
        "criterion_from_dict",
        "criterion_to_dict",
        "dump_option",
        "evaluate",
        "load_criteria",
        "option_from_dict",
        "option_to_dict",
        "ruleset_from_dict",
        "ruleset_to_dict",
        "walk",
    ],
    "allmodel.dates": [
        "add_months",
        "age_in_years",
        "calendar_months",
        "months_elapsed_30_4375",
        "require_date",
        "whole_calendar_months",
    ],
    "allmodel.errors": [
        "AllModelError",
        "ArgumentError",
        "ChronologyError",
        "DocumentError",
        "FhirError",
        "PlanningError",
        "Problem",
        "RuleError",
        "UnitError",
        "ValidationError",
    ],
    "allmodel.facts": [
        "DEFAULT_VALIDITY",
        "FACTS",
        "FactSpec",
        "FactType",
        "Facts",
        "Since",
        "Validity",
        "ValidityPolicy",
        "Window",
        "derive_facts",
        "fact_index",
        "fact_spec",
    ],
    "allmodel.examples": [
        "EHR_EXPORT_NAME",
        "LOCAL_TRIAL_NAME",
        "fhir_bundle",
        "fhir_bundle_names",
        "local_trial",
        "patient",
        "patient_document",
        "patient_names",
        "patient_schema",
        "patients",
    ],
    "allmodel.io": [
        "MAX_ARRAY_ITEMS",
        "MAX_DEPTH",
        "MAX_DOCUMENT_SIZE",
        "MAX_OBJECT_MEMBERS",
        "dump_patient",
        "load_patient",
        "patient_json_schema",
        "patient_to_json",
        "write_patient",
    ],
    "allmodel.io.fhir": [
        "FhirReading",
        "MappingEntry",
        "MappingReport",
        "Outcome",
        "patient_from_fhir",
        "patient_to_fhir",
    ],
    "allmodel.measures": [
        "AbsorbedDose",
        "Area",
        "CellCount",
        "CellsPerMass",
        "CountConcentration",
        "DosePerArea",
        "DosePerMass",
        "DoseRate",
        "DoseRatePerArea",
        "Length",
        "Mass",
        "MassConcentration",
        "Measure",
    ],
    "allmodel.model": [
        "ANALYTES",
        "BLINATUMOMAB_MRD_AT_OR_ABOVE",
        "MAX_AGE_YEARS",
        "MRD_NEGATIVE_BELOW",
        "PLAUSIBLE",
        "Agent",
        "AgentClass",
        "Analyte",
        "BcrAbl1Transcript",
        "BestResponse",
        "BsaMethod",
        "CnsAssessment",
        "CnsStatus",
        "Comparator",
        "Condition",
        "ConditionRecord",
        "Course",
        "Disease",
        "DonorType",
        "EcogAssessment",
        "ExtramedullarySite",
        "Finding",
        "Identifier",
        "InsufficientSensitivityWarning",
        "Intent",
        "KinaseDomainAnalysis",
        "LabResult",
        "Lineage",
        "LvefMeasurement",
        "Marker",
        "MarkerResult",
        "MrdMethod",
        "MrdResult",
        "MrdStatus",
        "Patient",
        "PhStatus",
        "PlausibleRange",
        "Relapse",
        "RelapseSite",
        "Remission",
        "RemissionKind",
        "Sample",
        "Serostatus",
        "Sex",
        "StopReason",
        "Transplant",
        "TransplantKind",
        "TreatmentLine",
        "body_surface_area",
        "bsa_dubois",
        "bsa_mosteller",
        "latest_lab",
        "latest_mrd",
        "mrd_status",
    ],
    "allmodel.pathway": [
        "PATHWAY_FORMAT",
        "REVIEW_GRADES",
        "Pathway",
        "PathwayStep",
        "StepRole",
        "pathway",
    ],
    "allmodel.pages": [
        "FORMATS",
        "Change",
        "ChangeKind",
        "FieldChange",
        "Format",
        "OptionPage",
        "Rule",
        "RuleRole",
        "RulesetDiff",
        "diff_options",
        "diff_rulesets",
        "option_page",
        "render",
    ],
    "allmodel.report": [
        "REPORT_FORMAT",
        "OptionResult",
        "Report",
        "Status",
        "StatusCode",
    ],
    "allmodel.screening": [
        "screen",
        "screen_facts",
        "screen_many",
    ],
    "allmodel.sources": [
        "Source",
        "SourceKind",
        "citation_texts",
        "source",
        "source_ids",
        "sources",
    ],
    "allmodel.synthetic": [
        "synthetic_cohort",
        "synthetic_patient",
    ],
    "allmodel.units": [
        "ALIASES",
        "LOOKALIKES",
        "UNITS",
        "Dimension",
        "UnitSpec",
        "accepted_units",
        "canonical_unit",
        "convert",
        "format_unit",
        "from_quantity",
        "get_registry",
        "parse_unit",
        "pint_unit",
        "to_canonical",
        "to_quantity",
    ],
}


PUBLIC_NAMES = public_module_names()
PUBLIC_MODULES = [importlib.import_module(name) for name in PUBLIC_NAMES]
PACKAGES = [module for module in PUBLIC_MODULES if hasattr(module, "__path__")]


def _exported(module: ModuleType) -> list[tuple[str, object]]:
    return [(name, getattr(module, name)) for name in module.__all__]


def _isort_key(name: str) -> tuple[int, str]:
    """isort-style order: SCREAMING_CASE, then CamelCase, then everything else."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


class TestPinned:
    """The face and every public package export exactly the committed names."""

    def test_the_face_is_short(self) -> None:
        """``allmodel.__all__`` holds at most 60 names (the common tasks only)."""
        assert len(allmodel.__all__) <= 60

    def test_public_modules_are_the_pinned_ones(self) -> None:
        """No public module appears or disappears without this file changing."""
        assert sorted(PUBLIC_NAMES) == sorted(PINNED)

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_all_equals_the_committed_list(self, module: ModuleType) -> None:
        """The module's ``__all__`` is exactly the pinned list, in the pinned order."""
        assert list(module.__all__) == PINNED[module.__name__]

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_all_is_sorted_and_unique(self, module: ModuleType) -> None:
        """Sorted as ruff's RUF022 sorts (constants, classes, the rest), no repeats."""
        names = list(module.__all__)
        assert names == sorted(names, key=_isort_key)
        assert len(set(names)) == len(names)

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_every_name_resolves(self, module: ModuleType) -> None:
        """Every listed name is an attribute of the module."""
        assert [name for name in module.__all__ if not hasattr(module, name)] == []

    @pytest.mark.parametrize("module", PACKAGES, ids=[p.__name__ for p in PACKAGES])
    def test_no_public_name_leaks(self, module: ModuleType) -> None:
        """A package binds no public name beyond ``__all__`` and its subpackages."""
        leaked = [
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and name not in module.__all__
            and not (
                isinstance(value, ModuleType) and value.__name__ == f"{module.__name__}.{name}"
            )
            and name != "annotations"
        ]
        assert leaked == []

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_exports_are_allmodels_own(self, module: ModuleType) -> None:
        """Exported classes and functions are defined in allmodel (no third-party re-export)."""
        foreign = [
            name
            for name, obj in _exported(module)
            if (inspect.isclass(obj) or inspect.isfunction(obj))
            and not obj.__module__.startswith("allmodel")
        ]
        assert foreign == []

    def test_star_import_gives_exactly_all(self) -> None:
        """``from allmodel import *`` binds exactly the pinned face, each name to the very
        object ``allmodel`` holds under it."""
        namespace: dict[str, object] = {}
        exec("from allmodel import *", namespace)
        namespace.pop("__builtins__")
        assert sorted(namespace) == sorted(PINNED["allmodel"])
        assert [name for name, obj in namespace.items() if obj is not getattr(allmodel, name)] == []

    def test_one_call_per_task(self) -> None:
        """The face offers one way to load, dump, screen one and screen many."""
        tasks = {
            "load": [n for n in allmodel.__all__ if n.startswith("load_")],
            "dump": [n for n in allmodel.__all__ if n.startswith(("dump_", "write_", "to_"))],
            "screen": [n for n in allmodel.__all__ if n.startswith("screen")],
        }
        assert tasks == {
            "load": ["load_criteria", "load_patient"],
            "dump": ["dump_patient"],
            "screen": ["screen", "screen_many"],
        }

    def test_version_is_a_string(self) -> None:
        """``__version__`` is a release number (digits and dots) and the version the
        installed distribution reports."""
        assert re.fullmatch(r"\d+\.\d+\.\d+", allmodel.__version__) is not None
        assert allmodel.__version__ == importlib.metadata.version("allmodel")


def _callables(module: ModuleType) -> list[tuple[str, object]]:
    """Exported functions, and the public methods of exported classes."""
    found: list[tuple[str, object]] = []
    for name, obj in _exported(module):
        if inspect.isfunction(obj):
            found.append((name, obj))
        elif inspect.isclass(obj):
            found += [
                (f"{name}.{attr}", value)
                for attr, value in vars(obj).items()
                if inspect.isfunction(value) and not attr.startswith("_")
            ]
    return found


class TestSignatures:
    """Consistent signatures across the public API."""

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_as_of_is_keyword_only(self, module: ModuleType) -> None:
        """Wherever a public call takes ``as_of``, it is keyword-only."""
        positional = [
            name
            for name, function in _callables(module)
            if (parameter := inspect.signature(function).parameters.get("as_of")) is not None  # type: ignore[arg-type]
            and parameter.kind is not inspect.Parameter.KEYWORD_ONLY
        ]
        assert positional == []

    def test_the_check_sees_a_positional_as_of(self) -> None:
        """The check above would catch a positional ``as_of`` (it is not vacuous)."""

        def wrong(patient: object, as_of: object) -> None:
            """A function with a positional as_of."""

        module = ModuleType("probe")
        module.__all__ = ["wrong"]  # type: ignore[attr-defined]
        module.wrong = wrong  # type: ignore[attr-defined]
        ((name, function),) = _callables(module)
        parameter = inspect.signature(function).parameters["as_of"]  # type: ignore[arg-type]
        assert (name, parameter.kind) == ("wrong", inspect.Parameter.POSITIONAL_OR_KEYWORD)


class TestDocstrings:
    """Every public module, class and function says what it is."""

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_module_has_a_docstring(self, module: ModuleType) -> None:
        """The module says what it is for."""
        assert len((module.__doc__ or "").strip()) > 40

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=PUBLIC_NAMES)
    def test_exported_classes_and_functions_have_docstrings(self, module: ModuleType) -> None:
        """Each has its own non-empty docstring (not one inherited)."""
        undocumented = [
            name
            for name, obj in _exported(module)
            if (inspect.isclass(obj) or inspect.isfunction(obj))
            and not (vars(obj).get("__doc__") if inspect.isclass(obj) else obj.__doc__)
        ]
        assert undocumented == []


@pytest.fixture(scope="module")
def wheel_contents(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Build the wheel with hatchling (no network, no isolation) and list its files."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("allmodel-*.whl")
    with zipfile.ZipFile(built) as wheel:
        return wheel.namelist()


class TestWheel:
    """The built wheel."""

    def test_ships_py_typed(self, wheel_contents: list[str]) -> None:
        """allmodel/py.typed is in the wheel, so type checkers use the inline types."""
        assert "allmodel/py.typed" in wheel_contents

    def test_ships_the_io_package(self, wheel_contents: list[str]) -> None:
        """The io subpackage is in the wheel."""
        assert "allmodel/io/__init__.py" in wheel_contents

    def test_ships_the_sources_data(self, wheel_contents: list[str]) -> None:
        """The sources registry's data files are in the wheel beside its modules."""
        for name in ("__init__.py", "_registry.py", "review.json", "decisions.json"):
            assert f"allmodel/sources/{name}" in wheel_contents

    def test_ships_the_coverage_data(self, wheel_contents: list[str]) -> None:
        """The source-coverage data of the therapies and the trial archetypes ship with the
        catalogue."""
        assert "allmodel/catalogue/coverage/therapies.json" in wheel_contents
        assert "allmodel/catalogue/coverage/trials.json" in wheel_contents

    def test_ships_the_examples(self, wheel_contents: list[str]) -> None:
        """Every example patient, the example local trial and the patient JSON Schema are in
        the wheel, so allmodel.examples and `allmodel screen --examples` work from it."""
        folder = ROOT / "src" / "allmodel" / "examples"
        patients = sorted(folder.glob("patients/*.json"))
        assert len(patients) == 14
        for path in patients:
            assert f"allmodel/examples/patients/{path.name}" in wheel_contents
        trial = "allmodel/examples/local_trials/example_hospital_cd22_pilot.json"
        assert trial in wheel_contents
        assert "allmodel/examples/patient.schema.json" in wheel_contents

    def test_ships_no_tests(self, wheel_contents: list[str]) -> None:
        """Only the package and its metadata are in the wheel."""
        tops = {name.split("/")[0] for name in wheel_contents}
        assert {top for top in tops if not top.endswith(".dist-info")} == {"allmodel"}
