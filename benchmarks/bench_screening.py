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
from datetime import date, timedelta

from allmodel import Patient, Status, screen
from allmodel.clinical import DiseasePhase, course_view, disease_phase
from allmodel.facts import derive_facts
from allmodel.model import (
    AgentClass,
    Analyte,
    BestResponse,
    Condition,
    Lineage,
    Marker,
    RelapseSite,
    latest_lab,
)
from allmodel.synthetic import synthetic_cohort

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


def _latest_relapse(patient: Patient) -> date | None:
    dates = [relapse.date for relapse in patient.course.relapses if relapse.date <= AS_OF]
    return max(dates) if dates else None


def _marker_positive(patient: Patient, marker: Marker, directed: AgentClass) -> bool | None:
    """The current result's call: dated on or after the latest relapse and the end of the
    latest therapy directed at the antigen (ongoing or end unknown: as_of)."""
    result = patient.disease.latest_marker(marker, as_of=AS_OF)
    if result is None:
        return None
    relapse = _latest_relapse(patient)
    if relapse is not None and result.date < relapse:
        return None
    for line in patient.course.treatment_lines:
        if line.start > AS_OF or not any(directed in agent.classes for agent in line.agents):
            continue
        ended = AS_OF if line.end is None or line.ongoing else line.end
        if result.date < ended:
            return None  # the result predates the end of therapy directed at the antigen
    return result.call  # the laboratory's call, or the one its share leaves possible


def _age(patient: Patient) -> int | None:
    return patient.age(as_of=AS_OF)


def _systemic(patient: Patient, phase: DiseasePhase | None) -> int:
    """Not an isolated extramedullary relapse."""
    if phase is None:
        return _U
    if phase not in _RELAPSE:
        return _T
    latest = max(
        (relapse for relapse in patient.course.relapses if relapse.date <= AS_OF),
        key=lambda relapse: relapse.date,
    )
    if latest.site is None:
        return _U
    if latest.site is RelapseSite.MARROW or _marrow_blasts_since(patient, latest.date):
        return _T  # blasts in a marrow since the relapse: not isolated
    return _F


def _marrow_blasts_since(patient: Patient, since: date) -> bool:
    """A marrow result from ``since`` to as_of with blasts above 5 % (its whole interval)."""
    for lab in patient.labs:
        if lab.analyte is Analyte.MARROW_BLASTS and since <= lab.date <= AS_OF:
            low, _ = lab.bounds(lab.canonical_value)
            if low > 5.0:
                return True
    return False


def _times_uln_at_most(patient: Patient, analyte: Analyte, cut: float) -> int:
    """The latest result within 14 days, as a multiple of its ULN, at most ``cut``."""
    lab = latest_lab(patient.labs, analyte, as_of=AS_OF)
    if lab is None or lab.date < AS_OF - timedelta(days=14):
        return _U
    multiple = lab.times_upper_limit
    if multiple is None:
        return _U
    low, high = lab.bounds(multiple)
    return _T if high <= cut else (_F if low > cut else _U)


def _no_sos(patient: Patient) -> int:
    """No sinusoidal obstruction: present stays; absent counts after the latest regimen."""
    records = [
        record
        for record in patient.conditions
        if record.condition is Condition.SINUSOIDAL_OBSTRUCTION_SYNDROME
    ]
    if any(record.present for record in records):
        return _F
    view = course_view(patient, as_of=AS_OF)
    starts = [regimen[0].start for regimen in view.regimens]
    starts += [transplant.date for transplant in view.transplants]
    since = max(starts) if starts else None
    dated = [record for record in records if record.date is not None]
    if not dated or len(dated) != len(records):
        return _U
    latest = max(dated, key=lambda record: record.date or AS_OF)
    assert latest.date is not None
    return _T if since is None or latest.date >= since else _U


def hand_written(patient: Patient) -> tuple[Status, Status, Status]:
    """Blinatumomab, inotuzumab and tisagenlecleucel under US labels, by hand."""
    phase = disease_phase(patient, as_of=AS_OF)
    lineage = patient.disease.lineage
    b_cell = _U if lineage is None else (_T if lineage is Lineage.B_PRECURSOR else _F)
    in_relapse = phase in _RELAPSE
    refractory_phase = phase is DiseasePhase.PRIMARY_REFRACTORY
    r_or_r = _U if phase is None else (_T if in_relapse or refractory_phase else _F)
    age = _age(patient)
    systemic = _systemic(patient, phase)
    cd19 = _truth(_marker_positive(patient, Marker.CD19, AgentClass.CD19_DIRECTED))

    blinatumomab = min(b_cell, r_or_r, systemic, cd19)
    adult = _U if age is None else (_T if age >= 18 else _F)
    inotuzumab = min(
        b_cell,
        r_or_r,
        systemic,
        _truth(_marker_positive(patient, Marker.CD22, AgentClass.CD22_DIRECTED)),
        adult,
        _times_uln_at_most(patient, Analyte.BILIRUBIN, 1.5),
        _times_uln_at_most(patient, Analyte.AST, 2.5),
        _times_uln_at_most(patient, Analyte.ALT, 2.5),
        _no_sos(patient),
    )

    young = _U if age is None else (_T if age <= 25 else _F)
    primary = _U if phase is None else (_T if refractory_phase else _F)
    complete = patient.course.history_complete is True
    relapses = [r for r in patient.course.relapses if r.date <= AS_OF]
    view = course_view(patient, as_of=AS_OF)
    if phase is None:
        refractory = _U
    elif in_relapse:
        latest = max(r.date for r in relapses)
        after = [line for line in view.anti_leukemic if line.start >= latest]
        if after:
            failed = any(
                line.best_response is not None and line.best_response.is_failure for line in after
            )
            refractory = _T if failed else _U
        else:
            refractory = _F if complete else _U
    elif refractory_phase:
        later = [line for regimen in view.regimens[1:] for line in regimen]
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
    centre = _truth(patient.certified_car_t_centre)
    tisagenlecleucel = min(
        b_cell, young, systemic, cd19, centre, max(primary, refractory, multiply)
    )
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
    facts = _rate(lambda: [derive_facts(p, as_of=AS_OF) for p in cohort], n, args.repeat)
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
