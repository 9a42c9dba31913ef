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

from allmodel.pathway._build import pathway
from allmodel.pathway._model import (
    PATHWAY_FORMAT,
    REVIEW_GRADES,
    Pathway,
    PathwayStep,
    StepRole,
)

__all__ = ["PATHWAY_FORMAT", "REVIEW_GRADES", "Pathway", "PathwayStep", "StepRole", "pathway"]
