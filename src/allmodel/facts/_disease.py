"""Facts about the disease: lineage, Philadelphia status, the BCR-ABL1 kinase domain, CD19
and CD22, the CNS, and extramedullary disease.

They are read from the disease section of the record. Disease characteristics can change
at relapse and under therapy, so each dated result counts only when taken after the latest
event that could change it: a CSF result after the latest relapse (a lumbar puncture at
every relapse) and the start of the latest regimen (intrathecal or CNS-directed therapy
clears the CSF; clinical audit of ruleset 3.1.0); a kinase-domain analysis after the
latest relapse and the latest TKI failure (mutation analysis at every relapse); a CD19 or
CD22 result after the latest relapse and the end of the latest therapy directed at that
antigen (antigen loss under blinatumomab and inotuzumab, review refs 7-13). A CSF result
of CNS2 without its subcategory, or a traumatic tap with blasts, leaves CNS involvement
unknown (decision-8).
"""

from __future__ import annotations

from allmodel.facts._group import FactGroup
from allmodel.facts._record import Record
from allmodel.facts._spec import FactSpec, FactType
from allmodel.facts._validity import Since, Validity
from allmodel.model._course import RelapseSite
from allmodel.model._disease import CnsStatus, Lineage, Marker, MarkerResult, PhStatus

__all__ = ["DISEASE"]

_KINASE = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_TKI_FAILURE))
_CD19 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD19_THERAPY))
_CD22 = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_CD22_THERAPY))
_CSF = Validity(since=(Since.LATEST_RELAPSE, Since.LATEST_REGIMEN))

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


def _cns(r: Record) -> None:
    cns = r.patient.disease.latest_cns(as_of=r.as_of)
    if cns is not None and not r.all_current(("cns_status", "cns_involved"), cns.date):
        cns = None  # a CSF result from before the latest relapse: repeat the lumbar puncture
    values = r.values
    values["cns_status"] = cns.status if cns is not None else None
    latest = r.latest_relapse
    if cns is not None:
        r.observed["cns_status"] = r.observed["cns_involved"] = cns.date
        status = cns.status
        if status in _INVOLVED:
            values["cns_involved"] = True
        elif status is _CNS1:
            values["cns_involved"] = False
        else:  # CNS2 without subcategory, or a traumatic tap: unknown (decision-8)
            values["cns_involved"] = None
    elif (
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
    latest: dict[Marker, MarkerResult] = {}
    for found in r.patient.disease.markers:
        if found.date <= r.as_of:
            current = latest.get(found.marker)
            if current is None or found.date >= current.date:
                latest[found.marker] = found
    for marker, positive, percent in _MARKERS:
        result = latest.get(marker)
        # blasts can lose the antigen at relapse or under therapy directed at it (review
        # refs 7-13): a result from before either no longer tells the current state
        if result is not None and not r.all_current((positive, percent), result.date):
            result = None
        if result is None:
            values[positive] = values[percent] = None
        else:
            values[positive] = result.call  # the share decides it when no call is recorded
            values[percent] = result.percent_positive
            r.observed[positive] = r.observed[percent] = result.date


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
