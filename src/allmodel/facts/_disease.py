"""Facts about the disease: lineage, Philadelphia status, the BCR-ABL1 kinase domain, CD19
and CD22, the CNS, and extramedullary disease.

They are read from the disease section of the record. Disease characteristics can change
at relapse and under therapy, so each dated result counts only when taken after the latest
event that could change it: a CSF result after the latest relapse (a lumbar puncture at
every relapse) and the start of the latest line of any kind or transplant (intrathecal or
CNS-directed therapy clears the CSF, and a CNS-directed line is no regimen: clinical
audits of rulesets 3.1.0 and 3.2.0); a kinase-domain analysis after the
latest relapse and the latest TKI failure (mutation analysis at every relapse); a CD19 or
CD22 result after the latest relapse and the end of the latest therapy directed at that
antigen (antigen loss under blinatumomab and inotuzumab, review refs 7-13). A CSF result
of CNS2 without its subcategory, or a traumatic tap with blasts, leaves CNS involvement
unknown (decision-8). Several results of the latest day are read together, never the one
listed last: a call or a CSF status on which they differ is unknown.
"""

from __future__ import annotations

from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity
from allmodel.model._course import RelapseSite
from allmodel.model._dated import disagree, latest_day
from allmodel.model._disease import CnsStatus, Lineage, Marker, MarkerResult, PhStatus

__all__ = ["DISEASE"]

_KINASE = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_TKI_FAILURE))
_CD19 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD19_THERAPY))
_CD22 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD22_THERAPY))
_CSF = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_LINE))

#: CSF results showing blasts without blood contamination: CNS2a and CNS3 (decision-8).
_INVOLVED = frozenset(
    status for status in CnsStatus if status.category == 3 or status is CnsStatus.CNS2A
)
_CNS1 = CnsStatus.CNS1
_ISOLATED_CNS = RelapseSite.ISOLATED_CNS
#: Each surface marker read, with the names of its two facts.
_MARKERS = (
    (Marker.CD19, "cd19_positive", "cd19_percent"),
    (Marker.CD22, "cd22_positive", "cd22_percent"),
)


def _involved(status: CnsStatus) -> bool | None:
    """Whether a CSF status shows CNS involvement (``None``: unknown, decision-8)."""
    if status in _INVOLVED:
        return True
    if status is _CNS1:
        return False
    return None  # CNS2 without subcategory, or a traumatic tap: unknown (decision-8)


def _cns(r: Record) -> None:
    day = latest_day(r.patient.disease.cns, r.as_of)
    if day and not r.all_current(("cns_status", "cns_involved"), day[0].date):
        day = ()  # a CSF result from before the latest relapse: repeat the lumbar puncture
    values = r.values
    latest = r.latest_relapse
    if day:
        when = day[0].date
        r.observed["cns_status"] = r.observed["cns_involved"] = when
        if len(day) == 1:
            values["cns_status"] = status = day[0].status
            values["cns_involved"] = _involved(status)
            return
        statuses = {cns.status for cns in day}
        involved = {_involved(status) for status in statuses}
        if len(statuses) == 1:
            values["cns_status"] = day[0].status
        else:  # two results of one day that differ: the order of the list never chooses
            values["cns_status"] = None
            r.remarks["cns_status"] = disagree(when)
        if len(involved) == 1:
            values["cns_involved"] = involved.pop()
        else:
            values["cns_involved"] = None
            r.remarks["cns_involved"] = disagree(when)
        return
    values["cns_status"] = None
    if (
        r.in_relapse
        and latest is not None
        and (latest.site is _ISOLATED_CNS or "cns" in latest.extramedullary_sites)
    ):
        values["cns_involved"] = True
        r.remarks.pop("cns_involved", None)
        r.observed.pop("cns_involved", None)
    else:
        values["cns_involved"] = None


def _markers(r: Record) -> None:
    values = r.values
    as_of = r.as_of
    latest: dict[Marker, list[MarkerResult]] = {}
    for found in r.patient.disease.markers:
        when = found.date
        if when <= as_of:
            day = latest.get(found.marker)
            if day is None or when > day[0].date:
                latest[found.marker] = [found]
            elif when == day[0].date:
                day.append(found)
    for marker, positive, percent in _MARKERS:
        results = latest.get(marker)
        # blasts can lose the antigen at relapse or under therapy directed at it (review
        # refs 7-13): a result from before either no longer tells the current state
        if results is not None and not r.all_current((positive, percent), results[0].date):
            results = None
        if results is None:
            values[positive] = values[percent] = None
            continue
        when = results[0].date
        r.observed[positive] = r.observed[percent] = when
        if len(results) == 1:
            values[positive] = results[0].call  # the share decides it when no call is recorded
            values[percent] = results[0].percent_positive
            continue
        # several results of one day: each fact is what those that give it agree on, and
        # unknown when they differ (the order of the list never chooses)
        for name, given in (
            (positive, {m.call for m in results if m.call is not None}),
            (percent, {m.percent_positive for m in results if m.percent_positive is not None}),
        ):
            if len(given) > 1:
                values[name] = None
                r.remarks[name] = disagree(when)
            else:
                values[name] = given.pop() if given else None


def _derive_disease(r: Record) -> None:
    disease, values = r.patient.disease, r.values
    values["lineage"] = disease.lineage
    values["ph_status"] = disease.philadelphia
    kinase = disease.kinase_domain
    if kinase is not None and (
        kinase.date > r.as_of or not r.all_current(("kinase_domain_tested", "t315i"), kinase.date)
    ):
        kinase = None
    values["kinase_domain_tested"] = True if kinase is not None else None
    values["t315i"] = kinase.has_t315i if kinase is not None else None
    if kinase is not None:
        r.observed["kinase_domain_tested"] = r.observed["t315i"] = kinase.date
    sites = disease.extramedullary_sites
    values["extramedullary_disease"] = None if sites is None else bool(sites)
    # the CSF result is checked before the CD19 and CD22 results (the order of remarks)
    _cns(r)
    _markers(r)


#: The disease.
DISEASE = FactGroup(
    derive=_derive_disease,
    facts=(
        FactSpec(
            name="lineage",
            type=FactType.CATEGORY,
            description="Lineage of the blasts.",
            sources=("disease.lineage",),
            categories=tuple(Lineage),
        ),
        FactSpec(
            name="ph_status",
            type=FactType.CATEGORY,
            description="Philadelphia chromosome / BCR-ABL1 status.",
            sources=("disease.philadelphia",),
            categories=tuple(PhStatus),
        ),
        FactSpec(
            name="kinase_domain_tested",
            type=FactType.BOOLEAN,
            description="True when a current BCR-ABL1 kinase-domain mutation analysis is"
            " recorded; unknown when none is (an analysis may have been done elsewhere, or"
            " must be repeated).",
            sources=("disease.kinase_domain",),
            validity=_KINASE,
        ),
        FactSpec(
            name="t315i",
            type=FactType.BOOLEAN,
            description="Whether the current kinase-domain analysis found BCR-ABL1 T315I.",
            sources=("disease.kinase_domain",),
            validity=_KINASE,
        ),
        FactSpec(
            name="cd19_positive",
            type=FactType.BOOLEAN,
            description="The laboratory's call on CD19 in the latest current CD19 result;"
            " without a call, positive above 50 % of blasts and negative at 0 % (the"
            " other call is refused there), else unknown.",
            sources=("disease.markers[CD19].positive",),
            validity=_CD19,
        ),
        FactSpec(
            name="cd19_percent",
            type=FactType.NUMBER,
            description="Percent of blasts expressing CD19 in the latest current CD19 result.",
            sources=("disease.markers[CD19].percent_positive",),
            unit="%",
            validity=_CD19,
        ),
        FactSpec(
            name="cd22_positive",
            type=FactType.BOOLEAN,
            description="The laboratory's call on CD22 in the latest current CD22 result;"
            " without a call, positive above 50 % of blasts and negative at 0 % (the"
            " other call is refused there), else unknown.",
            sources=("disease.markers[CD22].positive",),
            validity=_CD22,
        ),
        FactSpec(
            name="cd22_percent",
            type=FactType.NUMBER,
            description="Percent of blasts expressing CD22 in the latest current CD22 result.",
            sources=("disease.markers[CD22].percent_positive",),
            unit="%",
            validity=_CD22,
        ),
        FactSpec(
            name="cns_status",
            type=FactType.CATEGORY,
            description="Latest current CSF status.",
            sources=("disease.cns",),
            categories=tuple(CnsStatus),
            validity=_CSF,
        ),
        FactSpec(
            name="cns_involved",
            type=FactType.BOOLEAN,
            description="Blasts in CSF without blood contamination (CNS2a or CNS3) in the"
            " latest current CSF result, or an isolated CNS relapse without a CSF result"
            " since; a traumatic tap with blasts is unknown.",
            sources=("disease.cns", "course.relapses"),
            validity=_CSF,
        ),
        FactSpec(
            name="extramedullary_disease",
            type=FactType.BOOLEAN,
            description="Whether extramedullary disease is present, as the disease section"
            " records it (undated; not read by criteria).",
            sources=("disease.extramedullary_sites",),
        ),
    ),
)
