"""The block vocabulary: the builders every option of the catalogue is written with.

One convention holds for every builder:

* a builder fixes what is tested (the fact, the comparison, the values) and returns a
  fresh node, so an option can use the same block twice under different ids;
* citations are the trailing positional arguments (``*citations``): each a source id
  (``review-ref-7``, ``label-eu-blincyto``, ``decision-4``) or a tuple of ids such as
  :func:`refs` gives, flattened in order by :func:`cite` (an id given twice is kept once);
* a leaf's ``id`` is keyword-only: a clinical block (:func:`b_precursor`, :func:`adult`)
  defaults it to its own name and also takes a keyword-only ``text`` with a default; a
  generic builder (:func:`flag`, :func:`threshold`, :func:`one_of`) takes its text
  positionally, before the citations, and defaults the id to the fact's name;
* a composite block (:func:`refractory`, :func:`second_or_later_relapse`,
  :func:`systemic_disease`, :func:`imatinib_failed`) takes a keyword-only ``prefix``
  put before its own id and every part's id;
* category values are the model's enum members, and a value set used in several places
  is named once here (:data:`RELAPSE_PHASES`, :data:`US`, :data:`EU`);
* options are built with :func:`therapy` and :func:`trial` (keyword arguments only).

The modules: :mod:`._citations` (source ids and the helpers that combine them),
:mod:`._generic` (any fact, and the jurisdiction), :mod:`._disease` (lineage, Ph,
antigens, phase, remission), :mod:`._patient` (age, judgements, TKI history),
:mod:`._options` (the option builders).
"""

from allmodel.catalogue._blocks._citations import (
    CD19_ESCAPE,
    MARROW_DISEASE_TRIALS,
    REVIEW,
    REVIEW_ALKYLATING_AGENTS,
    REVIEW_AUTOLOGOUS_HCT,
    REVIEW_BLINATUMOMAB,
    REVIEW_CAR_T,
    REVIEW_CLINICAL_TRIALS,
    REVIEW_CNS,
    REVIEW_CYTARABINE,
    REVIEW_DEFINITIONS,
    REVIEW_EVALUATION,
    REVIEW_LIPOSOMAL_VINCRISTINE,
    REVIEW_MULTIPLY_RELAPSED,
    REVIEW_PH_POSITIVE,
    REVIEW_PRETREATMENT,
    REVIEW_REMISSION_INDUCTION,
    REVIEW_SELECTION,
    REVIEW_SUMMARY,
    REVIEW_T_CELL_ALL,
    REVIEW_TRANSPLANTATION,
    Cites,
    cite,
    decision,
    refs,
)
from allmodel.catalogue._blocks._disease import (
    RELAPSE_PHASES,
    b_precursor,
    cd19_positive,
    cd22_positive,
    in_complete_remission,
    in_relapse,
    in_remission,
    mrd_positive_in_remission,
    ph_negative,
    ph_positive,
    refractory,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    relapsed_or_refractory_after_every_line,
    relapsed_or_refractory_since_regimens,
    second_or_later_relapse,
    systemic_disease,
    t_lineage,
)
from allmodel.catalogue._blocks._generic import (
    EU,
    US,
    absent,
    count_at_least,
    flag,
    in_jurisdiction,
    not_,
    one_of,
    threshold,
)
from allmodel.catalogue._blocks._options import therapy, trial
from allmodel.catalogue._blocks._patient import (
    adequate_organ_function,
    adult,
    age_at_least,
    age_at_most,
    certified_car_t_centre,
    fit_for_intensive,
    fit_for_intensive_arm,
    imatinib_failed,
)

__all__ = [
    "CD19_ESCAPE",
    "EU",
    "MARROW_DISEASE_TRIALS",
    "RELAPSE_PHASES",
    "REVIEW",
    "REVIEW_ALKYLATING_AGENTS",
    "REVIEW_AUTOLOGOUS_HCT",
    "REVIEW_BLINATUMOMAB",
    "REVIEW_CAR_T",
    "REVIEW_CLINICAL_TRIALS",
    "REVIEW_CNS",
    "REVIEW_CYTARABINE",
    "REVIEW_DEFINITIONS",
    "REVIEW_EVALUATION",
    "REVIEW_LIPOSOMAL_VINCRISTINE",
    "REVIEW_MULTIPLY_RELAPSED",
    "REVIEW_PH_POSITIVE",
    "REVIEW_PRETREATMENT",
    "REVIEW_REMISSION_INDUCTION",
    "REVIEW_SELECTION",
    "REVIEW_SUMMARY",
    "REVIEW_TRANSPLANTATION",
    "REVIEW_T_CELL_ALL",
    "US",
    "Cites",
    "absent",
    "adequate_organ_function",
    "adult",
    "age_at_least",
    "age_at_most",
    "b_precursor",
    "cd19_positive",
    "cd22_positive",
    "certified_car_t_centre",
    "cite",
    "count_at_least",
    "decision",
    "fit_for_intensive",
    "fit_for_intensive_arm",
    "flag",
    "imatinib_failed",
    "in_complete_remission",
    "in_jurisdiction",
    "in_relapse",
    "in_remission",
    "mrd_positive_in_remission",
    "not_",
    "one_of",
    "ph_negative",
    "ph_positive",
    "refractory",
    "refs",
    "relapse_after_allogeneic_hct",
    "relapsed_or_refractory",
    "relapsed_or_refractory_after_every_line",
    "relapsed_or_refractory_since_regimens",
    "second_or_later_relapse",
    "systemic_disease",
    "t_lineage",
    "therapy",
    "threshold",
    "trial",
]
