"""The review's ordering of options for one patient: what comes first, what else is acceptable.

:func:`pathway` turns a patient's facts and screening report into an ordered, immutable
:class:`Pathway` of :class:`PathwayStep` objects. Each step has a role (preferred,
acceptable alternative, clinical trial, CNS-directed, consolidation, palliation, an
evaluation still needed, or an option no longer available), the catalogue ids it points
to with their screening status beside them, the review's grade where the review gives
one, a sentence in our own words, its citations, and the facts that selected it.

The rules encode the review's "Summary and recommendations" with the sections they point
to ("Selection of therapy", "Special scenarios", "Transplantation"):

* Ph-negative B-precursor ALL: blinatumomab or inotuzumab ozogamicin first (Grade 2B;
  refs 7, 10), CD19 or CD22 expressed; CD19 CAR T cells at 25 or younger when refractory
  or in second or later relapse (ref 11); cytotoxic chemotherapy, a regimen like the first
  induction when relapse comes more than two years after initial therapy ended; a trial.
* Ph-positive B-ALL: a TKI chosen by prior exposure and BCR-ABL1 mutations, ponatinib
  with T315I (refs 53-56); blinatumomab as an alternative (refs 16, 18).
* T-ALL: cytotoxic chemotherapy and/or nelarabine (refs 48-52); liposomal vincristine
  only as withdrawn.
* Second or later relapse, or relapse after allogeneic HCT: a clinical trial first, then
  immunotherapy, a cytotoxic regimen not used before, or palliation.
* After remission, allogeneic HCT (Grade 1B; refs 6, 59-71); MRD-positive CR first
  clears the MRD with blinatumomab (refs 18-20).
* CNS involvement: CNS-directed therapy (refs 57, 58); an unsettled CNS status asks for
  a lumbar puncture (review, "Pretreatment evaluation").
* A preference for palliation, frailty or comorbidity: symptom-directed care.
* A fact the branch depends on that is unknown (phase, lineage, Ph status, mutation
  analysis): a step naming the evaluation needed, never a guessed branch.

Only the review's own grades (1B, 2B) are attached; no other step carries a grade. The
pathway reads nothing but facts, option ids and statuses, so it works with any ruleset;
an option the report does not hold has status ``None`` ("not screened").
"""

from __future__ import annotations

import enum
import json
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import attrs

from allmodel._display import html_table
from allmodel.eligibility.common import review
from allmodel.eligibility.logic import Jurisdiction
from allmodel.eligibility.report import Report, Status
from allmodel.eligibility.screening import screen
from allmodel.errors import Problem, RuleError, ValidationError
from allmodel.facts import Facts, derive_facts
from allmodel.patient import Patient

__all__ = ["PATHWAY_FORMAT", "REVIEW_GRADES", "Pathway", "PathwayStep", "StepRole", "pathway"]

#: Identifies the JSON layout of :meth:`Pathway.to_dict`.
PATHWAY_FORMAT = "allmodel.pathway/1"

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
        citations: Review reference numbers and section names.
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
        library_version: allmodel's version.
        steps: The steps, in order (orders 1..n).
    """

    as_of: date
    jurisdiction: Jurisdiction
    ruleset: str
    ruleset_version: str
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

    def _header(self) -> str:
        return (
            f"allmodel {self.library_version} pathway | ruleset {self.ruleset} "
            f"{self.ruleset_version} | as of {self.as_of.isoformat()} | "
            f"{self.jurisdiction.value} labels"
        )

    def to_dict(self) -> dict[str, Any]:
        """The pathway as a JSON-ready dict (layout ``allmodel.pathway/1``)."""
        return {
            "format": PATHWAY_FORMAT,
            "library_version": self.library_version,
            "ruleset": {"name": self.ruleset, "version": self.ruleset_version},
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction.value,
            "steps": [step.to_dict() for step in self.steps],
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
        lines = [self._header()]
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


# --- the patient's situation, read from facts ------------------------------------------


def _category(facts: Facts, name: str) -> str | None:
    value = facts[name]
    return None if value is None else str(value)


def _flag(facts: Facts, name: str) -> bool | None:
    value = facts[name]
    return value if isinstance(value, bool) else None


def _number(facts: Facts, name: str) -> float | None:
    value = facts[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _shown(facts: Facts, name: str) -> str:
    """``name: value`` for a ``because`` entry (``ph_status: negative``, ``age_years: 24``)."""
    value = facts[name]
    if value is None:
        text = "unknown"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    elif isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = str(value)
    if value is not None and not facts.is_exact(name):
        text = f"at least {text}"
    return f"{name}: {text}"


#: Months from the end of initial therapy beyond which a frontline-like regimen may
#: re-induce remission (review, "Selection of therapy"; clinical reference decision 6).
_LATE_RELAPSE_MONTHS = 24
#: Oldest completed age for tisagenlecleucel (review ref 11).
_CAR_T_MAX_AGE = 25

_MULTIPLY_RELAPSED_PHASES = frozenset({"second_or_later_relapse", "relapse_after_allogeneic_hct"})


@attrs.frozen(kw_only=True)
class _Situation:
    """What the rules branch on, derived once from the facts."""

    phase: str | None
    relapsed: bool
    in_remission: bool
    mrd_positive_cr: bool
    lineage: str | None
    ph: str | None
    multiply_relapsed: bool
    tisagenlecleucel: bool
    chemotherapy: str
    tki: str
    cns_involved: bool | None
    isolated_cns: bool
    prefers_palliation: bool
    unfit: bool
    hla_needed: bool

    @property
    def b_lineage(self) -> bool:
        return self.lineage == "b_precursor"


def _chemotherapy(facts: Facts, phase: str | None, multiply: bool) -> str:
    if multiply:
        return "unused"
    if phase == "primary_refractory":
        return "refractory"
    months = _number(facts, "months_initial_therapy_to_relapse")
    if months is None:
        return "timing_unknown"
    return "late" if months > _LATE_RELAPSE_MONTHS else "early"


def _tki(facts: Facts) -> str:
    t315i = _flag(facts, "t315i")
    if t315i is None:
        return "untested"
    if t315i:
        return "t315i"
    return "after_2g" if _flag(facts, "second_generation_tki_failure") else "no_t315i"


#: The facts :func:`_situation` reads.
_SITUATION_FACTS = (
    "phase",
    "relapsed_or_refractory",
    "in_remission",
    "relapse_count",
    "primary_refractory",
    "refractory_to_salvage",
    "age_years",
    "lineage",
    "ph_status",
    "months_initial_therapy_to_relapse",
    "t315i",
    "second_generation_tki_failure",
    "cns_involved",
    "isolated_cns_relapse",
    "prefers_palliative_care",
    "fit_for_intensive_therapy",
    "hla_typed",
)


def _situation(facts: Facts) -> _Situation:
    phase = _category(facts, "phase")
    relapsed = _flag(facts, "relapsed_or_refractory") is True
    relapses = _number(facts, "relapse_count") or 0
    multiply = relapsed and (phase in _MULTIPLY_RELAPSED_PHASES or relapses >= 2)
    refractory = (
        _flag(facts, "primary_refractory") is True or _flag(facts, "refractory_to_salvage") is True
    )
    age = _number(facts, "age_years")
    return _Situation(
        phase=phase,
        relapsed=relapsed,
        in_remission=_flag(facts, "in_remission") is True,
        mrd_positive_cr=phase == "mrd_positive_cr",
        lineage=_category(facts, "lineage"),
        ph=_category(facts, "ph_status"),
        multiply_relapsed=multiply,
        tisagenlecleucel=(refractory or relapses >= 2) and (age is None or age <= _CAR_T_MAX_AGE),
        chemotherapy=_chemotherapy(facts, phase, multiply),
        tki=_tki(facts),
        cns_involved=_flag(facts, "cns_involved"),
        isolated_cns=_flag(facts, "isolated_cns_relapse") is True,
        prefers_palliation=_flag(facts, "prefers_palliative_care") is True,
        unfit=_flag(facts, "fit_for_intensive_therapy") is False,
        hla_needed=_flag(facts, "hla_typed") is not True,
    )


# --- the rule table -----------------------------------------------------------------------

_Ids = tuple[str, ...] | Callable[[_Situation], tuple[str, ...]]
_Text = str | Callable[[_Situation], str]


@attrs.frozen(kw_only=True)
class _Rule:
    """A row of the rule table: when it applies, and the step it gives."""

    role: StepRole
    when: Callable[[_Situation], bool]
    text: _Text
    citations: tuple[str, ...]
    because: tuple[str, ...]
    ids: _Ids = ()
    grade: str | None = None


#: Section names of the review, as cited.
_SUMMARY = "review: Summary and recommendations"
_INDUCTION = "review: Remission induction"
_EVALUATION = "review: Evaluation of suspected relapse"
_PH_POSITIVE = "review: Philadelphia chromosome positive ALL"
_PRETREATMENT = "review: Pretreatment evaluation"
_CNS = "review: Central nervous system involvement"
_MULTIPLY = "review: Multiply relapsed disease"
_TRIALS = "review: Clinical trials"
_SELECTION = "review: Selection of therapy"
_T_ALL = "review: T cell ALL"
_CAR_T = "review: CAR-T"
_CYTARABINE = "review: Cytarabine-based regimens"
_LIPOSOMAL_VINCRISTINE = "review: Liposomal vincristine"
_BLINATUMOMAB = "review: Blinatumomab"
_TRANSPLANTATION = "review: Transplantation"

#: Chemotherapy by situation: the option ids and why (review, "Selection of therapy",
#: "Cytarabine-based regimens", "Multiply relapsed disease").
_CHEMOTHERAPY: dict[str, tuple[tuple[str, ...], str]] = {
    "late": (
        ("frontline_like_reinduction",),
        "relapse came more than two years after initial therapy ended, so a regimen like"
        " the first induction may bring a second remission",
    ),
    "early": (
        ("cytarabine_based_salvage",),
        "relapse came within two years of the end of initial therapy, so a cytarabine-based"
        " salvage regimen is the usual choice",
    ),
    "timing_unknown": (
        ("cytarabine_based_salvage", "frontline_like_reinduction"),
        "a regimen like the first induction suits a relapse more than two years after initial"
        " therapy ended, an interval the record does not give, so cytarabine-based salvage"
        " is listed as well",
    ),
    "refractory": (
        ("cytarabine_based_salvage",),
        "the disease never reached remission, so a cytarabine-based salvage regimen rather"
        " than a repeat of the first induction",
    ),
    "unused": (
        ("cytarabine_based_salvage", "clofarabine_cytarabine", "alkylator_salvage"),
        "choose a regimen the patient has not had before",
    ),
}

#: Ph-positive disease: the TKI options and why (review, "Philadelphia chromosome
#: positive ALL"; refs 53-55).
_TKI: dict[str, tuple[tuple[str, ...], str]] = {
    "t315i": (
        ("tki_based_therapy", "ponatinib"),
        "ponatinib, the only TKI with real activity against the T315I mutation found",
    ),
    "no_t315i": (
        ("tki_based_therapy", "second_generation_tki"),
        "a second-generation TKI (dasatinib, nilotinib or bosutinib) chosen by prior"
        " exposure, as no T315I mutation was found",
    ),
    "after_2g": (
        ("tki_based_therapy", "ponatinib", "second_generation_tki"),
        "ponatinib, or a second-generation TKI not yet tried, as a second-generation TKI"
        " has already failed and no T315I mutation was found",
    ),
    "untested": (
        ("tki_based_therapy",),
        "which one depends on a BCR-ABL1 mutation analysis that is not recorded",
    ),
}


def _car_t_ids(s: _Situation) -> tuple[str, ...]:
    found = ("tisagenlecleucel",) if s.tisagenlecleucel else ()
    return found + (("brexucabtagene_autoleucel",) if s.multiply_relapsed else ())


def _car_t_text(s: _Situation) -> str:
    products = []
    if s.tisagenlecleucel:
        products.append("tisagenlecleucel (25 or younger, refractory or second or later relapse)")
    if s.multiply_relapsed:
        products.append("brexucabtagene autoleucel (adults)")
    return (
        "CD19-directed CAR T cells are an acceptable alternative, given only in a certified"
        f" centre: {' or '.join(products)}."
    )


def _palliation_text(s: _Situation) -> str:
    reasons = []
    if s.multiply_relapsed:
        reasons.append("a reasonable choice for multiply relapsed disease")
    if s.unfit:
        reasons.append("appropriate if frailty or comorbidity leads the patient to forgo induction")
    return f"Symptom-directed (palliative) care is {' and '.join(reasons)}."


def _cns_step_text(first: bool) -> str:
    treatment = (
        "intrathecal chemotherapy (at least six doses of methotrexate) with cranial"
        " irradiation (2400 cGy in 12 fractions)"
    )
    if first:
        return (
            f"Treat the CNS relapse with {treatment}; systemic induction follows, as relapse"
            " almost always involves the marrow too."
        )
    return f"Add CNS-directed therapy to systemic treatment: {treatment}."


_CNS_CITATIONS = (review(57, 58), _CNS)
_HCT_CITATIONS = (review(6, 59, 63, 71), _TRANSPLANTATION, f"{_SUMMARY} (Grade 1B)")
_HCT_BECAUSE = ("phase", "relapse_count", "hla_typed", "donor_identified", "prior_allogeneic_hct")


def _induction(s: _Situation) -> bool:
    return s.relapsed and s.ph is not None and s.b_lineage


#: The rule table, in pathway order. A rule applies when ``when`` holds and, unless it
#: is an evaluation, it names at least one option.
_RULES: tuple[_Rule, ...] = (
    _Rule(
        role=StepRole.PALLIATION,
        when=lambda s: s.prefers_palliation,
        ids=("palliative_care",),
        text="Symptom-directed (palliative) care comes first: the record states a preference"
        " for it over remission induction; the steps below apply only if the patient chooses"
        " treatment.",
        citations=(_INDUCTION, _SUMMARY),
        because=("prefers_palliative_care", "fit_for_intensive_therapy"),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.phase is None,
        text="Establish whether the disease is in relapse, refractory or in remission (marrow"
        " aspirate and biopsy with morphology, cytogenetics and molecular studies) before"
        " choosing therapy; the record does not settle it.",
        citations=(_EVALUATION, _SUMMARY),
        because=("phase", "relapse_count"),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.lineage is None and (s.relapsed or s.mrd_positive_cr),
        text="Immunophenotype the blasts to tell B-precursor from T-lineage disease; the"
        " choice of therapy depends on it.",
        citations=(_EVALUATION,),
        because=("lineage",),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.relapsed and s.ph is None and s.lineage != "t",
        text="Test the blasts for BCR-ABL1 (RT-PCR and cytogenetics) before choosing"
        " induction: Ph-positive disease is treated with a tyrosine kinase inhibitor,"
        " Ph-negative disease with immunotherapy first.",
        citations=(
            _EVALUATION,
            _PH_POSITIVE,
            _SUMMARY,
        ),
        because=("lineage", "ph_status"),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: s.cns_involved is None,
        text="Perform a lumbar puncture (CSF cytology and flow cytometry, free of blood"
        " contamination): whether the CNS is involved is not established.",
        citations=(_PRETREATMENT, _SUMMARY),
        because=("cns_status", "cns_involved"),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: _induction(s) and s.ph == "positive" and s.tki == "untested",
        text="Send a BCR-ABL1 kinase-domain mutation analysis: a T315I mutation decides"
        " between ponatinib and a second-generation TKI.",
        citations=(review(55), _PH_POSITIVE),
        because=("ph_status", "kinase_domain_tested", "t315i"),
    ),
    _Rule(
        role=StepRole.EVALUATION,
        when=lambda s: (s.relapsed or s.in_remission) and s.hla_needed,
        text="Arrange HLA typing now, so that allogeneic HCT can follow remission without delay.",
        citations=(_PRETREATMENT, _SUMMARY),
        because=("hla_typed", "donor_identified"),
    ),
    _Rule(
        role=StepRole.CNS_DIRECTED,
        when=lambda s: s.relapsed and s.isolated_cns and s.cns_involved is True,
        ids=("cns_directed_therapy",),
        text=_cns_step_text(first=True),
        citations=(*_CNS_CITATIONS, _EVALUATION),
        because=("isolated_cns_relapse", "cns_status", "cns_involved"),
    ),
    _Rule(
        role=StepRole.CLINICAL_TRIAL,
        when=lambda s: s.multiply_relapsed,
        ids=("clinical_trial",),
        text="Offer a clinical trial first: after a second relapse, or a relapse after"
        " allogeneic HCT, a trial is often the best option available.",
        citations=(_MULTIPLY, _TRIALS, _SUMMARY),
        because=("phase", "relapse_count", "prior_allogeneic_hct"),
    ),
    _Rule(
        role=StepRole.PREFERRED,
        grade="2B",
        when=lambda s: _induction(s) and s.ph == "negative",
        ids=("blinatumomab", "inotuzumab_ozogamicin"),
        text="Induce remission with blinatumomab or inotuzumab ozogamicin rather than"
        " chemotherapy; blinatumomab needs CD19 on the blasts, inotuzumab needs CD22.",
        citations=(review(7, 10), _SELECTION, f"{_SUMMARY} (Grade 2B)"),
        because=("lineage", "ph_status", "phase", "cd19_positive", "cd22_positive"),
    ),
    _Rule(
        role=StepRole.PREFERRED,
        when=lambda s: _induction(s) and s.ph == "positive",
        ids=lambda s: _TKI[s.tki][0],
        text=lambda s: (
            "Give a tyrosine kinase inhibitor, usually with combination"
            f" chemotherapy: {_TKI[s.tki][1]}."
        ),
        citations=(
            review(53, 54, 55, 56),
            _PH_POSITIVE,
            _SUMMARY,
        ),
        because=("ph_status", "t315i", "prior_tki", "second_generation_tki_failure"),
    ),
    _Rule(
        role=StepRole.PREFERRED,
        when=lambda s: s.relapsed and s.lineage == "t",
        ids=lambda s: (*_CHEMOTHERAPY[s.chemotherapy][0], "nelarabine"),
        text=lambda s: (
            "Use cytotoxic chemotherapy and/or nelarabine; for chemotherapy,"
            f" {_CHEMOTHERAPY[s.chemotherapy][1]}."
        ),
        citations=(review(48, 49, 50, 51, 52), _T_ALL, _SUMMARY),
        because=("lineage", "phase", "relapse_count", "months_initial_therapy_to_relapse"),
    ),
    _Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=lambda s: _induction(s) and s.ph == "positive",
        ids=("blinatumomab",),
        text="Blinatumomab is an acceptable alternative, notably as a bridge to transplant;"
        " it needs CD19 on the blasts.",
        citations=(review(16, 18), _PH_POSITIVE, _SUMMARY),
        because=("ph_status", "cd19_positive"),
    ),
    _Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=_induction,
        ids=_car_t_ids,
        text=_car_t_text,
        citations=(review(11, 34, 36), _CAR_T, _SUMMARY),
        because=(
            "age_years",
            "phase",
            "relapse_count",
            "primary_refractory",
            "refractory_to_salvage",
        ),
    ),
    _Rule(
        role=StepRole.ACCEPTABLE_ALTERNATIVE,
        when=lambda s: _induction(s) and s.ph == "negative",
        ids=lambda s: _CHEMOTHERAPY[s.chemotherapy][0],
        text=lambda s: (
            "Cytotoxic chemotherapy is an acceptable alternative:"
            f" {_CHEMOTHERAPY[s.chemotherapy][1]}."
        ),
        citations=(review(38, 41, 46), _SELECTION, _CYTARABINE, _SUMMARY),
        because=(
            "phase",
            "relapse_count",
            "months_initial_therapy_to_relapse",
            "prior_cytarabine",
        ),
    ),
    _Rule(
        role=StepRole.NOT_AVAILABLE,
        when=lambda s: s.relapsed and s.lineage == "t",
        ids=("liposomal_vincristine",),
        text="Liposomal vincristine, which the review names for T-ALL, is not available: it"
        " was withdrawn from the US market in May 2022.",
        citations=(_LIPOSOMAL_VINCRISTINE, _T_ALL),
        because=("lineage",),
    ),
    _Rule(
        role=StepRole.CLINICAL_TRIAL,
        when=lambda s: s.relapsed and not s.multiply_relapsed,
        ids=("clinical_trial",),
        text="A clinical trial is also an acceptable route to remission.",
        citations=(_TRIALS, _SELECTION, _SUMMARY),
        because=("phase", "relapse_count"),
    ),
    _Rule(
        role=StepRole.CNS_DIRECTED,
        when=lambda s: s.cns_involved is True and not (s.relapsed and s.isolated_cns),
        ids=("cns_directed_therapy",),
        text=_cns_step_text(first=False),
        citations=_CNS_CITATIONS,
        because=("cns_status", "cns_involved"),
    ),
    _Rule(
        role=StepRole.CONSOLIDATION,
        when=lambda s: s.mrd_positive_cr and s.b_lineage,
        ids=("blinatumomab_mrd",),
        text="Clear the measurable residual disease with blinatumomab before transplant; the"
        " blasts must express CD19.",
        citations=(review(18, 19, 20), _BLINATUMOMAB),
        because=("phase", "mrd_status", "mrd_level", "cd19_positive"),
    ),
    _Rule(
        role=StepRole.CONSOLIDATION,
        grade="1B",
        when=lambda s: s.relapsed,
        ids=("allogeneic_hct",),
        text="Once remission is reached, proceed to allogeneic HCT as soon as possible:"
        " remissions after relapse are usually short, and transplant is the curative step.",
        citations=_HCT_CITATIONS,
        because=_HCT_BECAUSE,
    ),
    _Rule(
        role=StepRole.CONSOLIDATION,
        grade="1B",
        when=lambda s: s.in_remission,
        ids=("allogeneic_hct",),
        text="Consolidate the remission with allogeneic HCT as soon as possible.",
        citations=_HCT_CITATIONS,
        because=_HCT_BECAUSE,
    ),
    _Rule(
        role=StepRole.PALLIATION,
        when=lambda s: s.relapsed and not s.prefers_palliation and (s.multiply_relapsed or s.unfit),
        ids=("palliative_care",),
        text=_palliation_text,
        citations=(
            _INDUCTION,
            _MULTIPLY,
            _SUMMARY,
        ),
        because=("prefers_palliative_care", "fit_for_intensive_therapy", "relapse_count"),
    ),
)


# --- the entry point -----------------------------------------------------------------------


def _jurisdiction(value: str | Jurisdiction) -> Jurisdiction:
    try:
        return Jurisdiction(value)
    except ValueError:
        allowed = ", ".join(j.value for j in Jurisdiction)
        raise RuleError(f"unknown jurisdiction {value!r} (allowed: {allowed})") from None


#: Every fact the rules read: the situation's and each step's ``because``.
_READS: frozenset[str] = frozenset(_SITUATION_FACTS).union(*(rule.because for rule in _RULES))


def _facts(patient: Patient, as_of: date, report: Report) -> Facts:
    """The report's facts when they hold every fact the rules read, else derived anew."""
    if report.results:
        facts = report.results[0].facts
        try:
            for name in sorted(_READS):
                facts.is_exact(name)
        except RuleError:  # screening derived only the facts its options read
            pass
        else:
            return facts
    return derive_facts(patient, as_of)


def pathway(
    patient: Patient,
    as_of: date,
    *,
    report: Report | None = None,
    jurisdiction: str | Jurisdiction = Jurisdiction.US,
) -> Pathway:
    """The review's ordering of options for this patient (see the module docstring).

    Encodes the review's summary recommendations: immunotherapy-first induction for
    Ph-negative B-ALL (Grade 2B; refs 7, 10), remission induction followed by allogeneic
    HCT (Grade 1B; refs 6, 59-71), TKIs by mutation for Ph-positive disease (refs 53-56),
    chemotherapy and/or nelarabine for T-ALL (refs 48-52), a trial first for multiply
    relapsed disease, CNS-directed therapy (refs 57, 58) and palliation.

    Args:
        patient: The patient.
        as_of: The date to read the record on.
        report: The patient's screening report as of ``as_of``; screened with the default
            ruleset when ``None``. Its statuses are shown beside each option.
        jurisdiction: ``"US"`` or ``"EU"``: whose labels the screening follows.

    Returns:
        The ordered steps, each with its options' statuses, grade, text, citations and
        the facts that selected it.

    Raises:
        RuleError: An unknown jurisdiction, or a report for another date or jurisdiction.
        ChronologyError: The date of birth is after ``as_of``.
    """
    where = _jurisdiction(jurisdiction)
    if report is None:
        report = screen(patient, as_of=as_of, jurisdiction=where)
    elif report.as_of != as_of:
        raise RuleError(f"the report is as of {report.as_of.isoformat()}, not {as_of.isoformat()}")
    elif report.jurisdiction is not where:
        raise RuleError(f"the report follows {report.jurisdiction.value} labels, not {where.value}")
    facts = _facts(patient, as_of, report)
    situation = _situation(facts)
    statuses = {result.id: result.status for result in report.results}
    steps: list[PathwayStep] = []
    for rule in _RULES:
        if not rule.when(situation):
            continue
        ids = rule.ids if isinstance(rule.ids, tuple) else rule.ids(situation)
        if not ids and rule.role is not StepRole.EVALUATION:
            continue
        steps.append(
            PathwayStep(
                order=len(steps) + 1,
                role=rule.role,
                option_ids=ids,
                statuses=tuple(statuses.get(option_id) for option_id in ids),
                grade=rule.grade,
                text=rule.text if isinstance(rule.text, str) else rule.text(situation),
                citations=rule.citations,
                because=tuple(_shown(facts, name) for name in rule.because),
            )
        )
    return Pathway(
        as_of=as_of,
        jurisdiction=report.jurisdiction,
        ruleset=report.ruleset,
        ruleset_version=report.ruleset_version,
        library_version=report.library_version,
        steps=tuple(steps),
    )
