"""Screening throughput on a synthetic cohort, and the engine against hand-written Python.

Run: ``.venv/bin/python benchmarks/bench_screening.py [--patients 10000] [--repeat 3]``

Reports, on one core, in one run:

1. ``screen()`` of every patient against every option of the default ruleset (statuses
   only; explanations are computed on request), patients per second;
2. the same with every result's explanation read (failed and unknown criteria, missing
   fields), i.e. with evidence on request;
3. ``derive_facts`` alone (every fact);
4. the engine restricted to blinatumomab, inotuzumab ozogamicin and tisagenlecleucel
   beside a plain-Python, hand-written evaluation of the same three decisions (US labels,
   three-valued). The two must agree on every patient; the benchmark checks this.

Targets (issue 4): at least 5,000 patients per second for all options; the three-option
engine within 3x of the hand-written version.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date

from allmodel import Patient, Status, screen
from allmodel.agents import AgentClass
from allmodel.course import BestResponse, Intent
from allmodel.disease import Lineage, Marker
from allmodel.facts import derive_facts
from allmodel.synthetic import synthetic_cohort
from allmodel.timeline import DiseasePhase, disease_phase

AS_OF = date(2022, 12, 31)
THREE = ("blinatumomab", "inotuzumab_ozogamicin", "tisagenlecleucel")
_RELAPSE = {
    DiseasePhase.FIRST_RELAPSE,
    DiseasePhase.SECOND_OR_LATER_RELAPSE,
    DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,
}
_F, _U, _T = 0, 1, 2
_STATUS = (Status.NOT_ELIGIBLE, Status.UNKNOWN, Status.ELIGIBLE)


# --- the hand-written version ---------------------------------------------------------


def _truth(value: bool | None) -> int:
    return _U if value is None else (_T if value else _F)


def _marker_positive(patient: Patient, marker: Marker, directed: AgentClass) -> bool | None:
    result = patient.disease.latest_marker(marker, AS_OF)
    if result is None:
        return None
    for line in patient.course.treatment_lines:
        targets = any(directed in agent.classes for agent in line.agents)
        if targets and result.date < line.start <= AS_OF:
            return None  # the result predates therapy directed at the antigen
    return result.positive


def _age(patient: Patient) -> int | None:
    return patient.age(AS_OF)


def hand_written(patient: Patient) -> tuple[Status, Status, Status]:
    """Blinatumomab, inotuzumab and tisagenlecleucel under US labels, by hand."""
    phase = disease_phase(patient, AS_OF)
    lineage = patient.disease.lineage
    b_cell = _U if lineage is None else (_T if lineage is Lineage.B_PRECURSOR else _F)
    in_relapse = phase in _RELAPSE
    refractory_phase = phase is DiseasePhase.PRIMARY_REFRACTORY
    r_or_r = _U if phase is None else (_T if in_relapse or refractory_phase else _F)
    age = _age(patient)

    blinatumomab = min(
        b_cell, r_or_r, _truth(_marker_positive(patient, Marker.CD19, AgentClass.CD19_DIRECTED))
    )
    adult = _U if age is None else (_T if age >= 18 else _F)
    inotuzumab = min(
        b_cell,
        r_or_r,
        _truth(_marker_positive(patient, Marker.CD22, AgentClass.CD22_DIRECTED)),
        adult,
    )

    young = _U if age is None else (_T if age <= 25 else _F)
    primary = _U if phase is None else (_T if refractory_phase else _F)
    complete = patient.course.history_complete is True
    relapses = [r for r in patient.course.relapses if r.date <= AS_OF]
    lines = sorted(
        (line for line in patient.course.treatment_lines if line.start <= AS_OF),
        key=lambda line: line.start,
    )
    systemic = [
        line for line in lines if line.intent not in (Intent.CNS_DIRECTED, Intent.PALLIATIVE)
    ]
    if phase is None:
        refractory = _U
    elif in_relapse:
        latest = max(r.date for r in relapses)
        after = [line for line in systemic if line.start >= latest]
        if after:
            failed = any(
                line.best_response is not None and line.best_response.is_failure for line in after
            )
            refractory = _T if failed else _U
        else:
            refractory = _F if complete else _U
    elif refractory_phase:
        later = systemic[1:]
        if later:
            failed = any(
                line.best_response is not None
                and line.best_response is not BestResponse.NOT_EVALUABLE
                and line.best_response.is_failure
                for line in later
            )
            refractory = _T if failed else _U
        else:
            refractory = _F if complete else _U
    else:
        refractory = _F
    multiply = _U if phase is None else (_T if in_relapse and len(relapses) >= 2 else _F)
    tisagenlecleucel = min(b_cell, young, max(primary, refractory, multiply))
    return _STATUS[blinatumomab], _STATUS[inotuzumab], _STATUS[tisagenlecleucel]


def engine_three(patient: Patient) -> tuple[Status, Status, Status]:
    """The same three decisions through screen()."""
    report = screen(patient, as_of=AS_OF, options=THREE)
    first, second, third = report.results
    return first.status, second.status, third.status


# --- timing ---------------------------------------------------------------------------


def _rate(work: Callable[[], object], count: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def _paired(
    first: Callable[[], object], second: Callable[[], object], count: int, repeat: int
) -> tuple[float, float]:
    """Rates of two workloads timed alternately, so machine noise hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for work, found in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            work()
            found.append(time.perf_counter() - start)
    return count / statistics.median(times[0]), count / statistics.median(times[1])


def _explain_all(cohort: Sequence[Patient]) -> None:
    for patient in cohort:
        for result in screen(patient, as_of=AS_OF):
            _ = (result.failed, result.unknown, result.missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cohort = synthetic_cohort(args.patients, as_of=AS_OF)
    n = len(cohort)
    mismatches = sum(hand_written(p) != engine_three(p) for p in cohort)
    if mismatches:
        raise SystemExit(f"hand-written and engine disagree on {mismatches} patients")
    options = len(screen(cohort[0], as_of=AS_OF).results)
    all_options = _rate(lambda: [screen(p, as_of=AS_OF) for p in cohort], n, args.repeat)
    evidence = _rate(lambda: _explain_all(cohort), n, 1)
    facts = _rate(lambda: [derive_facts(p, AS_OF) for p in cohort], n, args.repeat)
    engine, manual = _paired(
        lambda: [engine_three(p) for p in cohort],
        lambda: [hand_written(p) for p in cohort],
        n,
        args.repeat,
    )
    print(f"synthetic cohort: {n} patients, as of {AS_OF}, median of {args.repeat} runs, one core")
    print(
        f"  screen(), all {options} options (status only)        {all_options:>10,.0f} patients/s"
    )
    print(f"  screen(), all options, every explanation read     {evidence:>10,.0f} patients/s")
    print(f"  derive_facts() alone (every fact)                 {facts:>10,.0f} patients/s")
    print(f"  engine, 3 options (blinatumomab, inotuzumab, tisa) {engine:>10,.0f} patients/s")
    print(f"  hand-written Python, same 3 decisions             {manual:>10,.0f} patients/s")
    ratio = manual / engine
    print(f"  engine / hand-written time ratio: {ratio:.2f}x (target <= 3x); 0 disagreements")
    print("targets: >= 5,000 patients/s for all options")


if __name__ == "__main__":
    main()
