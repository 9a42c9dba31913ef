"""The entry point: :func:`pathway` builds the steps for one patient."""

from __future__ import annotations

from datetime import date

from allmodel.criteria import Jurisdiction, JurisdictionCode
from allmodel.errors import RuleError
from allmodel.facts import Facts, derive_facts
from allmodel.model._patient import Patient
from allmodel.pathway._model import Pathway, PathwayStep, StepRole
from allmodel.pathway._rules import RULES, SITUATION_FACTS, shown, situation
from allmodel.report import OptionResult, Report, Status
from allmodel.screening import screen

__all__ = ["pathway"]

# --- the entry point -----------------------------------------------------------------------


#: Every fact the rules read: the situation's and each step's ``because``.
_READS: frozenset[str] = frozenset(SITUATION_FACTS).union(*(rule.because for rule in RULES))


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
    validity = report.results[0].facts.validity if report.results else None
    if validity is None:
        return derive_facts(patient, as_of=as_of)
    return derive_facts(patient, as_of=as_of, validity=validity)


#: Steps that propose options: one the screening finds not eligible must say why.
_PROPOSING = frozenset(
    {
        StepRole.PREFERRED,
        StepRole.ACCEPTABLE_ALTERNATIVE,
        StepRole.CONSOLIDATION,
        StepRole.CNS_DIRECTED,
        StepRole.CLINICAL_TRIAL,
    }
)


def _with_screening(text: str, role: StepRole, results: list[OptionResult]) -> str:
    """The step's text, plus the reason for each option it proposes that screening finds
    not eligible (the pathway never calls preferred what screening rules out, silently)."""
    if role not in _PROPOSING:
        return text
    notes = [
        f" Screening: {result.id} is not eligible ({result.failed[0].text})."
        for result in results
        if result.status is Status.NOT_ELIGIBLE and result.failed
    ]
    return text + "".join(notes)


def pathway(
    patient: Patient,
    *,
    as_of: date,
    report: Report | None = None,
    jurisdiction: Jurisdiction | JurisdictionCode = Jurisdiction.US,
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
    where = Jurisdiction.of(jurisdiction)
    if report is None:
        report = screen(patient, as_of=as_of, jurisdiction=where)
    elif report.as_of != as_of:
        raise RuleError(f"the report is as of {report.as_of.isoformat()}, not {as_of.isoformat()}")
    elif report.jurisdiction is not where:
        raise RuleError(f"the report follows {report.jurisdiction.value} labels, not {where.value}")
    facts = _facts(patient, as_of, report)
    current = situation(facts)
    statuses = {result.id: result.status for result in report.results}
    results = {result.id: result for result in report.results}
    steps: list[PathwayStep] = []
    for rule in RULES:
        if not rule.when(current):
            continue
        ids = rule.ids if isinstance(rule.ids, tuple) else rule.ids(current)
        if not ids and rule.role is not StepRole.EVALUATION:
            continue
        steps.append(
            PathwayStep(
                order=len(steps) + 1,
                role=rule.role,
                option_ids=ids,
                statuses=tuple(statuses.get(option_id) for option_id in ids),
                grade=rule.grade,
                text=_with_screening(
                    rule.text if isinstance(rule.text, str) else rule.text(current),
                    rule.role,
                    [results[i] for i in ids if i in results],
                ),
                citations=rule.citations,
                because=tuple(shown(facts, name) for name in rule.because),
            )
        )
    return Pathway(
        as_of=as_of,
        jurisdiction=report.jurisdiction,
        ruleset=report.ruleset,
        ruleset_version=report.ruleset_version,
        ruleset_hash=report.ruleset_hash,
        library_version=report.library_version,
        steps=tuple(steps),
    )
