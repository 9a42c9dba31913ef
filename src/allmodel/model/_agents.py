"""The closed vocabulary of anti-leukemic agents a treatment history may name.

A closed list is a safety measure: a misspelt agent (``blinatumomb``) is rejected when
a document is read instead of silently making "prior blinatumomab" false. Each agent
knows the classes that eligibility rules ask about: BCR-ABL1 tyrosine kinase inhibitors
and their generation (review, Ph-positive section and table 1; refs 53-55), anthracyclines
(cumulative cardiac exposure; ref 41 and the pretreatment evaluation), and CD19- or
CD22-directed immunotherapy (antigen escape after blinatumomab or inotuzumab; refs 7-13,
34-37), and cytotoxic chemotherapy (the nelarabine label counts prior chemotherapy
regimens, ref 52; hydroxyurea given only to lower the blast count is left out, so a
count of chemotherapy regimens never grows from cytoreduction alone).
"""

from __future__ import annotations

import enum

from allmodel._model import pickled_by_name

__all__ = ["Agent", "AgentClass"]


@pickled_by_name
class AgentClass(enum.StrEnum):
    """Classes of agents that criteria refer to."""

    TYROSINE_KINASE_INHIBITOR = "tyrosine_kinase_inhibitor"
    ANTHRACYCLINE = "anthracycline"
    CD19_DIRECTED = "cd19_directed"
    CD22_DIRECTED = "cd22_directed"
    CAR_T = "car_t"
    CYTARABINE = "cytarabine"
    CORTICOSTEROID = "corticosteroid"
    CYTOTOXIC = "cytotoxic"
    IMMUNOTHERAPY = "immunotherapy"
    RADIOTHERAPY = "radiotherapy"


@pickled_by_name
class Agent(enum.StrEnum):
    """An anti-leukemic agent (lower-case international nonproprietary name)."""

    # immunotherapy
    BLINATUMOMAB = "blinatumomab"
    INOTUZUMAB_OZOGAMICIN = "inotuzumab_ozogamicin"
    TISAGENLECLEUCEL = "tisagenlecleucel"
    BREXUCABTAGENE_AUTOLEUCEL = "brexucabtagene_autoleucel"
    CD19_CAR_T_INVESTIGATIONAL = "cd19_car_t_investigational"
    RITUXIMAB = "rituximab"
    # BCR-ABL1 tyrosine kinase inhibitors
    IMATINIB = "imatinib"
    DASATINIB = "dasatinib"
    NILOTINIB = "nilotinib"
    BOSUTINIB = "bosutinib"
    PONATINIB = "ponatinib"
    # cytotoxic chemotherapy
    CYTARABINE = "cytarabine"
    LIPOSOMAL_CYTARABINE = "liposomal_cytarabine"
    DAUNORUBICIN = "daunorubicin"
    DOXORUBICIN = "doxorubicin"
    IDARUBICIN = "idarubicin"
    MITOXANTRONE = "mitoxantrone"
    VINCRISTINE = "vincristine"
    LIPOSOMAL_VINCRISTINE = "liposomal_vincristine"
    CYCLOPHOSPHAMIDE = "cyclophosphamide"
    IFOSFAMIDE = "ifosfamide"
    ETOPOSIDE = "etoposide"
    METHOTREXATE = "methotrexate"
    ASPARAGINASE = "asparaginase"
    PEGASPARGASE = "pegaspargase"
    MERCAPTOPURINE = "mercaptopurine"
    THIOGUANINE = "thioguanine"
    CLOFARABINE = "clofarabine"
    NELARABINE = "nelarabine"
    FLUDARABINE = "fludarabine"
    HYDROXYUREA = "hydroxyurea"
    # corticosteroids
    PREDNISONE = "prednisone"
    PREDNISOLONE = "prednisolone"
    DEXAMETHASONE = "dexamethasone"
    METHYLPREDNISOLONE = "methylprednisolone"
    #: Not a drug: irradiation (cranial or other) given as part of a line.
    RADIOTHERAPY = "radiotherapy"

    @property
    def classes(self) -> frozenset[AgentClass]:
        """The classes this agent belongs to."""
        return _CLASSES.get(self, frozenset())

    @property
    def tki_generation(self) -> int | None:
        """1 for imatinib, 2 for dasatinib/nilotinib/bosutinib, 3 for ponatinib; else None."""
        return _TKI_GENERATION.get(self)


_C = AgentClass
_A = Agent
_TKI_GENERATION: dict[Agent, int] = {
    _A.IMATINIB: 1,
    _A.DASATINIB: 2,
    _A.NILOTINIB: 2,
    _A.BOSUTINIB: 2,
    _A.PONATINIB: 3,
}
_CLASSES: dict[Agent, frozenset[AgentClass]] = {
    _A.BLINATUMOMAB: frozenset({_C.CD19_DIRECTED, _C.IMMUNOTHERAPY}),
    _A.TISAGENLECLEUCEL: frozenset({_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
    _A.BREXUCABTAGENE_AUTOLEUCEL: frozenset({_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
    _A.CD19_CAR_T_INVESTIGATIONAL: frozenset({_C.CD19_DIRECTED, _C.CAR_T, _C.IMMUNOTHERAPY}),
    _A.INOTUZUMAB_OZOGAMICIN: frozenset({_C.CD22_DIRECTED, _C.IMMUNOTHERAPY}),
    _A.RITUXIMAB: frozenset({_C.IMMUNOTHERAPY}),
    _A.RADIOTHERAPY: frozenset({_C.RADIOTHERAPY}),
    **{agent: frozenset({_C.TYROSINE_KINASE_INHIBITOR}) for agent in _TKI_GENERATION},
    _A.DAUNORUBICIN: frozenset({_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
    _A.DOXORUBICIN: frozenset({_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
    _A.IDARUBICIN: frozenset({_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
    _A.MITOXANTRONE: frozenset({_C.ANTHRACYCLINE, _C.CYTOTOXIC}),
    _A.CYTARABINE: frozenset({_C.CYTARABINE, _C.CYTOTOXIC}),
    _A.LIPOSOMAL_CYTARABINE: frozenset({_C.CYTARABINE, _C.CYTOTOXIC}),
    **{
        agent: frozenset({_C.CYTOTOXIC})
        for agent in (
            _A.VINCRISTINE,
            _A.LIPOSOMAL_VINCRISTINE,
            _A.CYCLOPHOSPHAMIDE,
            _A.IFOSFAMIDE,
            _A.ETOPOSIDE,
            _A.METHOTREXATE,
            _A.ASPARAGINASE,
            _A.PEGASPARGASE,
            _A.MERCAPTOPURINE,
            _A.THIOGUANINE,
            _A.CLOFARABINE,
            _A.NELARABINE,
            _A.FLUDARABINE,
        )
    },
    _A.PREDNISONE: frozenset({_C.CORTICOSTEROID}),
    _A.PREDNISOLONE: frozenset({_C.CORTICOSTEROID}),
    _A.DEXAMETHASONE: frozenset({_C.CORTICOSTEROID}),
    _A.METHYLPREDNISOLONE: frozenset({_C.CORTICOSTEROID}),
}
del _C, _A
